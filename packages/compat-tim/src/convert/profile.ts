import type { Friend, FriendGroup, FriendRequest, Profile } from '@parley/core';
import { TYPES } from '../constants.js';

/** A custom field as tim-js-sdk carries it: the full tagged key and a string value. */
export interface TimCustomField {
  key: string;
  value: string;
}

/** A user's profile as tim-js-sdk hands it out (tim.md §4.6). Times are seconds. */
export interface TimProfile {
  userID: string;
  nick: string;
  /** `Gender_Type_Unknown` | `Gender_Type_Female` | `Gender_Type_Male`. */
  gender: string;
  /** As a number, for example `20000101`; 0 when unset. */
  birthday: number;
  location: string;
  selfSignature: string;
  /** `AllowType_Type_*`. */
  allowType: string;
  language: number;
  avatar: string;
  /** Bit 0 set: the user receives no messages. */
  messageSettings: number;
  /** `AdminForbid_Type_*`. */
  adminForbidType: string;
  level: number;
  role: number;
  /** The runtime's field name. */
  lastUpdatedTime: number;
  /** The `.d.ts` name of the same value (tim.md §6.15: set both). */
  lastUpdatedNumber: number;
  /** Keys `Tag_Profile_Custom_*`. */
  profileCustomField: TimCustomField[];
}

/** A friend (the caller's edge to them) as tim-js-sdk hands it out. */
export interface TimFriend {
  userID: string;
  remark: string;
  /** Names of the caller's friend groups that hold this friend. */
  groupList: string[];
  /** `AddSource_Type_*`. */
  source: string;
  /** The request text that made the friendship. */
  wording: string;
  /** Seconds; the runtime's extra field. */
  addTime: number;
  profile: TimProfile;
  /** Keys `Tag_SNS_Custom_*`. */
  friendCustomField: TimCustomField[];
}

/** A pending friend request, received (`Pendency_Type_ComeIn`) or sent (`Pendency_Type_SendOut`). */
export interface TimFriendApplication {
  /** The other party: the applicant of a received request, the target of a sent one. */
  userID: string;
  avatar: string;
  nick: string;
  /** Seconds. */
  time: number;
  source: string;
  wording: string;
  type: string;
}

/** A friend group ("list"). */
export interface TimFriendGroup {
  name: string;
  userIDList: string[];
  count: number;
}

/** The prefix tim-js-sdk requires on profile custom keys; the core keeps keys without it. */
export const PROFILE_CUSTOM_PREFIX = 'Tag_Profile_Custom';
/** The prefix tim-js-sdk requires on friend custom keys; the core keeps keys without it. */
export const SNS_CUSTOM_PREFIX = 'Tag_SNS_Custom';

// Wire enums (parley.v1.Gender / AllowType / admin_forbid_type), index = wire value.
export const GENDERS = [TYPES.GENDER_UNKNOWN, TYPES.GENDER_MALE, TYPES.GENDER_FEMALE] as string[];
export const ALLOW_TYPES = [TYPES.ALLOW_TYPE_NEED_CONFIRM, TYPES.ALLOW_TYPE_ALLOW_ANY, TYPES.ALLOW_TYPE_DENY_ANY] as string[];
export const FORBID_TYPES = [TYPES.FORBID_TYPE_NONE, TYPES.FORBID_TYPE_SEND_OUT] as string[];

/** A TIM custom key for a core key: `mood` → `Tag_Profile_Custom_mood`. */
export function timCustomKey(prefix: string, key: string): string {
  return key.includes(prefix) ? key : `${prefix}_${key}`;
}

/** TIM custom fields for the core's map: JSON strings unquoted, other JSON kept as its text. */
export function timCustomFields(prefix: string, fields: Record<string, string> | null | undefined): TimCustomField[] {
  return Object.entries(fields ?? {}).map(([key, text]) => ({ key: timCustomKey(prefix, key), value: jsonText(text) }));
}

function jsonText(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : text;
  } catch {
    // Written by something that did not quote it: the text is the value.
    return text;
  }
}

/** A birthday as TIM's number: the given form when numeric, else the normalised `yyyymmdd`, else 0. */
function birthdayOf(p: Profile): number {
  for (const text of [p.birthday, p.birthdayYmd]) {
    if (text && /^\d+$/.test(text)) return Number(text);
  }
  return 0;
}

/** A core profile (or just a user id, when nothing is known) as a TIM Profile. */
export function toTimProfile(p: Profile): TimProfile {
  const seconds = Math.floor((p.updatedAt ?? 0) / 1000);
  return {
    userID: p.userId ?? '',
    nick: p.nickname ?? '',
    gender: GENDERS[p.gender ?? 0] ?? (TYPES.GENDER_UNKNOWN as string),
    birthday: birthdayOf(p),
    location: p.location ?? '',
    selfSignature: p.selfSignature ?? '',
    allowType: ALLOW_TYPES[p.allowType ?? 0] ?? (TYPES.ALLOW_TYPE_NEED_CONFIRM as string),
    language: p.language ?? 0,
    avatar: p.avatar ?? '',
    messageSettings: p.messageSettings ?? 0,
    adminForbidType: FORBID_TYPES[p.adminForbidType ?? 0] ?? (TYPES.FORBID_TYPE_NONE as string),
    level: p.level ?? 0,
    role: p.role ?? 0,
    lastUpdatedTime: seconds,
    lastUpdatedNumber: seconds,
    profileCustomField: timCustomFields(PROFILE_CUSTOM_PREFIX, p.customFields),
  };
}

/** A core friend edge as a TIM Friend, with the friend's profile when known. */
export function toTimFriend(f: Friend, profile: Profile | undefined): TimFriend {
  const userID = f.friendId ?? '';
  return {
    userID,
    remark: f.remark ?? '',
    groupList: [...(f.groups ?? [])],
    source: f.source ?? '',
    wording: f.wording ?? '',
    addTime: Math.floor((f.createdAt ?? 0) / 1000),
    profile: toTimProfile(profile ?? { userId: userID }),
    friendCustomField: timCustomFields(SNS_CUSTOM_PREFIX, f.customFields),
  };
}

/** Whether a request is still waiting for an answer (tim-js-sdk lists only those). */
export const isPending = (r: FriendRequest): boolean => !r.handleResult;

/**
 * A core friend request as a TIM FriendApplication seen by `selfId`; `profileOf` gives the
 * other party's nick and avatar.
 */
export function toTimFriendApplication(r: FriendRequest, selfId: string, profileOf: (userId: string) => Profile | undefined): TimFriendApplication {
  const received = r.toId === selfId;
  const userID = (received ? r.fromId : r.toId) ?? '';
  const profile = profileOf(userID);
  return {
    userID,
    avatar: profile?.avatar ?? '',
    nick: profile?.nickname ?? '',
    time: Math.floor((r.createdAt ?? 0) / 1000),
    source: r.source ?? '',
    wording: r.wording ?? '',
    type: (received ? TYPES.SNS_APPLICATION_SENT_TO_ME : TYPES.SNS_APPLICATION_SENT_BY_ME) as string,
  };
}

/** A core friend group as a TIM FriendGroup. */
export function toTimFriendGroup(g: FriendGroup): TimFriendGroup {
  const userIDList = [...(g.userIds ?? [])];
  return { name: g.name ?? '', userIDList, count: userIDList.length };
}
