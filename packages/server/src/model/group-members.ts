import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { fileApplication } from './group-applications.js';
import {
  type Access,
  accessOf,
  appendTip,
  checkBytes,
  checkCustomFields,
  checkGroupId,
  type GroupMemberRecord,
  groupName,
  LIMITS,
  listMembersInTx,
  loadActiveGroup,
  loadMember,
  notify,
  presetOf,
  pushGroupEvent,
  RANK,
  rankOf,
  refuseTopic,
  requireMember,
  requireRank,
  saveGroup,
  saveMember,
  toWireMember,
  withinQuota,
} from './group-core.js';
import { disband, enrol, expel, handOver } from './group-enrol.js';
import { fromJson, type Group, groupLog, K, logId } from './schema.js';
import { transact, type Tx } from './tx.js';
import { checkUserId, getUsers } from './users.js';

/**
 * Membership operations (§2.9): join, quit, add, remove, member lists and per-member settings
 * (role, mute, name card, custom fields).
 */

const { GroupRole, JoinOption, JoinStatus, GroupChange, GroupTipKind, NoticeKind, ApplicationKind } = parley.v1;

/** The longest mute (T caps it at about 30 days; this allows a year). */
const MAX_MUTE_SECONDS = 366 * 24 * 3600;

/** The lock that serialises writers of one group's log (tips) with its senders. */
export function groupLock(groupId: string): { locks: string[] } {
  return { locks: [logId(groupLog(groupId))] };
}

async function memberIds(tx: Tx, app: string, groupId: string): Promise<string[]> {
  return (await listMembersInTx(tx, app, groupId)).map((m) => m.userId);
}

/** The group whose member rows apply: a topic's community, or the group itself. */
async function membershipGroup(tx: Tx, app: string, groupId: string): Promise<Group> {
  const group = await loadActiveGroup(tx, app, groupId);
  return group.parentId ? loadActiveGroup(tx, app, group.parentId) : group;
}

/** `group.join`: free groups admit at once, approval groups file an application. */
export async function joinGroup(ctx: ModelContext, actor: Actor, req: parley.v1.GroupJoin): Promise<parley.v1.IGroupJoinResult> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  return transact(
    ctx.store,
    async (tx) => {
      const group = await loadActiveGroup(tx, app, groupId);
      refuseTopic(group);
      if (await tx.get(K.member(app, groupId, actor.userId))) return { status: JoinStatus.JOIN_STATUS_ALREADY_MEMBER, group };
      const preset = presetOf(group);
      if (!actor.privileged) {
        if (!preset.canApply) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this group type admits members by invitation only');
        if (group.joinOption === JoinOption.JOIN_OPTION_DISABLED) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this group cannot be joined');
      }
      if (group.memberCount >= group.maxMemberCount) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'the group is full');
      if (!(await withinQuota(tx, ctx, actor.userId))) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'you are in too many groups');
      if (group.joinOption === JoinOption.JOIN_OPTION_APPROVAL && !actor.privileged) {
        await fileApplication(tx, ctx, actor, group, ApplicationKind.APPLICATION_KIND_JOIN, actor.userId, req.applyMessage);
        return { status: JoinStatus.JOIN_STATUS_PENDING, group };
      }
      await enrol(tx, ctx, actor, group, await memberIds(tx, app, groupId), [{ userId: actor.userId }], { kind: 'joined' });
      return { status: JoinStatus.JOIN_STATUS_JOINED, group };
    },
    groupLock(groupId),
  );
}

/**
 * `group.quit`. An owner may quit a work group (it stays ownerless); for `standard` groups the
 * policy `groupOwnerQuit` decides (dissolve, hand over to the oldest admin or member, forbid);
 * other presets forbid it. A group left empty is dismissed.
 */
export async function quitGroup(ctx: ModelContext, actor: Actor, req: parley.v1.GroupId): Promise<void> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  await transact(
    ctx.store,
    async (tx) => {
      const group = await loadActiveGroup(tx, app, groupId);
      refuseTopic(group);
      const members = await listMembersInTx(tx, app, groupId);
      const me = members.find((m) => m.userId === actor.userId);
      if (!me) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this group', { detail: 'groupId' });
      const ids = members.map((m) => m.userId);
      const others = members.filter((m) => m.userId !== actor.userId);
      if (others.length === 0) return disband(tx, ctx, actor, group, ids);
      if (me.record.role === GroupRole.GROUP_ROLE_OWNER) {
        const preset = presetOf(group);
        const rule = preset.ownerQuit === 'policy' ? ctx.app.policy.groupOwnerQuit : preset.ownerQuit;
        if (rule === 'forbid') throw new ServerError(ErrorCode.PERMISSION_DENIED, 'the owner cannot quit; transfer the group or dismiss it');
        if (rule === 'dissolve') return disband(tx, ctx, actor, group, ids);
        if (rule === 'transferToOldestAdmin') {
          const byAge = [...others].sort((a, b) => rankOf(b.record.role) - rankOf(a.record.role) || a.record.joinedAt - b.record.joinedAt);
          await handOver(tx, ctx, actor, group, ids, (byAge[0] as (typeof others)[number]).userId);
        }
      }
      await expel(tx, ctx, actor, group, ids, [actor.userId], { kind: 'quit' });
    },
    groupLock(groupId),
  );
}

/** Validates a user list of an add/remove request; drops duplicates. */
function checkUserRefs(ctx: ModelContext, refs: readonly parley.v1.IUserRef[]): { ids: string[]; foreign: string[] } {
  if (refs.length === 0 || refs.length > LIMITS.usersPerEdit) throw invalidParam('users', `between 1 and ${LIMITS.usersPerEdit} users`);
  const ids: string[] = [];
  const foreign: string[] = [];
  const ownKey = ctx.app.config.jmessage?.appkey;
  for (const ref of refs) {
    const id = checkUserId(ref.userId, 'users.userId');
    // J cross-app members are not served: a user of another app key fails alone.
    (ref.appKey && ref.appKey !== ownKey ? foreign : ids).push(id);
  }
  return { ids: [...new Set(ids)], foreign };
}

/** How the actor may add members to `group`: directly, by invitation, or not at all. */
export function addModeOf(group: Group, access: Access): 'direct' | 'invite' {
  if (access.privileged) return 'direct';
  requireMember(access);
  const adders = presetOf(group).adders;
  if (adders === 'member') return 'direct';
  if (adders === 'appAdmin') throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the app admin may add members to this group type');
  if (group.inviteOption === JoinOption.JOIN_OPTION_FREE) return 'direct';
  if (group.inviteOption === JoinOption.JOIN_OPTION_APPROVAL) return 'invite';
  requireRank(access, RANK.admin, 'add members to this group');
  return 'direct';
}

/**
 * `group.addMembers`: checks the preset; unknown users fail, members are `existed`, users over
 * `groupQuotaPerUser` are `overLimit`. Where invitations need consent (community
 * `inviteOption` approval), each invitee gets an invitation and counts as `success` (the
 * invitation was sent); they join when they accept.
 * @throws ServerError LIMIT_EXCEEDED when the group cannot take them all
 */
export async function addMembers(ctx: ModelContext, actor: Actor, req: parley.v1.GroupMembersEdit): Promise<parley.v1.IMemberResults> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  const { ids, foreign } = checkUserRefs(ctx, req.users);
  checkBytes(req.reason, 1024, 'reason');
  const known = await getUsers(ctx.store, app, ids);
  return transact(
    ctx.store,
    async (tx) => {
      const group = await loadActiveGroup(tx, app, groupId);
      refuseTopic(group);
      const mode = addModeOf(group, await accessOf(tx, ctx, actor, groupId));
      const current = await memberIds(tx, app, groupId);
      const results = { success: [] as string[], failure: [...foreign, ...ids.filter((id) => !known.has(id))], existed: [] as string[], overLimit: [] as string[] };
      for (const id of ids.filter((i) => known.has(i))) {
        if (current.includes(id)) results.existed.push(id);
        else if (!(await withinQuota(tx, ctx, id))) results.overLimit.push(id);
        else results.success.push(id);
      }
      if (mode === 'invite') {
        for (const id of results.success) await fileApplication(tx, ctx, actor, group, ApplicationKind.APPLICATION_KIND_INVITE, id, req.reason);
        return results;
      }
      if (group.memberCount + results.success.length > group.maxMemberCount) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `the group takes at most ${group.maxMemberCount} members`);
      await enrol(
        tx,
        ctx,
        actor,
        group,
        current,
        results.success.map((userId) => ({ userId })),
        { kind: 'invited', reason: req.reason },
      );
      return results;
    },
    groupLock(groupId),
  );
}

/**
 * `group.removeMembers`: the preset's removers, and only members of a lower role than the
 * actor's (app privilege removes anyone but the owner). Others fail alone.
 */
export async function removeMembers(ctx: ModelContext, actor: Actor, req: parley.v1.GroupMembersEdit): Promise<parley.v1.IMemberResults> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  const { ids, foreign } = checkUserRefs(ctx, req.users);
  checkBytes(req.reason, 1024, 'reason');
  return transact(
    ctx.store,
    async (tx) => {
      const group = await loadActiveGroup(tx, app, groupId);
      refuseTopic(group);
      const access = await accessOf(tx, ctx, actor, groupId);
      requireRank(access, presetOf(group).removers === 'owner' ? RANK.owner : RANK.admin, 'remove members');
      const members = await listMembersInTx(tx, app, groupId);
      const roles = new Map(members.map((m) => [m.userId, rankOf(m.record.role)]));
      const removed: string[] = [];
      const failure = [...foreign];
      for (const id of ids) {
        const rank = roles.get(id);
        const allowed = rank !== undefined && rank < RANK.owner && id !== actor.userId && rank < access.rank;
        (allowed ? removed : failure).push(id);
      }
      await expel(
        tx,
        ctx,
        actor,
        group,
        members.map((m) => m.userId),
        removed,
        { kind: 'kicked', reason: req.reason },
      );
      return { success: removed, failure };
    },
    groupLock(groupId),
  );
}

/** `group.listMembers`: offset paging (the cursor is the offset as text), optional role filter. */
export async function listMembers(ctx: ModelContext, actor: Actor, req: parley.v1.GroupListMembers): Promise<parley.v1.IGroupMembers> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  const count = Math.min(req.count || 100, 100);
  const offset = req.cursor ? Number.parseInt(req.cursor, 10) : req.offset;
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidParam('cursor', 'not a cursor of this list');
  return transact(ctx.store, async (tx) => {
    const group = await membershipGroup(tx, app, groupId);
    requireMember(await accessOf(tx, ctx, actor, group.groupId));
    // Role 0 is `member`, indistinguishable from "no filter": `anyRole` or role 0 lists everyone.
    const all = (await listMembersInTx(tx, app, group.groupId)).filter((m) => req.anyRole || req.role === 0 || m.record.role === req.role);
    const page = all.slice(offset, offset + count);
    const next = offset + page.length < all.length ? offset + page.length : 0;
    return { members: page.map((m) => toWireMember(groupId, m.userId, m.record)), nextOffset: next, nextCursor: next ? String(next) : '' };
  });
}

/** `group.getMembers`: up to 50 members by id (non-members are left out), custom fields filtered. */
export async function getMembers(ctx: ModelContext, actor: Actor, req: parley.v1.GroupGetMembers): Promise<parley.v1.IGroupMembers> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  if (req.userIds.length === 0 || req.userIds.length > LIMITS.idsPerGet) throw invalidParam('userIds', `between 1 and ${LIMITS.idsPerGet} ids`);
  const ids = [...new Set(req.userIds.map((id) => checkUserId(id, 'userIds')))];
  return transact(ctx.store, async (tx) => {
    const group = await membershipGroup(tx, app, groupId);
    requireMember(await accessOf(tx, ctx, actor, group.groupId));
    const rows = await tx.getMany(ids.map((id) => K.member(app, group.groupId, id)));
    const members: parley.v1.GroupMember[] = [];
    ids.forEach((id, i) => {
      const row = rows[i];
      if (row) members.push(toWireMember(groupId, id, fromJson<GroupMemberRecord>(row), req.customFields));
    });
    return { members };
  });
}

/** Loads the group, the actor's access and the target member of a per-member edit. */
async function memberEditContext(tx: Tx, ctx: ModelContext, actor: Actor, groupId: string, userId: string) {
  const group = await loadActiveGroup(tx, ctx.app.id, groupId);
  refuseTopic(group);
  const access = await accessOf(tx, ctx, actor, groupId);
  requireMember(access);
  const target = await loadMember(tx, ctx.app.id, groupId, userId);
  if (!target) throw new ServerError(ErrorCode.NOT_MEMBER, `${userId} is not a member of this group`, { detail: 'userId' });
  return { group, access, target };
}

/** Saves a changed member, bumps the member version, pushes `memberChanged` and tips when asked. */
async function commitMemberChange(
  tx: Tx,
  ctx: ModelContext,
  actor: Actor,
  group: Group,
  userId: string,
  record: GroupMemberRecord,
  tip?: parley.v1.IGroupTipElem,
): Promise<parley.v1.GroupMember> {
  const app = ctx.app.id;
  saveMember(tx, app, group.groupId, userId, record);
  group.memberVersion += 1;
  const member = toWireMember(group.groupId, userId, record);
  const members = await memberIds(tx, app, group.groupId);
  pushGroupEvent(tx, ctx, actor, members, {
    groupId: group.groupId,
    change: GroupChange.GROUP_CHANGE_MEMBER_CHANGED,
    members: [member],
    userIds: [userId],
    operatorId: actor.userId,
    infoVersion: group.infoVersion,
    memberVersion: group.memberVersion,
  });
  if (tip) await appendTip(tx, ctx, actor, group, tip, members);
  saveGroup(tx, app, group);
  return member;
}

function requireRolesAndMute(group: Group): void {
  if (!presetOf(group).rolesAndMute) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this group type has no admins or mutes');
}

/** `group.setMemberRole`: the owner makes members admins or back (T `setGroupMemberRole`). */
export async function setMemberRole(ctx: ModelContext, actor: Actor, req: parley.v1.GroupMemberEdit): Promise<parley.v1.IGroupMember> {
  const groupId = checkGroupId(req.groupId);
  const userId = checkUserId(req.userId);
  if (req.role !== GroupRole.GROUP_ROLE_ADMIN && req.role !== GroupRole.GROUP_ROLE_MEMBER) throw invalidParam('role', 'admin or member');
  return transact(
    ctx.store,
    async (tx) => {
      const { group, access, target } = await memberEditContext(tx, ctx, actor, groupId, userId);
      requireRolesAndMute(group);
      requireRank(access, RANK.owner, 'change roles');
      if (target.role === GroupRole.GROUP_ROLE_OWNER) throw invalidParam('userId', "the owner's role changes only by transferring the group");
      if (target.role === req.role) return toWireMember(groupId, userId, target);
      target.role = req.role;
      const admin = req.role === GroupRole.GROUP_ROLE_ADMIN;
      const tip = {
        tip: admin ? GroupTipKind.GROUP_TIP_ADMIN_SET : GroupTipKind.GROUP_TIP_ADMIN_UNSET,
        userIds: [userId],
        memberChanges: [{ userId, role: req.role }],
        text: admin ? `${actor.userId} made ${userId} an admin` : `${actor.userId} removed ${userId} as admin`,
      };
      const member = await commitMemberChange(tx, ctx, actor, group, userId, target, tip);
      const kind = admin ? NoticeKind.NOTICE_ADMIN_SET : NoticeKind.NOTICE_ADMIN_UNSET;
      await notify(tx, ctx, [userId], { kind, groupId, operatorId: actor.userId, userIds: [userId] }, `${tip.text} in ${groupName(group)}`);
      return member;
    },
    groupLock(groupId),
  );
}

/**
 * `group.muteMember`: mutes for `muteSeconds` (0 unmutes). The owner mutes admins and members,
 * admins mute members. The expiry is checked at send time, so no timer is needed.
 */
export async function muteMember(ctx: ModelContext, actor: Actor, req: parley.v1.GroupMemberEdit): Promise<parley.v1.IGroupMember> {
  const groupId = checkGroupId(req.groupId);
  const userId = checkUserId(req.userId);
  if (req.muteSeconds > MAX_MUTE_SECONDS) throw invalidParam('muteSeconds', `at most ${MAX_MUTE_SECONDS}`);
  if (userId === actor.userId) throw invalidParam('userId', 'you cannot mute yourself');
  return transact(
    ctx.store,
    async (tx) => {
      const { group, access, target } = await memberEditContext(tx, ctx, actor, groupId, userId);
      requireRolesAndMute(group);
      requireRank(access, RANK.admin, 'mute members');
      if (rankOf(target.role) >= access.rank) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'you may only mute members below your role');
      target.muteUntil = req.muteSeconds > 0 ? ctx.now() + req.muteSeconds * 1000 : 0;
      const text = req.muteSeconds > 0 ? `${actor.userId} muted ${userId} for ${req.muteSeconds} s` : `${actor.userId} unmuted ${userId}`;
      return commitMemberChange(tx, ctx, actor, group, userId, target, {
        tip: GroupTipKind.GROUP_TIP_MEMBER_PROFILE,
        userIds: [userId],
        memberChanges: [{ userId, muteUntil: target.muteUntil }],
        text,
      });
    },
    groupLock(groupId),
  );
}

/**
 * `group.updateMember`: name card and member custom fields (merge; an empty value removes the
 * key). Yourself, or a member below your role; `setFields` names what to write (inferred from
 * the non-empty fields when absent).
 */
export async function updateMember(ctx: ModelContext, actor: Actor, req: parley.v1.GroupMemberEdit): Promise<parley.v1.IGroupMember> {
  const groupId = checkGroupId(req.groupId);
  const userId = req.userId ? checkUserId(req.userId) : actor.userId;
  const fields = new Set(req.setFields.length > 0 ? req.setFields : [...(req.nameCard ? ['nameCard'] : []), ...(Object.keys(req.customFields).length > 0 ? ['customFields'] : [])]);
  for (const f of fields) if (f !== 'nameCard' && f !== 'customFields') throw invalidParam('setFields', `unknown field "${f}"`);
  if (fields.size === 0) throw invalidParam('setFields', 'nothing to update');
  checkBytes(req.nameCard, LIMITS.nameCardBytes, 'nameCard');
  checkCustomFields(req.customFields, 'customFields');
  return transact(
    ctx.store,
    async (tx) => {
      const { group, access, target } = await memberEditContext(tx, ctx, actor, groupId, userId);
      if (userId !== actor.userId && rankOf(target.role) >= access.rank) throw new ServerError(ErrorCode.PERMISSION_DENIED, "you may only edit your own or lower members' profiles");
      let tip: parley.v1.IGroupTipElem | undefined;
      if (fields.has('nameCard') && (target.nameCard ?? '') !== req.nameCard) {
        target.nameCard = req.nameCard;
        const text = req.nameCard ? `${userId} is now called "${req.nameCard}" in this group` : `${userId} cleared their group nickname`;
        tip = { tip: GroupTipKind.GROUP_TIP_MEMBER_PROFILE, userIds: [userId], memberChanges: [{ userId, nameCard: req.nameCard }], text };
      }
      if (fields.has('customFields')) {
        const merged = { ...target.customFields };
        for (const [key, value] of Object.entries(req.customFields)) {
          if (value === '') delete merged[key];
          else merged[key] = value;
        }
        checkCustomFields(merged, 'customFields');
        target.customFields = merged;
      }
      return commitMemberChange(tx, ctx, actor, group, userId, target, tip);
    },
    groupLock(groupId),
  );
}
