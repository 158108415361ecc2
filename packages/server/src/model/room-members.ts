import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { assertUsersExist, attrLimits, checkRoomId, checkStringMap, checkText, checkUserIds } from './room-checks.js';
import type { BanRecord } from './room-moderation.js';
import { roomPresenceOf } from './room-presence.js';
import { activeRow, assertListedEditor, capacityOf, decodeRoom, isManager, RK, requireRoom, roomView, saveRoom, setListedMembers } from './rooms.js';
import { K } from './schema.js';
import { transact } from './tx.js';

/**
 * Who belongs to a room (CAPABILITIES.md §1.9, §2.10): the member lists of listed rooms, the
 * checks of `room.enter`, counts, member lists and managers, and per-member attributes of the
 * users present.
 */

const { RoomKind } = parley.v1;
type Room = parley.v1.Room;

// ---------------------------------------------------------------------------------------------
// Listed rooms: member lists

/** `room.addMembers` / `room.removeMembers` (listed rooms, M `addRoomMembers` / `rmRoomMembers`). */
export async function editListedMembers(ctx: ModelContext, actor: Actor, req: parley.v1.RoomMembersEdit, add: boolean): Promise<void> {
  const app = ctx.app.id;
  const userIds = checkUserIds(req.userIds, 'userIds', 1000);
  if (userIds.length === 0) throw invalidParam('userIds', 'at least one');
  if (add) await assertUsersExist(ctx, userIds, 'userIds');
  await transact(ctx.store, async (tx) => {
    const room = await requireRoom(tx, app, req.room);
    if (room.kind !== RoomKind.ROOM_KIND_LISTED) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'only listed rooms have a member list', { detail: 'room' });
    assertListedEditor(room, actor);
    const next = add ? [...new Set([...room.memberIds, ...userIds])] : room.memberIds.filter((id) => !userIds.includes(id));
    const capacity = capacityOf(ctx, room);
    if (capacity > 0 && next.length > capacity) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'the room is full', { detail: 'userIds' });
    setListedMembers(tx, app, room, next);
    saveRoom(tx, app, room);
  });
}

/** `room.listJoined` (M `listRooms`): the listed rooms whose member list includes the actor. */
export async function listJoinedRooms(ctx: ModelContext, actor: Actor, req: parley.v1.RoomListJoined): Promise<parley.v1.IRooms> {
  const ids = await listedRoomIdsOf(ctx, actor.userId);
  if (!req.withDetail) return { rooms: ids.map((roomId) => ({ roomId })) };
  const rows = await ctx.store.getMany(ids.map((id) => K.room(ctx.app.id, id)));
  return { rooms: await Promise.all(rows.filter((row) => row !== undefined).map((row) => roomView(ctx, decodeRoom(row.value), actor))) };
}

/** Ids of the listed rooms (MaxLeap) whose member list includes `userId`. */
export async function listedRoomIdsOf(ctx: ModelContext, userId: string): Promise<string[]> {
  const rows = await ctx.store.list({ prefix: RK.listedPrefix(ctx.app.id, userId) });
  return rows.map((row) => row.key[row.key.length - 1] as string);
}

// ---------------------------------------------------------------------------------------------
// Presence: entering, members, counts

/**
 * The checks of `room.enter` (H `joinChatRoom`, `joinChannel`; T `joinGroup` on an AVChatRoom):
 * the room exists (a channel is created on first entry), the user is not banned, a listed room
 * lists them, guests only where the room allows anonymous entry, the password, the capacity.
 * Returns the room; the gateway's hub then records the session as present.
 * @throws ServerError ROOM_NOT_FOUND, BANNED, NOT_MEMBER, PERMISSION_DENIED, LIMIT_EXCEEDED
 */
export async function checkEnter(ctx: ModelContext, actor: Actor, req: parley.v1.RoomEnter, guest: boolean): Promise<Room> {
  const app = ctx.app.id;
  checkStringMap(req.joinProps, 'joinProps', { maxKeys: 32, maxKeyBytes: 64, maxValueBytes: 1024, maxTotalBytes: 4096 });
  const room = await transact(ctx.store, async (tx) => {
    const channel = req.room?.kind === RoomKind.ROOM_KIND_CHANNEL;
    const id = channel ? checkRoomId(req.room?.roomId, 'room.roomId') : '';
    if (channel && !(await tx.get(K.room(app, id)))) {
      if (await tx.get(K.group(app, id))) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'the id names a group', { detail: 'room' });
      // H channels are created implicitly by their string id; they have no owner and no history.
      const created = new parley.v1.Room({ roomId: id, kind: RoomKind.ROOM_KIND_CHANNEL, region: checkText(req.room?.region, 'room.region', 32), createdAt: ctx.now(), allowAnonymous: true });
      saveRoom(tx, app, created);
      return created;
    }
    const found = await requireRoom(tx, app, req.room);
    if (await activeRow<BanRecord>(tx, RK.ban(app, found.roomId, actor.userId), ctx.now())) {
      throw new ServerError(ErrorCode.BANNED, 'banned from this room', { detail: 'room' });
    }
    return found;
  });
  const presence = roomPresenceOf(ctx);
  const userPresent = presence.isPresent(app, room.roomId, actor.userId);
  if (isManager(room, actor)) return room;
  if (room.kind === RoomKind.ROOM_KIND_LISTED && !room.memberIds.includes(actor.userId)) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this room', { detail: 'room' });
  if (guest && !room.allowAnonymous) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this room does not admit guests', { detail: 'room' });
  if (room.password && req.password !== room.password) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'wrong room password', { detail: 'password' });
  const capacity = capacityOf(ctx, room);
  if (!userPresent && capacity > 0 && (await presence.count(app, room.roomId)) >= capacity) {
    throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'the room is full', { detail: 'room' });
  }
  return room;
}

/** The room entry result: the room as the entrant sees it and the count after entering. */
export async function enterResult(ctx: ModelContext, actor: Actor, room: Room, alreadyIn: boolean): Promise<parley.v1.IRoomEnterResult> {
  const view = await roomView(ctx, room, actor);
  return { room: view, count: view.onlineCount, alreadyIn };
}

/**
 * `room.count` (H `getChatRoomUserCount`, T `getGroupOnlineMemberCount`): users present, for
 * every kind (a listed room's member list is `room.get`'s); entering is not required.
 */
export async function countRoom(ctx: ModelContext, req: parley.v1.RoomRefOp): Promise<parley.v1.IRoomCountResult> {
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  return { totalCount: await roomPresenceOf(ctx).count(ctx.app.id, room.roomId) };
}

/** `room.listMembers`: present users in join order (listed rooms: the member list), by offset. */
export async function listRoomMembers(ctx: ModelContext, req: parley.v1.RoomListMembers): Promise<parley.v1.IUserIdPage> {
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  if (req.mark !== 0 && req.mark < 1000) throw invalidParam('mark', 'marks are 1000 or more');
  const count = Math.min(req.count || 100, 500);
  const all = room.kind === RoomKind.ROOM_KIND_LISTED ? room.memberIds : await roomPresenceOf(ctx).userIds(ctx.app.id, room.roomId, req.mark);
  const page = all.slice(req.offset, req.offset + count);
  const next = req.offset + page.length;
  const completed = next >= all.length;
  return { userIds: page, nextOffset: completed ? 0 : next, completed };
}

/** `room.getManagers` (H `getChatRoomManager`): owners and admins, or one role. */
export async function getRoomManagers(ctx: ModelContext, req: parley.v1.RoomGetManagers): Promise<parley.v1.IRoomManagers> {
  if (req.role !== '' && req.role !== 'owner' && req.role !== 'admin') throw invalidParam('role', '"owner", "admin" or empty');
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  return {
    owners: req.role !== 'admin' && room.ownerId ? [room.ownerId] : [],
    admins: req.role !== 'owner' ? room.adminIds : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Member attributes

async function requirePresent(ctx: ModelContext, actor: Actor, ref: parley.v1.IRoomRef | null | undefined): Promise<Room> {
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, ref));
  if (!roomPresenceOf(ctx).isPresent(ctx.app.id, room.roomId, actor.userId) && !isManager(room, actor)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'room' });
  }
  return room;
}

/** `room.setMemberAttrs` (H `setUserAttributes`): the caller's own, replaced; cleared when they leave. */
export async function setMemberAttrs(ctx: ModelContext, actor: Actor, req: parley.v1.RoomMemberAttrsEdit): Promise<void> {
  checkStringMap(req.attributes, 'attributes', attrLimits(ctx));
  const room = await transact(ctx.store, (tx) => requireRoom(tx, ctx.app.id, req.room));
  const attributes = { ...req.attributes };
  if (!roomPresenceOf(ctx).setMemberAttrs(ctx.app.id, room.roomId, actor.userId, attributes)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'room' });
  }
  ctx.deliver.toRoom(ctx.app.id, room.roomId, { roomMemberAttrs: { roomId: room.roomId, userId: actor.userId, attributes } }, actor.sessionId);
}

/** `room.listMemberAttrs` (H `getUserAttributesList`): members present with attributes. */
export async function listMemberAttrs(ctx: ModelContext, actor: Actor, req: parley.v1.RoomRefOp): Promise<parley.v1.IRoomMemberAttrsList> {
  const room = await requirePresent(ctx, actor, req.room);
  return { members: roomPresenceOf(ctx).memberAttrs(ctx.app.id, room.roomId) };
}
