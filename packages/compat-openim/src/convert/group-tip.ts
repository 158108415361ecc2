import type { Element } from '@parley/core';
import type { GroupItem, GroupMemberItem } from './group.js';

/** The core's group tip element (the wire's `GroupTipElem`). */
export type GroupTip = NonNullable<Element['groupTip']>;

/** What a group tip shows as in OpenIM: a notification message's `contentType` and `notificationElem`. */
export interface GroupNotification {
  /** 1501–1515 (openim.md §4.2; 1511–1515 are 2.0.3's dismiss and mute tips). */
  contentType: number;
  /** `notificationElem.detail`: the vendor's tips struct as JSON text. */
  detail: string;
  /** `notificationElem.defaultTips`: the server's text. */
  defaultTips: string;
}

/** What the tips struct needs besides the tip: the group and its members as the caller knows them. */
export interface GroupTipContext {
  groupID: string;
  /** The tip message's time (ms): the tips' `operationTime`. */
  time?: number;
  /** The group as last known; the tip's own name and member count take over. */
  group?: Partial<GroupItem>;
  /** A member as last known (nickname, avatar, role), for the users the tip names. */
  member?: (userID: string) => Partial<GroupMemberItem> | undefined;
}

/** The wire's `GroupTipKind`. */
const TIP = {
  JOINED: 1,
  QUIT: 2,
  KICKED: 3,
  PROFILE: 6,
  MEMBER_PROFILE: 7,
  CREATED: 12,
  INVITED: 13,
  OWNER_TRANSFERRED: 14,
  DISMISSED: 15,
} as const;

/** OpenIM's notification content types of group tips. */
export const GroupTipType = {
  GROUP_CREATED: 1501,
  GROUP_INFO_SET: 1502,
  MEMBER_QUIT: 1504,
  OWNER_TRANSFERRED: 1507,
  MEMBER_KICKED: 1508,
  MEMBER_INVITED: 1509,
  MEMBER_ENTER: 1510,
  GROUP_DISMISSED: 1511,
  MEMBER_MUTED: 1512,
  MEMBER_CANCEL_MUTED: 1513,
  GROUP_MUTED: 1514,
  GROUP_CANCEL_MUTED: 1515,
} as const;

function parsed(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The vendor's `GroupInfo` of a tips struct. */
function groupInfo(tip: GroupTip, context: GroupTipContext): GroupItem {
  const changes = tip.profileChanges ?? {};
  const known = context.group ?? {};
  const name = parsed(changes.name);
  const owner = parsed(changes.ownerId);
  return {
    groupID: context.groupID,
    groupName: typeof name === 'string' ? name : (known.groupName ?? ''),
    notification: stringChange(changes.notification) ?? known.notification ?? '',
    introduction: stringChange(changes.introduction) ?? known.introduction ?? '',
    faceURL: stringChange(changes.avatar) ?? known.faceURL ?? '',
    ownerUserID: typeof owner === 'string' ? owner : (known.ownerUserID ?? ''),
    createTime: known.createTime ?? 0,
    memberCount: tip.memberCount || known.memberCount || 0,
    status: known.status ?? 0,
    creatorUserID: known.creatorUserID ?? '',
    groupType: 0,
    ex: known.ex ?? '',
    attachedInfo: '',
  };
}

function stringChange(raw: string | undefined): string | undefined {
  const value = parsed(raw);
  return typeof value === 'string' ? value : undefined;
}

/** The vendor's `GroupMemberFullInfo` of a user named by the tip. */
function memberInfo(userID: string, context: GroupTipContext): Record<string, unknown> {
  const known = context.member?.(userID) ?? {};
  return {
    groupID: context.groupID,
    userID,
    roleLevel: known.roleLevel ?? 1,
    joinTime: known.joinTime ?? 0,
    nickname: known.nickname ?? '',
    faceURL: known.faceURL ?? '',
    appMangerLevel: 0,
    joinSource: known.joinSource ?? 0,
    operatorUserID: known.operatorUserID ?? '',
    ex: known.ex ?? '',
    muteEndTime: known.muteEndTime ?? 0,
    attachedInfo: '',
  };
}

/** The content type and the struct fields particular to one tip; undefined when OpenIM 2.0.3 has no such tip. */
function specific(tip: GroupTip, context: GroupTipContext, time: number): [number, Record<string, unknown>] | undefined {
  const users = [...(tip.userIds ?? [])];
  const operator = tip.operatorId ?? '';
  const member = (id: string) => memberInfo(id, context);
  const first = users[0] ?? operator;
  switch (Number(tip.tip ?? 0)) {
    case TIP.CREATED:
      return [GroupTipType.GROUP_CREATED, { memberList: users.filter((id) => id !== operator).map(member), groupOwnerUser: member(operator) }];
    case TIP.PROFILE: {
      const changes = tip.profileChanges ?? {};
      if ('muteAll' in changes) return [parsed(changes.muteAll) === true ? GroupTipType.GROUP_MUTED : GroupTipType.GROUP_CANCEL_MUTED, {}];
      return [GroupTipType.GROUP_INFO_SET, {}];
    }
    case TIP.QUIT:
      return [GroupTipType.MEMBER_QUIT, { quitUser: member(first) }];
    // Free joins and approved applications alike: the vendor's server posts MemberEnter to the group.
    case TIP.JOINED:
      return [GroupTipType.MEMBER_ENTER, { entrantUser: member(first) }];
    case TIP.INVITED:
      return [GroupTipType.MEMBER_INVITED, { invitedUserList: users.map(member) }];
    case TIP.KICKED:
      return [GroupTipType.MEMBER_KICKED, { kickedUserList: users.map(member) }];
    case TIP.OWNER_TRANSFERRED:
      return [GroupTipType.OWNER_TRANSFERRED, { newGroupOwner: member(first) }];
    case TIP.DISMISSED:
      return [GroupTipType.GROUP_DISMISSED, {}];
    case TIP.MEMBER_PROFILE: {
      const change = tip.memberChanges?.find((c) => c.nameCard === undefined || c.nameCard === null);
      if (!change) return undefined; // a name card: 2.0.3 has no tip for it
      const until = Number(change.muteUntil ?? 0);
      const mutedUser = member(change.userId ?? first);
      if (until > 0) return [GroupTipType.MEMBER_MUTED, { mutedUser, mutedSeconds: Math.max(0, Math.round((until - time) / 1000)) }];
      return [GroupTipType.MEMBER_CANCEL_MUTED, { mutedUser }];
    }
    default:
      // Admin changes and live-room bans have no 2.0.3 tip.
      return undefined;
  }
}

/**
 * A core group tip as an OpenIM group notification (1501–1515): `contentType`, the
 * `notificationElem.detail` JSON (the vendor's `…Tips` struct: `group`, `opUser`,
 * `operationTime` in ms, plus the tip's own users) and `defaultTips`. Undefined for tips
 * open-im-sdk 2.0.3 never shows (admin changes, name cards, room bans).
 */
export function groupTipToNotification(tip: GroupTip, context: GroupTipContext): GroupNotification | undefined {
  const time = context.time ?? Date.now();
  const found = specific(tip, context, time);
  if (!found) return undefined;
  const [contentType, fields] = found;
  const detail = { group: groupInfo(tip, context), opUser: memberInfo(tip.operatorId ?? '', context), operationTime: time, ...fields };
  return { contentType, detail: JSON.stringify(detail), defaultTips: tip.text ?? '' };
}
