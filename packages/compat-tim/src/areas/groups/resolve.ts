/**
 * Finding what a group id names (a core group or an AVChatRoom, locally or by asking the
 * server): the groups area's methods, which load on first use.
 */
import { ClientCode, type Group, GroupType, groupsOf, isParleyError, RequestError, type Room, roomsOf } from '@parley/core';
import { timGroupType } from '../../convert/group.js';
import type { TimCore } from '../../core.js';
import { noteGroup, noteRoom, noteSelf, stateOf } from './state.js';

/** Whether an error is the server saying there is no such group or room. */
export function isNotFound(error: unknown): boolean {
  return isParleyError(error) && (error.code === ClientCode.GROUP_NOT_FOUND || error.code === ClientCode.ROOM_NOT_FOUND || error.code === ClientCode.NOT_FOUND);
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
