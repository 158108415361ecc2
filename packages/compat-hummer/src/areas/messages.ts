import { fallbackText, type Message } from '@parley/core';
import { MsgType } from '../constants.js';
import { paramError } from '../errors.js';
import { extraValue } from '../room/members/convert.js';
import type { HistoryMessage } from '../room/members/history.js';

/**
 * The `TextMessage` of `sendP2PMessage`/`sendP2CMessage` (from `Hummer.createMessage`): its content.
 * @throws {HummerError} 1002 unless it is `{msgType: 0, content: <non-empty string>}` (only TEXT is supported).
 */
export function textOf(message: unknown): string {
  if (typeof message !== 'object' || message === null) throw paramError('message must come from Hummer.createMessage');
  const { msgType, content } = message as { msgType?: unknown; content?: unknown };
  if (Number(msgType) !== MsgType.TEXT) throw paramError('only MsgType.TEXT (0) is supported');
  if (typeof content !== 'string' || content === '') throw paramError('message.content must be a non-empty string');
  return content;
}

/** `appExtras` as the wire's `extras` (values are JSON, so each string travels as a JSON string). */
export function extrasToWire(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, JSON.stringify(value)]));
}

/** The wire's `extras` as a string map: JSON strings unwrapped, other JSON (from other vendors) kept as its text. */
export function extrasOf(extras: Readonly<Record<string, string>> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(extras ?? {})) {
    // The core's marker for content another vendor could not show, not an app key.
    if (key === '__parley') continue;
    out[key] = extraValue(text);
  }
  return out;
}

/** The vendor `Message` of a received P2P or P2C message: a history item plus its `appExtras`. */
export interface ReceivedMessage extends HistoryMessage {
  appExtras: Record<string, string>;
}

/** The payload of `P2PMessageReceived` and `P2CMessageReceived`. */
export interface Received {
  opUid: string;
  message: ReceivedMessage;
  appExtras: Record<string, string>;
}

/**
 * A core message as `{opUid, message, appExtras}`: text content (other content as its fallback
 * text), the server id as `uuid`, `appExtras` both on the payload and on the message (hummer.md
 * §3.1 [REC]). P2P and P2C sends carry no `kvExtra` or legacy `extra`, so those stay empty.
 */
export function receivedOf(m: Message): Received {
  const appExtras = extrasOf(m.extras);
  const message: ReceivedMessage = {
    msgType: MsgType.TEXT,
    content: fallbackText(m),
    uuid: m.serverMsgId,
    timestamp: m.time,
    uid: m.senderId,
    extra: '',
    kvExtra: {},
    appExtras: { ...appExtras },
  };
  return { opUid: m.senderId, message, appExtras };
}
