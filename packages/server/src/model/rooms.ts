import { randomBytes } from 'node:crypto';
import { parley, WireReader } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import type { Actor, ModelContext } from './context.js';
import { assertUsersExist, checkCustomFields, checkRoomId, checkText, checkUserIds, HISTORY_POLICY, TEXT_FIELDS, type TextField } from './room-checks.js';
import { roomPresenceOf } from './room-presence.js';
import { fromJson, K, type LogHead, roomLog, toJson } from './schema.js';
import { type Tx, transact } from './tx.js';

/**
 * Rooms and channels (CAPABILITIES.md §1.9, §2.10, §3.6): the stored side. A room record
 * (profile, kind, owner and admins, history policy, the member list of listed rooms) lives at
 * `K.room`, sharing the group id namespace; bans and mutes are rows of their own. Presence (who
 * is in a live room or channel now) is live state that the gateway's room hub keeps in memory;
 * this module reads it through `RoomPresence` (`room-presence.ts`).
 *
 * This module holds the record itself: row keys, loading and saving, the access and policy
 * helpers the other room modules share, and `room.create` / `room.dismiss` / `room.get`. The
 * rest lives beside it: `room-checks.ts` (input validation), `room-presence.ts` (the presence
 * seam), `room-update.ts`, `room-search.ts`, `room-members.ts`, `room-moderation.ts` and
 * `room-messages.ts`.
 */

const { RoomKind } = parley.v1;
type Room = parley.v1.Room;

/** Row keys of this module (tags `rnum`, `rmem`, `rban`, `rmute`, `rattr`; the record is `K.room`). */
export const RK = {
  /** H `roomid` → room id. */
  byNumber: (app: string, numericId: number): Key => [app, 'rnum', numericId],
  /** The listed rooms of a user (MaxLeap `listRooms`); the list itself is in the record. */
  listed: (app: string, userId: string, roomId: string): Key => [app, 'rmem', userId, roomId],
  listedPrefix: (app: string, userId: string): Key => [app, 'rmem', userId],
  ban: (app: string, roomId: string, userId: string): Key => [app, 'rban', roomId, userId],
  bans: (app: string, roomId: string): Key => [app, 'rban', roomId],
  mute: (app: string, roomId: string, userId: string): Key => [app, 'rmute', roomId, userId],
  mutes: (app: string, roomId: string): Key => [app, 'rmute', roomId],
  /** The room's attribute store (§1.8; written by `model/attrs.ts`). */
  attrs: (app: string, roomId: string): Key => [app, 'rattr', roomId],
} as const;

// ---------------------------------------------------------------------------------------------
// Records

export function decodeRoom(bytes: Uint8Array): Room {
  return parley.v1.Room.decode(new WireReader(bytes));
}

export function saveRoom(tx: Tx, app: string, room: parley.v1.IRoom): void {
  tx.set(K.room(app, room.roomId ?? ''), parley.v1.Room.encode(room).finish());
}

export async function loadRoom(tx: Tx, app: string, roomId: string): Promise<Room | undefined> {
  const bytes = await tx.get(K.room(app, roomId));
  return bytes ? decodeRoom(bytes) : undefined;
}

/** The room id a reference names: the id itself, or H's numeric id (with its region). */
async function resolveRoomId(tx: Tx, app: string, ref: parley.v1.IRoomRef | null | undefined): Promise<string> {
  if (!ref) throw invalidParam('room', 'required');
  if (ref.roomId) return checkRoomId(ref.roomId, 'room.roomId');
  if (ref.numericId) {
    const row = await tx.get(RK.byNumber(app, ref.numericId));
    if (!row) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'room.numericId' });
    return fromJson<{ roomId: string }>(row).roomId;
  }
  throw invalidParam('room', 'needs a roomId (or channel id) or a numericId');
}

/**
 * The room a reference names. A channel reference (kind `channel`) finds channels only, and a
 * numeric one with a region finds rooms of that region only.
 * @throws ServerError ROOM_NOT_FOUND
 */
export async function requireRoom(tx: Tx, app: string, ref: parley.v1.IRoomRef | null | undefined): Promise<Room> {
  const roomId = await resolveRoomId(tx, app, ref);
  const room = await loadRoom(tx, app, roomId);
  const wrongKind = room && (ref?.kind === RoomKind.ROOM_KIND_CHANNEL) !== (room.kind === RoomKind.ROOM_KIND_CHANNEL);
  const wrongRegion = room && ref?.numericId && ref.region && room.region && ref.region !== room.region;
  if (!room || wrongKind || wrongRegion) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'room' });
  return room;
}

/** Owner, admins and app privilege manage a room; listed rooms and channels have no owner. */
export function isManager(room: Room, actor: Actor): boolean {
  return actor.privileged === true || (room.ownerId !== '' && room.ownerId === actor.userId) || room.adminIds.includes(actor.userId);
}

export function assertManager(room: Room, actor: Actor): void {
  if (!isManager(room, actor)) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the owner and admins may do this', { detail: 'room' });
}

/** Listed rooms (MaxLeap) are edited by their members or with app privilege. */
export function assertListedEditor(room: Room, actor: Actor): void {
  if (!actor.privileged && !room.memberIds.includes(actor.userId)) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this room', { detail: 'room' });
}

/** The room's history policy: its own, else the app's for its kind; channels keep none. */
export function historyPolicyOf(ctx: ModelContext, room: Room): string {
  if (room.kind === RoomKind.ROOM_KIND_CHANNEL) return 'none';
  if (room.historyPolicy) return room.historyPolicy;
  return room.kind === RoomKind.ROOM_KIND_LISTED ? ctx.app.policy.roomHistoryListed : ctx.app.policy.roomHistoryLive;
}

/** The capacity: the room's `maxUsers`, else the app's `room.maxUsers`; 0 = unlimited. */
export function capacityOf(ctx: ModelContext, room: Room): number {
  return room.maxUsers || ctx.app.policy.roomMaxUsers;
}

/** The room as a viewer sees it: live counts and effective policies; the password for managers only. */
export async function roomView(ctx: ModelContext, room: Room, viewer: Actor, lastSeq = 0): Promise<parley.v1.Room> {
  const onlineCount = await roomPresenceOf(ctx).count(ctx.app.id, room.roomId);
  return new parley.v1.Room({
    ...room,
    password: isManager(room, viewer) ? room.password : '',
    historyPolicy: historyPolicyOf(ctx, room),
    maxUsers: capacityOf(ctx, room),
    onlineCount,
    evictAfterMs: ctx.app.policy.roomEvictAfterMs,
    lastSeq,
  });
}

async function lastSeqOf(ctx: ModelContext, room: Room): Promise<number> {
  if (historyPolicyOf(ctx, room) === 'none') return 0;
  const head = await ctx.store.get(K.logHead(ctx.app.id, roomLog(room.roomId)));
  return head ? fromJson<LogHead>(head.value).seq : 0;
}

export async function activeRow<T extends { until: number }>(tx: Tx, key: Key, now: number): Promise<T | undefined> {
  const bytes = await tx.get(key);
  const row = bytes ? fromJson<T>(bytes) : undefined;
  return row && (row.until === 0 || row.until > now) ? row : undefined;
}

/** Deletes the bans, mutes and attribute store of a room id (dismiss, and leftovers at create). */
async function clearRoomRows(tx: Tx, app: string, roomId: string): Promise<void> {
  for (const prefix of [RK.bans(app, roomId), RK.mutes(app, roomId)]) {
    for (const row of await tx.list({ prefix })) tx.delete(row.key);
  }
  tx.delete(RK.attrs(app, roomId));
}

/** Rewrites a listed room's member list and its per-user index. */
export function setListedMembers(tx: Tx, app: string, room: Room, memberIds: readonly string[]): void {
  for (const userId of room.memberIds) if (!memberIds.includes(userId)) tx.delete(RK.listed(app, userId, room.roomId));
  for (const userId of memberIds) if (!room.memberIds.includes(userId)) tx.set(RK.listed(app, userId, room.roomId), toJson({}));
  room.memberIds = [...memberIds];
}

// ---------------------------------------------------------------------------------------------
// Lifecycle: create, dismiss, get

/** `room.create`: a live room (the creator owns it) or a listed room (no owner, a member list). */
export async function createRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomCreate): Promise<parley.v1.IRoom> {
  const app = ctx.app.id;
  const init = req.room ?? new parley.v1.Room();
  const kind = init.kind ?? RoomKind.ROOM_KIND_LIVE;
  if (kind === RoomKind.ROOM_KIND_CHANNEL) throw invalidParam('room.kind', 'channels are created by room.enter');
  if (kind !== RoomKind.ROOM_KIND_LIVE && kind !== RoomKind.ROOM_KIND_LISTED) throw invalidParam('room.kind', 'live or listed');
  const roomId = init.roomId ? checkRoomId(init.roomId, 'room.roomId') : `r${randomBytes(9).toString('base64url')}`;
  const historyPolicy = init.historyPolicy ?? '';
  if (historyPolicy && !HISTORY_POLICY.test(historyPolicy)) throw invalidParam('room.historyPolicy', '"none", "text:<days>" or "full:<days>"');
  const adminIds = checkUserIds(init.adminIds, 'room.adminIds', 100);
  const memberIds = checkUserIds(init.memberIds, 'room.memberIds', ctx.app.policy.roomMaxUsers || 100_000);
  if (kind === RoomKind.ROOM_KIND_LIVE && memberIds.length > 0) throw invalidParam('room.memberIds', 'only listed rooms have a member list');
  if (kind === RoomKind.ROOM_KIND_LISTED && adminIds.length > 0) throw invalidParam('room.adminIds', 'listed rooms have no owner or admins');
  const customFields = init.customFields ?? {};
  checkCustomFields(customFields, 'room.customFields');
  const text = Object.fromEntries(Object.entries(TEXT_FIELDS).map(([field, max]) => [field, checkText(init[field as TextField], `room.${field}`, max)]));
  await assertUsersExist(ctx, [...adminIds, ...memberIds], kind === RoomKind.ROOM_KIND_LISTED ? 'room.memberIds' : 'room.adminIds');
  return transact(ctx.store, async (tx) => {
    const [group, existing, head] = await tx.getMany([K.group(app, roomId), K.room(app, roomId), K.logHead(app, roomLog(roomId))]);
    // A dismissed room's history stays readable by nobody, but a new room must not inherit it.
    if (group || existing || head) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'the id is taken', { detail: 'room.roomId' });
    await clearRoomRows(tx, app, roomId);
    const counter = await tx.get(K.counter(app, 'roomNumericId'));
    const numericId = (counter ? fromJson<{ n: number }>(counter).n : 0) + 1;
    tx.set(K.counter(app, 'roomNumericId'), toJson({ n: numericId }));
    tx.set(RK.byNumber(app, numericId), toJson({ roomId }));
    const room = new parley.v1.Room({
      ...text,
      roomId,
      numericId,
      kind,
      region: checkText(init.region, 'room.region', 32),
      ownerId: kind === RoomKind.ROOM_KIND_LIVE ? actor.userId : '',
      adminIds,
      maxUsers: init.maxUsers ?? 0,
      customFields,
      createdAt: ctx.now(),
      historyPolicy,
      memberIds,
      allowAnonymous: init.allowAnonymous ?? false,
    });
    saveRoom(tx, app, room);
    for (const userId of memberIds) tx.set(RK.listed(app, userId, roomId), toJson({}));
    return room;
  }).then((room) => roomView(ctx, room, actor));
}

/** `room.dismiss`: `room_dismissed` to everyone present, who all leave; the record is gone. */
export async function dismissRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomRefOp): Promise<void> {
  const app = ctx.app.id;
  await transact(ctx.store, async (tx) => {
    const room = await requireRoom(tx, app, req.room);
    // Live rooms: the owner (T, H). Listed rooms and channels have no owner: app privilege (M rmRoom).
    const allowed = actor.privileged === true || (room.kind === RoomKind.ROOM_KIND_LIVE && room.ownerId === actor.userId);
    if (!allowed) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the owner may dismiss the room', { detail: 'room' });
    tx.delete(K.room(app, room.roomId));
    if (room.numericId) tx.delete(RK.byNumber(app, room.numericId));
    for (const userId of room.memberIds) tx.delete(RK.listed(app, userId, room.roomId));
    await clearRoomRows(tx, app, room.roomId);
    tx.onCommit(() => {
      ctx.deliver.toRoom(app, room.roomId, { roomDismissed: { roomId: room.roomId, by: actor.userId } });
      roomPresenceOf(ctx).drop(app, room.roomId);
    });
  });
}

/** `room.get`: the profile, owner, counts and (listed rooms) members; no entering needed. */
export async function getRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomRefOp): Promise<parley.v1.IRoom> {
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  return roomView(ctx, room, actor, await lastSeqOf(ctx, room));
}
