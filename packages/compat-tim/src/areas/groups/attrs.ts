import { type AttrMode, groupsOf, roomsOf } from '@parley/core';
import type { TimCore } from '../../core.js';
import { paramsError, TimCode, TimError } from '../../errors.js';
import { knownType, requireGroupID, requireOptions, stateOf, stringList } from './state.js';

/** A `groupAttributes` argument: an object of string values. */
function attributeMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw paramsError('groupAttributes');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.some(([, v]) => typeof v !== 'string')) throw paramsError('groupAttributes');
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * The AVChatRoom an attribute call addresses. Attributes exist only on AVChatRooms (2641) the
 * instance is in (2642), as in tim-js-sdk; both are decided locally.
 */
function heldRoom(tim: TimCore, options: Record<string, unknown>): string {
  const id = requireGroupID(options.groupID);
  if (stateOf(tim).handles.has(id)) return id;
  const type = knownType(tim, id);
  if (type !== undefined && type !== 'AVChatRoom') throw new TimError({ code: TimCode.GROUP_ATTRIBUTES_NOT_AVCHATROOM });
  throw new TimError({ code: TimCode.GROUP_ATTRIBUTES_NOT_JOINED });
}

function write(tim: TimCore, options: unknown, mode: AttrMode): Promise<{ groupAttributes: Record<string, string> }> {
  const o = requireOptions(options);
  const entries = attributeMap(o.groupAttributes);
  const id = heldRoom(tim, o);
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
  const o = requireOptions(options);
  if (!Array.isArray(o.keyList)) throw paramsError('keyList');
  const keys = stringList(o.keyList, 'keyList');
  const id = heldRoom(tim, o);
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
  const o = requireOptions(options);
  const keys = stringList(o.keyList, 'keyList');
  const id = heldRoom(tim, o);
  return (async () => {
    return { groupAttributes: (await roomsOf(tim.client).getAttributes(id, keys)).values };
  })();
}

function counterValue(value: unknown, field: string): number {
  const n = Number(value);
  if (typeof value !== 'number' || !Number.isInteger(n)) throw paramsError(field);
  return n;
}

/** `setGroupCounters`: sets each counter of `counters` (key → integer). */
export function setGroupCounters(tim: TimCore, options: unknown): Promise<{ groupID: string; counters: Record<string, number> }> {
  const o = requireOptions(options);
  const id = requireGroupID(o.groupID);
  if (!o.counters || typeof o.counters !== 'object' || Array.isArray(o.counters)) throw paramsError('counters');
  const counters = Object.fromEntries(Object.entries(o.counters as Record<string, unknown>).map(([k, v]) => [k, counterValue(v, 'counters')]));
  return (async () => {
    return { groupID: id, counters: await groupsOf(tim.client).writeCounters(id, counters, 'set') };
  })();
}

function step(tim: TimCore, options: unknown, mode: 'increase' | 'decrease'): Promise<{ groupID: string; key: string; value: number }> {
  const o = requireOptions(options);
  const id = requireGroupID(o.groupID);
  const key = requireGroupID(o.key, 'key');
  const by = counterValue(o.value, 'value');
  if (by < 0) throw paramsError('value');
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
  const o = requireOptions(options);
  const id = requireGroupID(o.groupID);
  const keys = stringList(o.keyList, 'keyList');
  return (async () => {
    return { groupID: id, counters: await groupsOf(tim.client).getCounters(id, keys) };
  })();
}
