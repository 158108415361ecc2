import { randomUUID } from 'node:crypto';
import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { type ConvTarget, convIdOf, convTypeOf, loadConv, newConv, parseConvId, saveConv } from './conversations.js';
import { assertMember } from './groups.js';
import { type InsertRecord, LOCAL_SEQ_BASE, loadOverlayView, OK, type OverlayView } from './overlay-read.js';
import { type Conversation, decodeMessage, encodeConversation, type EntryLocation, fromJson, K, type LogHead, type LogRef, logId, type Message, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';
import { getUsers } from './users.js';

// `messaging.ts` imports these read helpers from here; the overlay model and its read side live
// in `overlay-read.ts`.
export { findLocalInsert, isDeletedForSelf, LOCAL_SEQ_BASE, LocalMerge, loadOverlayView, overlayPosition } from './overlay-read.js';

/**
 * The write ops of the per-user overlay of a conversation (CAPABILITIES.md §1.11, §4.1):
 * `msg.deleteForSelf`, `msg.clearForSelf`, `msg.insertForSelf`, and the pruning a clear or
 * `conv.delete` does. What the overlay is and how it is stored and read is described in
 * `overlay-read.ts`.
 */

const { Message: MessageClass, Visibility } = parley.v1;

/** Overlay limits: T deletes at most 30 messages per call; local inserts are bounded per conversation. */
export const OVERLAY_LIMITS = {
  refsPerDelete: 30,
  localInsertsPerConv: 1000,
  /** Entries scanned back to find the new `lastMessage` after a delete or a partial clear. */
  lastMessageScan: 200,
} as const;

function encodeInsert(afterSeq: number, message: Message): Uint8Array {
  return toJson({ afterSeq, message: Buffer.from(parley.v1.Message.encode(message).finish()).toString('base64') } satisfies InsertRecord);
}

/**
 * The conversations an overlay can exist in: C2C and groups; for deletes also the user's own
 * system log (T deletes a join-request notice once it is handled; the shim itself refuses an
 * app's `deleteMessage` of notices with 2116, as tim-js-sdk does).
 */
function checkOverlayLog(log: LogRef, field: string, allowSystem = false): void {
  if (log[0] === 'c2c' || log[0] === 'group' || (allowSystem && log[0] === 'sys')) return;
  throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only C2C and group messages have a per-user overlay', { detail: field });
}

/** A reference resolved for `msg.deleteForSelf`: a shared entry or one of the caller's local inserts. */
type DeleteTarget = { kind: 'shared'; location: EntryLocation } | { kind: 'local'; seq: number };

interface ResolvedDelete {
  convId: string;
  log: LogRef;
  target: DeleteTarget;
}

async function resolveDeleteRef(ctx: ModelContext, viewer: string, ref: parley.v1.IMessageRef): Promise<ResolvedDelete> {
  if (ref.convId && ref.seq && ref.seq >= LOCAL_SEQ_BASE) {
    const target = parseConvId(viewer, ref.convId, 'refs.convId');
    return { convId: target.convId, log: target.log, target: { kind: 'local', seq: ref.seq } };
  }
  const location = await ctx.messaging.resolveRef(ctx, viewer, ref);
  return { convId: convIdOf(viewer, location.log), log: location.log, target: { kind: 'shared', location } };
}

/**
 * `msg.deleteForSelf`: tombstones for shared entries and removal of local inserts, all in one
 * conversation (T). Deleting what is already deleted is a no-op. When the row's
 * `lastMessage` goes, the newest remaining visible message replaces it (O). The row is pushed
 * to every session of the caller (the response carries nothing).
 * @throws ServerError INVALID_PARAM, MESSAGE_NOT_FOUND, NOT_MEMBER, PERMISSION_DENIED
 */
export async function deleteForSelf(ctx: ModelContext, actor: Actor, req: parley.v1.MsgRefs): Promise<void> {
  if (req.refs.length === 0 || req.refs.length > OVERLAY_LIMITS.refsPerDelete) throw invalidParam('refs', `between 1 and ${OVERLAY_LIMITS.refsPerDelete} references`);
  const app = ctx.app.id;
  const userId = actor.userId;
  const resolved: ResolvedDelete[] = [];
  for (const ref of req.refs) resolved.push(await resolveDeleteRef(ctx, userId, ref));
  const first = resolved[0] as ResolvedDelete;
  if (resolved.some((r) => r.convId !== first.convId)) throw invalidParam('refs', 'must be in one conversation');
  const { convId, log } = first;
  checkOverlayLog(log, 'refs', true);
  if (log[0] === 'group') await transact(ctx.store, (tx) => assertMember(tx, app, log[1], userId));
  await transact(
    ctx.store,
    async (tx) => {
      const row = (await loadConv(tx, app, userId, convId)) ?? newConv({ convId, type: convTypeOf(log) });
      const view = await loadOverlayView(ctx, userId, convId);
      const deleted = new Set(view.deleted);
      const gone = new Set<number>();
      for (const { target } of resolved) {
        if (target.kind === 'local') {
          if (!(await tx.get(OK.insert(app, userId, convId, target.seq)))) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message', { detail: 'refs' });
          tx.delete(OK.insert(app, userId, convId, target.seq));
          gone.add(target.seq);
          continue;
        }
        const seq = target.location.seq;
        const bytes = await tx.get(K.entry(app, log, seq));
        if (!bytes) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message', { detail: 'refs' });
        if (decodeMessage(bytes).hidden) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'control entries cannot be deleted', { detail: 'refs' });
        if (seq <= row.clearedSeq || deleted.has(seq)) continue;
        tx.set(K.tombstone(app, userId, convId, seq), toJson({ at: ctx.now() }));
        deleted.add(seq);
        gone.add(seq);
      }
      if (gone.size === 0) return;
      await recordChange(tx, app, userId, 'overlay', convId);
      const last = row.lastMessage;
      if (last && gone.has(Number(last.seq))) {
        const locals = view.locals.filter((l) => !gone.has(l.message.seq));
        row.lastMessage = (await lastVisible(ctx, log, row, { deleted, locals })) ?? null;
      }
      const cursor = await saveConv(tx, app, userId, row);
      tx.onCommit(() => ctx.deliver.toUser(app, userId, { cursor, conversation: { upserts: [row] } }));
    },
    { locks: [logId(log)] },
  );
}

/**
 * The newest message `userId` still sees in a conversation: the newest visible shared entry
 * above `clearedSeq` that is not deleted for self (a bounded scan), or a local insert that
 * follows it.
 */
async function lastVisible(ctx: ModelContext, log: LogRef, row: Conversation, view: OverlayView): Promise<Message | undefined> {
  const app = ctx.app.id;
  const rows =
    row.maxSeq > row.clearedSeq
      ? await ctx.store.list({
          prefix: K.logPrefix(app, log),
          start: K.entry(app, log, row.clearedSeq + 1),
          end: K.entry(app, log, row.maxSeq + 1),
          reverse: true,
          limit: OVERLAY_LIMITS.lastMessageScan,
        })
      : [];
  let shared: Message | undefined;
  for (const r of rows) {
    const m = decodeMessage(r.value);
    if (m.hidden || m.flags?.excludeFromLastMessage || view.deleted.has(m.seq)) continue;
    shared = m;
    break;
  }
  const local = view.locals.filter((l) => l.afterSeq >= row.clearedSeq).at(-1);
  if (local && (!shared || local.afterSeq >= shared.seq)) return local.message;
  if (shared) shared.convId = row.convId;
  return shared;
}

/**
 * `msg.clearForSelf` (T `clearHistoryMessage`, O `clear*HistoryMessage`): moves `clearedSeq`
 * up to `upToSeq` (0 = the row's head), drops the tombstones and local inserts it covers,
 * recounts unread (zero after a full clear; `readSeq` stays, so a clear is not a receipt),
 * trims `atInfo`, resets the draft (O) and recomputes `lastMessage`. Pushes the row to every
 * session of the caller.
 * @throws ServerError INVALID_PARAM, NOT_FOUND, NOT_MEMBER, PERMISSION_DENIED
 */
export async function clearForSelf(ctx: ModelContext, actor: Actor, req: parley.v1.MsgClearForSelf): Promise<void> {
  const target = parseConvId(actor.userId, req.convId, 'convId');
  checkOverlayLog(target.log, 'convId');
  await ctx.messaging.assertCanRead(ctx, actor.userId, target.log);
  const app = ctx.app.id;
  const userId = actor.userId;
  await transact(
    ctx.store,
    async (tx) => {
      const row = await loadConv(tx, app, userId, target.convId);
      if (!row) throw new ServerError(ErrorCode.NOT_FOUND, 'no such conversation', { detail: 'convId' });
      const before = encodeConversation(row);
      const upTo = req.upToSeq ? Math.min(req.upToSeq, row.maxSeq) : row.maxSeq;
      const pruned = await pruneOverlay(tx, ctx, userId, target.convId, upTo);
      row.clearedSeq = Math.max(row.clearedSeq, upTo);
      row.draft = null;
      row.atInfo = row.atInfo.filter((at) => (at.seq ?? 0) > row.clearedSeq);
      if (row.clearedSeq >= row.maxSeq) {
        row.unreadCount = 0;
        row.lastMessage = null;
      } else {
        row.unreadCount = await ctx.messaging.countUnread(ctx, userId, target.log, Math.max(row.readSeq, row.clearedSeq), row.maxSeq, row);
        row.lastMessage = (await lastVisible(ctx, target.log, row, await loadOverlayView(ctx, userId, target.convId))) ?? null;
      }
      if (!pruned && Buffer.compare(before, encodeConversation(row)) === 0) return;
      const cursor = await saveConv(tx, app, userId, row);
      tx.onCommit(() => ctx.deliver.toUser(app, userId, { cursor, conversation: { upserts: [row] } }));
    },
    { locks: [logId(target.log)] },
  );
}

/**
 * Deletes the tombstones and local inserts a clear up to `upTo` covers (`msg.clearForSelf`,
 * `conv.delete` with history) and records the overlay change; whether there were any.
 */
export async function pruneOverlay(tx: Tx, ctx: ModelContext, userId: string, convId: string, upTo: number): Promise<boolean> {
  const app = ctx.app.id;
  const tombs = await tx.list({ prefix: K.tombstonePrefix(app, userId, convId), end: K.tombstone(app, userId, convId, upTo + 1) });
  for (const row of tombs) tx.delete(row.key);
  // Inserts are in seq order, which is `afterSeq` order: the covered ones are a prefix.
  const inserts = await tx.list({ prefix: OK.inserts(app, userId, convId) });
  let dropped = 0;
  for (const row of inserts) {
    if (fromJson<InsertRecord>(row.value).afterSeq > upTo) break;
    tx.delete(row.key);
    dropped++;
  }
  if (tombs.length + dropped === 0) return false;
  await recordChange(tx, app, userId, 'overlay', convId);
  return true;
}

/**
 * `msg.insertForSelf` (O `insertSingleMessageToLocalStorage` / `insertGroupMessageToLocalStorage`):
 * stores a `localOnly` message in the caller's overlay, after the current head of the log,
 * with a seq of the private space. It becomes the row's `lastMessage` (O) but is never
 * delivered and counts as read. The sender may be the caller, the C2C peer or a group
 * member (O lets the app insert "received" messages).
 * @throws ServerError INVALID_PARAM, TOO_LARGE, USER_NOT_FOUND, NOT_MEMBER, GROUP_NOT_FOUND, LIMIT_EXCEEDED, PERMISSION_DENIED
 */
export async function insertForSelf(ctx: ModelContext, actor: Actor, input: parley.v1.Message): Promise<parley.v1.IMessage> {
  const target = parseConvId(actor.userId, input.convId, 'convId');
  checkOverlayLog(target.log, 'convId');
  const clientMsgId = input.clientMsgId || randomUUID();
  if (clientMsgId.length > 64) throw invalidParam('clientMsgId', 'at most 64 characters');
  ctx.messaging.validateContent(ctx, input);
  const senderId = input.senderId || actor.userId;
  if (target.log[0] === 'c2c' && senderId !== actor.userId && senderId !== target.targetId) throw invalidParam('senderId', 'must be you or the peer');
  const app = ctx.app.id;
  const users = await getUsers(ctx.store, app, [...new Set([senderId, target.targetId])]);
  const sender = users.get(senderId);
  if (!sender) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'senderId' });
  if (target.log[0] === 'c2c' && !users.has(target.targetId)) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'convId' });
  return transact(
    ctx.store,
    async (tx) => {
      await checkInsertRights(tx, app, target, actor.userId, senderId);
      const existing = await tx.list({ prefix: OK.inserts(app, actor.userId, target.convId), limit: OVERLAY_LIMITS.localInsertsPerConv });
      if (existing.length >= OVERLAY_LIMITS.localInsertsPerConv) {
        throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${OVERLAY_LIMITS.localInsertsPerConv} local messages per conversation`, { detail: 'convId' });
      }
      const headBytes = await tx.get(K.logHead(app, target.log));
      const logHead: LogHead = headBytes ? fromJson<LogHead>(headBytes) : { seq: 0, time: 0 };
      const counter = await tx.get(OK.head(app, actor.userId, target.convId));
      const seq = (counter ? fromJson<{ seq: number }>(counter).seq : LOCAL_SEQ_BASE - 1) + 1;
      const message = new MessageClass({
        serverMsgId: ctx.ids.nextServerMsgId(),
        clientMsgId,
        convId: target.convId,
        seq,
        senderId,
        senderTinyId: sender.tinyId,
        senderKind: sender.kind,
        sender: { nickname: sender.nickname ?? '', avatar: sender.avatar ?? '', platform: input.sender?.platform ?? 0 },
        time: Math.max(ctx.now(), logHead.time),
        clientTime: input.clientTime,
        elements: input.elements,
        fallbackText: input.fallbackText,
        cloudCustomData: input.cloudCustomData,
        extras: input.extras,
        localOnly: true,
        isRead: true,
      });
      tx.set(OK.head(app, actor.userId, target.convId), toJson({ seq }));
      tx.set(OK.insert(app, actor.userId, target.convId, seq), encodeInsert(logHead.seq, message));
      await recordChange(tx, app, actor.userId, 'overlay', target.convId);
      const row = (await loadConv(tx, app, actor.userId, target.convId)) ?? newConv(target);
      row.lastMessage = message;
      row.lastMessageAt = message.time;
      row.visibility = Visibility.VISIBILITY_VISIBLE;
      const cursor = await saveConv(tx, app, actor.userId, row);
      tx.onCommit(() => ctx.deliver.toUser(app, actor.userId, { cursor, conversation: { upserts: [row] } }, actor.sessionId));
      return message;
    },
    { locks: [logId(target.log)] },
  );
}

/** Group inserts: the caller is a member, and so is the named sender. */
async function checkInsertRights(tx: Tx, app: string, target: ConvTarget, callerId: string, senderId: string): Promise<void> {
  if (target.log[0] !== 'group') return;
  await assertMember(tx, app, target.targetId, callerId);
  if (senderId !== callerId && !(await tx.get(K.member(app, target.targetId, senderId)))) {
    throw new ServerError(ErrorCode.NOT_MEMBER, 'the sender is not a member of this group', { detail: 'senderId' });
  }
}
