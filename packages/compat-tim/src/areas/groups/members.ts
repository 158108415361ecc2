import { contactsOf, type GroupMember, GroupRole, GroupType, groupsOf, type Profile, type Room, roomsOf } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimGroup } from '../../convert/group.js';
import { type TimGroupMember, toCustomFieldMap, toTimMember } from '../../convert/group-edit.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import * as check from './member-checks.js';
import { isRoom, resolve } from './resolve.js';
import { noteGroup, noteSelf, timGroupOf, timRoomGroupOf } from './state.js';

/** Profiles by user id (nick and avatar of members); a failed read leaves them empty. */
async function profilesOf(tim: TimCore, userIds: readonly string[]): Promise<Map<string, Profile>> {
  const out = new Map<string, Profile>();
  const contacts = contactsOf(tim.client);
  for (let i = 0; i < userIds.length; i += 100) {
    const profiles = await contacts.getProfiles(userIds.slice(i, i + 100)).catch(() => []);
    for (const p of profiles) if (p.userId) out.set(p.userId, p);
  }
  return out;
}

async function timMembers(tim: TimCore, members: readonly GroupMember[], customFieldFilter?: readonly string[]): Promise<TimGroupMember[]> {
  const profiles = await profilesOf(tim, members.map((m) => m.userId ?? ''));
  return members.map((m) => toTimMember(m, profiles.get(m.userId ?? ''), customFieldFilter));
}

/** AVChatRoom users as members: the owner, admins and the others present. */
async function roomMembers(tim: TimCore, room: Room, userIds: readonly string[]): Promise<TimGroupMember[]> {
  const admins = new Set(room.adminIds ?? []);
  const role = (id: string) => (id === room.ownerId ? GroupRole.OWNER : admins.has(id) ? GroupRole.ADMIN : GroupRole.MEMBER);
  return timMembers(
    tim,
    userIds.map((userId) => ({ groupId: room.roomId ?? '', userId, role: role(userId) })),
  );
}

/** The TIM view of a group or room after a member operation, read afresh (member counts move). */
async function groupAfter(tim: TimCore, groupId: string): Promise<TimGroup> {
  const target = await resolve(tim, groupId, { fresh: true });
  return target.kind === 'room' ? timRoomGroupOf(tim, target.room) : timGroupOf(tim, target.group);
}

/**
 * `getGroupMemberList`: one page (`count` default 15, at most 100) from `offset`; the result's
 * `offset` is the next page's, 0 after the last. AVChatRooms list the users present (`filter`:
 * a member mark).
 */
export function getGroupMemberList(tim: TimCore, options: unknown): Promise<{ memberList: TimGroupMember[]; offset: number }> {
  const { o, id, page } = check.getGroupMemberList(tim, options);
  return (async () => {
    const target = await resolve(tim, id);
    if (target.kind === 'room') {
      const mark = o.filter === undefined ? undefined : Number(o.filter);
      const listed = await roomsOf(tim.client).listMembers(id, mark ? { ...page, mark } : page);
      return { memberList: await roomMembers(tim, target.room, listed.userIds), offset: listed.completed ? 0 : listed.nextOffset };
    }
    const { members, nextOffset } = await groupsOf(tim.client).listMembers(id, page);
    noteSelf(tim, members.filter((m) => m.userId === tim.userId));
    return { memberList: await timMembers(tim, members), offset: nextOffset };
  })();
}

/** `getGroupMemberProfile`: at most 50 users (the rest are dropped, as tim-js-sdk does). */
export function getGroupMemberProfile(tim: TimCore, options: unknown): Promise<{ memberList: TimGroupMember[] }> {
  const { id, userIds, filter } = check.getGroupMemberProfile(tim, options);
  return (async () => {
    const target = await resolve(tim, id);
    if (target.kind === 'room') return { memberList: await roomMembers(tim, target.room, userIds) };
    const members = await groupsOf(tim.client).getMembers(id, userIds);
    return { memberList: await timMembers(tim, members, filter) };
  })();
}

/**
 * `addGroupMember` (at most 500 users). Nobody may add members to an AVChatRoom (2661); in the
 * other types the server applies tim-js-sdk's rules (tim.md §6.7).
 */
export function addGroupMember(tim: TimCore, options: unknown): Promise<Record<string, unknown>> {
  const { id, userIds } = check.addGroupMember(tim, options);
  return (async () => {
    if (await isRoom(tim, id)) throw new TimError({ code: TimCode.CANNOT_ADD_MEMBER_IN_AVCHATROOM });
    const result = await groupsOf(tim.client).addMembers(id, userIds);
    const out: Record<string, unknown> = {
      successUserIDList: result.success,
      failureUserIDList: result.failure,
      existedUserIDList: result.existed,
      overLimitUserIDList: result.overLimit,
    };
    // tim-js-sdk leaves the group out when nobody was added.
    if (result.success.length > 0) out.group = await groupAfter(tim, id);
    return out;
  })();
}

/**
 * `deleteGroupMember`. In an AVChatRoom a kick is a ban for `duration` seconds, which must be
 * given (2686).
 */
export function deleteGroupMember(tim: TimCore, options: unknown): Promise<{ group: TimGroup; userIDList: string[] }> {
  const { o, id, userIds, reason } = check.deleteGroupMember(tim, options);
  return (async () => {
    if (await isRoom(tim, id)) {
      const duration = Number(o.duration);
      if (!Number.isInteger(duration) || duration <= 0) throw new TimError({ code: TimCode.BAN_DURATION_INVALID });
      await roomsOf(tim.client).kick(id, userIds, { banSecs: duration, reason });
      return { group: await groupAfter(tim, id), userIDList: userIds };
    }
    const result = await groupsOf(tim.client).removeMembers(id, userIds, { reason });
    return { group: await groupAfter(tim, id), userIDList: result.success };
  })();
}

/**
 * `setGroupMemberMuteTime`: mutes for `muteTime` seconds from now; 0 unmutes. Muting oneself
 * is refused (2685).
 */
export function setGroupMemberMuteTime(tim: TimCore, options: unknown): Promise<{ group: TimGroup; member: TimGroupMember }> {
  const { id, userId, secs } = check.setGroupMemberMuteTime(tim, options);
  return (async () => {
    const target = await resolve(tim, id);
    if (target.kind === 'room') {
      const rooms = roomsOf(tim.client);
      if (secs > 0) await rooms.mute(id, [userId], { secs, secsText: String(secs) });
      else await rooms.unmute(id, [userId], { secsText: '0' });
      const [member] = await roomMembers(tim, target.room, [userId]);
      return { group: timRoomGroupOf(tim, target.room), member: { ...(member as TimGroupMember), muteUntil: secs > 0 ? Math.floor(Date.now() / 1000) + secs : 0 } };
    }
    const member = await groupsOf(tim.client).mute(id, userId, secs);
    const [timMember] = await timMembers(tim, [member]);
    return { group: await groupAfter(tim, id), member: timMember as TimGroupMember };
  })();
}

/**
 * `setGroupMemberRole`, with tim-js-sdk's checks in its order: not the owner (2681), a work
 * group or AVChatRoom (2682), a role other than Admin or Member (2683), oneself (2684).
 */
export function setGroupMemberRole(tim: TimCore, options: unknown): Promise<{ group: TimGroup; member: TimGroupMember }> {
  const { o, id, userId } = check.setGroupMemberRole(tim, options);
  return (async () => {
    const target = await resolve(tim, id);
    const ownerId = target.kind === 'room' ? target.room.ownerId : target.group.ownerId;
    if (ownerId !== tim.userId) throw new TimError({ code: TimCode.NOT_OWNER });
    if (target.kind === 'room' || target.group.type === GroupType.WORK) throw new TimError({ code: TimCode.CANNOT_SET_MEMBER_ROLE_IN_WORK_AND_AVCHATROOM });
    if (o.role !== TYPES.GRP_MBR_ROLE_ADMIN && o.role !== TYPES.GRP_MBR_ROLE_MEMBER) throw new TimError({ code: TimCode.INVALID_MEMBER_ROLE });
    if (userId === tim.userId) throw new TimError({ code: TimCode.CANNOT_SET_SELF_MEMBER_ROLE });
    const member = await groupsOf(tim.client).setRole(id, userId, o.role === TYPES.GRP_MBR_ROLE_ADMIN ? GroupRole.ADMIN : GroupRole.MEMBER);
    const [timMember] = await timMembers(tim, [member]);
    return { group: await groupAfter(tim, id), member: timMember as TimGroupMember };
  })();
}

async function updateMember(tim: TimCore, id: string, userId: string, patch: { nameCard?: string; customFields?: Record<string, string> }): Promise<{ group: TimGroup; member: TimGroupMember }> {
  const member = await groupsOf(tim.client).updateMember(id, userId, patch);
  if (userId === tim.userId) noteSelf(tim, [member]);
  const [timMember] = await timMembers(tim, [member]);
  const group = groupsOf(tim.client).group(id);
  if (group) noteGroup(tim, group);
  return { group: await groupAfter(tim, id), member: timMember as TimGroupMember };
}

/** `setGroupMemberNameCard`; `userID` defaults to the user. */
export function setGroupMemberNameCard(tim: TimCore, options: unknown): Promise<{ group: TimGroup; member: TimGroupMember }> {
  const { id, nameCard, userId } = check.setGroupMemberNameCard(tim, options);
  return updateMember(tim, id, userId, { nameCard });
}

/** `setGroupMemberCustomField`; `userID` defaults to the user; an empty value deletes the key. */
export function setGroupMemberCustomField(tim: TimCore, options: unknown): Promise<{ group: TimGroup; member: TimGroupMember }> {
  const { o, id, userId } = check.setGroupMemberCustomField(tim, options);
  return updateMember(tim, id, userId, { customFields: toCustomFieldMap(o.memberCustomField) });
}

/** `markGroupMemberList`: sets or clears a mark (≥ 1000) on AVChatRoom members (≤ 500). */
export function markGroupMemberList(tim: TimCore, options: unknown): Promise<{ groupID: string; successUserIDList: string[]; failureUserIDList: string[] }> {
  const { id, userIds, markType, enable } = check.markGroupMemberList(tim, options);
  return roomsOf(tim.client)
    .markMembers(id, userIds, markType, enable)
    .then(() => ({ groupID: id, successUserIDList: userIds, failureUserIDList: [] }));
}
