import type { Group, GroupMember, Profile } from '@parley/core';
import type * as Declared from '../types/entities.js';

/**
 * Groups, members and join applications in open-im-sdk 2.0.3's shapes (openim.md §4.6, §4.7,
 * §4.9). Relationship times are Unix seconds (CAPABILITIES.md §0.3); the core's are ms.
 */

/** `roleLevel` values: 1 ordinary member, 2 owner, 3 admin (openim.md §4.3). */
export const RoleLevel = { MEMBER: 1, OWNER: 2, ADMIN: 3 } as const;

/** Group `status` values (`GroupStatus`): 0 normal, 2 dismissed, 3 everyone muted. */
export const GroupStatusCode = { NORMAL: 0, DISMISSED: 2, MUTED: 3 } as const;

/** The core's `GroupRole` (the wire's enum): member 0, admin 1, owner 2, custom 3. */
export const CORE_ROLE = { MEMBER: 0, ADMIN: 1, OWNER: 2 } as const;
/** The wire's `GroupStatus.GROUP_STATUS_DISMISSED`. */
const CORE_DISMISSED = 1;

/** `GroupItem` (openim.md §4.6) as the vendor's source emits it: the declared fields and `attachedInfo`. */
export type GroupItem = Declared.GroupItem & { attachedInfo: string };

/** `GroupMemberItem` (openim.md §4.7, with 2.0.3's `muteEndTime`), plus `attachedInfo`. */
export type GroupMemberItem = Declared.GroupMemberItem & { attachedInfo: string };

/** `GroupApplicationItem` (openim.md §4.9): the group's fields, the applicant's, the request's. */
export type GroupApplicationItem = Declared.GroupApplicationItem & { attachedInfo: string };

/** ms → whole seconds (0 stays 0). */
export function seconds(ms: number | null | undefined): number {
  return ms ? Math.floor(ms / 1000) : 0;
}

/** OpenIM's `roleLevel` of a core role; custom roles count as ordinary members. */
export function roleLevelOf(role: number | null | undefined): number {
  if (role === CORE_ROLE.OWNER) return RoleLevel.OWNER;
  if (role === CORE_ROLE.ADMIN) return RoleLevel.ADMIN;
  return RoleLevel.MEMBER;
}

/** The custom-field key that holds the group's `ex` (its value is JSON text, like every custom field). */
export const EX_KEY = 'ex';

/** A group's `ex` from its custom fields ('' when none). */
export function exOf(customFields: Record<string, string> | null | undefined): string {
  const raw = customFields?.[EX_KEY];
  if (raw === undefined) return '';
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : raw;
  } catch {
    return raw;
  }
}

/** OpenIM's group `status`: dismissed, everyone muted, or normal. */
export function groupStatusOf(group: Pick<Group, 'status' | 'muteAll'>): number {
  if (group.status === CORE_DISMISSED) return GroupStatusCode.DISMISSED;
  return group.muteAll ? GroupStatusCode.MUTED : GroupStatusCode.NORMAL;
}

/** A core group as a `GroupItem`. */
export function toGroupItem(group: Group): GroupItem {
  return {
    groupID: group.groupId ?? '',
    groupName: group.name ?? '',
    notification: group.notification ?? '',
    introduction: group.introduction ?? '',
    faceURL: group.avatar ?? '',
    ownerUserID: group.ownerId ?? '',
    createTime: seconds(group.createdAt),
    memberCount: group.memberCount ?? 0,
    status: groupStatusOf(group),
    creatorUserID: group.creatorId ?? '',
    groupType: 0,
    ex: exOf(group.customFields),
    attachedInfo: '',
  };
}

/**
 * A core member as a `GroupMemberItem`. The nickname is the member's group name card, else the
 * user's nickname; the avatar is the user's.
 */
export function toGroupMemberItem(member: GroupMember, profile?: Profile): GroupMemberItem {
  return {
    groupID: member.groupId ?? '',
    userID: member.userId ?? '',
    nickname: member.nameCard || profile?.nickname || '',
    faceURL: profile?.avatar ?? '',
    roleLevel: roleLevelOf(member.role),
    muteEndTime: seconds(member.muteUntil),
    joinTime: seconds(member.joinedAt),
    joinSource: member.joinSource ?? 0,
    operatorUserID: member.inviterId ?? '',
    ex: member.ex ?? '',
    attachedInfo: '',
  };
}
