import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import {
  accessOf,
  checkGroupId,
  GK,
  groupName,
  listMembersInTx,
  loadActiveGroup,
  managerIds,
  notify,
  RANK,
  rankOf,
  requireRank,
  withinQuota,
} from './group-core.js';
import { enrol } from './group-enrol.js';
import { fromJson, type Group, K, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';
import { checkUserId } from './users.js';

/**
 * Join applications and invitations (§1.8, §2.9): a join request to a group that needs
 * approval, answered by the owner or an admin; an invitation to a community whose
 * `inviteOption` needs consent, answered by the invitee. The first answer wins; later ones get
 * `ALREADY_HANDLED`. One record per (group, kind, user who would join): applying again while
 * pending refreshes it, applying after an answer starts over.
 */

const { ApplicationKind, Change, NoticeKind, Side } = parley.v1;

interface ApplicationRecord {
  kind: number;
  groupId: string;
  applicantId: string;
  inviterId: string;
  reqMsg: string;
  reqTime: number;
  /** 0 pending, 1 accepted, -1 refused. */
  handleResult: number;
  handlerId: string;
  handledMsg: string;
  handledAt: number;
}

/** Values of the per-user index: the user answers it (`in`) or filed it (`out`). */
interface IndexRecord {
  side: 'in' | 'out';
}

const MAX_LISTED = 500;
const MAX_MESSAGE_BYTES = 1024;

/** The opaque wire id: the record's key parts. */
function applicationId(record: Pick<ApplicationRecord, 'groupId' | 'kind' | 'applicantId'>): string {
  return Buffer.from(JSON.stringify([record.groupId, record.kind, record.applicantId])).toString('base64url');
}

function parseApplicationId(id: string): { groupId: string; kind: number; applicantId: string } {
  try {
    const [groupId, kind, applicantId] = JSON.parse(Buffer.from(id, 'base64url').toString()) as [unknown, unknown, unknown];
    if (typeof kind === 'number' && kind in ApplicationKind) return { groupId: checkGroupId(groupId), kind, applicantId: checkUserId(applicantId) };
  } catch {
    // fall through: not one of ours
  }
  throw invalidParam('applicationId', 'not an application id');
}

function toWire(record: ApplicationRecord): parley.v1.GroupApplication {
  return new parley.v1.GroupApplication({ id: applicationId(record), ...record });
}

async function loadApplication(tx: Tx, app: string, groupId: string, kind: number, applicantId: string): Promise<ApplicationRecord | undefined> {
  const bytes = await tx.get(GK.application(app, groupId, kind, applicantId));
  return bytes ? fromJson<ApplicationRecord>(bytes) : undefined;
}

function pushApplication(tx: Tx, ctx: ModelContext, actor: Actor, userIds: readonly string[], record: ApplicationRecord, change: parley.v1.Change): void {
  const application = toWire(record);
  tx.onCommit(() => {
    for (const userId of new Set(userIds)) ctx.deliver.toUser(ctx.app.id, userId, { groupApplication: { application, change } }, actor.sessionId);
  });
}

/**
 * Files (or refreshes) a join application (`APPLICATION_KIND_JOIN`, `userId` applies) or an
 * invitation (`APPLICATION_KIND_INVITE`, the actor invites `userId`). Notifies who must answer.
 */
export async function fileApplication(tx: Tx, ctx: ModelContext, actor: Actor, group: Group, kind: number, userId: string, message: string): Promise<void> {
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw new ServerError(ErrorCode.TOO_LARGE, `message: at most ${MAX_MESSAGE_BYTES} bytes`, { detail: 'applyMessage' });
  const app = ctx.app.id;
  const invite = kind === ApplicationKind.APPLICATION_KIND_INVITE;
  const previous = await loadApplication(tx, app, group.groupId, kind, userId);
  if (previous && invite && previous.handleResult === 0 && previous.inviterId !== actor.userId) {
    tx.delete(GK.applicationIndex(app, previous.inviterId, group.groupId, kind, userId));
  }
  const record: ApplicationRecord = {
    kind,
    groupId: group.groupId,
    applicantId: userId,
    inviterId: invite ? actor.userId : '',
    reqMsg: message,
    reqTime: ctx.now(),
    handleResult: 0,
    handlerId: '',
    handledMsg: '',
    handledAt: 0,
  };
  tx.set(GK.application(app, group.groupId, kind, userId), toJson(record));
  const id = applicationId(record);
  if (invite) {
    tx.set(GK.applicationIndex(app, userId, group.groupId, kind, userId), toJson({ side: 'in' } satisfies IndexRecord));
    tx.set(GK.applicationIndex(app, actor.userId, group.groupId, kind, userId), toJson({ side: 'out' } satisfies IndexRecord));
    await notify(
      tx,
      ctx,
      [userId],
      { kind: NoticeKind.NOTICE_INVITATION, groupId: group.groupId, operatorId: actor.userId, userIds: [userId], applicationId: id, text: message },
      `${actor.userId} invited you to the group ${groupName(group)}`,
    );
    pushApplication(tx, ctx, actor, [userId, actor.userId], record, Change.CHANGE_ADDED);
    return;
  }
  tx.set(GK.applicationIndex(app, userId, group.groupId, kind, userId), toJson({ side: 'out' } satisfies IndexRecord));
  const managers = managerIds(await listMembersInTx(tx, app, group.groupId));
  await notify(
    tx,
    ctx,
    managers,
    { kind: NoticeKind.NOTICE_APPLICATION_NEW, groupId: group.groupId, operatorId: userId, userIds: [userId], applicationId: id, text: message },
    `${userId} asks to join the group ${groupName(group)}`,
  );
  pushApplication(tx, ctx, actor, [userId, ...managers], record, Change.CHANGE_ADDED);
}

/** `group.listApplications`: `in` = what I must answer, `out` = what I filed; both by default. */
export async function listApplications(ctx: ModelContext, actor: Actor, req: parley.v1.GroupListApplications): Promise<parley.v1.IGroupApplications> {
  const app = ctx.app.id;
  const wantIn = req.side !== Side.SIDE_OUT;
  const wantOut = req.side !== Side.SIDE_IN;
  const keys = new Map<string, readonly [string, number, string]>();
  const indexed = await ctx.store.list({ prefix: GK.applicationIndexPrefix(app, actor.userId), limit: MAX_LISTED * 4 });
  for (const row of indexed) {
    const { side } = fromJson<IndexRecord>(row.value);
    if ((side === 'in' && wantIn) || (side === 'out' && wantOut)) {
      const [groupId, kind, applicantId] = row.key.slice(-3) as [string, number, string];
      keys.set(JSON.stringify([groupId, kind, applicantId]), [groupId, kind, applicantId]);
    }
  }
  if (wantIn) {
    // Join requests of the groups I own or administer.
    const joined = await ctx.store.list({ prefix: K.joinedPrefix(app, actor.userId) });
    for (const row of joined) {
      const groupId = row.key[row.key.length - 1] as string;
      const me = await ctx.store.get(K.member(app, groupId, actor.userId));
      if (!me || rankOf(fromJson<{ role: number }>(me.value).role) < RANK.admin) continue;
      const pending = await ctx.store.list({ prefix: [...GK.applicationPrefix(app, groupId), ApplicationKind.APPLICATION_KIND_JOIN], limit: MAX_LISTED });
      for (const p of pending) {
        const applicantId = p.key[p.key.length - 1] as string;
        keys.set(JSON.stringify([groupId, ApplicationKind.APPLICATION_KIND_JOIN, applicantId]), [groupId, ApplicationKind.APPLICATION_KIND_JOIN, applicantId]);
      }
    }
  }
  const rows = await ctx.store.getMany([...keys.values()].map(([g, k, u]) => GK.application(app, g, k, u)));
  const applications = rows
    .filter((row) => row !== undefined)
    .map((row) => fromJson<ApplicationRecord>(row.value))
    .sort((a, b) => b.reqTime - a.reqTime)
    .slice(0, MAX_LISTED)
    .map(toWire);
  return { applications };
}

/** Which record a handle request names. */
function target(actor: Actor, req: parley.v1.GroupHandleApplication): { groupId: string; kind: number; applicantId: string } {
  if (req.applicationId) return parseApplicationId(req.applicationId);
  const groupId = checkGroupId(req.groupId);
  // Naming yourself (or nobody) answers an invitation to you; naming someone else, their request.
  const applicantId = req.applicantId ? checkUserId(req.applicantId, 'applicantId') : actor.userId;
  const kind = applicantId === actor.userId ? ApplicationKind.APPLICATION_KIND_INVITE : ApplicationKind.APPLICATION_KIND_JOIN;
  return { groupId, kind, applicantId };
}

/**
 * `group.handleApplication`: accept or reject. Accepting admits the user (tip, notices and
 * pushes as for any join).
 * @throws ServerError NOT_FOUND, ALREADY_HANDLED, PERMISSION_DENIED, LIMIT_EXCEEDED
 */
export async function handleApplication(ctx: ModelContext, actor: Actor, req: parley.v1.GroupHandleApplication): Promise<void> {
  const { groupId, kind, applicantId } = target(actor, req);
  if (Buffer.byteLength(req.message) > MAX_MESSAGE_BYTES) throw new ServerError(ErrorCode.TOO_LARGE, `message: at most ${MAX_MESSAGE_BYTES} bytes`, { detail: 'message' });
  const app = ctx.app.id;
  const invite = kind === ApplicationKind.APPLICATION_KIND_INVITE;
  await transact(ctx.store, async (tx) => {
    const record = await loadApplication(tx, app, groupId, kind, applicantId);
    if (!record) throw new ServerError(ErrorCode.NOT_FOUND, 'no such application', { detail: 'applicationId' });
    if (record.handleResult !== 0) throw new ServerError(ErrorCode.ALREADY_HANDLED, 'this application was already handled', { detail: 'applicationId' });
    const group = await loadActiveGroup(tx, app, groupId);
    if (invite) {
      if (actor.userId !== applicantId && !actor.privileged) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the invitee may answer an invitation');
    } else {
      requireRank(await accessOf(tx, ctx, actor, groupId), RANK.admin, 'answer join requests');
    }
    Object.assign(record, { handleResult: req.accept ? 1 : -1, handlerId: actor.userId, handledMsg: req.message, handledAt: ctx.now() });
    tx.set(GK.application(app, groupId, kind, applicantId), toJson(record));
    const members = await listMembersInTx(tx, app, groupId);
    const memberIds = members.map((m) => m.userId);
    if (req.accept && !memberIds.includes(applicantId)) {
      if (group.memberCount >= group.maxMemberCount) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'the group is full');
      if (!(await withinQuota(tx, ctx, applicantId))) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, 'the user is in too many groups', { detail: 'applicantId' });
      const how = invite ? ({ kind: 'invited', inviterId: record.inviterId } as const) : ({ kind: 'joined', approvedBy: actor.userId } as const);
      await enrol(tx, ctx, actor, group, memberIds, [{ userId: applicantId }], how);
    }
    await answerNotice(tx, ctx, actor, group, record);
    const audience = invite ? [applicantId, record.inviterId] : [applicantId, ...managerIds(members)];
    pushApplication(tx, ctx, actor, audience, record, req.accept ? Change.CHANGE_ACCEPTED : Change.CHANGE_REJECTED);
  });
}

/** Tells the applicant (join request) or the inviter (invitation) how it was answered. */
async function answerNotice(tx: Tx, ctx: ModelContext, actor: Actor, group: Group, record: ApplicationRecord): Promise<void> {
  const accepted = record.handleResult === 1;
  const base = { groupId: group.groupId, operatorId: actor.userId, userIds: [record.applicantId], applicationId: applicationId(record), text: record.handledMsg };
  if (record.kind === ApplicationKind.APPLICATION_KIND_INVITE) {
    const kind = accepted ? NoticeKind.NOTICE_INVITATION_ACCEPTED : NoticeKind.NOTICE_INVITATION_REJECTED;
    await notify(tx, ctx, [record.inviterId], { ...base, kind }, `${record.applicantId} ${accepted ? 'accepted' : 'declined'} your invitation to ${groupName(group)}`);
    return;
  }
  const kind = accepted ? NoticeKind.NOTICE_APPLICATION_ACCEPTED : NoticeKind.NOTICE_APPLICATION_REJECTED;
  await notify(tx, ctx, [record.applicantId], { ...base, kind }, `Your request to join ${groupName(group)} was ${accepted ? 'accepted' : 'rejected'}`);
}
