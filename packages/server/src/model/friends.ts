import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { addEdge, allowTypeOf, newFriendshipId, requestsOf } from './friend-requests.js';
import {
  checkBytes,
  checkCustomFields,
  checkIds,
  checkRef,
  decodeBlock,
  decodeFriend,
  decodeFriendGroup,
  decodeRequest,
  dropFromFriendGroups,
  FK,
  groupNamesOf,
  LIMITS,
  lastPart,
  loadEdge,
  loadFriendGroups,
  parseRequestId,
  sourceOf,
  writeEdge,
} from './friend-rows.js';
import { type Tx, transact } from './tx.js';
import { checkUserId, getUsers, toProfile } from './users.js';

/**
 * Friends, friend requests, friend groups and the blocklist (CAPABILITIES.md §1.6, §1.7,
 * §2.4, §2.5). A friendship is two directed edges (T can add and delete one side); requests
 * live in `friend-requests.ts`, friend groups in `friend-groups.ts`, the blocklist in
 * `blocklist.ts`, the shared rows in `friend-rows.ts`. This module holds the edges and what
 * other families import: the send check, the friend ids, the change resolvers, the snapshot.
 */

const { AllowType, Change, FriendRelation, Side, SnapshotSection } = parley.v1;

type Resolved = Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>;

/** The edges of `ownerId` with their group names, from committed rows. */
async function friendsOf(ctx: ModelContext, ownerId: string, only?: readonly string[]): Promise<parley.v1.Friend[]> {
  const app = ctx.app.id;
  const [rows, groupRows] = await Promise.all([
    only ? ctx.store.getMany(only.map((id) => FK.edge(app, ownerId, id))) : ctx.store.list({ prefix: FK.edges(app, ownerId) }),
    ctx.store.list({ prefix: FK.groups(app, ownerId) }),
  ]);
  const groups = groupRows.map((row) => decodeFriendGroup(row.value));
  return rows
    .filter((row) => row !== undefined)
    .map((row) => {
      const friend = decodeFriend(row.value);
      friend.groups = groupNamesOf(groups, friend.friendId);
      return friend;
    });
}

async function profilesOf(ctx: ModelContext, ids: readonly string[]): Promise<parley.v1.IProfile[]> {
  const users = await getUsers(ctx.store, ctx.app.id, ids);
  return [...users.values()].map(toProfile);
}

/** `friend.list`: every edge of the actor, with profiles when asked (presence: the gateway adds it). */
export async function listFriends(ctx: ModelContext, actor: Actor, req: parley.v1.FriendList): Promise<parley.v1.IFriends> {
  const friends = await friendsOf(ctx, actor.userId);
  const profiles = req.withProfile ? await profilesOf(ctx, friends.map((f) => f.friendId)) : [];
  return { friends, profiles, presences: [] };
}

/** `friend.get`: the actor's edges to `userIds`, with profiles; non-friends are left out. */
export async function getFriends(ctx: ModelContext, actor: Actor, req: parley.v1.UserIds): Promise<parley.v1.IFriends> {
  const ids = checkIds(req.userIds, LIMITS.idsPerQuery, 'userIds');
  const friends = await friendsOf(ctx, actor.userId, ids);
  return { friends, profiles: await profilesOf(ctx, friends.map((f) => f.friendId)), presences: [] };
}

/**
 * `friend.check`: the relation with each user (`SIDE_OUT` = T single: only the actor's edge)
 * and whether the actor blocked them (O `checkFriend` reports a blocked friend as 0).
 */
export async function checkFriends(ctx: ModelContext, actor: Actor, req: parley.v1.FriendCheck): Promise<parley.v1.IFriendCheckResult> {
  const app = ctx.app.id;
  if (req.side === Side.SIDE_IN) throw invalidParam('side', 'SIDE_BOTH or SIDE_OUT');
  const ids = checkIds(req.userIds, LIMITS.idsPerCheck, 'userIds');
  const both = req.side === Side.SIDE_BOTH;
  const [out, back, blocked] = await Promise.all([
    ctx.store.getMany(ids.map((id) => FK.edge(app, actor.userId, id))),
    both ? ctx.store.getMany(ids.map((id) => FK.edge(app, id, actor.userId))) : [],
    ctx.store.getMany(ids.map((id) => FK.block(app, actor.userId, id))),
  ]);
  const items = ids.map((userId, i) => {
    const a = out[i] !== undefined;
    const b = back[i] !== undefined;
    const relation = a && b ? FriendRelation.FRIEND_RELATION_BOTH : a ? FriendRelation.FRIEND_RELATION_A_WITH_B : b ? FriendRelation.FRIEND_RELATION_B_WITH_A : FriendRelation.FRIEND_RELATION_NONE;
    return { userId, relation, blocked: blocked[i] !== undefined };
  });
  return { items };
}

/**
 * `friend.addDirect` (M `addFriend`): both edges at once, without a request. Consent comes
 * from app privilege (§5.2, an M key acting via `subject`) or from the target's `allowAny`;
 * anyone else must send a request. Returns the actor's edge (M `{id, from, to, ns, ts}`).
 * @throws ServerError INVALID_PARAM, USER_NOT_FOUND, PERMISSION_DENIED, BLOCKED_BY_PEER
 */
export async function addFriendDirect(ctx: ModelContext, actor: Actor, req: parley.v1.FriendAddDirect, by?: string): Promise<parley.v1.IFriend> {
  const app = ctx.app.id;
  const friendId = checkUserId(req.friendId, 'friendId');
  if (friendId === actor.userId) throw invalidParam('friendId', 'cannot befriend yourself');
  const users = await getUsers(ctx.store, app, [actor.userId, friendId]);
  const target = users.get(friendId);
  if (!target) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'friendId' });
  if (!users.has(actor.userId)) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'subject' });
  if (!actor.privileged && allowTypeOf(target, ctx.app.policy) !== AllowType.ALLOW_TYPE_ALLOW_ANY) {
    throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this user must accept a friend request first', { detail: 'friendId' });
  }
  const source = sourceOf(actor, by);
  return transact(ctx.store, async (tx) => {
    if (!actor.privileged && (await tx.get(FK.block(app, friendId, actor.userId)))) throw new ServerError(ErrorCode.BLOCKED_BY_PEER, 'this user blocked you', { detail: 'friendId' });
    const [mine, theirs] = await Promise.all([loadEdge(tx, app, actor.userId, friendId), loadEdge(tx, app, friendId, actor.userId)]);
    const friendshipId = mine?.id || theirs?.id || newFriendshipId();
    const edge = await addEdge(tx, ctx, actor.userId, friendId, friendshipId, {}, source);
    await addEdge(tx, ctx, friendId, actor.userId, friendshipId, {}, source);
    return edge;
  });
}

/**
 * `friend.delete`: the actor's edges to `users` (`SIDE_OUT`, T single) or both edges
 * (`SIDE_BOTH`); the ex-friend leaves the owner's friend groups. One result per user.
 */
export async function deleteFriends(ctx: ModelContext, actor: Actor, req: parley.v1.FriendDelete, by?: string): Promise<parley.v1.IItemResults> {
  const app = ctx.app.id;
  if (req.side === Side.SIDE_IN) throw invalidParam('side', 'SIDE_BOTH or SIDE_OUT');
  if (req.users.length > LIMITS.idsPerDelete) throw invalidParam('users', `at most ${LIMITS.idsPerDelete} users`);
  const ids = checkIds(
    req.users.map((ref) => checkRef(ctx, ref, 'users')),
    LIMITS.idsPerDelete,
    'users',
  );
  const source = sourceOf(actor, by);
  return transact(ctx.store, async (tx) => {
    const results: parley.v1.IItemResult[] = [];
    const dropped: string[] = [];
    for (const id of ids) {
      const mine = await loadEdge(tx, app, actor.userId, id);
      const theirs = req.side === Side.SIDE_BOTH ? await loadEdge(tx, app, id, actor.userId) : undefined;
      if (!mine && !theirs) {
        results.push({ id, code: ErrorCode.NOT_FRIENDS, message: 'not a friend' });
        continue;
      }
      if (mine) {
        await writeEdge(tx, ctx, actor.userId, id, undefined, Change.CHANGE_DELETED, source);
        dropped.push(id);
      }
      if (theirs) {
        await writeEdge(tx, ctx, id, actor.userId, undefined, Change.CHANGE_DELETED, source);
        await dropFromFriendGroups(tx, ctx, id, [actor.userId], source.exceptSessionId);
      }
      results.push({ id, code: 0, message: '' });
    }
    if (dropped.length > 0) await dropFromFriendGroups(tx, ctx, actor.userId, dropped, source.exceptSessionId);
    return { results };
  });
}

const UPDATABLE = new Map([
  ['remark', 'remark'],
  ['memoOthers', 'memoOthers'],
  ['memo_others', 'memoOthers'],
  ['customFields', 'customFields'],
  ['custom_fields', 'customFields'],
]);

/** Which fields a `friend.update` writes: those named, or (none named) those given non-empty. */
function fieldsToSet(req: parley.v1.FriendUpdate): Set<string> {
  if (req.setFields.length === 0) {
    const given = new Set<string>();
    if (req.remark) given.add('remark');
    if (req.memoOthers) given.add('memoOthers');
    if (Object.keys(req.customFields).length > 0) given.add('customFields');
    return given;
  }
  return new Set(
    req.setFields.map((name) => {
      const field = UPDATABLE.get(name);
      if (!field) throw invalidParam('setFields', `unknown field "${name}"`);
      return field;
    }),
  );
}

/**
 * `friend.update`: remark (T, O, J `memo_name`), `memoOthers` (J) and custom fields (T,
 * merged; an empty value removes the key) of the actor's edge.
 * @throws ServerError INVALID_PARAM, NOT_FRIENDS
 */
export async function updateFriend(ctx: ModelContext, actor: Actor, req: parley.v1.FriendUpdate, by?: string): Promise<parley.v1.IFriend> {
  const app = ctx.app.id;
  const friendId = checkUserId(req.userId);
  const fields = fieldsToSet(req);
  if (fields.size === 0) throw invalidParam('setFields', 'nothing to update');
  checkBytes(req.remark, LIMITS.remarkBytes, 'remark');
  checkBytes(req.memoOthers, LIMITS.memoOthersBytes, 'memoOthers');
  checkCustomFields(req.customFields, 'customFields');
  const source = sourceOf(actor, by);
  return transact(ctx.store, async (tx) => {
    const edge = await loadEdge(tx, app, actor.userId, friendId);
    if (!edge) throw new ServerError(ErrorCode.NOT_FRIENDS, 'not a friend', { detail: 'userId' });
    if (fields.has('remark')) edge.remark = req.remark;
    if (fields.has('memoOthers')) edge.memoOthers = req.memoOthers;
    if (fields.has('customFields')) {
      const merged = { ...edge.customFields, ...req.customFields };
      for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];
      edge.customFields = checkCustomFields(merged, 'customFields');
    }
    const groups = groupNamesOf(await loadFriendGroups(tx, app, actor.userId), friendId);
    await writeEdge(tx, ctx, actor.userId, friendId, edge, Change.CHANGE_UPDATED, source, groups);
    edge.groups = groups;
    return edge;
  });
}

/**
 * Checks inside the send transaction that `actor` may send a C2C message to `peerId`: the
 * peer's blocklist (policy `blockEnforceOnSend`) and `chatFriendOnly` (both edges needed).
 * The rows are read through `tx`, so a block committed meanwhile makes the send retry.
 * @throws ServerError BLOCKED_BY_PEER, NOT_FRIENDS
 */
export async function checkC2CSend(tx: Tx, ctx: ModelContext, actor: Actor, peerId: string): Promise<void> {
  const app = ctx.app.id;
  const { blockEnforceOnSend, chatFriendOnly } = ctx.app.policy;
  if (blockEnforceOnSend && (await tx.get(FK.block(app, peerId, actor.userId)))) {
    throw new ServerError(ErrorCode.BLOCKED_BY_PEER, 'the recipient blocked you', { detail: 'convId' });
  }
  if (chatFriendOnly) {
    const [mine, theirs] = await tx.getMany([FK.edge(app, actor.userId, peerId), FK.edge(app, peerId, actor.userId)]);
    if (!mine || !theirs) throw new ServerError(ErrorCode.NOT_FRIENDS, 'messages go only between friends', { detail: 'convId' });
  }
}

/** Ids of the users `userId` has a friend edge to (presence and profile fan-out). */
export async function friendIdsOf(ctx: ModelContext, userId: string): Promise<string[]> {
  const rows = await ctx.store.list({ prefix: FK.edges(ctx.app.id, userId) });
  return rows.map((row) => lastPart(row.key));
}

/** Change-stream resolvers of `friend`, `friendRequest`, `friendGroup` and `block` rows. */
export const friendChanges = {
  async friend(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Resolved> {
    const found = new Map((await friendsOf(ctx, userId, ids)).map((f) => [f.friendId, f]));
    const out: Resolved = new Map();
    for (const id of ids) {
      const friend = found.get(id);
      out.set(id, friend ? { friend } : { deleted: true, friend: { ownerId: userId, friendId: id } });
    }
    return out;
  },
  async friendRequest(ctx: ModelContext, _userId: string, ids: readonly string[]): Promise<Resolved> {
    const out: Resolved = new Map();
    for (const id of ids) {
      const pair = parseRequestId(id);
      if (!pair) continue;
      const row = await ctx.store.get(FK.request(ctx.app.id, pair.toId, pair.fromId));
      out.set(id, row ? { friendRequest: decodeRequest(row.value) } : { deleted: true, friendRequest: { id, ...pair } });
    }
    return out;
  },
  async friendGroup(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Resolved> {
    const rows = await ctx.store.getMany(ids.map((name) => FK.group(ctx.app.id, userId, name)));
    const out: Resolved = new Map();
    ids.forEach((name, i) => {
      const row = rows[i];
      out.set(name, row ? { friendGroup: decodeFriendGroup(row.value) } : { deleted: true, friendGroup: { name } });
    });
    return out;
  },
  async block(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Resolved> {
    const rows = await ctx.store.getMany(ids.map((id) => FK.block(ctx.app.id, userId, id)));
    const out: Resolved = new Map();
    ids.forEach((id, i) => {
      const row = rows[i];
      out.set(id, row ? { block: decodeBlock(row.value) } : { deleted: true, block: { ownerId: userId, blockedId: id } });
    });
    return out;
  },
};

/** Whether `section` is among the requested ones (empty or ALL = everything). */
function wants(sections: ReadonlySet<parley.v1.SnapshotSection>, section: parley.v1.SnapshotSection): boolean {
  return sections.has(SnapshotSection.SNAPSHOT_SECTION_ALL) || sections.has(section);
}

/** The friends (with friend groups), requests and blocklist sections of `sync.snapshot`. */
export async function friendSnapshot(ctx: ModelContext, userId: string, sections: ReadonlySet<parley.v1.SnapshotSection>): Promise<Partial<parley.v1.ISnapshot>> {
  const app = ctx.app.id;
  const out: Partial<parley.v1.ISnapshot> = {};
  if (wants(sections, SnapshotSection.SNAPSHOT_SECTION_FRIENDS)) {
    out.friends = await friendsOf(ctx, userId);
    out.friendGroups = (await ctx.store.list({ prefix: FK.groups(app, userId) })).map((row) => decodeFriendGroup(row.value));
  }
  if (wants(sections, SnapshotSection.SNAPSHOT_SECTION_REQUESTS)) out.friendRequests = await requestsOf(ctx, userId, Side.SIDE_BOTH);
  if (wants(sections, SnapshotSection.SNAPSHOT_SECTION_BLOCKLIST)) {
    out.blocks = (await ctx.store.list({ prefix: FK.blocks(app, userId) })).map((row) => decodeBlock(row.value));
  }
  return out;
}
