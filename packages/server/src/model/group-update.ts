import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import {
  accessOf,
  appendTip,
  checkCustomFields,
  checkGroupId,
  checkProfile,
  LIMITS,
  listMembersInTx,
  loadActiveGroup,
  loadGroup,
  notFound,
  presetOf,
  pushGroupEvent,
  RANK,
  rankOf,
  recordInfoChange,
  refuseTopic,
  requireMember,
  requireRank,
  saveGroup,
  withinQuota,
} from './group-core.js';
import { disband, enrol, expel, handOver } from './group-enrol.js';
import { addModeOf, groupLock } from './group-members.js';
import { fromJson, type Group, K, type MemberRecord } from './schema.js';
import { transact, type Tx } from './tx.js';
import { checkUserId, getUsers } from './users.js';

/** Group-level changes (§2.9): `group.update` (profile, custom fields, owner, member-list replacement), `group.transferOwner`, `group.dismiss`. */

const { GroupChange, GroupTipKind, PatchMode } = parley.v1;

/** Standard fields `group.update` may write, by `setFields` name. */
const UPDATABLE = ['name', 'introduction', 'notification', 'avatar', 'maxMemberCount', 'joinOption', 'inviteOption', 'muteAll', 'ownerId'] as const;
type Updatable = (typeof UPDATABLE)[number];

/** The custom fields after a patch in `mode`. */
function patchedCustomFields(old: Record<string, string>, req: parley.v1.GroupUpdate): Record<string, string> {
  const given = req.patch?.customFields ?? {};
  switch (req.customMode) {
    case PatchMode.PATCH_MODE_REPLACE:
      return { ...given };
    case PatchMode.PATCH_MODE_CLEAR:
      return {};
    case PatchMode.PATCH_MODE_REMOVE_KEYS:
      return Object.fromEntries(Object.entries(old).filter(([k]) => !req.removeCustomKeys.includes(k)));
    default:
      return Object.fromEntries(Object.entries({ ...old, ...given }).filter(([k]) => !req.removeCustomKeys.includes(k)));
  }
}

/** Checks `group.update` input that does not need the stored group. */
function checkUpdate(ctx: ModelContext, req: parley.v1.GroupUpdate): Set<Updatable> {
  const fields = new Set<Updatable>();
  for (const f of req.setFields) {
    if (!(UPDATABLE as readonly string[]).includes(f)) throw invalidParam('setFields', `unknown or read-only field "${f}"`);
    fields.add(f as Updatable);
  }
  const patch = req.patch ?? {};
  checkProfile(ctx, { ...patch, customFields: patchedCustomFields({}, req) }, 'patch.');
  if (!(req.customMode in PatchMode)) throw invalidParam('customMode', 'unknown value');
  if (fields.has('ownerId')) checkUserId(patch.ownerId, 'patch.ownerId');
  if (req.replaceMembers && req.memberIds.length > LIMITS.usersPerEdit) throw invalidParam('memberIds', `at most ${LIMITS.usersPerEdit}`);
  for (const id of req.memberIds) checkUserId(id, 'memberIds');
  return fields;
}

/** Applies the standard fields of a patch; returns the changed ones as JSON (tip `profileChanges`). */
function applyProfile(group: Group, patch: parley.v1.IGroup, fields: ReadonlySet<Updatable>, req: parley.v1.GroupUpdate): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const field of fields) {
    if (field === 'ownerId') continue;
    const value = patch[field] ?? (field === 'muteAll' ? false : field === 'maxMemberCount' || field.endsWith('Option') ? 0 : '');
    if (group[field] === value) continue;
    Object.assign(group, { [field]: value });
    changes[field] = JSON.stringify(value);
  }
  const custom = patchedCustomFields(group.customFields, req);
  if (JSON.stringify(custom) !== JSON.stringify(group.customFields)) {
    checkCustomFields(custom, 'patch.customFields');
    group.customFields = custom;
    changes.customFields = JSON.stringify(custom);
  }
  return changes;
}

function profileTipText(actor: Actor, changes: Record<string, string>): string {
  const keys = Object.keys(changes);
  if (keys.length === 1 && keys[0] === 'muteAll') return changes.muteAll === 'true' ? `${actor.userId} muted everyone` : `${actor.userId} unmuted everyone`;
  if (keys.length === 1 && keys[0] === 'name') return `${actor.userId} renamed the group to ${changes.name}`;
  return `${actor.userId} changed the group's ${keys.join(', ')}`;
}

/**
 * `group.update`: profile fields (`setFields`), custom fields (merge, replace, clear, remove
 * keys), the owner (a transfer), and `replaceMembers` (the server adds and removes the
 * difference, with the usual tips). One `infoVersion` bump and `group.profile` tip for the
 * profile part.
 */
export async function updateGroup(ctx: ModelContext, actor: Actor, req: parley.v1.GroupUpdate): Promise<parley.v1.IGroup> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  const fields = checkUpdate(ctx, req);
  const patch = req.patch ?? {};
  const wanted = [...new Set(req.memberIds)];
  const known = req.replaceMembers ? await getUsers(ctx.store, app, wanted) : new Map();
  const unknown = wanted.find((id) => !known.has(id));
  if (req.replaceMembers && unknown) throw new ServerError(ErrorCode.USER_NOT_FOUND, `no such user: ${unknown}`, { detail: 'memberIds' });
  return transact(
    ctx.store,
    async (tx) => {
      const group = await loadActiveGroup(tx, app, groupId);
      refuseTopic(group);
      const preset = presetOf(group);
      const access = await accessOf(tx, ctx, actor, groupId);
      requireMember(access);
      if (!preset.membersEdit) requireRank(access, RANK.admin, 'edit the group profile');
      if (fields.has('muteAll') && !preset.rolesAndMute) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this group type has no mute-all');
      if (fields.has('ownerId')) requireRank(access, RANK.owner, 'transfer the group');
      if (fields.has('maxMemberCount') && (patch.maxMemberCount ?? 0) > preset.maxMembers(ctx.app.policy)) {
        throw invalidParam('patch.maxMemberCount', `at most ${preset.maxMembers(ctx.app.policy)} for this group type`);
      }
      let members = (await listMembersInTx(tx, app, groupId)).map((m) => m.userId);
      if (req.replaceMembers) members = await replaceMembers(tx, ctx, actor, group, members, wanted);
      if (fields.has('maxMemberCount') && (patch.maxMemberCount ?? 0) < group.memberCount) throw invalidParam('patch.maxMemberCount', 'below the member count');
      const changes = applyProfile(group, patch, fields, req);
      if (Object.keys(changes).length > 0) {
        group.infoVersion += 1;
        group.updatedAt = ctx.now();
        const cursors = await recordInfoChange(tx, ctx, groupId, members);
        pushGroupEvent(tx, ctx, actor, members, { groupId, change: GroupChange.GROUP_CHANGE_PROFILE, group, operatorId: actor.userId, infoVersion: group.infoVersion, memberVersion: group.memberVersion }, cursors);
        await appendTip(tx, ctx, actor, group, { tip: GroupTipKind.GROUP_TIP_GROUP_PROFILE, profileChanges: changes, text: profileTipText(actor, changes) }, members);
        saveGroup(tx, app, group);
      }
      const newOwner = patch.ownerId ?? '';
      if (fields.has('ownerId') && newOwner !== group.ownerId) await handOver(tx, ctx, actor, group, members, newOwner);
      return group;
    },
    groupLock(groupId),
  );
}

/** The add/remove diff of a member-list replacement, checked against the actor's rights. Returns the new list. */
async function replaceMembers(tx: Tx, ctx: ModelContext, actor: Actor, group: Group, current: readonly string[], wanted: readonly string[]): Promise<string[]> {
  const access = await accessOf(tx, ctx, actor, group.groupId);
  const added = wanted.filter((id) => !current.includes(id));
  // The owner stays whatever the list says: ownership moves only by transfer.
  const removed = current.filter((id) => !wanted.includes(id) && id !== group.ownerId);
  if (added.length > 0 && addModeOf(group, access) !== 'direct') throw new ServerError(ErrorCode.PERMISSION_DENIED, 'members of this group join by invitation');
  if (removed.length > 0) requireRank(access, presetOf(group).removers === 'owner' ? RANK.owner : RANK.admin, 'remove members');
  if (group.memberCount + added.length - removed.length > group.maxMemberCount) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `the group takes at most ${group.maxMemberCount} members`);
  for (const id of added) if (!(await withinQuota(tx, ctx, id))) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `${id} is in too many groups`, { detail: 'memberIds' });
  if (!access.privileged) {
    const rows = await tx.getMany(removed.map((id) => K.member(ctx.app.id, group.groupId, id)));
    if (rows.some((row) => row && rankOf(fromJson<MemberRecord>(row).role) >= access.rank)) {
      throw new ServerError(ErrorCode.PERMISSION_DENIED, 'you may only remove members below your role', { detail: 'memberIds' });
    }
  }
  await expel(tx, ctx, actor, group, current, removed, { kind: 'kicked' });
  const remaining = current.filter((id) => !removed.includes(id));
  await enrol(
    tx,
    ctx,
    actor,
    group,
    remaining,
    added.map((userId) => ({ userId })),
    { kind: 'invited' },
  );
  return [...remaining, ...added];
}

/** `group.dismiss`: the owner where the preset allows it (not work groups), or app privilege. */
export async function dismissGroup(ctx: ModelContext, actor: Actor, req: parley.v1.GroupId): Promise<void> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  await transact(
    ctx.store,
    async (tx) => {
      const group = await loadGroup(tx, app, groupId);
      if (!group || group.status === parley.v1.GroupStatus.GROUP_STATUS_DISMISSED) throw notFound();
      refuseTopic(group);
      const access = await accessOf(tx, ctx, actor, groupId);
      if (!access.privileged) {
        requireRank(access, RANK.owner, 'dismiss the group');
        if (!presetOf(group).ownerMayDismiss) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this group type cannot be dismissed');
      }
      await disband(tx, ctx, actor, group, (await listMembersInTx(tx, app, groupId)).map((m) => m.userId));
    },
    groupLock(groupId),
  );
}

/** `group.transferOwner`: the owner (or app privilege) hands the group to a member. */
export async function transferOwner(ctx: ModelContext, actor: Actor, req: parley.v1.GroupTransferOwner): Promise<parley.v1.IGroup> {
  const app = ctx.app.id;
  const groupId = checkGroupId(req.groupId);
  const newOwnerId = checkUserId(req.newOwnerId, 'newOwnerId');
  return transact(
    ctx.store,
    async (tx) => {
      const group = await loadActiveGroup(tx, app, groupId);
      refuseTopic(group);
      requireRank(await accessOf(tx, ctx, actor, groupId), RANK.owner, 'transfer the group');
      if (newOwnerId === group.ownerId) throw invalidParam('newOwnerId', 'already the owner');
      await handOver(tx, ctx, actor, group, (await listMembersInTx(tx, app, groupId)).map((m) => m.userId), newOwnerId);
      return group;
    },
    groupLock(groupId),
  );
}
