import { parley, WireReader } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import type { Tx } from './tx.js';
import { checkUserId } from './users.js';

/**
 * The rows of the relationship family (friends, requests, friend groups, blocklist) and the
 * helpers every part of it shares: keys, codecs, input limits and change + push recording.
 * Entities are stored as their wire messages; a friend's `groups[]` is not stored but derived
 * from the owner's friend groups, so the two can never disagree.
 */

const v1 = parley.v1;

/** Keys of the family; tags 'fr', 'frq', 'frqi', 'fgrp', 'blk' are reserved for it. */
export const FK = {
  /** A directed friend edge owner → friend. */
  edge: (app: string, ownerId: string, friendId: string): Key => [app, 'fr', ownerId, friendId],
  edges: (app: string, ownerId: string): Key => [app, 'fr', ownerId],
  /** A friend request, stored in the recipient's inbox (one per directed pair). */
  request: (app: string, toId: string, fromId: string): Key => [app, 'frq', toId, fromId],
  inbox: (app: string, toId: string): Key => [app, 'frq', toId],
  /** The sender's index of its outgoing requests (the value is empty). */
  sent: (app: string, fromId: string, toId: string): Key => [app, 'frqi', fromId, toId],
  outbox: (app: string, fromId: string): Key => [app, 'frqi', fromId],
  group: (app: string, ownerId: string, name: string): Key => [app, 'fgrp', ownerId, name],
  groups: (app: string, ownerId: string): Key => [app, 'fgrp', ownerId],
  block: (app: string, ownerId: string, blockedId: string): Key => [app, 'blk', ownerId, blockedId],
  blocks: (app: string, ownerId: string): Key => [app, 'blk', ownerId],
} as const;

/** Input limits (T: remark ≤ 96 B, batch ops ≤ 100 or ≤ 1000 ids). */
export const LIMITS = {
  remarkBytes: 96,
  wordingBytes: 256,
  sourceBytes: 64,
  memoOthersBytes: 256,
  customFieldKeys: 20,
  customKeyBytes: 32,
  customValueBytes: 1024,
  groupNameBytes: 64,
  groupsPerUser: 100,
  idsPerQuery: 100,
  idsPerCheck: 1000,
  idsPerDelete: 100,
  idsPerGroupEdit: 1000,
  idsPerBlockEdit: 1000,
} as const;

export const encodeFriend = (f: parley.v1.IFriend): Uint8Array => v1.Friend.encode({ ...f, groups: [] }).finish();
export const decodeFriend = (b: Uint8Array): parley.v1.Friend => v1.Friend.decode(new WireReader(b));
export const encodeRequest = (r: parley.v1.IFriendRequest): Uint8Array => v1.FriendRequest.encode(r).finish();
export const decodeRequest = (b: Uint8Array): parley.v1.FriendRequest => v1.FriendRequest.decode(new WireReader(b));
export const encodeFriendGroup = (g: parley.v1.IFriendGroup): Uint8Array => v1.FriendGroup.encode(g).finish();
export const decodeFriendGroup = (b: Uint8Array): parley.v1.FriendGroup => v1.FriendGroup.decode(new WireReader(b));
export const encodeBlock = (b: parley.v1.IBlock): Uint8Array => v1.Block.encode(b).finish();
export const decodeBlock = (b: Uint8Array): parley.v1.Block => v1.Block.decode(new WireReader(b));

/** The last component of a row key (the friend, sender, group name or blocked user). */
export function lastPart(key: Key): string {
  return String(key[key.length - 1]);
}

/**
 * A request's id names its directed pair, so a tombstone in the change stream can still say
 * whose request disappeared. User ids cannot contain `|` once encoded.
 */
export function requestId(fromId: string, toId: string): string {
  return `${encodeURIComponent(fromId)}|${encodeURIComponent(toId)}`;
}

/** The pair of a {@link requestId}, or undefined for a malformed id. */
export function parseRequestId(id: string): { fromId: string; toId: string } | undefined {
  const parts = id.split('|');
  if (parts.length !== 2) return undefined;
  try {
    return { fromId: decodeURIComponent(parts[0] ?? ''), toId: decodeURIComponent(parts[1] ?? '') };
  } catch {
    return undefined;
  }
}

/** Throws INVALID_PARAM when `value` is longer than `max` UTF-8 bytes. */
export function checkBytes(value: string, max: number, field: string): string {
  if (Buffer.byteLength(value) > max) throw invalidParam(field, `at most ${max} bytes`);
  return value;
}

/**
 * A user address of this app. A JMessage `appKey` naming this app is accepted; another app's
 * key would be cross-app addressing, which this server does not serve.
 * @throws ServerError INVALID_PARAM, NOT_SUPPORTED
 */
export function checkRef(ctx: ModelContext, ref: parley.v1.IUserRef | null | undefined, field: string): string {
  const appKey = ref?.appKey ?? '';
  if (appKey !== '' && appKey !== ctx.app.config.jmessage?.appkey) {
    throw new ServerError(ErrorCode.NOT_SUPPORTED, `${field}: cross-app users are not supported`, { detail: `${field}.appKey` });
  }
  return checkUserId(ref?.userId, `${field}.userId`);
}

/** Validates a batch of ids: 1–`max` of them, each a valid user id; duplicates collapse. */
export function checkIds(ids: readonly string[], max: number, field: string): string[] {
  if (ids.length === 0) throw invalidParam(field, 'at least one user id');
  if (ids.length > max) throw invalidParam(field, `at most ${max} user ids`);
  return [...new Set(ids.map((id) => checkUserId(id, field)))];
}

/** Validates custom fields of a friend (T `Tag_SNS_Custom*`): sizes only; values are opaque. */
export function checkCustomFields(fields: Record<string, string>, field: string): Record<string, string> {
  const entries = Object.entries(fields);
  if (entries.length > LIMITS.customFieldKeys) throw invalidParam(field, `at most ${LIMITS.customFieldKeys} keys`);
  for (const [key, value] of entries) {
    if (key.length === 0) throw invalidParam(field, 'empty key');
    checkBytes(key, LIMITS.customKeyBytes, `${field}.key`);
    checkBytes(value, LIMITS.customValueBytes, `${field}[${key}]`);
  }
  return fields;
}

/** Reads one friend edge inside `tx`. */
export async function loadEdge(tx: Tx, app: string, ownerId: string, friendId: string): Promise<parley.v1.Friend | undefined> {
  const bytes = await tx.get(FK.edge(app, ownerId, friendId));
  return bytes ? decodeFriend(bytes) : undefined;
}

/** Reads the request `fromId` → `toId` inside `tx`. */
export async function loadRequest(tx: Tx, app: string, fromId: string, toId: string): Promise<parley.v1.FriendRequest | undefined> {
  const bytes = await tx.get(FK.request(app, toId, fromId));
  return bytes ? decodeRequest(bytes) : undefined;
}

/** Reads one friend group inside `tx`. */
export async function loadFriendGroup(tx: Tx, app: string, ownerId: string, name: string): Promise<parley.v1.FriendGroup | undefined> {
  const bytes = await tx.get(FK.group(app, ownerId, name));
  return bytes ? decodeFriendGroup(bytes) : undefined;
}

/**
 * Every friend group of `ownerId`, read through `tx` so the rows are checked at commit and
 * this transaction's own writes count. (Groups created in this transaction are not listed.)
 */
export async function loadFriendGroups(tx: Tx, app: string, ownerId: string): Promise<parley.v1.FriendGroup[]> {
  const rows = await tx.list({ prefix: FK.groups(app, ownerId) });
  const current = await tx.getMany(rows.map((row) => row.key));
  return current.filter((bytes) => bytes !== undefined).map(decodeFriendGroup);
}

/** The names of the groups among `groups` that contain `friendId`. */
export function groupNamesOf(groups: readonly parley.v1.IFriendGroup[], friendId: string): string[] {
  return groups.filter((g) => g.userIds?.includes(friendId)).map((g) => g.name ?? '');
}

/** Who made a change, and which session gets the result in its response instead of a push. */
export interface ChangeSource {
  /** A user id, or `admin` for a privileged actor changing other users' relations (§5.2). */
  by: string;
  exceptSessionId?: string;
}

/** The source of an actor's change; `by` overrides the actor's id (`admin`, §5.2). */
export function sourceOf(actor: Actor, by = actor.userId): ChangeSource {
  return { by, ...(actor.sessionId !== undefined && { exceptSessionId: actor.sessionId }) };
}

/** Queues `push` for `userId` after the commit. */
export function pushAfterCommit(tx: Tx, ctx: ModelContext, userId: string, push: parley.v1.IPush, exceptSessionId?: string): void {
  tx.onCommit(() => ctx.deliver.toUser(ctx.app.id, userId, push, exceptSessionId));
}

/**
 * Writes (or, with `edge` undefined, deletes) the edge `ownerId` → `friendId`, records it in
 * the owner's change stream and pushes `friend` to the owner. `groups` are the owner's group
 * names containing the friend, for the pushed record.
 */
export async function writeEdge(
  tx: Tx,
  ctx: ModelContext,
  ownerId: string,
  friendId: string,
  edge: parley.v1.IFriend | undefined,
  change: parley.v1.Change,
  source: ChangeSource,
  groups: string[] = [],
): Promise<void> {
  const app = ctx.app.id;
  if (edge) tx.set(FK.edge(app, ownerId, friendId), encodeFriend(edge));
  else tx.delete(FK.edge(app, ownerId, friendId));
  const cursor = await recordChange(tx, app, ownerId, 'friend', friendId);
  const friend = edge ? { ...edge, groups } : { ownerId, friendId };
  pushAfterCommit(tx, ctx, ownerId, { cursor, friend: { friend, change, by: source.by } }, source.exceptSessionId);
}

/**
 * Writes the friend groups `changed` (deleting those in `deleted`) of `ownerId`, records each
 * in the change stream and pushes the owner's whole group list once, with the last cursor.
 */
export async function writeFriendGroups(
  tx: Tx,
  ctx: ModelContext,
  ownerId: string,
  changed: readonly parley.v1.IFriendGroup[],
  deleted: readonly string[],
  exceptSessionId?: string,
): Promise<void> {
  const app = ctx.app.id;
  const before = await loadFriendGroups(tx, app, ownerId);
  let cursor = 0;
  for (const name of deleted) {
    tx.delete(FK.group(app, ownerId, name));
    cursor = await recordChange(tx, app, ownerId, 'friendGroup', name);
  }
  for (const group of changed) {
    tx.set(FK.group(app, ownerId, group.name ?? ''), encodeFriendGroup(group));
    cursor = await recordChange(tx, app, ownerId, 'friendGroup', group.name ?? '');
  }
  if (cursor === 0) return;
  const byName = new Map(before.map((g) => [g.name, g as parley.v1.IFriendGroup]));
  for (const name of deleted) byName.delete(name);
  for (const group of changed) byName.set(group.name ?? '', group);
  const groups = [...byName.values()].sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : 1));
  pushAfterCommit(tx, ctx, ownerId, { cursor, friendGroup: { groups } }, exceptSessionId);
}

/** Removes `friendIds` from every friend group of `ownerId` (the friendships ended). */
export async function dropFromFriendGroups(tx: Tx, ctx: ModelContext, ownerId: string, friendIds: readonly string[], exceptSessionId?: string): Promise<void> {
  const gone = new Set(friendIds);
  const groups = await loadFriendGroups(tx, ctx.app.id, ownerId);
  const changed = groups.filter((g) => g.userIds.some((id) => gone.has(id))).map((g) => ({ name: g.name, userIds: g.userIds.filter((id) => !gone.has(id)) }));
  if (changed.length > 0) await writeFriendGroups(tx, ctx, ownerId, changed, [], exceptSessionId);
}
