import { ClientCode, type Group, type GroupMember, RequestError } from '@parley/core';
import type { JmCore, RunContext } from '../../core.js';
import { JmCode, JmError } from '../../errors.js';
import { groupIdOf } from '../../ids.js';
import { type MemberRef, num, type Params } from '../../params.js';
import { profilesOf } from '../../profiles.js';

/**
 * What the group methods share: reading a `gid`, fetching a group and its members, checking
 * member references, and the name/description length refusals.
 */

/** Ids `group.getMembers` takes at once. */
const MEMBERS_PER_CALL = 50;
/** Members `group.listMembers` returns per page. */
const MEMBER_PAGE = 100;

/** The group id behind the `gid` parameter (a number, or a numeric string). @throws {JmError} 880002 */
export function groupOf(core: JmCore, p: Params, key = 'gid'): Promise<string> {
  return groupIdOf(core.client, num(p, key));
}

/** One group's profile (the caller need not be a member). @throws {JmError} 880204 when unknown */
export async function fetchGroup(ctx: RunContext, groupId: string): Promise<Group> {
  const result = await ctx.request('groupGet', { groupIds: [groupId], publicOnly: false });
  const group = result?.groups?.[0];
  if (!group) throw new JmError(JmCode.TARGET_GROUP_NOT_EXIST);
  return group;
}

/** Every member of a group, page by page. */
export async function fetchMembers(ctx: RunContext, groupId: string): Promise<GroupMember[]> {
  const members: GroupMember[] = [];
  let offset = 0;
  do {
    const page = await ctx.request('groupListMembers', { groupId, offset, count: MEMBER_PAGE, anyRole: true });
    members.push(...(page?.members ?? []));
    offset = page?.nextOffset ?? 0;
  } while (offset > 0);
  return members;
}

/** Which of `userIds` are members of the group. */
export async function membersAmong(ctx: RunContext, groupId: string, userIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const ids of chunks(userIds, MEMBERS_PER_CALL)) {
    const result = await ctx.request('groupGetMembers', { groupId, userIds: ids });
    for (const member of result?.members ?? []) if (member.userId) found.add(member.userId);
  }
  return found;
}

/**
 * The user ids of `member_usernames`, without duplicates. Every one must exist in this app: a
 * member of another appkey is not served by the server (cross-app groups), so it counts as an
 * unknown user. @throws {JmError} 880203
 */
export async function existingUsers(core: JmCore, refs: readonly MemberRef[]): Promise<string[]> {
  if (refs.some((ref) => ref.appkey && ref.appkey !== core.appkey)) throw new JmError(JmCode.TARGET_USER_NOT_EXIST);
  const ids = [...new Set(refs.map((ref) => ref.username))];
  const known = await profilesOf(core.client, ids);
  if (ids.some((id) => !known.has(id))) throw new JmError(JmCode.TARGET_USER_NOT_EXIST);
  return ids;
}

/**
 * A name or description over the server's byte cap (`group.nameMaxBytes`, `introMaxBytes`)
 * as 880404 / 880405; `prefix` is where the request put the fields (`group.`, `patch.`).
 * Anything else is returned as it is.
 */
export function lengthRefusal(error: unknown, prefix: string): unknown {
  if (!(error instanceof RequestError) || error.code !== ClientCode.INVALID_PARAM) return error;
  if (error.detail === `${prefix}name`) return new JmError(JmCode.GROUP_NAME_TOO_LONG);
  if (error.detail === `${prefix}introduction`) return new JmError(JmCode.GROUP_DESC_TOO_LONG);
  return error;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
