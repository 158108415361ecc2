import { roomsOf } from '@parley/core';
import type { MlCore } from '../../core.js';
import { type AttrTarget, clearAttributes, readAttributes, readOneAttribute, searchQuery, writeAttributes } from './attr-helpers.js';
import { attributesOf, attrPatch, ROOM_PROFILE } from './attributes.js';
import { roomOf } from './rooms.js';

/** A room in `searchRooms` results (§4.5): no owner, no `ts`. */
export interface RoomHit {
  id: string;
  attributes: Record<string, unknown>;
}

const ROOM: AttrTarget = {
  what: 'room',
  read: async (core, id) => attributesOf(await roomOf(core, id), ROOM_PROFILE),
  write: (core, id, data, mode) => roomsOf(core.client).update(id, attrPatch(data, mode, ROOM_PROFILE)),
};

/**
 * `im.searchRooms(size, skip, sort, data, callback)` → `[{id, attributes}]`: rooms whose
 * attributes equal every value of `data`, sorted by the comma-separated `sort` fields (a leading
 * `-` descends; `ts` is the creation time), then `skip` and `size` (at most 100).
 */
export function searchRooms(core: MlCore, ...args: unknown[]): void {
  const [size, skip, sort, data, callback] = args;
  core.rest(callback, async () => {
    const rooms = await roomsOf(core.client).search(searchQuery(size, skip, sort, data));
    return rooms.map((r): RoomHit => ({ id: r.roomId ?? '', attributes: attributesOf(r, ROOM_PROFILE) }));
  });
}

/** `im.setRoomAttributes(room, data, callback)` → `{}`: merges `data` into the attributes. */
export function setRoomAttributes(core: MlCore, ...args: unknown[]): void {
  writeAttributes(core, ROOM, 'merge', args);
}

/** `im.coverSetRoomAttributes(room, data, callback)` → `{}`: the attributes become `data` (no `name` in it erases the name). */
export function coverSetRoomAttributes(core: MlCore, ...args: unknown[]): void {
  writeAttributes(core, ROOM, 'replace', args);
}

/** `im.getRoomAttributes(room, callback)` → every attribute, `name` included. */
export function getRoomAttributes(core: MlCore, ...args: unknown[]): void {
  readAttributes(core, ROOM, args);
}

/** `im.getRoomOneAttribute(room, attr, callback)` → that attribute's value; 5004 when it is not set. */
export function getRoomOneAttribute(core: MlCore, ...args: unknown[]): void {
  readOneAttribute(core, ROOM, args);
}

/** `im.rmRoomAttributes(room, callback)` → `{}`: removes every attribute, the name included. */
export function rmRoomAttributes(core: MlCore, ...args: unknown[]): void {
  clearAttributes(core, ROOM, args);
}
