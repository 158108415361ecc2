import type { Block, Friend, FriendRequest, Profile } from '@parley/core';
import type * as Declared from '../types/entities.js';

/**
 * Users, friends, friend applications and the blacklist in open-im-sdk 2.x shapes (openim.md
 * §4.5, §4.8). Keys follow the order of the vendor's JSON. Relationship and user times are Unix
 * seconds (the vendor's uint32 columns); the core keeps ms.
 */

/** The own profile (`getSelfUserInfo`, `OnSelfInfoUpdated`), with the source's `attachedInfo`. */
export type FullUserItem = Declared.FullUserItem & { attachedInfo: string };

/** What anyone may see of a user (`TotalUserStruct.publicInfo`). */
export type PublicUserItem = Declared.PublicUserItem;

/** The signed-in user's friend, with the friend's profile. */
export type FriendItem = Declared.FriendItem & { attachedInfo: string };

/** A user on the signed-in user's blacklist, with their profile. */
export type BlackItem = Declared.BlackItem & { attachedInfo: string };

/** One user as `getUsersInfo`, `getFriendList` and `getBlackList` answer: each part or null. */
export interface TotalUserStruct {
  publicInfo: PublicUserItem | null;
  friendInfo: FriendItem | null;
  blackInfo: BlackItem | null;
}

/** A friend request, sent or received. */
export type FriendApplicationItem = Declared.FriendApplicationItem & { attachedInfo: string };

/** Looks up a cached profile by user id. */
export type ProfileLookup = (userId: string) => Profile | undefined;

/** ms → whole seconds (0 stays 0). */
export const toSeconds = (ms: number | null | undefined): number => Math.floor((ms ?? 0) / 1000);

const YMD = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * A birthday as OpenIM's `birth` (seconds). The core keeps it as given plus a `yyyymmdd` form:
 * an OpenIM writer gave seconds, which come back as they were; one given as `yyyymmdd` (TIM) or
 * free text (JMessage) is read through the normalised date.
 */
export function birthOf(profile: Profile | undefined): number {
  const given = profile?.birthday ?? '';
  const ymd = profile?.birthdayYmd ?? '';
  if (/^-?\d+$/.test(given) && given !== ymd) return Number(given);
  const m = YMD.exec(ymd);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000 : 0;
}

/** A profile as `FullUserItem`; an unknown profile gives the id with empty fields. */
export function toFullUserItem(userId: string, profile: Profile | undefined): FullUserItem {
  return {
    userID: userId,
    nickname: profile?.nickname ?? '',
    faceURL: profile?.avatar ?? '',
    gender: profile?.gender ?? 0,
    phoneNumber: profile?.phoneNumber ?? '',
    birth: birthOf(profile),
    email: profile?.email ?? '',
    createTime: toSeconds(profile?.createdAt),
    ex: profile?.ex ?? '',
    attachedInfo: '',
  };
}

/** A profile as `PublicUserItem`. */
export function toPublicUserItem(userId: string, profile: Profile | undefined): PublicUserItem {
  return { userID: userId, nickname: profile?.nickname ?? '', faceURL: profile?.avatar ?? '', gender: profile?.gender ?? 0 };
}

/**
 * A friendship edge as `FriendItem`, with the friend's profile. The core's edge has no `ex`
 * (OpenIM's friend-row extension), so it is empty.
 */
export function toFriendItem(friend: Friend, profile: Profile | undefined): FriendItem {
  return {
    ownerUserID: friend.ownerId ?? '',
    userID: friend.friendId ?? '',
    remark: friend.remark ?? '',
    createTime: toSeconds(friend.createdAt),
    addSource: friend.addSource ?? 0,
    operatorUserID: friend.operatorId ?? '',
    nickname: profile?.nickname ?? '',
    faceURL: profile?.avatar ?? '',
    gender: profile?.gender ?? 0,
    phoneNumber: profile?.phoneNumber ?? '',
    birth: birthOf(profile),
    email: profile?.email ?? '',
    ex: '',
    attachedInfo: '',
  };
}

/** A blocklist entry as `BlackItem`, with the blocked user's profile. */
export function toBlackItem(block: Block, profile: Profile | undefined): BlackItem {
  return {
    ownerUserID: block.ownerId ?? '',
    userID: block.blockedId ?? '',
    nickname: profile?.nickname ?? '',
    faceURL: profile?.avatar ?? '',
    gender: profile?.gender ?? 0,
    createTime: toSeconds(block.createdAt),
    addSource: block.addSource ?? 0,
    operatorUserID: block.operatorId ?? '',
    ex: block.ex ?? '',
    attachedInfo: '',
  };
}

/** A friend request as `FriendApplicationItem`, with both parties' names and avatars. */
export function toFriendApplicationItem(request: FriendRequest, profileOf: ProfileLookup): FriendApplicationItem {
  const fromUserID = request.fromId ?? '';
  const toUserID = request.toId ?? '';
  const from = profileOf(fromUserID);
  const to = profileOf(toUserID);
  return {
    fromUserID,
    fromNickname: from?.nickname ?? '',
    fromFaceURL: from?.avatar ?? '',
    fromGender: from?.gender ?? 0,
    toUserID,
    toNickname: to?.nickname ?? '',
    toFaceURL: to?.avatar ?? '',
    toGender: to?.gender ?? 0,
    handleResult: request.handleResult ?? 0,
    reqMsg: request.wording ?? '',
    createTime: toSeconds(request.createdAt),
    handlerUserID: request.handlerId ?? '',
    handleMsg: request.handleMsg ?? '',
    handleTime: toSeconds(request.handledAt),
    ex: '',
    attachedInfo: '',
  };
}

/** What is known of one user, for {@link toTotalUser}. */
export interface UserParts {
  userId: string;
  profile: Profile | undefined;
  /** Fill `publicInfo` (getUsersInfo); the list methods leave it null. */
  withPublic: boolean;
  friend: Friend | undefined;
  block: Block | undefined;
}

/** One `TotalUserStruct`: each part present when the user is known that way, else null. */
export function toTotalUser(parts: UserParts): TotalUserStruct {
  const { userId, profile, friend, block } = parts;
  return {
    publicInfo: parts.withPublic ? toPublicUserItem(userId, profile) : null,
    friendInfo: friend ? toFriendItem(friend, profile) : null,
    blackInfo: block ? toBlackItem(block, profile) : null,
  };
}
