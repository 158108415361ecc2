import type { RoomHandle } from '@parley/core';
import { type Client, type Group, type GroupMember, GroupRole, GroupType, type Room } from '@parley/core/client';
import { type TimGroup, timGroupType, toTimGroup, toTimRoomGroup } from '../../convert/group.js';
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

/** A held AVChatRoom as the TIM group the viewer sees (the live online count included). */
export function heldRoomGroup(tim: TimCore, handle: RoomHandle): TimGroup {
  return timRoomGroupOf(tim, { ...handle.profile, onlineCount: handle.count });
}

/** The joined groups (communities' topics left out) and the held AVChatRooms, as GROUP_LIST_UPDATED and `getGroupList` give them. */
export function joinedGroups(tim: TimCore): TimGroup[] {
  const groups = tim.client.store.groups.values().filter((g) => !g.parentId && g.type !== GroupType.TOPIC);
  return [...groups.map((g) => timGroupOf(tim, g)), ...[...stateOf(tim).handles.values()].map((h) => heldRoomGroup(tim, h))];
}
