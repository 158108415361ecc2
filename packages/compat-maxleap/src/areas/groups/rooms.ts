import { type Room, RoomKind, roomsOf } from '@parley/core';
import type { MlCore } from '../../core.js';
import { idArg, membersArg, objectArg } from '../args.js';
import { attributesOf, attrPatch, ROOM_PROFILE } from './attributes.js';

/** A room in `listRooms(…, true)`: as `listGroups` details, without an owner (rooms have none). */
export interface RoomDetail {
  id: string;
  name: string;
  members: string[];
  ts: number;
}

/** `getRoom`'s answer (§4.5). */
export interface RoomInfo {
  ts: number;
  members: string[];
  attributes: Record<string, unknown>;
}

/** One room by id. @throws {RequestError} `ROOM_NOT_FOUND` (5004). */
export function roomOf(core: MlCore, roomId: string): Promise<Room> {
  return roomsOf(core.client).get(roomId);
}

/**
 * `im.listRooms(userid, callback, withDetail)` (the callback comes second; undocumented, used by
 * the vendor demo): the rooms listing the user as a member, as ids, or with `withDetail` as
 * `[{id, name, members, ts}]`.
 */
export function listRooms(core: MlCore, ...args: unknown[]): void {
  const [userid, callback, withDetail] = args;
  core.rest(callback, async () => {
    const subject = idArg(userid, 'userid');
    const detail = Boolean(withDetail);
    const rooms = (await core.client.request('roomListJoined', { withDetail: detail }, { subject }))?.rooms ?? [];
    if (!detail) return rooms.map((r) => r.roomId ?? '');
    return rooms.map((r): RoomDetail => ({ id: r.roomId ?? '', name: r.name ?? '', members: [...(r.memberIds ?? [])], ts: Number(r.createdAt ?? 0) }));
  });
}

/**
 * `im.addRoom({name, members?}, callback)` → the new room's id (a String). Rooms have no owner
 * and keep no history; other keys of `data` become attributes. Members must be users (5004).
 */
export function addRoom(core: MlCore, ...args: unknown[]): void {
  const [data, callback] = args;
  core.rest(callback, async () => {
    const { members, ...attributes } = objectArg(data, 'data');
    const memberIds = membersArg(members, 'data.members', true) ?? [];
    const { customMode: _merge, ...init } = attrPatch(attributes, 'merge', ROOM_PROFILE);
    const room = await roomsOf(core.client).create({ ...init, kind: RoomKind.LISTED, memberIds });
    return room.roomId ?? '';
  });
}

/** `im.getRoom(roomid, callback)` → `{ts, members, attributes: {name, …}}`. */
export function getRoom(core: MlCore, ...args: unknown[]): void {
  const [roomid, callback] = args;
  core.rest(callback, async (): Promise<RoomInfo> => {
    const room = await roomOf(core, idArg(roomid, 'roomid'));
    return { ts: Number(room.createdAt ?? 0), members: [...(room.memberIds ?? [])], attributes: attributesOf(room, ROOM_PROFILE) };
  });
}

/** `im.updateRoom(roomid, {name?, members?}, callback)` → `{}`; `members` replaces the whole list (they must be users). */
export function updateRoom(core: MlCore, ...args: unknown[]): void {
  const [roomid, data, callback] = args;
  core.rest(callback, async () => {
    const roomId = idArg(roomid, 'roomid');
    const d = objectArg(data, 'data');
    const { name } = attrPatch({ name: d.name }, 'merge', ROOM_PROFILE);
    const memberIds = membersArg(d.members, 'data.members', true);
    await roomsOf(core.client).update(roomId, { ...(name !== undefined && { name }), ...(memberIds && { memberIds }) });
  });
}

/** `im.rmRoom(roomid, callback)` → `{}`: deletes the room. */
export function rmRoom(core: MlCore, ...args: unknown[]): void {
  const [roomid, callback] = args;
  core.rest(callback, async () => {
    await roomsOf(core.client).dismiss(idArg(roomid, 'roomid'));
  });
}

/** `im.addRoomMembers(roomid, {members}, callback)` → `{}`; members already in are fine, unknown users are 5004. */
export function addRoomMembers(core: MlCore, ...args: unknown[]): void {
  editMembers(core, args, 'add');
}

/** `im.rmRoomMembers(roomid, {members}, callback)` → `{}`; users who are not members are ignored. */
export function rmRoomMembers(core: MlCore, ...args: unknown[]): void {
  editMembers(core, args, 'remove');
}

function editMembers(core: MlCore, args: readonly unknown[], change: 'add' | 'remove'): void {
  const [roomid, data, callback] = args;
  core.rest(callback, async () => {
    const roomId = idArg(roomid, 'roomid');
    const members = membersArg(objectArg(data, 'data').members, 'data.members') ?? [];
    if (members.length > 0) await roomsOf(core.client).editMembers(roomId, { [change]: members });
  });
}
