import { type Message, mediaOf } from '@parley/core';
import type { MlCore } from '../../core.js';
import { MlCode, MlError, paramError } from '../../errors.js';
import { argsOf } from './args.js';
import { type MlContent, mlContentOf } from './content.js';

/** A history item (§4.4): who spoke, what, and the server time in ms. */
export interface ChatRecord {
  speaker: string;
  content: MlContent;
  ts: number;
}

/** Records per history call when `size` is missing. */
const DEFAULT_SIZE = 20;
/** The server's page limit: larger `size`s are read in several pages. */
const PAGE_MAX = 100;
/** Chat content kinds (`ElementKind` text … quote): tips, notices and control entries are not history. */
const CHAT_KINDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** A user, group or passenger id argument. @throws {MlError} 5001 when it is not a non-empty string. */
function idArg(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') throw paramError(what);
  return value;
}

/** `ts` as ms (strings accepted); missing, empty or 0 = now. @throws {MlError} 5001 for a non-number. */
function tsArg(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const ts = Number(value);
  if (!Number.isFinite(ts) || ts < 0) throw paramError('ts');
  return Math.floor(ts);
}

/** `size` (strings accepted); missing = 20. @throws {MlError} 5001 for a non-number or a negative one. */
function sizeArg(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_SIZE;
  const size = Number(value);
  if (!Number.isFinite(size) || size < 0) throw paramError('size');
  return Math.floor(size);
}

/**
 * The `size` chat entries of a conversation before `ts` (exclusive; 0 = now), read as
 * `subject`, ascending by time. Pages of up to 100 are read from the newest down.
 */
async function recordsBefore(core: MlCore, convId: string, subject: string, ts: number, size: number): Promise<ChatRecord[]> {
  const found: Message[] = [];
  let anchor: { convId: string; time?: number; seq?: number } | undefined = ts > 0 ? { convId, time: ts } : undefined;
  while (found.length < size) {
    const limit = Math.min(PAGE_MAX, size - found.length);
    const page = await core.client.request(
      'msgHistory',
      { convId, direction: 0, limit, filter: { elementKinds: CHAT_KINDS, skipControl: true }, ...(anchor ? { anchor } : {}) },
      { subject },
    );
    const messages = (page?.messages ?? []) as Message[];
    found.unshift(...messages);
    const oldest = messages[0];
    if (!page?.hasMore || !oldest) break;
    anchor = { convId, seq: oldest.seq };
  }
  const absolute = (url: string) => (url ? mediaOf(core.client).absoluteUrl(url) : url);
  return found.map((m) => ({ speaker: m.senderId ?? '', content: mlContentOf({ elements: m.elements ?? [], fallbackText: m.fallbackText ?? '' }, absolute), ts: Number(m.time ?? 0) }));
}

/** `getRecentChat(userid, friendid, ts, size, callback)`: the one-to-one history of two users, the `size` records before `ts`, ascending. */
export function getRecentChat(core: MlCore, ...args: unknown[]): void {
  const { values, callback } = argsOf(args, 4);
  const [userid, friendid, ts, size] = values;
  core.rest(callback, () => recordsBefore(core, `c2c:${idArg(friendid, 'friendid')}`, idArg(userid, 'userid'), tsArg(ts), sizeArg(size)));
}

/**
 * `getGroupChat(groupid, ts, size, callback)`: a group's history before `ts`, ascending. Read
 * as the group's owner (history is served to members; the vendor call names no user).
 */
export function getGroupChat(core: MlCore, ...args: unknown[]): void {
  const { values, callback } = argsOf(args, 3);
  const [groupid, ts, size] = values;
  core.rest(callback, async () => {
    const groupId = idArg(groupid, 'groupid');
    const [before, count] = [tsArg(ts), sizeArg(size)];
    const result = await core.client.request('groupGet', { groupIds: [groupId] });
    const group = result?.groups?.find((g) => g.groupId === groupId);
    if (!group) throw new MlError(MlCode.NOT_FOUND, `no such group: ${groupId}`);
    return recordsBefore(core, `group:${groupId}`, group.ownerId || core.userId, before, count);
  });
}

/** `getPassengerRecentChat(passenger, user, ts, size, callback)`: a visitor's history with a user before `ts`, ascending. */
export function getPassengerRecentChat(core: MlCore, ...args: unknown[]): void {
  const { values, callback } = argsOf(args, 4);
  const [passenger, user, ts, size] = values;
  core.rest(callback, () => recordsBefore(core, `c2c:${idArg(user, 'user')}`, idArg(passenger, 'passenger'), tsArg(ts), sizeArg(size)));
}
