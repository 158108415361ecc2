import { parley } from '@parley/protocol';
import type { Policy } from '../config/types.js';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { loadConv, newConv, saveConv } from './conversations.js';
import { decodeGroup, encodeGroup, fromJson, type Group, groupLog, K, type LogHead, type MemberRecord, toJson } from './schema.js';
import { appendNotice } from './system.js';
import type { Tx } from './tx.js';

/**
 * Building blocks shared by the group files (`groups.ts`, `group-members.ts`,
 * `group-applications.ts`, `topics.ts`): presets, member records, roles, and the effects of a
 * change (tips in the group log, notices, `group` pushes, change-stream rows).
 */

const { GroupRole, GroupStatus, GroupType, ConvType, ReceiveOpt } = parley.v1;

/** Keys of the group family that `schema.ts` does not hold. */
export const GK = {
  /** A join application or invitation: one per (group, kind, user who would join). */
  application: (app: string, groupId: string, kind: number, userId: string): Key => [app, 'gapp', groupId, kind, userId],
  applicationPrefix: (app: string, groupId: string): Key => [app, 'gapp', groupId],
  /** Per-user index of the applications a user filed or must answer (the value says which). */
  applicationIndex: (app: string, userId: string, groupId: string, kind: number, applicantId: string): Key => [app, 'gappi', userId, groupId, kind, applicantId],
  applicationIndexPrefix: (app: string, userId: string): Key => [app, 'gappi', userId],
  /** Topics of a community. */
  topic: (app: string, communityId: string, topicId: string): Key => [app, 'gtopic', communityId, topicId],
  topicPrefix: (app: string, communityId: string): Key => [app, 'gtopic', communityId],
  /** Numeric alias → group id (J `gid`). */
  numeric: (app: string, numericId: number): Key => [app, 'gnum', numericId],
} as const;

/** Limits that have no policy key (T's documented caps, rounded up). */
export const LIMITS = {
  /** Users per add/remove request (T `addGroupMember`). */
  usersPerEdit: 500,
  /** Ids per `group.get` / `group.getMembers`. */
  idsPerGet: 50,
  nameCardBytes: 128,
  customKeys: 64,
  customKeyBytes: 64,
  customValueBytes: 4096,
  avatarBytes: 1024,
  /** Groups `group.search` scans at most (the search is a bounded scan of the app's groups). */
  searchScan: 10_000,
} as const;

/** The stored member row: the schema's record plus the optional profile of §1.8. */
export interface GroupMemberRecord extends MemberRecord {
  inviterId?: string;
  /** 1 created with the group, 2 invited or added, 3 applied or joined freely. */
  joinSource?: number;
  nameCard?: string;
  /** ms; 0 or absent = not muted. */
  muteUntil?: number;
  customFields?: Record<string, string>;
}

export const JOIN_SOURCE = { created: 1, invited: 2, applied: 3 } as const;

/**
 * A preset is a named set of permission flags (§1.8); the server enforces the flags.
 */
export interface Preset {
  /** `group.join` may be used (subject to `joinOption`). */
  canApply: boolean;
  /** Who may add members directly: any member, the app admin only, or per `inviteOption`. */
  adders: 'member' | 'appAdmin' | 'inviteOption';
  /** Lowest role that may remove members (always only members of a lower role). */
  removers: 'owner' | 'admin';
  /** Found by `group.get publicOnly` and `group.search`. */
  searchable: boolean;
  ownerMayDismiss: boolean;
  /** `ownerless`: the owner may quit (T work); `policy`: `groupOwnerQuit`; `forbid`. */
  ownerQuit: 'ownerless' | 'policy' | 'forbid';
  /** Admin roles, member mutes and mute-all exist. */
  rolesAndMute: boolean;
  /** Any member may edit the profile (T work groups); otherwise owner and admins. */
  membersEdit: boolean;
  maxMembers: (policy: Policy) => number;
}

const MANAGED = { canApply: true, removers: 'admin', searchable: true, ownerMayDismiss: true, ownerQuit: 'forbid', rolesAndMute: true, membersEdit: false } as const;

const PRESETS: Record<number, Preset> = {
  [GroupType.GROUP_TYPE_STANDARD]: { ...MANAGED, adders: 'member', ownerQuit: 'policy', maxMembers: (p) => p.groupMaxMembers },
  [GroupType.GROUP_TYPE_WORK]: {
    canApply: false,
    adders: 'member',
    removers: 'owner',
    searchable: false,
    ownerMayDismiss: false,
    ownerQuit: 'ownerless',
    rolesAndMute: false,
    membersEdit: true,
    maxMembers: (p) => p.groupMaxMembersWork,
  },
  [GroupType.GROUP_TYPE_PUBLIC]: { ...MANAGED, adders: 'appAdmin', maxMembers: (p) => p.groupMaxMembersPublic },
  [GroupType.GROUP_TYPE_MEETING]: { ...MANAGED, adders: 'appAdmin', maxMembers: (p) => p.groupMaxMembersMeeting },
  [GroupType.GROUP_TYPE_COMMUNITY]: { ...MANAGED, adders: 'inviteOption', maxMembers: (p) => p.groupMaxMembersCommunity },
  // Topics take their membership from the community; member operations refuse them.
  [GroupType.GROUP_TYPE_TOPIC]: { ...MANAGED, canApply: false, adders: 'appAdmin', maxMembers: (p) => p.groupMaxMembersCommunity },
};

export function presetOf(group: Pick<Group, 'type'>): Preset {
  const preset = PRESETS[group.type];
  if (!preset) throw new ServerError(ErrorCode.INTERNAL, `unknown group type ${group.type}`);
  return preset;
}

/** Validates a type from a request. */
export function checkGroupType(type: unknown, field: string): parley.v1.GroupType {
  const value = (type ?? 0) as number;
  if (!(value in PRESETS)) throw invalidParam(field, 'unknown group type');
  return value;
}

/** Roles by authority: owner > admin > member (custom roles count as members). */
export function rankOf(role: number): number {
  return role === GroupRole.GROUP_ROLE_OWNER ? 3 : role === GroupRole.GROUP_ROLE_ADMIN ? 2 : 1;
}

export const RANK = { member: 1, admin: 2, owner: 3, privileged: 4 } as const;

export function notFound(): ServerError {
  return new ServerError(ErrorCode.GROUP_NOT_FOUND, 'no such group', { detail: 'groupId' });
}

export function checkGroupId(groupId: unknown, field = 'groupId'): string {
  if (typeof groupId !== 'string' || groupId.length === 0 || Buffer.byteLength(groupId) > 64) throw invalidParam(field, '1–64 bytes');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(groupId)) throw invalidParam(field, 'must not contain control characters');
  return groupId;
}

export async function loadGroup(tx: Tx, app: string, groupId: string): Promise<Group | undefined> {
  const bytes = await tx.get(K.group(app, groupId));
  return bytes ? decodeGroup(bytes) : undefined;
}

/** A group that exists and is not dismissed. @throws ServerError GROUP_NOT_FOUND */
export async function loadActiveGroup(tx: Tx, app: string, groupId: string): Promise<Group> {
  const group = await loadGroup(tx, app, groupId);
  if (!group || group.status === GroupStatus.GROUP_STATUS_DISMISSED) throw notFound();
  return group;
}

/** Member operations act on groups with their own membership, not on topics. */
export function refuseTopic(group: Group): void {
  if (group.parentId) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'topics take their members from the community', { detail: 'groupId' });
}

export function saveGroup(tx: Tx, app: string, group: Group): void {
  tx.set(K.group(app, group.groupId), encodeGroup(group));
}

export async function loadMember(tx: Tx, app: string, groupId: string, userId: string): Promise<GroupMemberRecord | undefined> {
  const bytes = await tx.get(K.member(app, groupId, userId));
  return bytes ? fromJson<GroupMemberRecord>(bytes) : undefined;
}

export function saveMember(tx: Tx, app: string, groupId: string, userId: string, record: GroupMemberRecord): void {
  tx.set(K.member(app, groupId, userId), toJson(record));
}

/** Every member row of a group (committed rows: a transaction's own writes are not merged). */
export async function listMembersInTx(tx: Tx, app: string, groupId: string): Promise<{ userId: string; record: GroupMemberRecord }[]> {
  const rows = await tx.list({ prefix: K.memberPrefix(app, groupId) });
  return rows.map((row) => ({ userId: row.key[row.key.length - 1] as string, record: fromJson<GroupMemberRecord>(row.value) }));
}

/** The owner and admins among `members`. */
export function managerIds(members: readonly { userId: string; record: GroupMemberRecord }[]): string[] {
  return members.filter((m) => rankOf(m.record.role) >= RANK.admin).map((m) => m.userId);
}

export function toWireMember(groupId: string, userId: string, record: GroupMemberRecord, customKeys?: readonly string[]): parley.v1.GroupMember {
  const custom = record.customFields ?? {};
  const customFields = customKeys && customKeys.length > 0 ? Object.fromEntries(customKeys.filter((k) => k in custom).map((k) => [k, custom[k] as string])) : custom;
  return new parley.v1.GroupMember({
    groupId,
    userId,
    role: record.role,
    joinedAt: record.joinedAt,
    joinSource: record.joinSource ?? 0,
    inviterId: record.inviterId ?? '',
    nameCard: record.nameCard ?? '',
    muteUntil: record.muteUntil ?? 0,
    customFields,
  });
}

/** What the acting user may do in one group. */
export interface Access {
  /** The actor's member row, when they are a member. */
  member: GroupMemberRecord | undefined;
  /** {@link RANK}: 0 for a non-member, `privileged` for app privilege (§5.2). */
  rank: number;
  privileged: boolean;
}

export async function accessOf(tx: Tx, ctx: ModelContext, actor: Actor, groupId: string): Promise<Access> {
  const member = await loadMember(tx, ctx.app.id, groupId, actor.userId);
  const privileged = actor.privileged === true;
  return { member, privileged, rank: privileged ? RANK.privileged : member ? rankOf(member.role) : 0 };
}

/** @throws ServerError NOT_MEMBER unless the actor is a member or has app privilege. */
export function requireMember(access: Access): void {
  if (access.rank === 0) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this group', { detail: 'groupId' });
}

/** @throws ServerError NOT_MEMBER, PERMISSION_DENIED */
export function requireRank(access: Access, min: number, what: string): void {
  requireMember(access);
  if (access.rank < min) throw new ServerError(ErrorCode.PERMISSION_DENIED, `only ${min >= RANK.owner ? 'the owner' : 'the owner or an admin'} may ${what}`);
}

/** Checks a custom-field map (values are JSON text; they are stored as given). */
export function checkCustomFields(fields: Record<string, string>, field: string): void {
  const entries = Object.entries(fields);
  if (entries.length > LIMITS.customKeys) throw invalidParam(field, `at most ${LIMITS.customKeys} keys`);
  for (const [key, value] of entries) {
    if (key.length === 0 || Buffer.byteLength(key) > LIMITS.customKeyBytes) throw invalidParam(field, `keys are 1–${LIMITS.customKeyBytes} bytes`);
    if (Buffer.byteLength(value) > LIMITS.customValueBytes) throw invalidParam(field, `values are at most ${LIMITS.customValueBytes} bytes`);
  }
}

/** Refuses a text field over its byte cap. */
export function checkBytes(value: string | null | undefined, max: number, field: string): void {
  if (value && Buffer.byteLength(value) > max) throw invalidParam(field, `at most ${max} bytes`);
}

/** Validates the profile fields a create or update may set. */
export function checkProfile(ctx: ModelContext, g: parley.v1.IGroup, prefix: string): void {
  const { policy } = ctx.app;
  checkBytes(g.name, policy.groupNameMaxBytes, `${prefix}name`);
  checkBytes(g.introduction, policy.groupIntroMaxBytes, `${prefix}introduction`);
  checkBytes(g.notification, policy.groupNotificationMaxBytes, `${prefix}notification`);
  checkBytes(g.avatar, LIMITS.avatarBytes, `${prefix}avatar`);
  if (g.joinOption != null && !(g.joinOption in parley.v1.JoinOption)) throw invalidParam(`${prefix}joinOption`, 'unknown value');
  if (g.inviteOption != null && !(g.inviteOption in parley.v1.JoinOption)) throw invalidParam(`${prefix}inviteOption`, 'unknown value');
  if (g.customFields) checkCustomFields(g.customFields, `${prefix}customFields`);
}


/** Groups `userId` is in (the joined index). */
export async function joinedCount(tx: Tx, app: string, userId: string): Promise<number> {
  return (await tx.list({ prefix: K.joinedPrefix(app, userId) })).length;
}

/** Whether `userId` may join one more group under `groupQuotaPerUser` (0 = unlimited). */
export async function withinQuota(tx: Tx, ctx: ModelContext, userId: string): Promise<boolean> {
  const quota = ctx.app.policy.groupQuotaPerUser;
  return quota === 0 || (await joinedCount(tx, ctx.app.id, userId)) < quota;
}

/**
 * Adds a member inside `tx`: member row, joined index, change stream (`membership`) and a
 * conversation row that starts at the current log head. Returns the membership cursor.
 */
export async function admitMember(tx: Tx, ctx: ModelContext, group: Group, userId: string, fields: Omit<GroupMemberRecord, 'joinedAt' | 'joinSeq'>): Promise<number> {
  const app = ctx.app.id;
  const headBytes = await tx.get(K.logHead(app, groupLog(group.groupId)));
  const joinSeq = headBytes ? fromJson<LogHead>(headBytes).seq : 0;
  saveMember(tx, app, group.groupId, userId, { ...fields, joinedAt: ctx.now(), joinSeq });
  tx.set(K.joined(app, userId, group.groupId), toJson({}));
  const cursor = await recordChange(tx, app, userId, 'membership', group.groupId);
  const convId = `group:${group.groupId}`;
  const row = (await loadConv(tx, app, userId, convId)) ?? newConv({ convId, type: ConvType.CONV_TYPE_GROUP });
  row.maxSeq = joinSeq;
  row.readSeq = joinSeq;
  row.unreadCount = 0;
  row.atInfo = [];
  row.visibility = parley.v1.Visibility.VISIBILITY_VISIBLE;
  await saveConv(tx, app, userId, row);
  return cursor;
}

/** Removes a member inside `tx` and records the membership change. Returns the cursor. */
export async function dropMember(tx: Tx, ctx: ModelContext, groupId: string, userId: string): Promise<number> {
  const app = ctx.app.id;
  tx.delete(K.member(app, groupId, userId));
  tx.delete(K.joined(app, userId, groupId));
  return recordChange(tx, app, userId, 'membership', groupId);
}

/**
 * Appends a group tip (§1.14) to the group log for `recipients` and pushes it after the
 * commit to every session, the actor's included: the tip is not part of any response.
 */
export async function appendTip(tx: Tx, ctx: ModelContext, actor: Actor, group: Group, tip: parley.v1.IGroupTipElem, recipients: readonly string[]): Promise<void> {
  const text = tip.text ?? '';
  const entry = new parley.v1.Message({
    senderId: actor.userId,
    elements: [{ groupTip: { operatorId: actor.userId, memberCount: group.memberCount, ...tip } }],
    fallbackText: text,
  });
  const log = groupLog(group.groupId);
  const appended = await ctx.messaging.append(
    tx,
    ctx,
    log,
    entry,
    [...new Set(recipients)].map((userId) => ({ userId, receiveOpt: ReceiveOpt.RECEIVE_OPT_NOTIFY })),
  );
  tx.onCommit(() => ctx.messaging.pushAppended(ctx, appended));
}

/** Appends a notice about `group` to each of `userIds`' system log (§1.14). */
export async function notify(tx: Tx, ctx: ModelContext, userIds: readonly string[], notice: parley.v1.INoticeElem, text: string): Promise<void> {
  if (userIds.length > 0) await appendNotice(tx, ctx, userIds, notice, { fallbackText: text });
}

/**
 * Pushes a `group` event after the commit. `cursors` carries, per recipient, the change-stream
 * cursor the event corresponds to (membership or groupInfo rows). The acting session gets the
 * outcome in its response, so it is skipped.
 */
export function pushGroupEvent(
  tx: Tx,
  ctx: ModelContext,
  actor: Actor,
  userIds: readonly string[],
  event: parley.v1.IGroupEvent,
  cursors?: ReadonlyMap<string, number>,
): void {
  if (userIds.length === 0) return;
  const ids = [...new Set(userIds)];
  tx.onCommit(() => {
    for (const userId of ids) {
      const cursor = cursors?.get(userId);
      ctx.deliver.toUser(ctx.app.id, userId, cursor ? { cursor, group: event } : { group: event }, actor.sessionId);
    }
  });
}

/** Records a `groupInfo` change for each member (the profile moved); returns their cursors. */
export async function recordInfoChange(tx: Tx, ctx: ModelContext, groupId: string, userIds: readonly string[]): Promise<Map<string, number>> {
  const cursors = new Map<string, number>();
  for (const userId of new Set(userIds)) cursors.set(userId, await recordChange(tx, ctx.app.id, userId, 'groupInfo', groupId));
  return cursors;
}

/** "bob", "bob and carol", "bob, carol and dave", "bob, carol, … and 3 others". */
export function names(ids: readonly string[]): string {
  if (ids.length <= 1) return ids[0] ?? 'nobody';
  if (ids.length > 5) return `${ids.slice(0, 4).join(', ')} and ${ids.length - 4} others`;
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/** Display name of a group in texts. */
export function groupName(group: Group): string {
  return group.name ? `"${group.name}"` : group.groupId;
}
