import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import type { Actor, ModelContext } from './context.js';
import { assertMember, loadGroup, memberIdsInTx } from './groups.js';
import { attrLimits, checkMapKey, checkRoomId } from './room-checks.js';
import { fromJson, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';

/**
 * Group counters (CAPABILITIES.md §1.8, §2.11; T `setGroupCounters`, `increaseGroupCounter`,
 * `decreaseGroupCounter`, `getGroupCounters`): integer values per key, read and written by
 * members. Values are int64 on the wire and JS numbers here, so they stay within ±(2^53 − 1)
 * (the wire maps int64 to numbers). Key count and key size follow `attr.limits`.
 */

const { CounterMode } = parley.v1;

const CK = {
  /** One row per group: the whole map (tag `gctr`). */
  group: (app: string, groupId: string): Key => [app, 'gctr', groupId],
} as const;

type CounterMap = Record<string, number>;

/** Checks membership (app privilege: the group must exist) inside `tx`. */
async function openGroup(tx: Tx, ctx: ModelContext, actor: Actor, groupId: string): Promise<void> {
  checkRoomId(groupId, 'groupId');
  if (!actor.privileged) {
    await assertMember(tx, ctx.app.id, groupId, actor.userId);
    return;
  }
  const group = await loadGroup(tx, ctx.app.id, groupId);
  if (!group || group.status === parley.v1.GroupStatus.GROUP_STATUS_DISMISSED) throw new ServerError(ErrorCode.GROUP_NOT_FOUND, 'no such group', { detail: 'groupId' });
}

function checkValue(key: string, value: number, field: string): number {
  if (!Number.isSafeInteger(value)) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `${field}: "${key}" is outside ±(2^53 − 1)`, { detail: field });
  return value;
}

/**
 * `counter.write`: `set` writes the given values; `incr` / `decr` add or subtract each given
 * amount (a missing key counts as 0). Returns the new values of the keys written and pushes
 * `counter` with them to the group's members.
 * @throws ServerError INVALID_PARAM, LIMIT_EXCEEDED (keys, range), GROUP_NOT_FOUND, NOT_MEMBER
 */
export async function writeCounters(ctx: ModelContext, actor: Actor, req: parley.v1.CounterWrite): Promise<parley.v1.ICounters> {
  const limits = attrLimits(ctx);
  const entries = Object.entries(req.values);
  if (entries.length === 0) throw invalidParam('values', 'at least one key');
  for (const [key, value] of entries) {
    checkMapKey(key, 'values', limits);
    checkValue(key, value, 'values');
  }
  const sign = { [CounterMode.COUNTER_MODE_SET]: 0, [CounterMode.COUNTER_MODE_INCREASE]: 1, [CounterMode.COUNTER_MODE_DECREASE]: -1 }[req.mode];
  if (sign === undefined) throw invalidParam('mode', 'set, incr or decr');
  const app = ctx.app.id;
  return transact(ctx.store, async (tx) => {
    await openGroup(tx, ctx, actor, req.groupId);
    const bytes = await tx.get(CK.group(app, req.groupId));
    const counters: CounterMap = bytes ? fromJson<CounterMap>(bytes) : {};
    const values: CounterMap = {};
    for (const [key, amount] of entries) {
      values[key] = checkValue(key, sign === 0 ? amount : (counters[key] ?? 0) + sign * amount, 'values');
    }
    Object.assign(counters, values);
    if (Object.keys(counters).length > limits.maxKeys) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${limits.maxKeys} counters per group`, { detail: 'values' });
    tx.set(CK.group(app, req.groupId), toJson(counters));
    const memberIds = await memberIdsInTx(tx, app, req.groupId);
    tx.onCommit(() => {
      for (const userId of memberIds) ctx.deliver.toUser(app, userId, { counter: { groupId: req.groupId, values } }, actor.sessionId);
    });
    return { values };
  });
}

/** `counter.read`: the keys asked for (missing ones are left out), or every counter. */
export async function readCounters(ctx: ModelContext, actor: Actor, req: parley.v1.CounterRead): Promise<parley.v1.ICounters> {
  if (req.keys.length > attrLimits(ctx).maxKeys) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `keys: at most ${attrLimits(ctx).maxKeys}`, { detail: 'keys' });
  return transact(ctx.store, async (tx) => {
    await openGroup(tx, ctx, actor, req.groupId);
    const bytes = await tx.get(CK.group(ctx.app.id, req.groupId));
    const counters: CounterMap = bytes ? fromJson<CounterMap>(bytes) : {};
    if (req.keys.length === 0) return { values: counters };
    return { values: Object.fromEntries(req.keys.filter((key) => Object.hasOwn(counters, key)).map((key) => [key, counters[key] as number])) };
  });
}
