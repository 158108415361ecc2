import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { assertMember } from './groups.js';
import { pruneOverlay } from './overlay.js';
import { BROADCAST_LOG, type Conversation, c2cLog, decodeConversation, encodeConversation, groupLog, K, type LogRef, roomLog, systemLog } from './schema.js';
import { type Tx, transact } from './tx.js';

const { ConvType, Visibility, ReceiveOpt } = parley.v1;

/** A conversation id parsed for one viewer. */
export interface ConvTarget {
  convId: string;
  type: parley.v1.ConvType;
  log: LogRef;
  /** The peer (C2C) or the group id. */
  targetId: string;
}

/**
 * Parses a canonical conversation id as seen by `viewer`: `c2c:<peer>`, `group:<id>`,
 * `room:<id>`, `channel:<id>` (rooms and channels share the room log space), `system` (the
 * viewer's own system log) or `system:all` (the app's broadcast log).
 * @throws ServerError INVALID_PARAM for anything else.
 */
export function parseConvId(viewer: string, convId: unknown, field = 'convId'): ConvTarget {
  if (typeof convId !== 'string' || convId.length === 0) throw invalidParam(field, 'must be a conversation id');
  if (convId === SYSTEM_CONV_ID) return { convId, type: ConvType.CONV_TYPE_SYSTEM, log: systemLog(viewer), targetId: viewer };
  if (convId === BROADCAST_CONV_ID) return { convId, type: ConvType.CONV_TYPE_SYSTEM, log: BROADCAST_LOG, targetId: '' };
  const colon = convId.indexOf(':');
  const kind = convId.slice(0, colon);
  const targetId = convId.slice(colon + 1);
  if (colon > 0 && targetId.length > 0 && Buffer.byteLength(targetId) <= 64) {
    if (kind === 'c2c') return { convId, type: ConvType.CONV_TYPE_C2C, log: c2cLog(viewer, targetId), targetId };
    if (kind === 'group') return { convId, type: ConvType.CONV_TYPE_GROUP, log: groupLog(targetId), targetId };
    if (kind === 'room') return { convId, type: ConvType.CONV_TYPE_ROOM, log: roomLog(targetId), targetId };
    if (kind === 'channel') return { convId, type: ConvType.CONV_TYPE_CHANNEL, log: roomLog(targetId), targetId };
  }
  throw invalidParam(field, `unsupported conversation id "${convId.slice(0, 80)}"`);
}

/** The conversation id of `log` for `viewer`. */
export function convIdOf(viewer: string, log: LogRef): string {
  switch (log[0]) {
    case 'group':
      return `group:${log[1]}`;
    case 'room':
      return `room:${log[1]}`;
    case 'sys':
      return SYSTEM_CONV_ID;
    case 'bcast':
      return BROADCAST_CONV_ID;
    case 'c2c':
      return `c2c:${log[1] === viewer ? log[2] : log[1]}`;
  }
}

/** The conversation type of a log's rows. */
export function convTypeOf(log: LogRef): parley.v1.ConvType {
  switch (log[0]) {
    case 'group':
      return ConvType.CONV_TYPE_GROUP;
    case 'room':
      return ConvType.CONV_TYPE_ROOM;
    case 'sys':
    case 'bcast':
      return ConvType.CONV_TYPE_SYSTEM;
    case 'c2c':
      return ConvType.CONV_TYPE_C2C;
  }
}

/** The conversation id of a user's system log (notices). */
export const SYSTEM_CONV_ID = 'system';
/** The conversation id of the app's broadcast log (`system.send` to everyone). */
export const BROADCAST_CONV_ID = 'system:all';

export async function loadConv(tx: Tx, app: string, userId: string, convId: string): Promise<Conversation | undefined> {
  const bytes = await tx.get(K.conv(app, userId, convId));
  return bytes ? decodeConversation(bytes) : undefined;
}

export function newConv(target: Pick<ConvTarget, 'convId' | 'type'>): Conversation {
  return new parley.v1.Conversation({ convId: target.convId, type: target.type, visibility: Visibility.VISIBILITY_HIDDEN });
}

/**
 * Writes a row and records it in the owner's change stream; returns the new cursor. The row's
 * `version` is its latest change cursor, so versions grow with every change and the stream
 * finds the row's previous entry without an index.
 */
export async function saveConv(tx: Tx, app: string, userId: string, row: Conversation): Promise<number> {
  const cursor = await recordChange(tx, app, userId, 'conv', row.convId, row.version || 0);
  row.version = cursor;
  tx.set(K.conv(app, userId, row.convId), encodeConversation(row));
  return cursor;
}

/** Change-stream resolver of `conv` rows: the current row, or a tombstone when it is gone. */
export async function conversationChanges(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>> {
  const rows = await ctx.store.getMany(ids.map((id) => K.conv(ctx.app.id, userId, id)));
  const out = new Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>();
  ids.forEach((id, i) => {
    const row = rows[i];
    out.set(id, row ? { conversation: decodeConversation(row.value) } : { deleted: true, conversation: { convId: id } });
  });
  return out;
}

/** The `conversations` section of `sync.snapshot`. */
export async function conversationSnapshot(
  ctx: ModelContext,
  userId: string,
  sections: ReadonlySet<parley.v1.SnapshotSection>,
): Promise<Partial<parley.v1.ISnapshot>> {
  if (!sections.has(0) && !sections.has(parley.v1.SnapshotSection.SNAPSHOT_SECTION_CONVERSATIONS)) return {};
  return { conversations: await listAllConvs(ctx, userId) };
}

/** Rows of one user, all of them (the list is per user and bounded by policy in practice). */
export async function listAllConvs(ctx: ModelContext, userId: string): Promise<Conversation[]> {
  const rows = await ctx.store.list({ prefix: K.convPrefix(ctx.app.id, userId) });
  return rows.map((row) => decodeConversation(row.value));
}

/** `conv.list`: pinned first, then by last activity, newest first. */
export async function listConversations(ctx: ModelContext, actor: Actor, req: parley.v1.ConvList): Promise<parley.v1.IConversations> {
  const count = Math.min(req.count || 100, 500);
  const all = (await listAllConvs(ctx, actor.userId)).filter((row) => {
    if (row.visibility === Visibility.VISIBILITY_DELETED) return false;
    if (row.visibility === Visibility.VISIBILITY_HIDDEN && !req.includeHidden) return false;
    if (req.filter?.type && row.type !== req.filter.type) return false;
    if (req.filter?.markType && (row.marks & req.filter.markType) === 0) return false;
    if (req.filter?.folder && !row.folders.includes(req.filter.folder)) return false;
    return true;
  });
  all.sort((a, b) => Number(b.pinned) - Number(a.pinned) || activity(b) - activity(a) || (a.convId < b.convId ? -1 : 1));
  // `conv.expiryDays` drops idle rows (pinned ones stay); `conv.listMax` caps the list (T: 7 days, 100).
  const { convExpiryDays, convListMax } = ctx.app.policy;
  if (convExpiryDays > 0) {
    const since = ctx.now() - convExpiryDays * 86_400_000;
    all.splice(0, all.length, ...all.filter((row) => row.pinned || activity(row) >= since));
  }
  if (convListMax > 0 && all.length > convListMax) all.length = convListMax;
  const offset = req.cursor ? Number.parseInt(req.cursor, 10) || 0 : req.offset;
  const page = all.slice(offset, offset + count);
  const next = offset + page.length;
  return { conversations: page, nextCursor: next < all.length ? String(next) : '', syncCompleted: next >= all.length };
}

function activity(row: Conversation): number {
  return Math.max(row.lastMessageAt || 0, row.draft?.updatedAt || 0);
}

/** `conv.get`: rows by id; `createIfMissing` creates hidden rows. Unknown ids are skipped. */
export async function getConversations(ctx: ModelContext, actor: Actor, req: parley.v1.ConvGet): Promise<parley.v1.IConversations> {
  if (req.convIds.length > 100) throw invalidParam('convIds', 'at most 100');
  const targets = req.convIds.map((id) => parseConvId(actor.userId, id, 'convIds'));
  return transact(ctx.store, async (tx) => {
    const out: Conversation[] = [];
    for (const target of targets) {
      let row = await loadConv(tx, ctx.app.id, actor.userId, target.convId);
      if (!row && req.createIfMissing) {
        // A row for a group is only made for its members (the id alone reveals nothing, but
        // rows are per-user state that strangers have no business creating).
        if (target.log[0] === 'group') await assertMember(tx, ctx.app.id, target.targetId, actor.userId);
        row = newConv(target);
        await saveConv(tx, ctx.app.id, actor.userId, row);
      }
      if (row) out.push(row);
    }
    return { conversations: out };
  });
}

/**
 * `conv.update`: pin, draft, custom data, marks, receive option. Pushes the rows to the user's other sessions.
 * @throws ServerError GROUP_NOT_FOUND, NOT_MEMBER for a group conversation the user has no row of and is not in
 */
export async function updateConversations(ctx: ModelContext, actor: Actor, req: parley.v1.ConvUpdate): Promise<parley.v1.IConversations> {
  const ids = [...req.convIds, ...req.userIds.map((peer) => `c2c:${peer}`)];
  if (ids.length === 0 || ids.length > 30) throw invalidParam('convIds', 'between 1 and 30 conversations');
  const patch = req.patch;
  if (!patch) throw invalidParam('patch', 'required');
  if (patch.customData != null && Buffer.byteLength(patch.customData) > 256) throw invalidParam('patch.customData', 'at most 256 bytes');
  if (patch.receiveOpt != null && !(patch.receiveOpt in ReceiveOpt)) throw invalidParam('patch.receiveOpt', 'unknown value');
  const targets = ids.map((id) => parseConvId(actor.userId, id, 'convIds'));
  const app = ctx.app.id;
  return transact(ctx.store, async (tx) => {
    const out: Conversation[] = [];
    let cursor = 0;
    for (const target of targets) {
      let row = await loadConv(tx, app, actor.userId, target.convId);
      if (!row) {
        // As in `conv.get`: a group's row is only made for its members. A user who left keeps
        // (and may still edit) the row they had; strangers get none.
        if (target.log[0] === 'group') await assertMember(tx, app, target.targetId, actor.userId);
        row = newConv(target);
      }
      const before = encodeConversation(row);
      if (patch.pinned != null) row.pinned = patch.pinned;
      if (patch.setDraft) row.draft = patch.draft?.text ? { text: patch.draft.text, updatedAt: ctx.now() } : null;
      if (patch.customData != null) row.customData = patch.customData;
      row.marks = (row.marks | (patch.marksSet ?? 0)) & ~(patch.marksClear ?? 0);
      if (patch.receiveOpt != null) row.receiveOpt = patch.receiveOpt;
      if (Buffer.compare(before, encodeConversation(row)) === 0) {
        if (req.failIfUnchanged) throw new ServerError(ErrorCode.ALREADY_SET, 'nothing to change', { detail: target.convId });
        out.push(row);
        continue;
      }
      cursor = await saveConv(tx, app, actor.userId, row);
      out.push(row);
    }
    if (cursor > 0) {
      tx.onCommit(() => ctx.deliver.toUser(app, actor.userId, { cursor, conversation: { upserts: out } }, actor.sessionId));
    }
    return { conversations: out };
  });
}

/** `conv.delete`: hides rows until the next message; optionally clears history for the user. */
export async function deleteConversations(ctx: ModelContext, actor: Actor, req: parley.v1.ConvDelete): Promise<parley.v1.IConvIds> {
  if (req.convIds.length === 0 || req.convIds.length > 100) throw invalidParam('convIds', 'between 1 and 100 conversations');
  const clear = req.clearHistory ?? ctx.app.policy.deleteClearsHistory;
  const targets = req.convIds.map((id) => parseConvId(actor.userId, id, 'convIds'));
  const app = ctx.app.id;
  return transact(ctx.store, async (tx) => {
    const deleted: string[] = [];
    let cursor = 0;
    for (const target of targets) {
      const row = await loadConv(tx, app, actor.userId, target.convId);
      if (!row) continue;
      row.visibility = Visibility.VISIBILITY_DELETED;
      row.unreadCount = 0;
      row.atInfo = [];
      row.readSeq = row.maxSeq;
      if (clear) {
        row.clearedSeq = row.maxSeq;
        row.lastMessage = null;
        await pruneOverlay(tx, ctx, actor.userId, row.convId, row.clearedSeq);
      }
      cursor = await saveConv(tx, app, actor.userId, row);
      deleted.push(target.convId);
    }
    if (cursor > 0) tx.onCommit(() => ctx.deliver.toUser(app, actor.userId, { cursor, conversation: { deletes: deleted } }, actor.sessionId));
    return { convIds: deleted };
  });
}
