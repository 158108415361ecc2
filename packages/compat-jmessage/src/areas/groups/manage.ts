import { ClientCode, type GroupMember, GroupRole, GroupType, RequestError } from '@parley/core';
import { toJmGroup } from '../../convert/group.js';
import type { JmCore, RunContext } from '../../core.js';
import { JmCode, JmError } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { gidOf } from '../../ids.js';
import { optStr, str } from '../../params.js';
import { fetchGroup, fetchMembers, groupOf, lengthRefusal } from './lookup.js';

const C = ClientCode;

/**
 * `createGroup({group_name, group_description})` (jmessage.md §2.5): a `standard` group owned
 * by the caller → `{gid, group_name, group_descriptin, group_description}` (both spellings,
 * §6.15). Everyone in it, the creator included, gets event 8 from the group tip.
 */
export function createGroup(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'createGroup',
    input,
    async (p, ctx) => {
      const name = str(p, 'group_name');
      const description = optStr(p, 'group_description') ?? '';
      const result = await ctx
        .request('groupCreate', { group: { name, introduction: description, type: GroupType.STANDARD }, members: [] })
        .catch((error: unknown) => {
          throw lengthRefusal(error, 'group.');
        });
      const group = result?.group ?? {};
      return { data: { gid: gidOf(group), group_name: group.name ?? name, group_descriptin: group.introduction ?? description, group_description: group.introduction ?? description } };
    },
    { codes: { [C.PERMISSION_DENIED]: 880402, [C.LIMIT_EXCEEDED]: 880403 } },
  );
}

/**
 * `exitGroup({gid})` → `{gid, group_name}`. An owner may leave (A9): where the server's policy
 * refuses an owner's quit, ownership first passes to the member who has been in the group the
 * longest (admins before plain members), so the group stays usable; the last member leaving
 * dissolves it. The others get event 9; the owner gets it too.
 */
export function exitGroup(core: JmCore, input: unknown): JmHandle {
  return core.run('exitGroup', input, async (p, ctx) => {
    const groupId = await groupOf(core, p);
    const group = await fetchGroup(ctx, groupId);
    try {
      await ctx.request('groupQuit', { groupId });
    } catch (error) {
      if (!(error instanceof RequestError) || error.code !== C.PERMISSION_DENIED) throw error;
      const heir = await heirOf(ctx, groupId, core.username);
      if (!heir) throw error;
      await ctx.request('groupTransferOwner', { groupId, newOwnerId: heir });
      await ctx.request('groupQuit', { groupId });
    }
    return { data: { gid: gidOf(group), group_name: group.name ?? '' } };
  });
}

/** The member who takes over from the owner `me`: admins first, then by time in the group; `undefined` when `me` is not the owner or is alone. */
async function heirOf(ctx: RunContext, groupId: string, me: string): Promise<string | undefined> {
  const members = await fetchMembers(ctx, groupId);
  if (members.find((m) => m.userId === me)?.role !== GroupRole.OWNER) return undefined;
  const rank = (m: GroupMember) => (m.role === GroupRole.ADMIN ? 1 : 0);
  const others = members.filter((m) => m.userId !== me).sort((a, b) => rank(b) - rank(a) || (a.joinedAt ?? 0) - (b.joinedAt ?? 0));
  return others[0]?.userId ?? undefined;
}

/**
 * `updateGroupInfo({gid, group_name, group_description})`: writes the fields given (both are
 * documented as required; either alone is accepted). Every member gets event 12 when
 * something changed. The server lets the owner and admins edit a `standard` group.
 */
export function updateGroupInfo(core: JmCore, input: unknown): JmHandle {
  return core.run('updateGroupInfo', input, async (p, ctx) => {
    const groupId = await groupOf(core, p);
    const name = optStr(p, 'group_name');
    const description = optStr(p, 'group_description');
    if (name === undefined && description === undefined) throw new JmError(JmCode.INVALID_PARAM);
    if (name === '') throw new JmError(JmCode.INVALID_PARAM);
    const setFields = [...(name === undefined ? [] : ['name']), ...(description === undefined ? [] : ['introduction'])];
    await ctx
      .request('groupUpdate', {
        groupId,
        patch: { ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { introduction: description }) },
        setFields,
        replaceMembers: false,
        memberIds: [],
        removeCustomKeys: [],
      })
      .catch((error: unknown) => {
        throw lengthRefusal(error, 'patch.');
      });
    return {};
  });
}

/** `getGroupInfo({gid})` → `{group_info}`; anyone may look a group up. Unknown → 880204. */
export function getGroupInfo(core: JmCore, input: unknown): JmHandle {
  return core.run('getGroupInfo', input, async (p, ctx) => {
    const group = await fetchGroup(ctx, await groupOf(core, p));
    return { data: { group_info: toJmGroup(group, core.appkey) } };
  });
}
