import { type Client, type Message as CoreMessage, chatOf, isPeerRead } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimMessage } from '../../convert/message.js';
import type { TimCore } from '../../core.js';
import { TimError, TimServerCode } from '../../errors.js';
import type { GET_MESSAGE_LIST_HOPPING_OPTIONS, GET_MESSAGE_LIST_OPTIONS, SET_MESSAGE_READ_OPTIONS } from '../../types.js';
import * as check from './checks.js';
import { isAvChatRoom, isShownNotice } from './state.js';

/** Local inserts live above this seq (core); TIM never makes them. */
const LOCAL_SEQ_BASE = 2 ** 52;

/** The TIM message of a log entry, or undefined for entries TIM never shows (control entries, local deletes). */
function shown(tim: TimCore, client: Client, m: CoreMessage): TimMessage | undefined {
  if (m.hidden || m.deletedForSelf || m.localOnly || m.seq >= LOCAL_SEQ_BASE) return undefined;
  const message = tim.timMessage(m);
  if (!message) return undefined;
  if (message.type === TYPES.MSG_GRP_SYS_NOTICE && !isShownNotice(Number(message.payload.operationType))) return undefined;
  // A cached copy may predate the peer's read report; the row's read position says it all.
  if (message.flow === 'out' && !message.isPeerRead && isPeerRead(m, client.conversation(m.convId))) message.isPeerRead = true;
  return message;
}

/** Where an older walk goes on: the exclusive upper seq (undefined = from the newest), or nowhere. */
interface Walk {
  found: TimMessage[];
  below: number | undefined;
  done: boolean;
}

/**
 * Walks the local cache down from `below` (exclusive) while it holds every entry, collecting up
 * to `want` shown messages, newest first. Stops where the cache has a hole or the log begins.
 */
function walkCache(tim: TimCore, client: Client, convId: string, below: number | undefined, want: number): Walk {
  const cache = client.store.messages;
  const window = cache.window(convId);
  const row = client.conversation(convId);
  const floor = row?.clearedSeq ?? 0;
  const found: TimMessage[] = [];
  // Without an anchor the walk starts at the newest entry, which the cache must hold.
  if (window.high === 0 || (below === undefined && (row?.maxSeq ?? 0) > window.high)) return { found, below, done: false };
  let seq = below === undefined ? window.high : below - 1;
  if (seq > window.high) return { found, below, done: false };
  const bySeq = new Map<number, CoreMessage>();
  for (const m of cache.entries(convId)) bySeq.set(m.seq, m);
  for (; seq > window.low && seq > floor && found.length < want; seq--) {
    const entry = bySeq.get(seq);
    if (!entry) break;
    const m = shown(tim, client, entry);
    if (m) found.push(m);
  }
  return { found, below: seq + 1, done: seq <= floor || seq <= 0 };
}

/** Up to `count` shown messages older than `below` (exclusive; undefined = the newest), oldest first, and whether older ones exist. */
async function olderPage(tim: TimCore, client: Client, convId: string, below: number | undefined, count: number): Promise<{ messages: TimMessage[]; hasMore: boolean }> {
  // One more than asked tells whether anything older remains.
  const want = count + 1;
  const walk = walkCache(tim, client, convId, below, want);
  const found = walk.found;
  let next = walk.below;
  let done = walk.done;
  while (found.length < want && !done) {
    const page = await chatOf(client).history(convId, { ...(next !== undefined && { anchor: { convId, seq: next } }), direction: 'older', limit: Math.min(100, want - found.length + 5) });
    const entries = [...page.messages].reverse();
    let consumed = 0;
    for (const entry of entries) {
      consumed++;
      next = entry.seq;
      const m = shown(tim, client, entry);
      if (m) found.push(m);
      if (found.length === want) break;
    }
    if (entries.length === 0 || (!page.hasMore && consumed === entries.length)) done = true;
  }
  return { messages: found.slice(0, count).reverse(), hasMore: found.length > count };
}

/** The seq a `nextReqMessageID` names (undefined: an unsent message, so paging starts at the newest). */
async function seqOf(tim: TimCore, client: Client, id: string): Promise<number | undefined> {
  const known = tim.messages.get(id);
  if (known) return known.sequence || undefined;
  const held = client.findMessage({ clientMsgId: id }) ?? client.findMessage({ serverMsgId: id });
  if (held) return held.seq || undefined;
  const [own] = await chatOf(client)
    .get([{ clientMsgId: id }])
    .catch(() => []);
  if (own) return own.seq || undefined;
  throw new TimError({ code: TimServerCode.INVALID_PARAM, message: `no message ${id} to page from` });
}

/**
 * `getMessageList`: pages from the newest message back, oldest first within a page; the next
 * call passes `nextReqMessageID` (the oldest ID of this page), `''` once `isCompleted`. Revoked
 * messages are included; AVChatRooms have no history. Served from the local cache where it
 * holds the range, from the server otherwise.
 * @throws {Error} synchronously for a bad `conversationID` or `count`.
 */
export function getMessageList(tim: TimCore, options: GET_MESSAGE_LIST_OPTIONS): Promise<{ messageList: TimMessage[]; nextReqMessageID: string; isCompleted: boolean }> {
  const { convId, count, nextReq } = check.getMessageList(tim, options);
  if (isAvChatRoom(tim, convId)) return Promise.resolve({ messageList: [], nextReqMessageID: '', isCompleted: true });
  return (async () => {
    const client = tim.client;
    const below = nextReq ? await seqOf(tim, client, nextReq) : undefined;
    const page = await olderPage(tim, client, convId, below, count);
    let list = page.messages;
    let hasMore = page.hasMore;
    if (!nextReq) {
      // The newest page also shows what this user has not managed to send yet, as the vendor's memory list does.
      const unsent = client.outbox.pendingOf(convId).flatMap((m) => tim.timMessage(m) ?? []);
      list = [...list, ...unsent];
      if (list.length > count) {
        list = list.slice(-count);
        hasMore = true;
      }
    }
    const oldest = list[0];
    return hasMore && oldest ? { messageList: list, nextReqMessageID: oldest.ID, isCompleted: false } : { messageList: list, nextReqMessageID: '', isCompleted: true };
  })();
}

/**
 * `getMessageListHopping`: a page from a position — a group's `sequence` (included) or a C2C
 * `time` in seconds — going older (`direction` 0) or newer (1).
 * @throws {Error} synchronously for a bad `conversationID`, `direction` or `count`.
 */
export function getMessageListHopping(tim: TimCore, options: GET_MESSAGE_LIST_HOPPING_OPTIONS): Promise<Record<string, unknown>> {
  const { convId, count, direction } = check.getMessageListHopping(tim, options);
  const c2c = convId.startsWith('c2c:');
  const cursorKey = c2c ? 'nextMessageTime' : 'nextMessageSeq';
  if (isAvChatRoom(tim, convId)) return Promise.resolve({ messageList: [], isCompleted: true, [cursorKey]: '' });
  return (async () => {
    const client = tim.client;
    const newer = direction === 1;
    const anchor = c2c ? (options.time ? { convId, time: options.time * 1000 } : undefined) : options.sequence ? { convId, seq: options.sequence } : undefined;
    const page = await chatOf(client).history(convId, {
      ...(anchor && { anchor }),
      direction: newer ? 'newer' : 'older',
      limit: count,
      // A group page includes the entry at `sequence`; a C2C page starts after `time`.
      inclusive: !c2c && anchor !== undefined,
      filter: { skipControl: true },
    });
    const messageList = page.messages.flatMap((m) => shown(tim, client, m) ?? []);
    const edge = newer ? page.messages[page.messages.length - 1] : page.messages[0];
    if (!page.hasMore || !edge) return { messageList, isCompleted: true, [cursorKey]: '' };
    const cursor = c2c ? Math.floor(edge.time / 1000) : newer ? edge.seq + 1 : edge.seq - 1;
    return { messageList, isCompleted: false, [cursorKey]: cursor };
  })();
}

/**
 * `setMessageRead`: marks the conversation read up to its newest message. A C2C read reaches
 * the peer, whose messages become `isPeerRead` (MESSAGE_READ_BY_PEER). Nothing is asked of the
 * server when nothing is unread, as the vendor does; AVChatRooms have no unread count.
 */
export function setMessageRead(tim: TimCore, options: SET_MESSAGE_READ_OPTIONS): Promise<Record<string, never>> {
  const convId = check.setMessageRead(tim, options);
  if (isAvChatRoom(tim, convId)) return Promise.resolve({});
  return (async () => {
    const client = tim.client;
    const row = client.conversation(convId);
    if (!row || row.unreadCount > 0 || row.readSeq < row.maxSeq) {
      const marking = chatOf(client).markRead(convId);
      // The system conversation is reset locally only by the vendor: a refusal there changes nothing for the app.
      if (convId === 'system') await marking.catch(() => undefined);
      else await marking;
    }
    const conversationID = options.conversationID as string;
    for (const m of tim.messages.values()) if (m.conversationID === conversationID && m.flow === 'in') m.isRead = true;
    return {};
  })();
}
