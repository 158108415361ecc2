import { type Group, type GroupMember, GroupRole, type Profile } from '@parley/core';
import { gidOf, mediaIdOf } from '../ids.js';

/** J `Group` (jmessage.md §4.5): `group_list[]` and `group_info`. Times are in seconds (A2). */
export interface JmGroup {
  gid: number;
  name: string;
  desc: string;
  appkey: string;
  ctime: number;
  mtime: number;
}

/** J `GroupMember` (§4.5) with the later revision's `flag`: 0 member, 1 owner, 2 admin. */
export interface JmGroupMember {
  username: string;
  appkey: string;
  nickname: string;
  avatar: string;
  flag: number;
}

/** A user as event `to_usernames` lists them (A5: the later revision's objects). */
export interface JmUserRef {
  username: string;
  appkey: string;
  nickname: string;
}

/** Milliseconds → whole seconds. */
export function seconds(ms: number | null | undefined): number {
  return Math.floor((ms ?? 0) / 1000);
}

/** A core group as a J `Group`; `appkey` is the session's, used when the group carries none. */
export function toJmGroup(group: Group, appkey: string): JmGroup {
  return {
    gid: gidOf(group),
    name: group.name ?? '',
    desc: group.introduction ?? '',
    appkey: group.appKey || appkey,
    ctime: seconds(group.createdAt),
    mtime: seconds(group.updatedAt ?? group.createdAt),
  };
}

/** The later revision's member `flag` for a core role. */
export function roleFlag(role: number | null | undefined): number {
  if (role === GroupRole.OWNER) return 1;
  if (role === GroupRole.ADMIN) return 2;
  return 0;
}

/** A core member (with the user's profile, when known) as a J `GroupMember`. */
export function toJmMember(member: GroupMember, profile: Profile | undefined, appkey: string): JmGroupMember {
  return {
    username: member.userId ?? '',
    appkey: member.appKey || appkey,
    nickname: profile?.nickname ?? '',
    avatar: mediaIdOf(profile?.avatar),
    flag: roleFlag(member.role),
  };
}

/** A user as an event's `to_usernames` entry. */
export function toJmUserRef(userId: string, profile: Profile | undefined, appkey: string): JmUserRef {
  return { username: userId, appkey, nickname: profile?.nickname ?? '' };
}
