import { type GroupPatch, GroupRole, GroupType, groupsOf, type NewGroup, type Room, type RoomPatch, roomsOf } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimGroup } from '../../convert/group.js';
import { coreGroupType, coreJoinOption, toCustomFieldMap } from '../../convert/group-edit.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import * as check from './checks.js';
import { AV_PREFIX, isRoom, knownType, resolve } from './resolve.js';
import { joinRoom, leaveRoom } from './rooms.js';
import { joinedGroups, noteGroup, noteRoom, noteSelf, stateOf, timGroupOf, timRoomGroupOf } from './state.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh AVChatRoom id in tim-js-sdk's style (`@TGS#a` + base32). */
function newRoomId(): string {
  let id = AV_PREFIX;
  for (let i = 0; i < 10; i++) id += BASE32[Math.floor(Math.random() * BASE32.length)];
  return id;
}

/** Only the given fields: `exactOptionalPropertyTypes` forbids writing `undefined` into an optional one. */
function defined<T extends object>(fields: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

/**
 * `createGroup` (tim.md §2.1 #22, §6.12). `type` defaults to `'Private'` (the seed's default; the
 * 2.27.6 runtime demands it), any other unknown type rejects with 2600. AVChatRooms are rooms in
 * the core and get no members; other groups get the `group_create` custom message tim-js-sdk
 * posts after creating one.
 */
export function createGroup(tim: TimCore, options: unknown): Promise<{ group: TimGroup; overLimitUserIDList: string[] }> {
  const { o, name, type, groupID, members, introduction, notification, avatar, maxMemberNum } = check.createGroup(tim, options);
  const customFields = toCustomFieldMap(o.groupCustomField);
  const client = tim.client;
  if (type === 'AVChatRoom') {
    const init = defined<Partial<Room>>({
      roomId: groupID || newRoomId(),
      name,
      description: introduction,
      bulletin: notification,
      avatar,
      maxUsers: maxMemberNum,
      customFields,
    });
    return roomsOf(client)
      .create(init)
      .then((room) => {
        noteRoom(tim, room);
        return { group: timRoomGroupOf(tim, room), overLimitUserIDList: [] };
      });
  }
  const init = defined<NewGroup>({
    groupId: groupID || undefined,
    type: coreGroupType(type),
    name,
    introduction,
    notification,
    avatar,
    maxMemberCount: maxMemberNum,
    joinOption: coreJoinOption(o.joinOption ?? TYPES.JOIN_OPTIONS_FREE_ACCESS),
    inviteOption: coreJoinOption(o.inviteOption),
    customFields,
    isSupportTopic: type === 'Community' && o.isSupportTopic === true ? true : undefined,
    members: members
      .filter((m) => m.userID !== tim.userId)
      .map((m) => ({ userId: String(m.userID), role: m.role === TYPES.GRP_MBR_ROLE_ADMIN ? GroupRole.ADMIN : GroupRole.MEMBER, customFields: toCustomFieldMap(m.memberCustomField) })),
  });
  return groupsOf(client)
    .create(init)
    .then(({ group, overLimit }) => {
      const groupId = group.groupId ?? '';
      noteGroup(tim, group);
      noteSelf(tim, [{ groupId, userId: tim.userId, role: GroupRole.OWNER, joinedAt: group.createdAt ?? Date.now() }]);
      client
        .send({ convId: `group:${groupId}`, elements: [{ custom: { data: 'group_create', description: '', extension: `${tim.userId}创建群组` } }] })
        .catch((error: unknown) => tim.log.warn('the group_create message was not sent', error));
      return { group: timGroupOf(tim, group), overLimitUserIDList: overLimit };
    });
}

/**
 * `dismissGroup` (owner only). Work groups cannot be dismissed (2622).
 */
export function dismissGroup(tim: TimCore, groupID: string): Promise<{ groupID: string }> {
  const id = check.dismissGroup(tim, groupID);
  return (async () => {
    const target = await resolve(tim, id);
    if (target.kind === 'room') {
      await roomsOf(tim.client).dismiss(id);
      tim.listChanged('groups');
      return { groupID: id };
    }
    if (target.group.type === GroupType.WORK) throw new TimError({ code: TimCode.CANNOT_DISMISS_WORK });
    await groupsOf(tim.client).dismiss(id);
    return { groupID: id };
  })();
}

/**
 * `getGroupList`: the joined groups, fetched afresh with the viewer's own member rows. Every
 * profile field is returned, so `groupProfileFilter` needs no extra request.
 */
export async function getGroupList(tim: TimCore, _options?: unknown): Promise<{ groupList: TimGroup[] }> {
  const api = groupsOf(tim.client);
  const groups = (await api.listJoined()).filter((g) => !g.parentId && g.type !== GroupType.TOPIC);
  for (const g of groups) noteGroup(tim, g);
  const ids = groups.map((g) => g.groupId ?? '').filter(Boolean);
  // The member rows carry the viewer's role and receive option (`selfInfo`); a failed read leaves them inferred.
  for (let i = 0; i < ids.length; i += 50) {
    const read = await api.get(ids.slice(i, i + 50)).catch(() => undefined);
    if (read) noteSelf(tim, read.selfInfo);
  }
  return { groupList: joinedGroups(tim) };
}

/** `getGroupProfile`: the group (or AVChatRoom) read from the server. */
export function getGroupProfile(tim: TimCore, options: unknown): Promise<{ group: TimGroup }> {
  const { id, filter } = check.getGroupProfile(tim, options);
  return (async () => {
    const target = await resolve(tim, id, { fresh: true });
    if (target.kind === 'room') return { group: timRoomGroupOf(tim, target.room, filter) };
    return { group: timGroupOf(tim, groupsOf(tim.client).group(id) ?? target.group, filter) };
  })();
}

/** `searchGroupByID`: work groups cannot be found (the server's `GROUP_NOT_FOUND`). */
export function searchGroupByID(tim: TimCore, groupID: string): Promise<{ group: TimGroup }> {
  const id = check.searchGroupByID(tim, groupID);
  return (async () => {
    const target = await resolve(tim, id, { publicOnly: true, fresh: true });
    return { group: target.kind === 'room' ? timRoomGroupOf(tim, target.room) : timGroupOf(tim, target.group) };
  })();
}

/**
 * `updateGroupProfile`. `joinOption` is ignored for work, meeting and AVChatRoom groups, as in
 * tim-js-sdk; custom fields are merged.
 */
export function updateGroupProfile(tim: TimCore, options: unknown): Promise<{ group: TimGroup }> {
  const { o, id, fields } = check.updateGroupProfile(tim, options);
  const customFields = o.groupCustomField === undefined ? undefined : toCustomFieldMap(o.groupCustomField);
  return (async () => {
    const target = await resolve(tim, id);
    const client = tim.client;
    if (target.kind === 'room') {
      const { introduction, notification, maxMemberCount, ...same } = fields;
      await roomsOf(client).update(id, defined<RoomPatch>({ ...same, description: introduction, bulletin: notification, maxUsers: maxMemberCount, customFields }));
      const room = await roomsOf(client).get(id);
      noteRoom(tim, room);
      return { group: timRoomGroupOf(tim, room) };
    }
    const type = target.group.type;
    const joinOptionApplies = type !== GroupType.WORK && type !== GroupType.MEETING;
    const patch = defined<GroupPatch>({
      ...fields,
      joinOption: joinOptionApplies ? coreJoinOption(o.joinOption) : undefined,
      inviteOption: coreJoinOption(o.inviteOption),
      muteAll: o.muteAllMembers as boolean | undefined,
      customFields,
    });
    const group = await groupsOf(client).update(id, patch);
    noteGroup(tim, group);
    return { group: timGroupOf(tim, groupsOf(client).group(id) ?? group) };
  })();
}

/**
 * `joinGroup` (tim.md §2.1 #25, §6.8). Work groups cannot be applied to (2601); an AVChatRoom
 * (named by `type`, or found to be one) is entered as a core room. Callable before SDK_READY
 * once logged in; a join without any login (tim-js-sdk's anonymous AVChatRoom join) is refused
 * with 2024, because the core has no anonymous session for TIM.
 */
export function joinGroup(tim: TimCore, options: unknown): Promise<{ status: string; group?: TimGroup }> {
  const { id, applyMessage, type } = check.joinGroup(tim, options);
  return (async () => {
    const asRoom = type === TYPES.GRP_AVCHATROOM || (type === undefined && (await isRoom(tim, id)));
    if (asRoom) return joinRoom(tim, id);
    if (knownType(tim, id) === 'Private') throw new TimError({ code: TimCode.CANNOT_JOIN_WORK });
    const client = tim.client;
    const result = await groupsOf(client).join(id, { message: applyMessage });
    if (result.status === 'pending') return { status: TYPES.JOIN_STATUS_WAIT_APPROVAL as string };
    const group = groupsOf(client).group(id) ?? result.group;
    noteGroup(tim, group);
    const status = result.status === 'alreadyMember' ? TYPES.JOIN_STATUS_ALREADY_IN_GROUP : TYPES.JOIN_STATUS_SUCCESS;
    return { status: status as string, group: timGroupOf(tim, group) };
  })();
}

/**
 * `quitGroup`: leaves a group or AVChatRoom.
 * @throws {TimError} 2623 when the user is not in it.
 */
export function quitGroup(tim: TimCore, groupID: string): Promise<{ groupID: string }> {
  const id = check.quitGroup(tim, groupID);
  return (async () => {
    const client = tim.client;
    if (stateOf(tim).handles.has(id) || knownType(tim, id) === 'AVChatRoom') {
      await leaveRoom(tim, id);
      return { groupID: id };
    }
    if (!client.store.memberships.get(id)) throw new TimError({ code: TimCode.MEMBER_NOT_IN_GROUP });
    await groupsOf(client).quit(id);
    return { groupID: id };
  })();
}

/**
 * `getGroupOnlineMemberCount`: the users present in an AVChatRoom (entering is not needed); 0
 * for other groups. Concurrent calls for one room share one request.
 */
export function getGroupOnlineMemberCount(tim: TimCore, groupID: string): Promise<{ memberCount: number }> {
  const id = check.getGroupOnlineMemberCount(tim, groupID);
  return (async () => {
    if (!(await isRoom(tim, id))) return { memberCount: 0 };
    const counting = stateOf(tim).counting;
    let pending = counting.get(id);
    if (!pending) {
      pending = roomsOf(tim.client)
        .count(id)
        .finally(() => counting.delete(id));
      counting.set(id, pending);
    }
    return { memberCount: await pending };
  })();
}

/**
 * `changeGroupOwner`. AVChatRooms cannot be transferred (2620), nor can a group to its owner (2621).
 */
export function changeGroupOwner(tim: TimCore, options: unknown): Promise<{ group: TimGroup }> {
  const { id, newOwnerID } = check.changeGroupOwner(tim, options);
  return (async () => {
    if (await isRoom(tim, id)) throw new TimError({ code: TimCode.CANNOT_CHANGE_OWNER_IN_AVCHATROOM });
    if (newOwnerID === tim.userId) throw new TimError({ code: TimCode.CANNOT_CHANGE_OWNER_TO_SELF });
    const client = tim.client;
    const group = await groupsOf(client).transferOwner(id, newOwnerID);
    const self = stateOf(tim).self.get(id);
    if (self) stateOf(tim).self.set(id, { ...self, role: GroupRole.MEMBER });
    noteGroup(tim, group);
    return { group: timGroupOf(tim, groupsOf(client).group(id) ?? group) };
  })();
}
