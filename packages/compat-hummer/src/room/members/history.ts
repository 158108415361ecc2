import { ClientCode, isParleyError, type Message, type MessageRef, RoomChannel, type RoomHandle } from '@parley/core';
import { MsgType } from '../../constants.js';
import type { Result } from '../../core.js';
import { Code, paramError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { contentOf, kvExtraOf, legacyExtraOf } from './convert.js';
import { joinedHandle } from './joined.js';
import { paramsOf } from './params.js';

/** A history item (hummer.md §4.3 `Message`). */
export interface HistoryMessage {
  msgType: number;
  content: string;
  uuid: string;
  timestamp: number;
  uid: string;
  extra: string;
  kvExtra: Record<string, string>;
}

/** The page size when the app gives no `limit` (the server's own default). */
const DEFAULT_LIMIT = 20;

/** An unknown anchor `uuid` (without a timestamp to fall back on) is a missing resource. */
const CODES = { [ClientCode.MESSAGE_NOT_FOUND]: Code.ResourceNotFound };

/** The anchor of either request form: `anchor: {uuid, timestamp} | null`, or the demo's flat `anchorUuid`/`anchorTimestamp`. */
function anchorOf(p: Record<string, unknown>): { uuid: string; time: number } {
  const nested = p.anchor;
  if (nested !== undefined && nested !== null && (typeof nested !== 'object' || Array.isArray(nested))) throw paramError('anchor must be {uuid, timestamp} or null');
  const a = (nested ?? {}) as Record<string, unknown>;
  const uuid = a.uuid ?? p.anchorUuid;
  const timestamp = a.timestamp ?? p.anchorTimestamp;
  if (uuid !== undefined && uuid !== null && typeof uuid !== 'string') throw paramError('anchor.uuid must be a string');
  const time = timestamp === undefined || timestamp === null || timestamp === '' ? 0 : Number(timestamp);
  if (!Number.isFinite(time) || time < 0) throw paramError('anchor.timestamp must be a number');
  return { uuid: uuid ?? '', time };
}

/**
 * One page from `anchor`: by its uuid, or by its timestamp when the uuid is gone (retention) or
 * has none; no anchor at all starts at an end.
 */
async function pageFrom(handle: RoomHandle, anchor: { uuid: string; time: number }, direction: 'older' | 'newer', limit: number): Promise<{ messages: Message[]; hasMore: boolean }> {
  const byTime: MessageRef | undefined = anchor.time > 0 ? { time: anchor.time } : undefined;
  if (anchor.uuid) {
    try {
      return await handle.history({ anchor: { serverMsgId: anchor.uuid }, direction, limit });
    } catch (error) {
      if (!byTime || !isParleyError(error) || error.code !== ClientCode.MESSAGE_NOT_FOUND) throw error;
    }
  }
  return handle.history({ ...(byTime ? { anchor: byTime } : {}), direction, limit });
}

/** `limit` clamped to 1..100 (hummer.md §4.5). */
function limitOf(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_LIMIT;
  const n = Math.floor(Number(value));
  if (Number.isNaN(n)) throw paramError('limit must be a number');
  return Math.min(100, Math.max(1, n));
}

/** A kept room message as a history item. */
export function historyMessage(message: Message): HistoryMessage {
  const textChat = message.roomChannel === RoomChannel.TEXT_CHAT;
  return {
    msgType: MsgType.TEXT,
    content: contentOf(message),
    uuid: message.serverMsgId,
    timestamp: message.time,
    uid: message.senderId,
    extra: textChat ? legacyExtraOf(message) : '',
    kvExtra: kvExtraOf(message, textChat),
  };
}

/**
 * `chatroom.fetchHistoryMessages({msgTypes, anchor, direction, limit})` (also the flat
 * `anchorUuid`/`anchorTimestamp`): the room's archived text chats, oldest first. `anchor: null`
 * starts at the newest (`direction` 0, older) or the oldest kept (1, newer); the anchor itself is
 * not included. Resolves `{hasMore, messages, msgs}` (`msgs` is the same array). Only msgType 0
 * exists: a request for other types only gets none. Needs a joined instance (2004).
 */
export function fetchHistoryMessages(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call(
    'fetchHistoryMessages',
    async () => {
      const p = paramsOf(input);
      if (p.msgTypes !== undefined && p.msgTypes !== null && !Array.isArray(p.msgTypes)) throw paramError('msgTypes must be an array');
      const direction = p.direction === undefined || p.direction === null ? 0 : Number(p.direction);
      if (direction !== 0 && direction !== 1) throw paramError('direction must be 0 (older) or 1 (newer)');
      const anchor = anchorOf(p);
      const limit = limitOf(p.limit);
      const handle = joinedHandle(room);
      const types = (p.msgTypes as unknown[] | undefined) ?? [];
      if (types.length > 0 && !types.some((t) => Number(t) === MsgType.TEXT)) return { ...room.echo(), hasMore: false, messages: [], msgs: [] };
      const page = await pageFrom(handle, anchor, direction === 1 ? 'newer' : 'older', limit);
      const messages = page.messages.map(historyMessage);
      return { ...room.echo(), hasMore: page.hasMore, messages, msgs: messages };
    },
    { codes: CODES },
  );
}
