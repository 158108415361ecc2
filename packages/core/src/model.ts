import type { parley } from '@parley/protocol';

/** A content element (text, image, custom, …): the wire's `Element`. */
export type Element = parley.v1.Element.$Properties;
/** A reference to one message. */
export type MessageRef = parley.v1.MessageRef.$Properties;

/** Where a message stands on this client. */
export type MessageStatus = 'pending' | 'sent' | 'failed';

/**
 * A message as the client holds it: the wire's `Message` with the identifying fields always
 * present, plus its local status. Pending messages have `seq = 0` until the server accepts them.
 */
export interface Message extends Omit<parley.v1.Message.$Properties, 'convId' | 'clientMsgId' | 'serverMsgId' | 'seq' | 'senderId' | 'time' | 'elements'> {
  convId: string;
  clientMsgId: string;
  serverMsgId: string;
  seq: number;
  senderId: string;
  time: number;
  elements: Element[];
  status: MessageStatus;
  /** Why a failed message failed (the server's refusal). */
  error?: { code: number; message: string };
}

/**
 * A conversation row (CAPABILITIES.md §1.10) with the fields the client sorts and counts by
 * always present.
 */
export interface Conversation extends Omit<parley.v1.Conversation.$Properties, 'lastMessage' | 'convId' | 'maxSeq' | 'readSeq' | 'unreadCount' | 'lastMessageAt' | 'pinned' | 'type'> {
  convId: string;
  type: number;
  maxSeq: number;
  readSeq: number;
  unreadCount: number;
  lastMessageAt: number;
  pinned: boolean;
  lastMessage: Message | null;
}

export type Friend = parley.v1.Friend.$Properties;
export type FriendRequest = parley.v1.FriendRequest.$Properties;
export type FriendGroup = parley.v1.FriendGroup.$Properties;
export type Block = parley.v1.Block.$Properties;
export type Group = parley.v1.Group.$Properties;
export type GroupMember = parley.v1.GroupMember.$Properties;
export type GroupMembership = parley.v1.GroupMembership.$Properties;
export type Profile = parley.v1.Profile.$Properties;
export type Settings = parley.v1.Settings.$Properties;
export type ConvFolder = parley.v1.ConvFolder.$Properties;
export type SystemHead = parley.v1.SystemHead.$Properties;
export type Room = parley.v1.Room.$Properties;
export type Presence = parley.v1.Presence.$Properties;

/** Conversation types (the wire's `ConvType`). */
export const ConvType = { UNSPECIFIED: 0, C2C: 1, GROUP: 2, ROOM: 3, SYSTEM: 4, CHANNEL: 5 } as const;

/** Copies a decoded wire object into plain data: own fields only (no prototype defaults, no `$unknowns`). */
export function plain<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '$unknowns') continue;
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out as T;
}

/** A wire message as the client holds it. */
export function toMessage(wire: parley.v1.Message.$Properties, status: MessageStatus = 'sent'): Message {
  const m = plain(wire) as Message;
  m.convId = wire.convId ?? '';
  m.clientMsgId = wire.clientMsgId ?? '';
  m.serverMsgId = wire.serverMsgId ?? '';
  m.seq = wire.seq ?? 0;
  m.senderId = wire.senderId ?? '';
  m.time = wire.time ?? 0;
  m.elements = (wire.elements ?? []).map((e) => plain(e));
  m.status = status;
  return m;
}

/** A wire conversation row as the client holds it. */
export function toConversation(wire: parley.v1.Conversation.$Properties, fallbackLast?: Message | null): Conversation {
  const c = plain(wire) as Conversation;
  c.convId = wire.convId ?? '';
  c.type = wire.type ?? typeOf(c.convId);
  c.maxSeq = wire.maxSeq ?? 0;
  c.readSeq = wire.readSeq ?? 0;
  c.unreadCount = wire.unreadCount ?? 0;
  c.lastMessageAt = wire.lastMessageAt ?? 0;
  c.pinned = wire.pinned ?? false;
  c.lastMessage = wire.lastMessage ? toMessage(wire.lastMessage) : (fallbackLast ?? null);
  return c;
}

/** The conversation type of a canonical conversation id. */
export function typeOf(convId: string): number {
  const kind = convId.slice(0, convId.indexOf(':'));
  if (kind === 'c2c') return ConvType.C2C;
  if (kind === 'group') return ConvType.GROUP;
  if (kind === 'room') return ConvType.ROOM;
  if (kind === 'channel') return ConvType.CHANNEL;
  return convId === 'system' ? ConvType.SYSTEM : ConvType.UNSPECIFIED;
}
