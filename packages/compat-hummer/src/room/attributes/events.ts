import type { AttrMode, RoomEvents, RoomHandle } from '@parley/core';
import type { HummerCore } from '../../core.js';
import type { ChatRoom } from '../../room.js';
import { BASIC_FIELDS, basicAttributes } from './profile.js';

/** The core's write modes by the wire's `parley.v1.AttrMode` values, which the `attributes` push carries. */
const MODES: readonly AttrMode[] = ['upsert', 'init', 'replace', 'delete', 'clear'];

/** One change of a room's extra attributes, as a push reports it or as the caller's own write saw it. */
export interface ExtraChange {
  mode: AttrMode;
  /** The keys written (upsert, replace). */
  changed: Record<string, string>;
  /** The whole store after the change. */
  full: Record<string, string>;
  by: string;
  ts: number;
}

/** An event name and a payload factory (each listener's room gets its own object). */
type RoomEvent = [name: string, payload: () => Record<string, unknown>];

/**
 * The room event of an extra-attribute change: `RoomExtraAttributesSet {lastUpdateUid,
 * attributes}` (the whole store) for set; `RoomExtraAttributesUpdated`, `…Deleted`, `…Cleared`
 * `{uid, lasttimeTs, extraAttributes}` — the keys written for update, the attributes left after
 * the change for delete and clear (`{}`).
 */
export function extraEvent(change: ExtraChange): RoomEvent {
  const { mode, by, ts } = change;
  if (mode === 'replace' || mode === 'init') return ['RoomExtraAttributesSet', () => ({ lastUpdateUid: by, attributes: { ...change.full } })];
  if (mode === 'upsert') return ['RoomExtraAttributesUpdated', () => ({ uid: by, lasttimeTs: ts, extraAttributes: { ...change.changed } })];
  const name = mode === 'delete' ? 'RoomExtraAttributesDeleted' : 'RoomExtraAttributesCleared';
  return [name, () => ({ uid: by, lasttimeTs: ts, extraAttributes: mode === 'delete' ? { ...change.full } : {} })];
}

/** `ChatRoomAttributesUpdated {uid, attributes, content}`: the whole basic attributes after the change, and their JSON text (the doc's `content`). */
export function attributesUpdated(by: string, attributes: Record<string, string>): RoomEvent {
  return ['ChatRoomAttributesUpdated', () => ({ uid: by, attributes: { ...attributes }, content: JSON.stringify(attributes) })];
}

/** `UserAttributesSet {uid, attributes}`: a member replaced their attributes. */
export function userAttributesSet(uid: string, attributes: Record<string, string>): RoomEvent {
  return ['UserAttributesSet', () => ({ uid, attributes: { ...attributes } })];
}

/**
 * The joined ChatRoom objects of each hummer, with their handles. The server tells a change to
 * everyone in the room except the session that made it; that session's rooms hear it from here.
 */
const joinedRooms = new WeakMap<HummerCore, Map<ChatRoom, RoomHandle>>();

/** The joined ChatRoom objects (and handles) of `core` that `match` picks. */
export function ownRooms(core: HummerCore, match: (room: ChatRoom, handle: RoomHandle) => boolean): Array<[ChatRoom, RoomHandle]> {
  return [...(joinedRooms.get(core) ?? [])].filter(([room, handle]) => handle.active && match(room, handle));
}

/** Emits the caller's own change to this hummer's ChatRoom objects in room `roomId`. */
export function echoOwn(core: HummerCore, roomId: string, [name, payload]: RoomEvent): void {
  for (const [room] of ownRooms(core, (_, handle) => handle.roomId === roomId)) room.events.emit(name, payload());
}

/**
 * ChatRoomAttributesUpdated, UserAttributesSet and the four RoomExtraAttributes events of a
 * joined room, from the handle's `profile`, `memberAttrs` and `attributes` events; returns the
 * unsubscribe.
 */
export function wireAttributes(room: ChatRoom, handle: RoomHandle): () => void {
  let rooms = joinedRooms.get(room.core);
  if (!rooms) {
    rooms = new Map();
    joinedRooms.set(room.core, rooms);
  }
  rooms.set(room, handle);
  const emit = ([name, payload]: RoomEvent) => room.events.emit(name, payload());
  const onProfile: RoomEvents['profile'] = ({ by, profile, changedFields }) => {
    if (changedFields.some((field) => BASIC_FIELDS.has(field))) emit(attributesUpdated(by, basicAttributes(profile, room.core.appid)));
  };
  const onAttributes: RoomEvents['attributes'] = (change) =>
    emit(extraEvent({ mode: MODES[change.mode ?? 0] ?? 'upsert', changed: change.changed ?? {}, full: change.full ?? {}, by: change.by ?? '', ts: change.ts ?? 0 }));
  const offs = [
    handle.on('profile', onProfile),
    handle.on('memberAttrs', ({ userId, attributes }) => emit(userAttributesSet(userId, attributes))),
    handle.on('attributes', onAttributes),
  ];
  return () => {
    for (const off of offs) off();
    if (rooms.get(room) === handle) rooms.delete(room);
  };
}
