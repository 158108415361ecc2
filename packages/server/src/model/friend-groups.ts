import type { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { checkBytes, checkIds, decodeFriendGroup, FK, LIMITS, loadFriendGroup, loadFriendGroups, writeFriendGroups } from './friend-rows.js';
import { type Tx, transact } from './tx.js';

/**
 * Friend groups (T "lists", CAPABILITIES.md §1.6): named sets of an owner's friends. Only
 * friends can be members; ids that are not friends are left out, so the returned group shows
 * who got in (T reports the rest as failures). A friend's `groups[]` is derived from these.
 */

function checkName(name: string, field = 'name'): string {
  if (name.length === 0) throw invalidParam(field, 'required');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalidParam(field, 'must not contain control characters');
  return checkBytes(name, LIMITS.groupNameBytes, field);
}

/** The ones of `ids` that `ownerId` has an edge to, read through `tx`. */
async function friendsAmong(tx: Tx, app: string, ownerId: string, ids: readonly string[]): Promise<string[]> {
  const edges = await tx.getMany(ids.map((id) => FK.edge(app, ownerId, id)));
  return ids.filter((_, i) => edges[i] !== undefined);
}

/** @throws ServerError NOT_FOUND */
async function existingGroup(tx: Tx, app: string, ownerId: string, name: string): Promise<parley.v1.FriendGroup> {
  const group = await loadFriendGroup(tx, app, ownerId, name);
  if (!group) throw new ServerError(ErrorCode.NOT_FOUND, 'no such friend group', { detail: 'name' });
  return group;
}

/** `friendGroup.list`. */
export async function listFriendGroups(ctx: ModelContext, actor: Actor): Promise<parley.v1.IFriendGroups> {
  const rows = await ctx.store.list({ prefix: FK.groups(ctx.app.id, actor.userId) });
  return { groups: rows.map((row) => decodeFriendGroup(row.value)) };
}

/**
 * `friendGroup.create` with its first members.
 * @throws ServerError INVALID_PARAM, ALREADY_EXISTS, LIMIT_EXCEEDED
 */
export async function createFriendGroup(ctx: ModelContext, actor: Actor, req: parley.v1.FriendGroupEdit): Promise<parley.v1.IFriendGroup> {
  const app = ctx.app.id;
  const name = checkName(req.name);
  const ids = req.userIds.length > 0 ? checkIds(req.userIds, LIMITS.idsPerGroupEdit, 'userIds') : [];
  return transact(ctx.store, async (tx) => {
    if (await loadFriendGroup(tx, app, actor.userId, name)) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'a friend group with this name exists', { detail: 'name' });
    const count = (await loadFriendGroups(tx, app, actor.userId)).length;
    if (count >= LIMITS.groupsPerUser) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${LIMITS.groupsPerUser} friend groups`);
    const group = { name, userIds: await friendsAmong(tx, app, actor.userId, ids) };
    await writeFriendGroups(tx, ctx, actor.userId, [group], [], actor.sessionId);
    return group;
  });
}

/** `friendGroup.delete`. @throws ServerError NOT_FOUND */
export async function deleteFriendGroup(ctx: ModelContext, actor: Actor, req: parley.v1.FriendGroupEdit): Promise<void> {
  const name = checkName(req.name);
  await transact(ctx.store, async (tx) => {
    await existingGroup(tx, ctx.app.id, actor.userId, name);
    await writeFriendGroups(tx, ctx, actor.userId, [], [name], actor.sessionId);
  });
}

/** `friendGroup.rename` (`name` → `newName`). @throws ServerError NOT_FOUND, ALREADY_EXISTS */
export async function renameFriendGroup(ctx: ModelContext, actor: Actor, req: parley.v1.FriendGroupEdit): Promise<void> {
  const app = ctx.app.id;
  const name = checkName(req.name);
  const newName = checkName(req.newName, 'newName');
  await transact(ctx.store, async (tx) => {
    const group = await existingGroup(tx, app, actor.userId, name);
    if (newName === name) return;
    if (await loadFriendGroup(tx, app, actor.userId, newName)) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'a friend group with this name exists', { detail: 'newName' });
    await writeFriendGroups(tx, ctx, actor.userId, [{ name: newName, userIds: group.userIds }], [name], actor.sessionId);
  });
}

/**
 * `friendGroup.addUsers` / `friendGroup.removeUsers`: changes the members and returns the group.
 * @throws ServerError INVALID_PARAM, NOT_FOUND
 */
export async function editFriendGroupUsers(ctx: ModelContext, actor: Actor, req: parley.v1.FriendGroupEdit, add: boolean): Promise<parley.v1.IFriendGroup> {
  const app = ctx.app.id;
  const name = checkName(req.name);
  const ids = checkIds(req.userIds, LIMITS.idsPerGroupEdit, 'userIds');
  return transact(ctx.store, async (tx) => {
    const group = await existingGroup(tx, app, actor.userId, name);
    const members = new Set(group.userIds);
    if (add) for (const id of await friendsAmong(tx, app, actor.userId, ids)) members.add(id);
    else for (const id of ids) members.delete(id);
    const next = { name, userIds: [...members] };
    if (next.userIds.length !== group.userIds.length) await writeFriendGroups(tx, ctx, actor.userId, [next], [], actor.sessionId);
    return next;
  });
}
