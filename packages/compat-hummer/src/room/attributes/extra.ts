import { type AttrMode, type AttrStore, roomsOf } from '@parley/core';
import type { Result } from '../../core.js';
import { paramError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { echoOwn, extraEvent } from './events.js';
import { checkKeys, joinedHandle, paramsOf, stringList, stringMap } from './params.js';

/** What one extra-attribute write sends. */
interface Write {
  mode: AttrMode;
  entries?: Record<string, string>;
  keys?: string[];
}

/**
 * Writes the room's extra attributes (the room attribute store; joined: 2004 otherwise) and
 * tells the caller's own ChatRoom objects, which the server's push leaves out. Limits are the
 * server's (`attr.limits`): too many keys 2006, a key or value too long 2007.
 */
async function write(room: ChatRoom, { mode, entries = {}, keys = [] }: Write): Promise<Record<string, unknown>> {
  const handle = joinedHandle(room);
  const store = await roomsOf(room.core.client).writeAttributes(handle.roomId, mode, { entries, keys });
  echoOwn(room.core, handle.roomId, extraEvent({ mode, changed: entries, full: store.values, by: room.core.uid, ts: writtenAt(store, entries) }));
  return room.echo();
}

/** The server's time of the keys just written; now when none were (delete, clear). */
function writtenAt(store: AttrStore, entries: Record<string, string>): number {
  const times = Object.keys(entries).map((key) => store.entries[key]?.updatedAt ?? 0);
  return Math.max(0, ...times) || Date.now();
}

/** The `extraAttributes` argument, keys checked. */
function extraAttributes(input: unknown): Record<string, string> {
  const map = stringMap(paramsOf(input).extraAttributes, 'extraAttributes');
  checkKeys(Object.keys(map), 'extraAttributes');
  return map;
}

/** The `extraKeys` argument, keys checked. */
function extraKeys(input: unknown): string[] {
  const keys = stringList(paramsOf(input).extraKeys, 'extraKeys');
  checkKeys(keys, 'extraKeys');
  return keys;
}

/** `chatroom.setRoomExtraAttributes({extraAttributes})`: replaces the whole map; members get `RoomExtraAttributesSet`. */
export function setRoomExtraAttributes(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('setRoomExtraAttributes', () => write(room, { mode: 'replace', entries: extraAttributes(input) }));
}

/** `chatroom.updateRoomExtraAttributes({extraAttributes})`: adds or overwrites the listed keys; members get `RoomExtraAttributesUpdated`. */
export function updateRoomExtraAttributes(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('updateRoomExtraAttributes', () => {
    const entries = extraAttributes(input);
    if (Object.keys(entries).length === 0) throw paramError('extraAttributes: at least one key');
    return write(room, { mode: 'upsert', entries });
  });
}

/** `chatroom.deleteRoomExtraAttributes({extraKeys})`: removes the listed keys; members get `RoomExtraAttributesDeleted`. */
export function deleteRoomExtraAttributes(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('deleteRoomExtraAttributes', () => {
    const keys = extraKeys(input);
    if (keys.length === 0) throw paramError('extraKeys: at least one key');
    return write(room, { mode: 'delete', keys });
  });
}

/** `chatroom.clearRoomExtraAttributes()`: removes every key; members get `RoomExtraAttributesCleared`. */
export function clearRoomExtraAttributes(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('clearRoomExtraAttributes', () => {
    paramsOf(input);
    return write(room, { mode: 'clear' });
  });
}

/** `chatroom.fetchRoomExtraAttributes({extraKeys})` → `{extraAttributes, attributes}` (the same map) of the listed keys; none or `[]` for all. */
export function fetchRoomExtraAttributes(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('fetchRoomExtraAttributes', async () => {
    const keys = extraKeys(input);
    const handle = joinedHandle(room);
    const { values } = await roomsOf(room.core.client).getAttributes(handle.roomId, keys);
    return { ...room.echo(), extraAttributes: values, attributes: { ...values } };
  });
}
