import { parley } from '@parley/protocol';
import { ErrorCode, ServerError } from '../errors.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import {
  admitMember,
  appendTip,
  dropMember,
  type GroupMemberRecord,
  groupName,
  JOIN_SOURCE,
  loadMember,
  names,
  notify,
  pushGroupEvent,
  recordInfoChange,
  saveGroup,
  saveMember,
  toWireMember,
} from './group-core.js';
import { type Group, K } from './schema.js';
import type { Tx } from './tx.js';

/**
 * Member batches with all their effects, shared by create, join, add, remove, quit, replace
 * and application handling: rows, counters, change stream, the tip, notices and pushes, in
 * an order that keeps each user's pushes in cursor order.
 */

const { GroupChange, GroupTipKind, NoticeKind, GroupRole } = parley.v1;

/** How the new members came in. */
export type EnrolHow =
  /** The creator and the initial members of `group.create`. */
  | { kind: 'created' }
  /** Added by the actor (`group.addMembers`, replace, an accepted invitation when `inviterId` is set). */
  | { kind: 'invited'; inviterId?: string; reason?: string }
  /** Joined on their own (free join), or with an approved application (`approvedBy`). */
  | { kind: 'joined'; approvedBy?: string };

/** A member to admit, with the fields of their row. */
export interface NewMember {
  userId: string;
  role?: number;
  customFields?: Record<string, string>;
}

/**
 * Admits `newMembers` (none of them members yet) to `group`; `existing` are the members before.
 * Saves the group with the new count and member version.
 */
export async function enrol(
  tx: Tx,
  ctx: ModelContext,
  actor: Actor,
  group: Group,
  existing: readonly string[],
  newMembers: readonly NewMember[],
  how: EnrolHow,
): Promise<void> {
  if (newMembers.length === 0) return;
  const ids = newMembers.map((m) => m.userId);
  const inviterId = how.kind === 'invited' ? (how.inviterId ?? actor.userId) : how.kind === 'joined' ? '' : actor.userId;
  const source = how.kind === 'created' ? JOIN_SOURCE.created : how.kind === 'invited' ? JOIN_SOURCE.invited : JOIN_SOURCE.applied;
  const cursors = new Map<string, number>();
  const wire: parley.v1.GroupMember[] = [];
  for (const m of newMembers) {
    const record: Omit<GroupMemberRecord, 'joinedAt' | 'joinSeq'> = {
      role: m.role ?? GroupRole.GROUP_ROLE_MEMBER,
      joinSource: source,
      ...(inviterId && { inviterId }),
      ...(m.customFields && Object.keys(m.customFields).length > 0 && { customFields: m.customFields }),
    };
    cursors.set(m.userId, await admitMember(tx, ctx, group, m.userId, record));
    wire.push(toWireMember(group.groupId, m.userId, { ...record, joinedAt: ctx.now(), joinSeq: 0 }));
  }
  group.memberCount += ids.length;
  group.memberVersion += 1;
  const versions = { infoVersion: group.infoVersion, memberVersion: group.memberVersion };
  pushGroupEvent(tx, ctx, actor, ids, { groupId: group.groupId, change: GroupChange.GROUP_CHANGE_JOINED, group, operatorId: actor.userId, ...versions }, cursors);
  pushGroupEvent(tx, ctx, actor, existing, {
    groupId: group.groupId,
    change: GroupChange.GROUP_CHANGE_MEMBER_ADDED,
    members: wire,
    userIds: ids,
    operatorId: actor.userId,
    ...versions,
  });
  await appendTip(tx, ctx, actor, group, tipOf(actor, group, ids, how), [...existing, ...ids]);
  // The creator learns from the response and the tip; an owner named by someone else (M
  // `addGroup` with another owner) gets a `created` notice.
  if (how.kind === 'created' && group.ownerId !== actor.userId) {
    await notify(tx, ctx, [group.ownerId], { kind: NoticeKind.NOTICE_CREATED, groupId: group.groupId, operatorId: actor.userId, userIds: ids }, `${actor.userId} created the group ${groupName(group)}`);
  }
  const invitees = how.kind === 'joined' ? [] : ids.filter((id) => id !== actor.userId && id !== group.ownerId);
  const invitedBy = how.kind === 'invited' ? (how.inviterId ?? actor.userId) : actor.userId;
  await notify(
    tx,
    ctx,
    invitees,
    { kind: NoticeKind.NOTICE_INVITED, groupId: group.groupId, operatorId: invitedBy, userIds: invitees },
    `${invitedBy} added you to the group ${groupName(group)}`,
  );
  saveGroup(tx, ctx.app.id, group);
}

function tipOf(actor: Actor, group: Group, ids: string[], how: EnrolHow): parley.v1.IGroupTipElem {
  switch (how.kind) {
    case 'created': {
      const others = ids.filter((id) => id !== actor.userId);
      const text = others.length > 0 ? `${actor.userId} created the group with ${names(others)}` : `${actor.userId} created the group`;
      return { tip: GroupTipKind.GROUP_TIP_GROUP_CREATED, userIds: ids, text, profileChanges: { name: JSON.stringify(group.name) } };
    }
    case 'invited': {
      const inviter = how.inviterId ?? actor.userId;
      if (how.inviterId && how.inviterId !== actor.userId) {
        return { tip: GroupTipKind.GROUP_TIP_MEMBER_JOINED, operatorId: inviter, userIds: ids, text: `${names(ids)} joined the group (invited by ${inviter})` };
      }
      return { tip: GroupTipKind.GROUP_TIP_MEMBER_INVITED, userIds: ids, reason: how.reason ?? '', text: `${inviter} invited ${names(ids)}` };
    }
    case 'joined':
      return {
        tip: GroupTipKind.GROUP_TIP_MEMBER_JOINED,
        userIds: ids,
        text: how.approvedBy ? `${names(ids)} joined the group (approved by ${how.approvedBy})` : `${names(ids)} joined the group`,
      };
  }
}

/** Why members leave. */
export type ExpelHow = { kind: 'kicked'; reason?: string } | { kind: 'quit' };

/**
 * Removes `removed` (all members) from `group`; `members` are all members before. The tip goes
 * to everyone including the removed users, who then stop receiving. Saves the group.
 */
export async function expel(tx: Tx, ctx: ModelContext, actor: Actor, group: Group, members: readonly string[], removing: readonly string[], how: ExpelHow): Promise<void> {
  if (removing.length === 0) return;
  const removed = [...removing];
  const gone = new Set(removed);
  const remaining = members.filter((id) => !gone.has(id));
  group.memberCount -= removed.length;
  group.memberVersion += 1;
  if (gone.has(group.ownerId)) group.ownerId = '';
  const tip: parley.v1.IGroupTipElem =
    how.kind === 'kicked'
      ? { tip: GroupTipKind.GROUP_TIP_MEMBER_KICKED, userIds: removed, reason: how.reason ?? '', text: `${actor.userId} removed ${names(removed)}` }
      : { tip: GroupTipKind.GROUP_TIP_MEMBER_QUIT, userIds: removed, text: `${names(removed)} left the group` };
  await appendTip(tx, ctx, actor, group, tip, members);
  const cursors = new Map<string, number>();
  for (const id of removed) cursors.set(id, await dropMember(tx, ctx, group.groupId, id));
  const versions = { infoVersion: group.infoVersion, memberVersion: group.memberVersion };
  pushGroupEvent(tx, ctx, actor, removed, { groupId: group.groupId, change: GroupChange.GROUP_CHANGE_LEFT, userIds: removed, operatorId: actor.userId, ...versions }, cursors);
  pushGroupEvent(tx, ctx, actor, remaining, { groupId: group.groupId, change: GroupChange.GROUP_CHANGE_MEMBER_REMOVED, userIds: removed, operatorId: actor.userId, ...versions });
  if (how.kind === 'kicked') {
    await notify(
      tx,
      ctx,
      removed,
      { kind: NoticeKind.NOTICE_KICKED, groupId: group.groupId, operatorId: actor.userId, userIds: removed, text: how.reason ?? '' },
      `${actor.userId} removed you from the group ${groupName(group)}`,
    );
  } else {
    await notify(tx, ctx, removed, { kind: NoticeKind.NOTICE_QUIT, groupId: group.groupId, operatorId: actor.userId, userIds: removed }, `You left the group ${groupName(group)}`);
  }
  saveGroup(tx, ctx.app.id, group);
}

/**
 * Dismisses `group` (§1.8): status `dismissed`, a tip and a `dismissed` notice to every member,
 * each member's membership row (joined = false) and a `dismissed` push. Member rows stay, so
 * former members can still read the history; every operation but reads answers
 * GROUP_NOT_FOUND from now on. Saves the group.
 */
export async function disband(tx: Tx, ctx: ModelContext, actor: Actor, group: Group, members: readonly string[]): Promise<void> {
  group.status = parley.v1.GroupStatus.GROUP_STATUS_DISMISSED;
  group.infoVersion += 1;
  group.updatedAt = ctx.now();
  await appendTip(tx, ctx, actor, group, { tip: GroupTipKind.GROUP_TIP_GROUP_DISMISSED, text: `${actor.userId} dismissed the group` }, members);
  const cursors = new Map<string, number>();
  for (const id of members) {
    tx.delete(K.joined(ctx.app.id, id, group.groupId));
    cursors.set(id, await recordChange(tx, ctx.app.id, id, 'membership', group.groupId));
  }
  pushGroupEvent(tx, ctx, actor, members, { groupId: group.groupId, change: GroupChange.GROUP_CHANGE_DISMISSED, group, operatorId: actor.userId, infoVersion: group.infoVersion, memberVersion: group.memberVersion }, cursors);
  await notify(tx, ctx, members, { kind: NoticeKind.NOTICE_DISMISSED, groupId: group.groupId, operatorId: actor.userId }, `${actor.userId} dismissed the group ${groupName(group)}`);
  saveGroup(tx, ctx.app.id, group);
}

/**
 * Makes `toId` (a member) the owner; the previous owner, if still a member, becomes a plain
 * member. Bumps both versions, records `groupInfo` for every member, tips and pushes. Saves the group.
 */
export async function handOver(tx: Tx, ctx: ModelContext, actor: Actor, group: Group, members: readonly string[], toId: string): Promise<void> {
  const app = ctx.app.id;
  const previous = group.ownerId;
  const changes: parley.v1.IMemberChange[] = [];
  if (previous && previous !== toId) {
    const record = await loadMember(tx, app, group.groupId, previous);
    if (record) {
      record.role = GroupRole.GROUP_ROLE_MEMBER;
      saveMember(tx, app, group.groupId, previous, record);
      changes.push({ userId: previous, role: record.role });
    }
  }
  const next = await loadMember(tx, app, group.groupId, toId);
  if (!next) throw new ServerError(ErrorCode.NOT_MEMBER, 'the new owner must be a member', { detail: 'newOwnerId' });
  next.role = GroupRole.GROUP_ROLE_OWNER;
  saveMember(tx, app, group.groupId, toId, next);
  changes.push({ userId: toId, role: next.role });
  group.ownerId = toId;
  group.infoVersion += 1;
  group.memberVersion += 1;
  group.updatedAt = ctx.now();
  const cursors = await recordInfoChange(tx, ctx, group.groupId, members);
  const versions = { infoVersion: group.infoVersion, memberVersion: group.memberVersion };
  pushGroupEvent(tx, ctx, actor, members, { groupId: group.groupId, change: GroupChange.GROUP_CHANGE_PROFILE, group, userIds: [toId], operatorId: actor.userId, ...versions }, cursors);
  const text = previous && previous === actor.userId ? `${actor.userId} made ${toId} the owner` : `${toId} is now the owner`;
  await appendTip(
    tx,
    ctx,
    actor,
    group,
    { tip: GroupTipKind.GROUP_TIP_OWNER_TRANSFERRED, userIds: [toId], profileChanges: { ownerId: JSON.stringify(toId) }, memberChanges: changes, text },
    members,
  );
  saveGroup(tx, app, group);
}
