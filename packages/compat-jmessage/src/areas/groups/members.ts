import { ClientCode } from '@parley/core';
import { toJmMember } from '../../convert/group.js';
import type { JmCore } from '../../core.js';
import { JmCode, JmError, type JmErrorCode } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { type MemberRef, members, type Params } from '../../params.js';
import { profilesOf } from '../../profiles.js';
import { existingUsers, fetchMembers, groupOf, membersAmong } from './lookup.js';

const C = ClientCode;

/**
 * The list of `member_usernames` (§4.7): required, and not empty (880602).
 * @throws {JmError} 880002, 880602
 */
function memberList(p: Params): MemberRef[] {
  const refs = members(p, 'member_usernames') ?? [];
  if (refs.length === 0) throw new JmError(JmCode.ZERO_MEMBER);
  return refs;
}

/**
 * `addGroupMembers({gid, member_usernames})` (§2.5). The request is all or nothing: unknown
 * users (880203) and users already in the group (880610) are refused before anything is
 * added. Any member of a `standard` group may add (the server's permission model); a caller
 * outside the group is refused with 880604. Everyone, the new members included, gets event 10.
 */
export function addGroupMembers(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'addGroupMembers',
    input,
    async (p, ctx) => {
      const refs = memberList(p);
      const groupId = await groupOf(core, p);
      const ids = await existingUsers(core, refs);
      if ((await membersAmong(ctx, groupId, ids)).size > 0) throw new JmError(JmCode.ALREADY_IN_GROUP);
      const result = await ctx.request('groupAddMembers', { groupId, users: ids.map((userId) => ({ userId })), reason: '' });
      // Only a concurrent change can leave someone out now; report the first reason.
      const refused: JmErrorCode | undefined = result?.existed?.length ? JmCode.ALREADY_IN_GROUP : result?.overLimit?.length ? 880609 : result?.failure?.length ? JmCode.TARGET_USER_NOT_EXIST : undefined;
      if (refused) throw new JmError(refused);
      return {};
    },
    { codes: { [C.PERMISSION_DENIED]: JmCode.NO_PERMISSION_ADD, [C.NOT_MEMBER]: JmCode.NO_PERMISSION_ADD, [C.LIMIT_EXCEEDED]: 880608 } },
  );
}

/**
 * `delGroupMembers({gid, member_usernames})` (§2.5): all or nothing. Unknown users → 880203,
 * users not in the group → 880205; only the owner (and admins) may remove (880704), and
 * never the owner or themselves (880705). Everyone, the removed members included, gets event 11.
 */
export function delGroupMembers(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'delGroupMembers',
    input,
    async (p, ctx) => {
      const refs = memberList(p);
      const groupId = await groupOf(core, p);
      const ids = await existingUsers(core, refs);
      const present = await membersAmong(ctx, groupId, ids);
      if (ids.some((id) => !present.has(id))) throw new JmError(JmCode.NOT_IN_GROUP);
      const result = await ctx.request('groupRemoveMembers', { groupId, users: ids.map((userId) => ({ userId })), reason: '' });
      if (result?.failure?.length) throw new JmError(880705);
      return {};
    },
    { codes: { [C.PERMISSION_DENIED]: JmCode.NO_PERMISSION_DELETE, [C.NOT_MEMBER]: JmCode.NO_PERMISSION_DELETE } },
  );
}

/** `getGroupMembers({gid})` → `{member_list}` with nicknames and avatars; members only (880205). */
export function getGroupMembers(core: JmCore, input: unknown): JmHandle {
  return core.run('getGroupMembers', input, async (p, ctx) => {
    const list = await fetchMembers(ctx, await groupOf(core, p));
    const profiles = await profilesOf(
      core.client,
      list.map((m) => m.userId ?? ''),
    );
    return { data: { member_list: list.map((m) => toJmMember(m, profiles.get(m.userId ?? ''), core.appkey)) } };
  });
}
