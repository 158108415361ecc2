import type { parley } from '@parley/protocol';
import { ErrorCode, invalidParam } from '../errors.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { checkIds, checkRef, decodeBlock, encodeBlock, FK, LIMITS, pushAfterCommit } from './friend-rows.js';
import { transact } from './tx.js';
import { getUsers, toProfile } from './users.js';

/**
 * The blocklist (CAPABILITIES.md §1.7, §2.5): directed entries owner → blocked. A blocked
 * user's C2C sends to the owner are refused (`checkC2CSend`, policy `block.enforceOnSend`);
 * a blocked friend stays a friend. Entries go into the owner's change stream only.
 */

function checkRefs(ctx: ModelContext, refs: readonly parley.v1.IUserRef[]): string[] {
  if (refs.length > LIMITS.idsPerBlockEdit) throw invalidParam('users', `at most ${LIMITS.idsPerBlockEdit} users`);
  return checkIds(
    refs.map((ref) => checkRef(ctx, ref, 'users')),
    LIMITS.idsPerBlockEdit,
    'users',
  );
}

/** `block.list`: the entries with the blocked users' profiles. */
export async function listBlocks(ctx: ModelContext, actor: Actor): Promise<parley.v1.IBlocks> {
  const rows = await ctx.store.list({ prefix: FK.blocks(ctx.app.id, actor.userId) });
  const blocks = rows.map((row) => decodeBlock(row.value));
  const users = await getUsers(
    ctx.store,
    ctx.app.id,
    blocks.map((b) => b.blockedId),
  );
  return { blocks, profiles: [...users.values()].map(toProfile) };
}

/**
 * `block.add`: one result per user (USER_NOT_FOUND for an unknown one, ALREADY_SET when it is
 * blocked already). Blocking yourself fails the whole call.
 * @throws ServerError INVALID_PARAM
 */
export async function addBlocks(ctx: ModelContext, actor: Actor, req: parley.v1.BlockEdit): Promise<parley.v1.IItemResults> {
  const app = ctx.app.id;
  const ids = checkRefs(ctx, req.users);
  if (ids.includes(actor.userId)) throw invalidParam('users', 'cannot block yourself');
  const known = await getUsers(ctx.store, app, ids);
  return transact(ctx.store, async (tx) => {
    const results: parley.v1.IItemResult[] = [];
    const added: parley.v1.IBlock[] = [];
    let cursor = 0;
    const existing = await tx.getMany(ids.map((id) => FK.block(app, actor.userId, id)));
    for (const [i, id] of ids.entries()) {
      if (!known.has(id)) {
        results.push({ id, code: ErrorCode.USER_NOT_FOUND, message: 'no such user' });
      } else if (existing[i]) {
        results.push({ id, code: ErrorCode.ALREADY_SET, message: 'already blocked' });
      } else {
        const block: parley.v1.IBlock = { ownerId: actor.userId, blockedId: id, createdAt: ctx.now(), operatorId: actor.userId };
        tx.set(FK.block(app, actor.userId, id), encodeBlock(block));
        cursor = await recordChange(tx, app, actor.userId, 'block', id);
        added.push(block);
        results.push({ id, code: 0, message: '' });
      }
    }
    if (cursor > 0) pushAfterCommit(tx, ctx, actor.userId, { cursor, blocklist: { added, removed: [] } }, actor.sessionId);
    return { results };
  });
}

/** `block.remove`: one result per user (NOT_SET when it was not blocked). */
export async function removeBlocks(ctx: ModelContext, actor: Actor, req: parley.v1.BlockEdit): Promise<parley.v1.IItemResults> {
  const app = ctx.app.id;
  const ids = checkRefs(ctx, req.users);
  return transact(ctx.store, async (tx) => {
    const results: parley.v1.IItemResult[] = [];
    const removed: string[] = [];
    let cursor = 0;
    const existing = await tx.getMany(ids.map((id) => FK.block(app, actor.userId, id)));
    for (const [i, id] of ids.entries()) {
      if (!existing[i]) {
        results.push({ id, code: ErrorCode.NOT_SET, message: 'not blocked' });
        continue;
      }
      tx.delete(FK.block(app, actor.userId, id));
      cursor = await recordChange(tx, app, actor.userId, 'block', id);
      removed.push(id);
      results.push({ id, code: 0, message: '' });
    }
    if (cursor > 0) pushAfterCommit(tx, ctx, actor.userId, { cursor, blocklist: { added: [], removed } }, actor.sessionId);
    return { results };
  });
}
