import type { Group, GroupMember } from '../model.js';

/** Group type presets (the wire's `GroupType`; CAPABILITIES.md §1.8). */
export const GroupType = { STANDARD: 0, WORK: 1, PUBLIC: 2, MEETING: 3, COMMUNITY: 4, TOPIC: 5 } as const;
/** Join and invite options (the wire's `JoinOption`). */
export const JoinOption = { APPROVAL: 0, FREE: 1, DISABLED: 2 } as const;
/** Member roles (the wire's `GroupRole`). */
export const GroupRole = { MEMBER: 0, ADMIN: 1, OWNER: 2, CUSTOM: 3 } as const;

type ProfileFields = 'name' | 'introduction' | 'notification' | 'avatar' | 'maxMemberCount' | 'joinOption' | 'inviteOption' | 'muteAll';

/** What {@link GroupsApi.create} takes: the group's fields and its first members. */
export interface NewGroup extends Partial<Pick<Group, ProfileFields | 'groupId' | 'type' | 'customFields' | 'ownerId' | 'isSupportTopic'>> {
  /** Members besides the owner: user ids, or members with a role and custom fields. */
  members?: Array<string | Pick<GroupMember, 'userId' | 'role' | 'customFields'>>;
}

/** What {@link GroupsApi.update} takes: the fields to write; custom-field values are JSON text. */
export interface GroupPatch extends Partial<Pick<Group, ProfileFields | 'ownerId'>> {
  customFields?: Record<string, string>;
  /** How `customFields` applies. @default 'merge' */
  customMode?: 'merge' | 'replace' | 'clear' | 'removeKeys';
  removeCustomKeys?: string[];
  /** Replaces the member list (M `updateGroup`): the server adds and removes the difference. */
  memberIds?: string[];
}

/** Per-user outcome of adding or removing members. */
export interface MemberResults {
  success: string[];
  failure: string[];
  /** Already members. */
  existed: string[];
  /** Refused because they are in too many groups. */
  overLimit: string[];
}
