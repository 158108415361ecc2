import { randomBytes } from 'node:crypto';
import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { loadConv, newConv, saveConv } from './conversations.js';
import { decodeGroup, encodeGroup, fromJson, type Group, groupLog, K, type LogHead, type MemberRecord, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';
import { checkUserId, getUsers } from './users.js';

/**
 * Groups, the minimal part this issue needs: create, join, quit, members, lists. Membership
 * changes go into the member's change stream (`membership`) and give them a conversation row.
 * Roles, applications, invitations, mutes and tips come with the next issue.
 */

const { GroupRole, GroupStatus, JoinOption, JoinStatus, ConvType } = parley.v1;

export async function loadGroup(tx: Tx, app: string, groupId: string): Promise<Group | undefined> {
  const bytes = await tx.get(K.group(app, groupId));
  return bytes ? decodeGroup(bytes) : undefined;
}

/** @throws ServerError GROUP_NOT_FOUND, NOT_MEMBER */
export async function assertMember(tx: Tx, app: string, groupId: string, userId: string): Promise<MemberRecord> {
  const [group, member] = await tx.getMany([K.group(app, groupId), K.member(app, groupId, userId)]);
  if (!group || decodeGroup(group).status === GroupStatus.GROUP_STATUS_DISMISSED) {
    throw new ServerError(ErrorCode.GROUP_NOT_FOUND, 'no such group', { detail: 'groupId' });
  }
  if (!member) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this group', { detail: 'groupId' });
  return fromJson<MemberRecord>(member);
}

/**
 * Checks inside the send transaction that `actor` may post to the group: a member, not muted,
 * not silenced by mute-all (owner and admins excepted).
 * @throws ServerError GROUP_NOT_FOUND, NOT_MEMBER, MUTED
 */
export async function checkGroupSend(tx: Tx, ctx: ModelContext, actor: Actor, groupId: string): Promise<void> {
  await assertMember(tx, ctx.app.id, groupId, actor.userId);
}

/** Member ids in join order is not needed; key order is fine. Reads the member-version row so a concurrent join conflicts. */
export async function memberIdsInTx(tx: Tx, app: string, groupId: string): Promise<string[]> {
  await tx.get(K.group(app, groupId));
  const rows = await tx.list({ prefix: K.memberPrefix(app, groupId) });
  return rows.map((row) => row.key[row.key.length - 1] as string);
}

function checkGroupId(groupId: unknown): string {
  if (typeof groupId !== 'string' || groupId.length === 0 || Buffer.byteLength(groupId) > 64) throw invalidParam('groupId', '1–64 bytes');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(groupId)) throw invalidParam('groupId', 'must not contain control characters');
  return groupId;
}

/** Adds a member inside `tx`: member row, joined index, counters, change stream, conversation row. */
async function addMember(tx: Tx, ctx: ModelContext, group: Group, userId: string, role: number): Promise<void> {
  const app = ctx.app.id;
  const headBytes = await tx.get(K.logHead(app, groupLog(group.groupId)));
  const joinSeq = headBytes ? fromJson<LogHead>(headBytes).seq : 0;
  tx.set(K.member(app, group.groupId, userId), toJson({ role, joinedAt: ctx.now(), joinSeq } satisfies MemberRecord));
  tx.set(K.joined(app, userId, group.groupId), toJson({}));
  await recordChange(tx, app, userId, 'membership', group.groupId);
  const convId = `group:${group.groupId}`;
  const row = (await loadConv(tx, app, userId, convId)) ?? newConv({ convId, type: ConvType.CONV_TYPE_GROUP });
  row.maxSeq = joinSeq;
  row.readSeq = joinSeq;
  row.clearedSeq = Math.max(row.clearedSeq, 0);
  row.unreadCount = 0;
  row.visibility = parley.v1.Visibility.VISIBILITY_VISIBLE;
  await saveConv(tx, app, userId, row);
}

/** `group.create`: the creator becomes the owner; listed members join. */
export async function createGroup(ctx: ModelContext, actor: Actor, req: parley.v1.GroupCreate): Promise<parley.v1.IGroupCreateResult> {
  const app = ctx.app.id;
  const init: parley.v1.IGroup = req.group ?? {};
  const groupId = init.groupId ? checkGroupId(init.groupId) : `g${randomBytes(9).toString('base64url')}`;
  if (Buffer.byteLength(init.name ?? '') > 128) throw invalidParam('group.name', 'at most 128 bytes');
  const memberIds = [...new Set(req.members.map((m) => checkUserId(m.userId, 'members.userId')))].filter((id) => id !== actor.userId);
  if (memberIds.length + 1 > ctx.app.policy.groupMaxMembers) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'too many members');
  const known = await getUsers(ctx.store, app, memberIds);
  const failed = memberIds.filter((id) => !known.has(id));
  return transact(ctx.store, async (tx) => {
    if (await tx.get(K.group(app, groupId))) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'group id is taken', { detail: 'groupId' });
    const counter = await tx.get(K.counter(app, 'groupNumericId'));
    const numericId = (counter ? fromJson<{ n: number }>(counter).n : 0) + 1;
    tx.set(K.counter(app, 'groupNumericId'), toJson({ n: numericId }));
    const now = ctx.now();
    const members = memberIds.filter((id) => known.has(id));
    const group = new parley.v1.Group({
      groupId,
      numericId,
      type: init.type ?? null,
      name: init.name ?? '',
      introduction: init.introduction ?? '',
      notification: init.notification ?? '',
      avatar: init.avatar ?? '',
      ownerId: actor.userId,
      creatorId: actor.userId,
      createdAt: now,
      updatedAt: now,
      infoVersion: 1,
      memberCount: members.length + 1,
      maxMemberCount: ctx.app.policy.groupMaxMembers,
      joinOption: init.joinOption ?? null,
      customFields: init.customFields ?? {},
      memberVersion: 1,
    });
    tx.set(K.group(app, groupId), encodeGroup(group));
    await addMember(tx, ctx, group, actor.userId, GroupRole.GROUP_ROLE_OWNER);
    for (const id of members) await addMember(tx, ctx, group, id, GroupRole.GROUP_ROLE_MEMBER);
    return { group, failed };
  });
}

/** `group.join`: free groups admit at once; disabled ones refuse; approval is not served yet. */
export async function joinGroup(ctx: ModelContext, actor: Actor, req: parley.v1.GroupJoin): Promise<parley.v1.IGroupJoinResult> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  return transact(ctx.store, async (tx) => {
    const group = await loadGroup(tx, app, groupId);
    if (!group || group.status === GroupStatus.GROUP_STATUS_DISMISSED) throw new ServerError(ErrorCode.GROUP_NOT_FOUND, 'no such group');
    if (await tx.get(K.member(app, groupId, actor.userId))) return { status: JoinStatus.JOIN_STATUS_ALREADY_MEMBER, group };
    if (group.joinOption === JoinOption.JOIN_OPTION_DISABLED) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this group cannot be joined');
    if (group.joinOption === JoinOption.JOIN_OPTION_APPROVAL) {
      // Applications (and their approval) arrive with the full group feature set.
      throw new ServerError(ErrorCode.NOT_SUPPORTED, 'joining a group that needs approval is not supported yet');
    }
    if (group.memberCount >= group.maxMemberCount) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'the group is full');
    group.memberCount += 1;
    group.memberVersion += 1;
    tx.set(K.group(app, groupId), encodeGroup(group));
    await addMember(tx, ctx, group, actor.userId, GroupRole.GROUP_ROLE_MEMBER);
    return { status: JoinStatus.JOIN_STATUS_JOINED, group };
  });
}

/** `group.quit`. The owner cannot quit (transfer or dismiss first, next issue). */
export async function quitGroup(ctx: ModelContext, actor: Actor, req: parley.v1.GroupId): Promise<void> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  await transact(ctx.store, async (tx) => {
    const member = await assertMember(tx, app, groupId, actor.userId);
    if (member.role === GroupRole.GROUP_ROLE_OWNER) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'the owner cannot quit');
    const group = (await loadGroup(tx, app, groupId)) as Group;
    group.memberCount -= 1;
    group.memberVersion += 1;
    tx.set(K.group(app, groupId), encodeGroup(group));
    tx.delete(K.member(app, groupId, actor.userId));
    tx.delete(K.joined(app, actor.userId, groupId));
    await recordChange(tx, app, actor.userId, 'membership', groupId);
  });
}

/** `group.listMembers`: offset paging (T `getGroupMemberList`); any member may list. */
export async function listMembers(ctx: ModelContext, actor: Actor, req: parley.v1.GroupListMembers): Promise<parley.v1.IGroupMembers> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  const count = Math.min(req.count || 100, 100);
  return transact(ctx.store, async (tx) => {
    await assertMember(tx, app, groupId, actor.userId);
    const rows = await tx.list({ prefix: K.memberPrefix(app, groupId) });
    const filtered = rows
      .map((row) => ({ userId: row.key[row.key.length - 1] as string, record: fromJson<MemberRecord>(row.value) }))
      .filter((m) => req.anyRole || req.role === 0 || m.record.role === req.role);
    const page = filtered.slice(req.offset, req.offset + count);
    const next = req.offset + page.length;
    return {
      members: page.map((m) => ({ groupId, userId: m.userId, role: m.record.role, joinedAt: m.record.joinedAt })),
      nextOffset: next < filtered.length ? next : 0,
    };
  });
}

/** `group.get`: profiles of groups; non-members see the profile, members also their own membership. */
export async function getGroups(ctx: ModelContext, actor: Actor, req: parley.v1.GroupGet): Promise<parley.v1.IGroups> {
  const app = ctx.app.id;
  if (req.groupIds.length > 50) throw invalidParam('groupIds', 'at most 50');
  return transact(ctx.store, async (tx) => {
    const groups: Group[] = [];
    const selfInfo: parley.v1.IGroupMember[] = [];
    for (const id of req.groupIds) {
      const group = await loadGroup(tx, app, checkGroupId(id));
      if (!group || group.status === GroupStatus.GROUP_STATUS_DISMISSED) continue;
      groups.push(group);
      const member = await tx.get(K.member(app, id, actor.userId));
      if (member) {
        const record = fromJson<MemberRecord>(member);
        selfInfo.push({ groupId: id, userId: actor.userId, role: record.role, joinedAt: record.joinedAt });
      }
    }
    if (groups.length === 0 && req.groupIds.length > 0) throw new ServerError(ErrorCode.GROUP_NOT_FOUND, 'no such group');
    return { groups, selfInfo };
  });
}

/** `group.listJoined`. */
export async function listJoinedGroups(ctx: ModelContext, actor: Actor): Promise<parley.v1.IGroups> {
  const app = ctx.app.id;
  const rows = await ctx.store.list({ prefix: K.joinedPrefix(app, actor.userId) });
  const ids = rows.map((row) => row.key[row.key.length - 1] as string);
  const groups = await ctx.store.getMany(ids.map((id) => K.group(app, id)));
  return { groups: groups.filter((g) => g !== undefined).map((g) => decodeGroup(g.value)) };
}

/** The membership record of the change stream. */
export async function membershipOf(ctx: ModelContext, userId: string, groupId: string): Promise<parley.v1.IGroupMembership> {
  const app = ctx.app.id;
  const [group, member] = await ctx.store.getMany([K.group(app, groupId), K.member(app, groupId, userId)]);
  const decoded = group ? decodeGroup(group.value) : undefined;
  return { groupId, joined: member !== undefined, infoVersion: decoded?.infoVersion ?? 0, memberVersion: decoded?.memberVersion ?? 0 };
}

/** Change-stream resolvers of `membership` and `groupInfo` rows. */
export const groupChanges = {
  async membership(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>> {
    const out = new Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>();
    for (const id of ids) out.set(id, { groupMembership: await membershipOf(ctx, userId, id) });
    return out;
  },
  async groupInfo(ctx: ModelContext, _userId: string, ids: readonly string[]): Promise<Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>> {
    const rows = await ctx.store.getMany(ids.map((id) => K.group(ctx.app.id, id)));
    const out = new Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>();
    ids.forEach((id, i) => {
      const row = rows[i];
      out.set(id, row ? { groupInfo: decodeGroup(row.value) } : { deleted: true, groupInfo: { groupId: id } });
    });
    return out;
  },
};

/** The `groups` section of `sync.snapshot`: joined groups and the memberships. */
export async function groupSnapshot(ctx: ModelContext, userId: string, sections: ReadonlySet<parley.v1.SnapshotSection>): Promise<Partial<parley.v1.ISnapshot>> {
  if (!sections.has(0) && !sections.has(parley.v1.SnapshotSection.SNAPSHOT_SECTION_GROUPS)) return {};
  const joined = await ctx.store.list({ prefix: K.joinedPrefix(ctx.app.id, userId) });
  const ids = joined.map((row) => row.key[row.key.length - 1] as string);
  const memberships = await Promise.all(ids.map((id) => membershipOf(ctx, userId, id)));
  const groups = await ctx.store.getMany(ids.map((id) => K.group(ctx.app.id, id)));
  return { memberships, groups: groups.filter((g) => g !== undefined).map((g) => decodeGroup(g.value)) };
}
