import { type AttrMode, groupsOf, roomsOf } from '@parley/core';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import * as check from './checks.js';
import { knownType } from './resolve.js';
import { stateOf } from './state.js';

/**
 * The AVChatRoom an attribute call addresses. Attributes exist only on AVChatRooms (2641) the
 * instance is in (2642), as in tim-js-sdk; both are decided locally.
 */
function heldRoom(tim: TimCore, id: string): string {
  if (stateOf(tim).handles.has(id)) return id;
  const type = knownType(tim, id);
  if (type !== undefined && type !== 'AVChatRoom') throw new TimError({ code: TimCode.GROUP_ATTRIBUTES_NOT_AVCHATROOM });
  throw new TimError({ code: TimCode.GROUP_ATTRIBUTES_NOT_JOINED });
}

function write(tim: TimCore, options: unknown, mode: AttrMode): Promise<{ groupAttributes: Record<string, string> }> {
  const { entries, id: groupId } = check.setGroupAttributes(tim, options);
  const id = heldRoom(tim, groupId);
  return roomsOf(tim.client)
    .writeAttributes(id, mode, { entries })
    .then((store) => ({ groupAttributes: store.values }));
}

/** `initGroupAttributes`: replaces the AVChatRoom's attributes (only while empty, or by the owner). */
export function initGroupAttributes(tim: TimCore, options: unknown): Promise<{ groupAttributes: Record<string, string> }> {
  return write(tim, options, 'init');
}

/** `setGroupAttributes`: writes the given keys, keeping the others. */
export function setGroupAttributes(tim: TimCore, options: unknown): Promise<{ groupAttributes: Record<string, string> }> {
  return write(tim, options, 'upsert');
}

/** `deleteGroupAttributes`: deletes the keys of `keyList`, or every key when it is empty. */
export function deleteGroupAttributes(tim: TimCore, options: unknown): Promise<{ keyList: string[] }> {
  const { keys, id: groupId } = check.deleteGroupAttributes(tim, options);
  const id = heldRoom(tim, groupId);
  return (async () => {
    const rooms = roomsOf(tim.client);
    if (keys.length === 0) {
      const before = Object.keys((await rooms.getAttributes(id)).values);
      await rooms.writeAttributes(id, 'clear');
      return { keyList: before };
    }
    await rooms.writeAttributes(id, 'delete', { keys });
    return { keyList: keys };
  })();
}

/** `getGroupAttributes`: the keys of `keyList`, or every key when it is empty. */
export function getGroupAttributes(tim: TimCore, options: unknown): Promise<{ groupAttributes: Record<string, string> }> {
  const { keys, id: groupId } = check.getGroupAttributes(tim, options);
  const id = heldRoom(tim, groupId);
  return (async () => {
    return { groupAttributes: (await roomsOf(tim.client).getAttributes(id, keys)).values };
  })();
}

/** `setGroupCounters`: sets each counter of `counters` (key → integer). */
export function setGroupCounters(tim: TimCore, options: unknown): Promise<{ groupID: string; counters: Record<string, number> }> {
  const { id, counters } = check.setGroupCounters(tim, options);
  return (async () => {
    return { groupID: id, counters: await groupsOf(tim.client).writeCounters(id, counters, 'set') };
  })();
}

function step(tim: TimCore, options: unknown, mode: 'increase' | 'decrease'): Promise<{ groupID: string; key: string; value: number }> {
  const { id, key, by } = check.increaseGroupCounter(tim, options);
  return groupsOf(tim.client)
    .writeCounters(id, { [key]: by }, mode)
    .then((values) => ({ groupID: id, key, value: values[key] ?? 0 }));
}

/** `increaseGroupCounter`: adds `value` to `key`; resolves with the new value. */
export function increaseGroupCounter(tim: TimCore, options: unknown): Promise<{ groupID: string; key: string; value: number }> {
  return step(tim, options, 'increase');
}

/** `decreaseGroupCounter`: subtracts `value` from `key`; resolves with the new value. */
export function decreaseGroupCounter(tim: TimCore, options: unknown): Promise<{ groupID: string; key: string; value: number }> {
  return step(tim, options, 'decrease');
}

/** `getGroupCounters`: the counters of `keyList`, or all of them. */
export function getGroupCounters(tim: TimCore, options: unknown): Promise<{ groupID: string; counters: Record<string, number> }> {
  const { id, keys } = check.getGroupCounters(tim, options);
  return (async () => {
    return { groupID: id, counters: await groupsOf(tim.client).getCounters(id, keys) };
  })();
}
