import { ClientCode, type Client, type Group, type GroupMember, GroupRole, GroupType, groupsOf, isParleyError, RequestError, type Room, type RoomHandle, roomsOf } from '@parley/core';
import { toTimGroup, toTimRoomGroup, timGroupType, type TimGroup } from '../../convert/group.js';
import { rememberGroupName } from '../../convert/group-payload.js';
import type { TimCore } from '../../core.js';
import { paramsError } from '../../errors.js';

/**
 * What the groups area keeps per SDK instance beyond the core's store: the AVChatRooms it is in
 * (each a core room held through one {@link RoomHandle}), the viewer's own membership of each
 * group (the `selfInfo` the core's store does not hold until a member list is fetched), and the
 * online counts being fetched. It belongs to one login: `reset` runs when the client changes.
 */
export interface GroupsState {
  client: Client | undefined;
  /** AVChatRoom id → the handle this instance holds it by. */
  handles: Map<string, RoomHandle>;
  /** AVChatRoom id → unsubscribes of the handle's listeners. */
  listeners: Map<string, Array<() => void>>;
  /** AVChatRoom id → the last profile seen (entering, profile pushes, reads). */
  roomProfiles: Map<string, Room>;
  /** Group id → the viewer's own member row, as last read. */
  self: Map<string, GroupMember>;
  /** AVChatRoom id → the online count being fetched (shared by concurrent calls). */
  counting: Map<string, Promise<number>>;
}

const states = new WeakMap<TimCore, GroupsState>();

/** The groups state of an instance (made on first use). */
export function stateOf(tim: TimCore): GroupsState {
  let state = states.get(tim);
  if (!state) {
    state = { client: undefined, handles: new Map(), listeners: new Map(), roomProfiles: new Map(), self: new Map(), counting: new Map() };
    states.set(tim, state);
  }
  return state;
}

/** Forgets an AVChatRoom: its handle's listeners, and the instance's record of being in it. */
export function forgetRoom(tim: TimCore, roomId: string): void {
  const state = stateOf(tim);
  for (const off of state.listeners.get(roomId) ?? []) off();
  state.listeners.delete(roomId);
  state.handles.delete(roomId);
  tim.rooms.delete(roomId);
}

/**
 * Drops everything of the previous login. Its AVChatRooms are left (best effort: a logout
 * quits them in tim-js-sdk; after a kick the session is gone and so are they).
 */
export function resetState(tim: TimCore, client: Client | undefined): void {
  const state = stateOf(tim);
  for (const [roomId, handle] of [...state.handles]) {
    forgetRoom(tim, roomId);
    if (handle.active) handle.leave().catch(() => {});
  }
  state.client = client;
  state.roomProfiles.clear();
  state.self.clear();
  state.counting.clear();
}

/** Validates a groupID argument (a synchronous throw, as tim-js-sdk's facade does). */
export function requireGroupID(groupID: unknown, field = 'groupID'): string {
  if (typeof groupID !== 'string' || groupID === '') throw paramsError(field);
  return groupID;
}

/** Validates an options object and returns it as a record to read fields from. */
export function requireOptions(options: unknown): Record<string, unknown> {
  if (!options || typeof options !== 'object') throw paramsError('options');
  return options as Record<string, unknown>;
}

/** A string option, or undefined when not given; anything else is a validation throw. */
export function optionalString(options: Record<string, unknown>, field: string): string | undefined {
  const value = options[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw paramsError(field);
  return value;
}

/** A string-list option (empty when not given). */
export function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw paramsError(field);
  return value as string[];
}

/** Whether an error is the server saying there is no such group or room. */
export function isNotFound(error: unknown): boolean {
  return isParleyError(error) && (error.code === ClientCode.GROUP_NOT_FOUND || error.code === ClientCode.ROOM_NOT_FOUND || error.code === ClientCode.NOT_FOUND);
}

/** Records a core group: its TIM type (for `conversationSubType`) and its name (for tips). */
export function noteGroup(tim: TimCore, group: Group): void {
  const groupId = group.groupId ?? '';
  if (!groupId) return;
  tim.groupTypes.set(groupId, timGroupType(group.type));
  rememberGroupName(groupId, group.name);
}

/** Records a room as an AVChatRoom. */
export function noteRoom(tim: TimCore, room: Room): void {
  const roomId = room.roomId ?? '';
  if (!roomId) return;
  tim.groupTypes.set(roomId, 'AVChatRoom');
  rememberGroupName(roomId, room.name);
  stateOf(tim).roomProfiles.set(roomId, room);
}

/** The viewer's own member row of a group: the fetched member list's, else the last read. */
export function selfOf(tim: TimCore, groupId: string): GroupMember | undefined {
  const client = tim.client;
  return client.store.members(groupId).get(tim.userId) ?? stateOf(tim).self.get(groupId);
}

/** Records the viewer's own member rows from a `group.get`. */
export function noteSelf(tim: TimCore, members: readonly GroupMember[]): void {
  const state = stateOf(tim);
  for (const m of members) if (m.groupId && (!m.userId || m.userId === tim.userId)) state.self.set(m.groupId, { ...m, userId: tim.userId });
}

/**
 * The viewer's own member row, or one inferred from the group (the owner, else a member) when the
 * group is joined but its row was never read.
 */
export function selfOrInferred(tim: TimCore, group: Group): GroupMember | undefined {
  const groupId = group.groupId ?? '';
  const known = selfOf(tim, groupId);
  if (known) return known;
  if (!tim.client.store.memberships.get(groupId)) return undefined;
  return { groupId, userId: tim.userId, role: group.ownerId === tim.userId ? GroupRole.OWNER : GroupRole.MEMBER };
}

/** A core group as the TIM Group the viewer sees (its own `selfInfo`, conversation, last message). */
export function timGroupOf(tim: TimCore, group: Group, customFieldFilter?: readonly string[]): TimGroup {
  const groupId = group.groupId ?? '';
  const client = tim.client;
  const conversation = client.conversation(`group:${groupId}`);
  const last = conversation?.lastMessage ? tim.timMessage(conversation.lastMessage) : undefined;
  return toTimGroup(group, selfOrInferred(tim, group), { userId: tim.userId, conversation, lastMessage: last, customFieldFilter });
}

/** A room as the TIM AVChatRoom group the viewer sees. */
export function timRoomGroupOf(tim: TimCore, room: Room, customFieldFilter?: readonly string[]): TimGroup {
  return toTimRoomGroup(room, { userId: tim.userId, joined: stateOf(tim).handles.has(room.roomId ?? ''), customFieldFilter });
}

/** What a group id names: a core group or a core room (an AVChatRoom). */
export type Resolved = { kind: 'group'; group: Group } | { kind: 'room'; room: Room };

/**
 * Finds what a group id names: the store's group, the held room, else the server's group or
 * room (rooms first for the ids this shim gives AVChatRooms). `publicOnly` leaves out work groups
 * (`searchGroupByID`).
 * @throws the server's `GROUP_NOT_FOUND` when neither exists.
 */
export async function resolve(tim: TimCore, groupId: string, options: { publicOnly?: boolean; fresh?: boolean } = {}): Promise<Resolved> {
  const client = tim.client;
  const state = stateOf(tim);
  const handle = state.handles.get(groupId);
  if (!options.fresh) {
    const stored = groupsOf(client).group(groupId);
    if (stored && !(options.publicOnly && stored.type === GroupType.WORK)) return { kind: 'group', group: stored };
    if (handle) return { kind: 'room', room: handle.profile };
  }
  const askRoom = async (): Promise<Resolved> => {
    const room = await roomsOf(client).get(groupId);
    noteRoom(tim, room);
    return { kind: 'room', room };
  };
  const askGroup = async (): Promise<Resolved> => {
    const { groups, selfInfo } = await groupsOf(client).get([groupId], options.publicOnly ? { publicOnly: true } : {});
    noteSelf(tim, selfInfo);
    const group = groups[0];
    if (!group) throw new RequestError('groupGet', ClientCode.GROUP_NOT_FOUND, 'no such group');
    noteGroup(tim, group);
    return { kind: 'group', group };
  };
  const roomFirst = handle !== undefined || tim.groupTypes.get(groupId) === 'AVChatRoom' || groupId.startsWith(AV_PREFIX);
  const [first, second] = roomFirst ? [askRoom, askGroup] : [askGroup, askRoom];
  try {
    return await first();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      return await second();
    } catch (again) {
      throw isNotFound(again) ? error : again;
    }
  }
}

/** The prefix of the ids this shim gives new AVChatRooms (tim-js-sdk's are `@TGS#a…`). */
export const AV_PREFIX = '@TGS#a';

/**
 * Whether a group id is an AVChatRoom, from what the instance knows, else by asking the server.
 * @throws the server's `GROUP_NOT_FOUND` when the id names nothing.
 */
export async function isRoom(tim: TimCore, groupId: string): Promise<boolean> {
  if (stateOf(tim).handles.has(groupId)) return true;
  const known = tim.groupTypes.get(groupId);
  if (known) return known === 'AVChatRoom';
  if (groupsOf(tim.client).group(groupId)) return false;
  return (await resolve(tim, groupId)).kind === 'room';
}

/** The TIM type of a group id as known locally (no request), or undefined. */
export function knownType(tim: TimCore, groupId: string): string | undefined {
  if (stateOf(tim).handles.has(groupId)) return 'AVChatRoom';
  const stored = tim.hasClient ? groupsOf(tim.client).group(groupId) : undefined;
  return stored ? timGroupType(stored.type) : tim.groupTypes.get(groupId);
}
