import { randomBytes } from 'node:crypto';
import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { loadConv } from './conversations.js';
import {
  checkCustomFields,
  checkGroupId,
  checkGroupType,
  checkProfile,
  GK,
  LIMITS,
  loadActiveGroup,
  loadGroup,
  loadMember,
  notFound,
  presetOf,
  RANK,
  rankOf,
  toWireMember,
  withinQuota,
} from './group-core.js';
import { enrol, type NewMember } from './group-enrol.js';
import { decodeGroup, fromJson, type Group, groupLog, K, type LogHead, type MemberRecord, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';
import { checkUserId, getUsers } from './users.js';

/**
 * Groups (CAPABILITIES.md §1.8, §2.9): profiles, creation, update, search, and the checks and
 * resolvers other families use (sends, reads, the change stream). Membership operations live in
 * `group-members.ts`, updates in `group-update.ts`, search in `group-search.ts`, applications in
 * `group-applications.ts`, topics in `topics.ts`.
 *
 * A dismissed group keeps its log and its member rows, so former members can still read the
 * history (msg.history, sync.pull); it leaves their joined lists, and every other operation
 * answers GROUP_NOT_FOUND.
 *
 * A member's receive option lives on their conversation row (`conv.update` `receiveOpt`):
 * with `block` the group's entries (messages and tips) are neither pushed to them nor counted
 * as unread, while the log stays readable; `group.get` reports it in `selfInfo.receiveOpt`.
 */

const { GroupRole, GroupStatus, GroupType } = parley.v1;

export { loadGroup };

/**
 * The member row that lets `userId` read the group's log: membership of the group, or of the
 * community for a topic. Dismissed groups stay readable to their former members.
 * @throws ServerError GROUP_NOT_FOUND, NOT_MEMBER
 */
export async function assertMember(tx: Tx, app: string, groupId: string, userId: string): Promise<MemberRecord> {
  const group = await loadGroup(tx, app, groupId);
  if (!group) throw notFound();
  const member = await tx.get(K.member(app, group.parentId || groupId, userId));
  if (!member) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this group', { detail: 'groupId' });
  return fromJson<MemberRecord>(member);
}

/**
 * Checks inside the send transaction that `actor` may post to the group: a member (of the
 * community, for a topic), not muted (the expiry is compared with now), not silenced by
 * mute-all (owner and admins excepted). App privilege skips the mute checks.
 * @throws ServerError GROUP_NOT_FOUND, NOT_MEMBER, MUTED
 */
export async function checkGroupSend(tx: Tx, ctx: ModelContext, actor: Actor, groupId: string): Promise<void> {
  const app = ctx.app.id;
  const group = await loadActiveGroup(tx, app, groupId);
  const home = group.parentId ? await loadActiveGroup(tx, app, group.parentId) : group;
  const member = await loadMember(tx, app, home.groupId, actor.userId);
  if (!member) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this group', { detail: 'convId' });
  if (actor.privileged) return;
  if (member.muteUntil && member.muteUntil > ctx.now()) {
    throw new ServerError(ErrorCode.MUTED, 'you are muted in this group', { detail: String(member.muteUntil) });
  }
  if ((group.muteAll || home.muteAll) && rankOf(member.role) < RANK.admin) throw new ServerError(ErrorCode.MUTED, 'everyone is muted in this group', { detail: 'muteAll' });
}

/**
 * Ids of the users who receive the group's log (a topic's: the community's members). Reads the
 * group rows, which change with every membership change, so a concurrent join conflicts.
 */
export async function memberIdsInTx(tx: Tx, app: string, groupId: string): Promise<string[]> {
  const group = await loadGroup(tx, app, groupId);
  const home = group?.parentId || groupId;
  if (home !== groupId) await tx.get(K.group(app, home));
  const rows = await tx.list({ prefix: K.memberPrefix(app, home) });
  return rows.map((row) => row.key[row.key.length - 1] as string);
}

/** The generated id of a new group under policy `groupIdFormat` (`numeric` is decided in the transaction). */
function generatedId(ctx: ModelContext, type: number): string {
  if (ctx.app.policy.groupIdFormat === 'tim') {
    const base32 = BigInt(`0x${randomBytes(7).toString('hex')}`).toString(32).toUpperCase();
    return `${type === GroupType.GROUP_TYPE_COMMUNITY ? '@TGS#_' : '@TGS#'}${base32}`;
  }
  return `g${randomBytes(9).toString('base64url')}`;
}

/** Validates the initial members of `group.create`. */
function checkInitialMembers(req: parley.v1.GroupCreate, type: number, ownerId: string): NewMember[] {
  if (req.members.length > LIMITS.usersPerEdit) throw invalidParam('members', `at most ${LIMITS.usersPerEdit}`);
  const seen = new Map<string, NewMember>();
  for (const m of req.members) {
    const userId = checkUserId(m.userId, 'members.userId');
    const role = m.role ?? GroupRole.GROUP_ROLE_MEMBER;
    if (role !== GroupRole.GROUP_ROLE_MEMBER && role !== GroupRole.GROUP_ROLE_ADMIN) throw invalidParam('members.role', 'admin or member');
    if (role === GroupRole.GROUP_ROLE_ADMIN && !presetOf({ type }).rolesAndMute) throw invalidParam('members.role', 'this group type has no admins');
    if (m.customFields) checkCustomFields(m.customFields, 'members.customFields');
    if (userId !== ownerId) seen.set(userId, { userId, role, customFields: m.customFields ?? {} });
  }
  return [...seen.values()];
}

/** Picks the id inside the transaction (the numeric format takes the next free number). */
async function claimId(tx: Tx, ctx: ModelContext, chosen: string | undefined, type: number): Promise<{ groupId: string; numericId: number }> {
  const app = ctx.app.id;
  const counter = await tx.get(K.counter(app, 'groupNumericId'));
  let numericId = (counter ? fromJson<{ n: number }>(counter).n : 0) + 1;
  const taken = async (id: string) => (await tx.getMany([K.group(app, id), K.room(app, id)])).some((row) => row !== undefined);
  let groupId = chosen ?? (ctx.app.policy.groupIdFormat === 'numeric' ? String(numericId) : generatedId(ctx, type));
  // Numeric ids skip numbers that clients chose as ids; the loop is bounded by such choices.
  while (!chosen && ctx.app.policy.groupIdFormat === 'numeric' && (await taken(groupId))) groupId = String(++numericId);
  if (await taken(groupId)) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'the group id is taken', { detail: 'groupId' });
  tx.set(K.counter(app, 'groupNumericId'), toJson({ n: numericId }));
  tx.set(GK.numeric(app, numericId), toJson({ groupId }));
  return { groupId, numericId };
}

/**
 * `group.create`: the owner (the caller, or with app privilege any user named in
 * `group.ownerId`: M `addGroup`) and the listed members join; tips and notices follow.
 */
export async function createGroup(ctx: ModelContext, actor: Actor, req: parley.v1.GroupCreate): Promise<parley.v1.IGroupCreateResult> {
  const app = ctx.app.id;
  const init: parley.v1.IGroup = req.group ?? {};
  const type = checkGroupType(init.type, 'group.type');
  if (type === GroupType.GROUP_TYPE_TOPIC) throw invalidParam('group.type', 'topics are created with topic.create');
  const chosen = init.groupId ? checkGroupId(init.groupId, 'group.groupId') : undefined;
  if (chosen?.startsWith('@TGS#_') && type !== GroupType.GROUP_TYPE_COMMUNITY) throw invalidParam('group.groupId', 'the prefix @TGS#_ is for communities');
  checkProfile(ctx, init, 'group.');
  const ownerId = init.ownerId ? checkUserId(init.ownerId, 'group.ownerId') : actor.userId;
  if (ownerId !== actor.userId && !actor.privileged) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the app may create a group for another owner', { detail: 'group.ownerId' });
  const preset = presetOf({ type });
  const maxMemberCount = init.maxMemberCount || preset.maxMembers(ctx.app.policy);
  if (maxMemberCount > preset.maxMembers(ctx.app.policy)) throw invalidParam('group.maxMemberCount', `at most ${preset.maxMembers(ctx.app.policy)} for this group type`);
  const wanted = checkInitialMembers(req, type, ownerId);
  if (wanted.length + 1 > maxMemberCount) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `the group takes at most ${maxMemberCount} members`);
  const known = await getUsers(ctx.store, app, [ownerId, ...wanted.map((m) => m.userId)]);
  if (!known.has(ownerId)) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'group.ownerId' });
  const failed = wanted.filter((m) => !known.has(m.userId)).map((m) => m.userId);
  return transact(ctx.store, async (tx) => {
    if (!(await withinQuota(tx, ctx, ownerId))) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'too many groups', { detail: 'group.ownerId' });
    const { groupId, numericId } = await claimId(tx, ctx, chosen, type);
    const overLimit: string[] = [];
    const members: NewMember[] = [{ userId: ownerId, role: GroupRole.GROUP_ROLE_OWNER }];
    for (const m of wanted.filter((w) => known.has(w.userId))) (await withinQuota(tx, ctx, m.userId)) ? members.push(m) : overLimit.push(m.userId);
    const now = ctx.now();
    const group = new parley.v1.Group({
      groupId,
      numericId,
      type,
      name: init.name ?? '',
      introduction: init.introduction ?? '',
      notification: init.notification ?? '',
      avatar: init.avatar ?? '',
      ownerId,
      creatorId: actor.userId,
      createdAt: now,
      updatedAt: now,
      infoVersion: 1,
      maxMemberCount,
      joinOption: init.joinOption ?? 0,
      inviteOption: init.inviteOption ?? 0,
      muteAll: preset.rolesAndMute && init.muteAll === true,
      customFields: init.customFields ?? {},
      appKey: ctx.app.config.jmessage?.appkey ?? '',
      isSupportTopic: type === GroupType.GROUP_TYPE_COMMUNITY && init.isSupportTopic === true,
    });
    await enrol(tx, ctx, actor, group, [], members, { kind: 'created' });
    return { group, failed, overLimit };
  });
}

/** Resolves an id of `group.get`: a group id, or a J numeric alias. */
async function resolveGroup(tx: Tx, app: string, id: string): Promise<Group | undefined> {
  const group = await loadGroup(tx, app, id);
  if (group || !/^[1-9]\d{0,15}$/.test(id)) return group;
  const alias = await tx.get(GK.numeric(app, Number(id)));
  return alias ? loadGroup(tx, app, fromJson<{ groupId: string }>(alias).groupId) : undefined;
}

/** A copy with only the named custom fields (all when none are named). */
function withCustomFields(group: Group, keys: readonly string[]): Group {
  if (keys.length === 0) return group;
  const picked = Object.fromEntries(keys.filter((k) => k in group.customFields).map((k) => [k, group.customFields[k] as string]));
  return Object.assign(Object.create(Object.getPrototypeOf(group)) as Group, group, { customFields: picked });
}

/**
 * `group.get`: profiles (anyone may look a group up by id; `publicOnly` hides work groups), the
 * caller's own membership with its receive option, and `lastSeq` from the log head.
 * @throws ServerError GROUP_NOT_FOUND when none of the ids is found
 */
export async function getGroups(ctx: ModelContext, actor: Actor, req: parley.v1.GroupGet): Promise<parley.v1.IGroups> {
  const app = ctx.app.id;
  if (req.groupIds.length > LIMITS.idsPerGet) throw invalidParam('groupIds', `at most ${LIMITS.idsPerGet}`);
  const ids = req.groupIds.map((id) => checkGroupId(id, 'groupIds'));
  return transact(ctx.store, async (tx) => {
    const groups: Group[] = [];
    const selfInfo: parley.v1.IGroupMember[] = [];
    for (const id of ids) {
      const group = await resolveGroup(tx, app, id);
      if (!group || group.status === GroupStatus.GROUP_STATUS_DISMISSED) continue;
      if (req.publicOnly && !presetOf(group).searchable) continue;
      const head = await tx.get(K.logHead(app, groupLog(group.groupId)));
      group.lastSeq = head ? fromJson<LogHead>(head).seq : 0;
      groups.push(withCustomFields(group, req.groupCustomFields));
      const member = await loadMember(tx, app, group.groupId, actor.userId);
      if (member) {
        const self = toWireMember(group.groupId, actor.userId, member, req.memberCustomFields);
        self.receiveOpt = (await loadConv(tx, app, actor.userId, `group:${group.groupId}`))?.receiveOpt ?? 0;
        selfInfo.push(self);
      }
    }
    if (groups.length === 0 && ids.length > 0) throw notFound();
    return { groups, selfInfo };
  });
}

/** `group.listJoined`: `anyType` lists every type, otherwise only groups of `type` (unset = standard). */
export async function listJoinedGroups(ctx: ModelContext, actor: Actor, req?: parley.v1.GroupListJoined): Promise<parley.v1.IGroups> {
  const app = ctx.app.id;
  const rows = await ctx.store.list({ prefix: K.joinedPrefix(app, actor.userId) });
  const ids = rows.map((row) => row.key[row.key.length - 1] as string);
  const groups = (await ctx.store.getMany(ids.map((id) => K.group(app, id)))).filter((g) => g !== undefined).map((g) => decodeGroup(g.value));
  return { groups: groups.filter((g) => !req || req.anyType || g.type === req.type) };
}

/** The membership record of the change stream (a dismissed group counts as left). */
export async function membershipOf(ctx: ModelContext, userId: string, groupId: string): Promise<parley.v1.IGroupMembership> {
  const app = ctx.app.id;
  const [group, member] = await ctx.store.getMany([K.group(app, groupId), K.member(app, groupId, userId)]);
  const decoded = group ? decodeGroup(group.value) : undefined;
  const live = decoded?.status === GroupStatus.GROUP_STATUS_NORMAL;
  return { groupId, joined: live && member !== undefined, infoVersion: decoded?.infoVersion ?? 0, memberVersion: decoded?.memberVersion ?? 0 };
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
