/**
 * Group conversions that only the groups area's methods need (they load with them): TIM's
 * options as the core's values, and members as tim-js-sdk hands them out.
 */
import { type GroupMember, GroupType, JoinOption, type Profile } from '@parley/core/client';
import { seconds, timRole, toCustomFieldList } from './group.js';

/** The core group type of a TIM type (AVChatRooms are rooms in the core and have none). */
export function coreGroupType(type: string): number {
  switch (type) {
    case 'Private':
      return GroupType.WORK;
    case 'ChatRoom':
      return GroupType.MEETING;
    case 'Community':
      return GroupType.COMMUNITY;
    default:
      return GroupType.PUBLIC;
  }
}

/** The core option of a TIM join or invite option, or undefined for a value TIM does not have. */
export function coreJoinOption(option: unknown): number | undefined {
  if (option === 'FreeAccess') return JoinOption.FREE;
  if (option === 'NeedPermission') return JoinOption.APPROVAL;
  if (option === 'DisableApply' || option === 'DisableInvite') return JoinOption.DISABLED;
  return undefined;
}

/**
 * The core's custom-field map (JSON text values) from TIM's `[{key, value}]`. An empty or missing
 * value stays empty, which the server reads as "delete this key" for member fields.
 */
export function toCustomFieldMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const item of list as Array<{ key?: unknown; value?: unknown }>) {
    if (typeof item?.key !== 'string' || !item.key) continue;
    const value = item.value === undefined || item.value === null ? '' : String(item.value);
    out[item.key] = value === '' ? '' : JSON.stringify(value);
  }
  return out;
}

/** A group member as tim-js-sdk hands it out (tim.md §4.5). */
export interface TimGroupMember {
  userID: string;
  avatar: string;
  nick: string;
  role: string;
  joinTime: number;
  nameCard: string;
  muteUntil: number;
  memberCustomField: Array<{ key: string; value: string }>;
  lastSendMsgTime: number;
}

/** A core member (with the user's profile, when known) as a TIM GroupMember. */
export function toTimMember(member: GroupMember, profile?: Profile, customFieldFilter?: readonly string[]): TimGroupMember {
  return {
    userID: member.userId ?? '',
    avatar: profile?.avatar ?? '',
    nick: profile?.nickname ?? '',
    role: timRole(member.role),
    joinTime: seconds(member.joinedAt),
    nameCard: member.nameCard ?? '',
    muteUntil: seconds(member.muteUntil),
    memberCustomField: toCustomFieldList(member.customFields, customFieldFilter),
    lastSendMsgTime: seconds(member.lastSendAt),
  };
}
