import type { Friend, Profile } from '@parley/core';
import { mediaIdOf } from '../ids.js';

/** J `UserInfo` (jmessage.md §4.2): `getUserInfo().user_info`, `getBlacks().black_list[]`. */
export interface UserInfo {
  username: string;
  appkey: string;
  nickname: string;
  /** A media id, resolved with `getResource`. */
  avatar: string;
  birthday: string;
  /** 0 unknown, 1 male, 2 female. */
  gender: number;
  /** The bio line. */
  signature: string;
  region: string;
  address: string;
  /** Last profile change, in seconds (jmessage.md A2: the unit `ctime` has too). */
  mtime: number;
}

/** J `FriendInfo` (jmessage.md §4.3): a `UserInfo` plus the memo, under both spellings. */
export interface FriendInfo extends UserInfo {
  /** The vendor's spelling (sic). */
  memo_nam: string;
  memo_name: string;
  memo_others: string;
}

/** An avatar as J shows it: the bare media id (a `media:` reference loses its prefix). */
/**
 * A core profile as J `UserInfo`. `fallback` names the user when the profile is missing or
 * partial (a user the server no longer returns keeps its name) and gives the appkey.
 */
export function toUserInfo(profile: Profile | undefined, fallback: { username: string; appkey: string }): UserInfo {
  const gender = Number(profile?.gender ?? 0);
  return {
    username: profile?.username || profile?.userId || fallback.username,
    appkey: profile?.appKey || fallback.appkey,
    nickname: profile?.nickname ?? '',
    avatar: mediaIdOf(profile?.avatar),
    birthday: profile?.birthday ?? '',
    gender: gender === 1 || gender === 2 ? gender : 0,
    signature: profile?.selfSignature ?? '',
    region: profile?.region ?? '',
    address: profile?.address ?? '',
    mtime: Math.floor(Number(profile?.updatedAt ?? profile?.createdAt ?? 0) / 1000),
  };
}

/** A friend edge and the friend's profile as J `FriendInfo` (`memo_nam` and `memo_name` both carry the remark). */
export function toFriendInfo(friend: Friend, profile: Profile | undefined, appkey: string): FriendInfo {
  const memo = friend.remark ?? '';
  return {
    ...toUserInfo(profile, { username: friend.friendId ?? '', appkey: friend.crossAppKey || appkey }),
    memo_nam: memo,
    memo_name: memo,
    memo_others: friend.memoOthers ?? '',
  };
}
