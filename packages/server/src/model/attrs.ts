import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import type { Actor, ModelContext } from './context.js';
import { assertMember, loadGroup, memberIdsInTx } from './groups.js';
import { attrLimits, checkMapKey, checkRoomId, checkStringMap } from './room-checks.js';
import { roomPresenceOf } from './room-presence.js';
import { loadRoom, RK } from './rooms.js';
import { fromJson, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';

/**
 * Attribute stores (CAPABILITIES.md §1.8, §2.11): one per group or live room, written per key
 * (T group attributes on an AVChatRoom, H room extra attributes). Each key keeps its last writer
 * and time; every write bumps the store's version and pushes `attributes` to the room (or to
 * the group's members).
 */

const { AttrMode, RoomKind } = parley.v1;

/** Group stores (tag `attr`); room stores live under the rooms module's `rattr` key. */
const AK = {
  group: (app: string, groupId: string): Key => [app, 'attr', groupId],
} as const;

interface StoredValue {
  v: string;
  by: string;
  at: number;
}

interface AttrStore {
  version: number;
  entries: Record<string, StoredValue>;
}

/** Which store a request names, and who may write what there. */
interface Scope {
  key: Key;
  wire: parley.v1.IAttrScope;
  /** The group owner or room owner (T init by owner). */
  ownerId: string;
}

/**
 * Resolves the scope inside `tx` and checks access: group members (app privilege: any existing
 * group), or users present in a live room. T's refusals map to canonical codes: `2641` (not an
 * AVChatRoom) → `NOT_SUPPORTED`, `2642` (not joined) → `NOT_IN_ROOM`.
 * @throws ServerError GROUP_NOT_FOUND, NOT_MEMBER, ROOM_NOT_FOUND, NOT_SUPPORTED, NOT_IN_ROOM
 */
async function openScope(tx: Tx, ctx: ModelContext, actor: Actor, scope: parley.v1.IAttrScope | null | undefined): Promise<Scope> {
  const app = ctx.app.id;
  const groupId = scope?.groupId ?? '';
  const roomId = scope?.roomId ?? '';
  if (Boolean(groupId) === Boolean(roomId)) throw invalidParam('scope', 'exactly one of groupId and roomId');
  if (groupId) {
    checkRoomId(groupId, 'scope.groupId');
    if (!actor.privileged) await assertMember(tx, app, groupId, actor.userId);
    const group = await loadGroup(tx, app, groupId);
    if (!group || group.status === parley.v1.GroupStatus.GROUP_STATUS_DISMISSED) {
      throw new ServerError(ErrorCode.GROUP_NOT_FOUND, 'no such group', { detail: 'scope.groupId' });
    }
    return { key: AK.group(app, groupId), wire: { groupId }, ownerId: group.ownerId };
  }
  checkRoomId(roomId, 'scope.roomId');
  const room = await loadRoom(tx, app, roomId);
  if (!room) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'scope.roomId' });
  if (room.kind !== RoomKind.ROOM_KIND_LIVE) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'only live rooms have attributes', { detail: 'scope.roomId' });
  if (!actor.privileged && !roomPresenceOf(ctx).isPresent(app, roomId, actor.userId)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'scope.roomId' });
  }
  return { key: RK.attrs(app, roomId), wire: { roomId }, ownerId: room.ownerId };
}

async function loadStore(tx: Tx, key: Key): Promise<AttrStore> {
  const bytes = await tx.get(key);
  return bytes ? fromJson<AttrStore>(bytes) : { version: 0, entries: {} };
}

function toWire(store: AttrStore, keys: readonly string[] = []): parley.v1.IAttrs {
  const names = keys.length > 0 ? keys.filter((key) => Object.hasOwn(store.entries, key)) : Object.keys(store.entries);
  const entries: Record<string, parley.v1.IAttrValue> = {};
  for (const name of names) {
    const stored = store.entries[name] as StoredValue;
    entries[name] = { value: stored.v, lastWriter: stored.by, updatedAt: stored.at };
  }
  return { entries, version: store.version };
}

/** The plain map of a store (limit checks, `full` of the push). */
function plain(entries: Readonly<Record<string, StoredValue>>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, value.v]));
}

/** What one write did, for the push. */
interface WriteOutcome {
  changed: Record<string, string>;
  deletedKeys: string[];
}

/** Applies a write to `store` in place; checks the request and the limits of the result. */
function applyWrite(ctx: ModelContext, actor: Actor, scope: Scope, store: AttrStore, req: parley.v1.AttrWrite): WriteOutcome {
  const limits = attrLimits(ctx);
  const now = ctx.now();
  const before = Object.keys(store.entries);
  const written = (): Record<string, StoredValue> => Object.fromEntries(Object.entries(req.entries).map(([key, v]) => [key, { v, by: actor.userId, at: now }]));
  let deletedKeys: string[] = [];
  switch (req.mode) {
    case AttrMode.ATTR_MODE_INIT:
    case AttrMode.ATTR_MODE_REPLACE:
      if (req.mode === AttrMode.ATTR_MODE_INIT && before.length > 0 && !actor.privileged && actor.userId !== scope.ownerId) {
        throw new ServerError(ErrorCode.PERMISSION_DENIED, 'the attributes are initialised; only the owner may initialise them again', { detail: 'mode' });
      }
      store.entries = written();
      deletedKeys = before.filter((key) => !Object.hasOwn(req.entries, key));
      break;
    case AttrMode.ATTR_MODE_UPSERT:
      if (Object.keys(req.entries).length === 0) throw invalidParam('entries', 'at least one entry');
      store.entries = { ...store.entries, ...written() };
      break;
    case AttrMode.ATTR_MODE_DELETE:
      if (req.keys.length === 0) throw invalidParam('keys', 'at least one key (clear removes all)');
      if (req.keys.length > limits.maxKeys) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `keys: at most ${limits.maxKeys}`, { detail: 'keys' });
      for (const key of req.keys) checkMapKey(key, 'keys', limits);
      deletedKeys = [...new Set(req.keys)].filter((key) => Object.hasOwn(store.entries, key));
      for (const key of deletedKeys) delete store.entries[key];
      break;
    case AttrMode.ATTR_MODE_CLEAR:
      store.entries = {};
      deletedKeys = before;
      break;
    default:
      throw invalidParam('mode', 'init, replace, upsert, delete or clear');
  }
  checkStringMap(plain(store.entries), 'entries', limits);
  store.version += 1;
  const changed = req.mode === AttrMode.ATTR_MODE_DELETE || req.mode === AttrMode.ATTR_MODE_CLEAR ? {} : { ...req.entries };
  return { changed, deletedKeys };
}

/**
 * `attr.write`: T `initGroupAttributes` (init: only while empty, or by the owner),
 * `setGroupAttributes` (upsert), `deleteGroupAttributes` (delete); H `setRoomExtraAttributes`
 * (replace), `updateRoomExtraAttributes` (upsert), `deleteRoomExtraAttributes` (delete),
 * `clearRoomExtraAttributes` (clear). Returns the whole store after the write.
 * @throws ServerError LIMIT_EXCEEDED (key count), TOO_LARGE (key, value, total), INVALID_PARAM,
 *   PERMISSION_DENIED (init of a non-empty store by a non-owner), and the scope refusals
 */
export async function writeAttrs(ctx: ModelContext, actor: Actor, req: parley.v1.AttrWrite): Promise<parley.v1.IAttrs> {
  checkStringMap(req.entries, 'entries', attrLimits(ctx));
  return transact(ctx.store, async (tx) => {
    const scope = await openScope(tx, ctx, actor, req.scope);
    const store = await loadStore(tx, scope.key);
    const { changed, deletedKeys } = applyWrite(ctx, actor, scope, store, req);
    if (Object.keys(store.entries).length === 0) tx.delete(scope.key);
    else tx.set(scope.key, toJson(store));
    const event: parley.v1.IAttributesEvent = {
      scope: scope.wire,
      mode: req.mode,
      changed,
      deletedKeys,
      full: plain(store.entries),
      by: actor.userId,
      ts: ctx.now(),
      version: store.version,
    };
    const app = ctx.app.id;
    const { groupId, roomId } = scope.wire;
    const memberIds = groupId ? await memberIdsInTx(tx, app, groupId) : [];
    tx.onCommit(() => {
      if (roomId) ctx.deliver.toRoom(app, roomId, { attributes: event }, actor.sessionId);
      else for (const userId of memberIds) ctx.deliver.toUser(app, userId, { attributes: event }, actor.sessionId);
    });
    return toWire(store);
  });
}

/** `attr.read` (T `getGroupAttributes`, H `fetchRoomExtraAttributes`): the keys asked for, or all. */
export async function readAttrs(ctx: ModelContext, actor: Actor, req: parley.v1.AttrRead): Promise<parley.v1.IAttrs> {
  if (req.keys.length > attrLimits(ctx).maxKeys) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `keys: at most ${attrLimits(ctx).maxKeys}`, { detail: 'keys' });
  return transact(ctx.store, async (tx) => {
    const scope = await openScope(tx, ctx, actor, req.scope);
    return toWire(await loadStore(tx, scope.key), req.keys);
  });
}
