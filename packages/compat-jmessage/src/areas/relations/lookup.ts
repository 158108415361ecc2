import { ClientCode, type Group, groupsOf, isParleyError, type Profile } from '@parley/core';
import type { JmCore, RunContext } from '../../core.js';
import { JmCode, JmError, type JmErrorCode } from '../../errors.js';
import { groupIdOf } from '../../ids.js';

/** Codes shared by the methods that name a target user (`target_name`, `username`, `member_usernames`). */
export const TARGET_USER_CODES = {
  [ClientCode.USER_NOT_FOUND]: JmCode.TARGET_USER_NOT_EXIST,
  // The server serves no cross-app references (jmessage.md §2.10: no cross-app permission → 882xxx).
  [ClientCode.NOT_SUPPORTED]: JmCode.SERVER_GENERIC,
} as const;

/** A J cross-app `appkey` as the wire's `UserRef.appKey`: empty for the caller's own app. */
export function appKeyOf(core: JmCore, appkey: string | undefined): string {
  return appkey && appkey !== core.appkey ? appkey : '';
}

/**
 * Refuses a foreign `appkey` where the core call takes no app (the server serves no cross-app
 * users anyway). @throws {JmError} 882002
 */
export function ownApp(core: JmCore, appkey: string | undefined): void {
  if (appKeyOf(core, appkey) !== '') throw new JmError(JmCode.SERVER_GENERIC);
}

/** A user's profile from the server, or `undefined` when there is no such user. */
export async function fetchProfile(core: JmCore, ctx: RunContext, username: string, appkey?: string): Promise<Profile | undefined> {
  try {
    const result = await ctx.request('userGetProfiles', { users: [{ userId: username, appKey: appKeyOf(core, appkey) }] });
    return result?.profiles?.[0] ?? undefined;
  } catch (error) {
    if (isParleyError(error) && error.code === ClientCode.USER_NOT_FOUND) return undefined;
    throw error;
  }
}

/** The profile of a user the call targets. @throws {JmError} 880203 when there is none. */
export async function requireUser(core: JmCore, ctx: RunContext, username: string, appkey?: string): Promise<Profile> {
  const profile = await fetchProfile(core, ctx, username, appkey);
  if (!profile) throw new JmError(JmCode.TARGET_USER_NOT_EXIST);
  return profile;
}

/**
 * `code`, or 880203 when the user it is about does not exist: the server answers "not a
 * friend" or "no invitation" for unknown users as well, and J tells them apart.
 */
export async function refusalAbout(core: JmCore, ctx: RunContext, username: string, appkey: string | undefined, code: JmErrorCode): Promise<JmError> {
  const profile = await fetchProfile(core, ctx, username, appkey).catch(() => ({}));
  return new JmError(profile ? code : JmCode.TARGET_USER_NOT_EXIST);
}

/**
 * The group a `gid` names, which the caller must be in.
 * @throws {JmError} 880204 when there is no such group, 880205 when the caller is not a member.
 */
export async function memberGroup(core: JmCore, gid: number | string): Promise<Group> {
  const client = core.client;
  const groupId = await groupIdOf(client, gid);
  const joined = groupsOf(client).group(groupId);
  if (joined) return joined;
  let found: { groups: Group[]; selfInfo: Array<{ groupId?: string | null }> };
  try {
    found = await groupsOf(client).get([groupId]);
  } catch (error) {
    if (isParleyError(error) && (error.code === ClientCode.GROUP_NOT_FOUND || error.code === ClientCode.INVALID_PARAM)) throw new JmError(JmCode.TARGET_GROUP_NOT_EXIST);
    throw error;
  }
  const group = found.groups[0];
  if (!group) throw new JmError(JmCode.TARGET_GROUP_NOT_EXIST);
  if (!found.selfInfo.some((m) => m.groupId === group.groupId)) throw new JmError(JmCode.NOT_IN_GROUP);
  return group;
}
