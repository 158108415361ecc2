import { parley, WireReader } from '@parley/protocol';
import type { Key } from '../store/types.js';

/**
 * The row layout of everything the server keeps, in one place. Every key starts with the app
 * id, so tenants never share a row. Wire entities (messages, conversation rows, groups) are
 * stored protobuf-encoded; internal records are JSON.
 */

const v1 = parley.v1;

/**
 * A message log: one per C2C pair (ids sorted), one per group, one per room that keeps
 * history, one system log per user (notices) and one broadcast log per app (`system.send`
 * to everyone; every user's system stream reads it).
 */
export type LogRef = readonly ['c2c', string, string] | readonly ['group', string] | readonly ['room', string] | readonly ['sys', string] | readonly ['bcast'];

export function c2cLog(a: string, b: string): LogRef {
  return a <= b ? ['c2c', a, b] : ['c2c', b, a];
}

export function groupLog(groupId: string): LogRef {
  return ['group', groupId];
}

export function roomLog(roomId: string): LogRef {
  return ['room', roomId];
}

export function systemLog(userId: string): LogRef {
  return ['sys', userId];
}

export const BROADCAST_LOG: LogRef = ['bcast'];

/** A stable string for maps and lock names. */
export function logId(log: LogRef): string {
  return JSON.stringify(log);
}

export const K = {
  user: (app: string, userId: string): Key => [app, 'user', userId],
  username: (app: string, username: string): Key => [app, 'uname', username],
  counter: (app: string, name: string): Key => [app, 'ctr', name],
  nonce: (app: string, scope: string, value: string): Key => [app, 'nonce', scope, value],
  resume: (app: string, token: string): Key => [app, 'resume', token],

  logHead: (app: string, log: LogRef): Key => [app, 'head', ...log],
  entry: (app: string, log: LogRef, seq: number): Key => [app, 'log', ...log, seq],
  logPrefix: (app: string, log: LogRef): Key => [app, 'log', ...log],
  byClientId: (app: string, senderId: string, clientMsgId: string): Key => [app, 'cmid', senderId, clientMsgId],
  byServerId: (app: string, serverMsgId: string): Key => [app, 'smid', serverMsgId],
  receipt: (app: string, log: LogRef, seq: number, readerId: string): Key => [app, 'rcpt', ...log, seq, readerId],
  receiptPrefix: (app: string, log: LogRef, seq: number): Key => [app, 'rcpt', ...log, seq],
  tombstone: (app: string, userId: string, convId: string, seq: number): Key => [app, 'tomb', userId, convId, seq],
  tombstonePrefix: (app: string, userId: string, convId: string): Key => [app, 'tomb', userId, convId],

  conv: (app: string, userId: string, convId: string): Key => [app, 'conv', userId, convId],
  convPrefix: (app: string, userId: string): Key => [app, 'conv', userId],

  changeHead: (app: string, userId: string): Key => [app, 'chead', userId],
  changeLog: (app: string, userId: string, cursor: number): Key => [app, 'clog', userId, cursor],
  changeLogPrefix: (app: string, userId: string): Key => [app, 'clog', userId],
  changeEntity: (app: string, userId: string, kind: string, id: string): Key => [app, 'cent', userId, kind, id],

  group: (app: string, groupId: string): Key => [app, 'group', groupId],
  member: (app: string, groupId: string, userId: string): Key => [app, 'member', groupId, userId],
  memberPrefix: (app: string, groupId: string): Key => [app, 'member', groupId],
  joined: (app: string, userId: string, groupId: string): Key => [app, 'joined', userId, groupId],
  joinedPrefix: (app: string, userId: string): Key => [app, 'joined', userId],

  /** Rooms share the group id namespace (§1.8): a group id and a room id never coincide. */
  room: (app: string, roomId: string): Key => [app, 'room', roomId],
} as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function fromJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

export type Message = parley.v1.Message;
export type Conversation = parley.v1.Conversation;
export type Group = parley.v1.Group;

export const encodeMessage = (m: parley.v1.IMessage): Uint8Array => v1.Message.encode(m).finish();
export const decodeMessage = (b: Uint8Array): Message => v1.Message.decode(new WireReader(b));
export const encodeConversation = (c: parley.v1.IConversation): Uint8Array => v1.Conversation.encode(c).finish();
export const decodeConversation = (b: Uint8Array): Conversation => v1.Conversation.decode(new WireReader(b));
export const encodeGroup = (g: parley.v1.IGroup): Uint8Array => v1.Group.encode(g).finish();
export const decodeGroup = (b: Uint8Array): Group => v1.Group.decode(new WireReader(b));

/**
 * The stored user record (CAPABILITIES.md §1.3). Profile fields travel as the wire `Profile`
 * (`toProfile` in users.ts) under the same camelCase names; a field at its default (empty
 * string, 0) is left out, so old records and new ones read alike.
 */
export interface UserRecord {
  userId: string;
  tinyId: number;
  /** `parley.v1.UserKind`. */
  kind: number;
  /** `parley.v1.UserState`: 0 active. */
  state: number;
  createdAt: number;
  nickname?: string;
  avatar?: string;
  username?: string;
  passwordHash?: string;
  /** `parley.v1.Gender`. */
  gender?: number;
  /** As the client gave it (T `20000101`, O seconds, J free text); `toProfile` normalises it. */
  birthday?: string;
  selfSignature?: string;
  location?: string;
  region?: string;
  address?: string;
  phoneNumber?: string;
  email?: string;
  language?: number;
  level?: number;
  role?: number;
  /** `parley.v1.AllowType`; absent = the app's `friendDefaultAllowType`. */
  allowType?: number;
  messageSettings?: number;
  /** 0 none, 1 sendOut; only app privilege sets it. */
  adminForbidType?: number;
  ex?: string;
  /** Custom fields: JSON scalar text per key (canonical `JSON.stringify` form). */
  customFields?: Record<string, string>;
  /** Bumped by every profile change; 0/absent = never changed since creation. */
  profileVersion?: number;
  updatedAt?: number;
}

/** A log head: the last seq and its time (times never go backwards along seq, §4.2). */
export interface LogHead {
  seq: number;
  time: number;
}

/** Where a message lives, by client or server id. */
export interface EntryLocation {
  log: LogRef;
  seq: number;
}

export interface MemberRecord {
  /** `parley.v1.GroupRole`. */
  role: number;
  joinedAt: number;
  /** The log head when the member joined; earlier entries were not delivered to them. */
  joinSeq: number;
}
