import { type Group, GroupType, groupsOf } from '@parley/core';
import type { MlCore } from '../../core.js';
import { MlCode, MlError } from '../../errors.js';
import { idArg, membersArg, objectArg } from '../args.js';
import { attributesOf, attrPatch, GROUP_PROFILE } from './attributes.js';

/** A group in `listGroups(…, true)` (§4.5): `name` at the top level. */
export interface GroupDetail {
  id: string;
  name: string;
  owner: string;
  members: string[];
  ts: number;
}

/** `getGroup`'s answer (§4.5): no `id`, the name inside `attributes`. */
export interface GroupInfo {
  owner: string;
  ts: number;
  members: string[];
  attributes: Record<string, unknown>;
}

/** Every member id of a group, page by page. */
async function memberIdsOf(core: MlCore, groupId: string): Promise<string[]> {
  const groups = groupsOf(core.client);
  const ids: string[] = [];
  for (let offset = 0; ; ) {
    const page = await groups.listMembers(groupId, { offset, count: 100 });
    ids.push(...page.members.map((m) => m.userId ?? ''));
    if (!page.nextOffset || page.members.length === 0) return ids;
    offset = page.nextOffset;
  }
}

/** One group by id. @throws {MlError} 5004 when there is none. */
export async function groupOf(core: MlCore, groupId: string): Promise<Group> {
  const [group] = (await groupsOf(core.client).get([groupId])).groups;
  if (!group) throw new MlError(MlCode.NOT_FOUND, `no such group: ${groupId}`);
  return group;
}

/**
 * `im.listGroups(userid, callback, withDetail)` (the callback comes second): the groups the user
 * is in, as ids, or with `withDetail` as `[{id, name, owner, members, ts}]`.
 */
export function listGroups(core: MlCore, ...args: unknown[]): void {
  const [userid, callback, withDetail] = args;
  core.rest(callback, async () => {
    const subject = idArg(userid, 'userid');
    const result = await core.client.request('groupListJoined', { type: GroupType.STANDARD, anyType: true }, { subject });
    const groups = result?.groups ?? [];
    if (!withDetail) return groups.map((g) => g.groupId ?? '');
    return Promise.all(
      groups.map(async (g): Promise<GroupDetail> => {
        const id = g.groupId ?? '';
        return { id, name: g.name ?? '', owner: g.ownerId ?? '', members: await memberIdsOf(core, id), ts: Number(g.createdAt ?? 0) };
      }),
    );
  });
}

/**
 * `im.addGroup({owner, name, members}, callback)` → the new group's id (a String). `owner` may
 * be any user, not only the caller; other keys of `data` become attributes. Members who are not
 * users are left out.
 */
export function addGroup(core: MlCore, ...args: unknown[]): void {
  const [data, callback] = args;
  core.rest(callback, async () => {
    const { owner, members, ...attributes } = objectArg(data, 'data');
    const ownerId = idArg(owner, 'data.owner');
    const memberIds = membersArg(members, 'data.members', true) ?? [];
    const { customMode: _merge, ...init } = attrPatch(attributes, 'merge', GROUP_PROFILE);
    const { group } = await groupsOf(core.client).create({ ...init, ownerId, members: memberIds });
    return group.groupId ?? '';
  });
}

/** `im.getGroup(groupid, callback)` → `{owner, ts, members, attributes: {name, …}}`. */
export function getGroup(core: MlCore, ...args: unknown[]): void {
  const [groupid, callback] = args;
  core.rest(callback, async (): Promise<GroupInfo> => {
    const group = await groupOf(core, idArg(groupid, 'groupid'));
    const groupId = group.groupId ?? '';
    return { owner: group.ownerId ?? '', ts: Number(group.createdAt ?? 0), members: await memberIdsOf(core, groupId), attributes: attributesOf(group, GROUP_PROFILE) };
  });
}

/**
 * `im.updateGroup(groupid, {name?, owner?, members?}, callback)` → `{}`. `members` replaces the
 * whole list (they must be users; the owner stays a member); a new `owner` must be a member
 * once the list is replaced.
 */
export function updateGroup(core: MlCore, ...args: unknown[]): void {
  const [groupid, data, callback] = args;
  core.rest(callback, async () => {
    const groupId = idArg(groupid, 'groupid');
    const d = objectArg(data, 'data');
    const { name } = attrPatch({ name: d.name }, 'merge', GROUP_PROFILE);
    const memberIds = membersArg(d.members, 'data.members', true);
    await groupsOf(core.client).update(groupId, {
      ...(name !== undefined && { name }),
      ...(d.owner !== undefined && { ownerId: idArg(d.owner, 'data.owner') }),
      ...(memberIds && { memberIds }),
    });
  });
}

/** `im.rmGroup(groupid, callback)` → `{}`: dismisses the group. */
export function rmGroup(core: MlCore, ...args: unknown[]): void {
  const [groupid, callback] = args;
  core.rest(callback, async () => {
    await groupsOf(core.client).dismiss(idArg(groupid, 'groupid'));
  });
}

/** `im.addGroupMembers(groupid, {members}, callback)` → `{}`; members already in are fine, unknown users are 5004. */
export function addGroupMembers(core: MlCore, ...args: unknown[]): void {
  const [groupid, data, callback] = args;
  core.rest(callback, async () => {
    const groupId = idArg(groupid, 'groupid');
    const members = membersArg(objectArg(data, 'data').members, 'data.members') ?? [];
    if (members.length === 0) return;
    const results = await groupsOf(core.client).addMembers(groupId, members);
    if (results.failure.length > 0) throw new MlError(MlCode.NOT_FOUND, `no such user: ${results.failure.join(', ')}`);
    if (results.overLimit.length > 0) throw new MlError(MlCode.INVALID_PARAM, `in too many groups: ${results.overLimit.join(', ')}`);
  });
}

/**
 * `im.rmGroupMembers(groupid, {members}, callback)` → `{}`; users who are not members are
 * ignored, removing the owner is 5003. The removal is made as the owner, so a caller may also
 * remove itself.
 */
export function rmGroupMembers(core: MlCore, ...args: unknown[]): void {
  const [groupid, data, callback] = args;
  core.rest(callback, async () => {
    const groupId = idArg(groupid, 'groupid');
    const members = membersArg(objectArg(data, 'data').members, 'data.members') ?? [];
    if (members.length === 0) return;
    const owner = (await groupOf(core, groupId)).ownerId ?? '';
    if (members.includes(owner)) throw new MlError(MlCode.PERMISSION, 'the owner cannot be removed; hand the group over first');
    await core.client.request('groupRemoveMembers', { groupId, users: members.map((userId) => ({ userId })), reason: '' }, { subject: owner });
  });
}
