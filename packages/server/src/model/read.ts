import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { convIdOf, listAllConvs, loadConv, parseConvId, saveConv } from './conversations.js';
import { memberIdsInTx } from './groups.js';
import type { Messaging } from './messaging.js';
import { type Conversation, decodeConversation, decodeMessage, K, type LogRef, logId, toJson } from './schema.js';
import { transact } from './tx.js';

const { ConvType, ReadScope } = parley.v1;

/**
 * Read state (CAPABILITIES.md §2.8, §4.5): read marks move `readSeq` and recompute unread;
 * C2C marks also move the peer's `peerReadSeq` and push `peer_read`. Receipts are per message
 * and do not move `readSeq`.
 */
export class ReadState {
  constructor(private readonly messaging: Messaging) {}

  /** `read.mark`. */
  async mark(ctx: ModelContext, actor: Actor, req: parley.v1.ReadMark): Promise<parley.v1.IConversations> {
    const app = ctx.app.id;
    let convIds: string[];
    if (req.scope === ReadScope.READ_SCOPE_CONVS) {
      if (req.convIds.length === 0 || req.convIds.length > 100) throw invalidParam('convIds', 'between 1 and 100 conversations');
      if (req.upToSeq && req.convIds.length !== 1) throw invalidParam('upToSeq', 'only with a single conversation');
      convIds = req.convIds;
    } else {
      const wanted = req.scope === ReadScope.READ_SCOPE_ALL_C2C ? ConvType.CONV_TYPE_C2C : req.scope === ReadScope.READ_SCOPE_ALL_GROUP ? ConvType.CONV_TYPE_GROUP : 0;
      convIds = (await listAllConvs(ctx, actor.userId)).filter((row) => row.unreadCount > 0 && (wanted === 0 || row.type === wanted)).map((row) => row.convId);
    }
    // Each conversation is marked in a transaction of its own, so everything that can refuse the
    // request is checked before the first one is written: a refused request changes nothing.
    const targets = convIds.map((convId) => parseConvId(actor.userId, convId, 'convIds'));
    if (req.scope === ReadScope.READ_SCOPE_CONVS) {
      const rows = await ctx.store.getMany(targets.map((target) => K.conv(app, actor.userId, target.convId)));
      const missing = targets.find((_, i) => rows[i] === undefined);
      if (missing) throw new ServerError(ErrorCode.NOT_FOUND, 'no such conversation', { detail: missing.convId });
    }
    const out: Conversation[] = [];
    for (const target of targets) {
      const convId = target.convId;
      const result = await transact(
        ctx.store,
        async (tx) => {
          const row = await loadConv(tx, app, actor.userId, convId);
          if (!row) return undefined;
          const upTo = req.upToSeq ? Math.min(req.upToSeq, row.maxSeq) : row.maxSeq;
          if (upTo <= row.readSeq) return { row, cursor: 0, peer: undefined };
          row.readSeq = upTo;
          row.unreadCount = upTo >= row.maxSeq ? 0 : await this.messaging.countUnread(ctx, actor.userId, target.log, upTo, row.maxSeq, row);
          row.atInfo = row.atInfo.filter((at) => (at.seq ?? 0) > upTo);
          const cursor = await saveConv(tx, app, actor.userId, row);
          let peer: { userId: string; row: Conversation; cursor: number } | undefined;
          const now = ctx.now();
          if (target.type === ConvType.CONV_TYPE_C2C && target.targetId !== actor.userId) {
            const peerConvId = `c2c:${actor.userId}`;
            const peerRow = await loadConv(tx, app, target.targetId, peerConvId);
            if (peerRow && peerRow.peerReadSeq < upTo) {
              peerRow.peerReadSeq = upTo;
              peerRow.peerReadAt = now;
              peer = { userId: target.targetId, row: peerRow, cursor: await saveConv(tx, app, target.targetId, peerRow) };
            }
          }
          tx.onCommit(() => {
            ctx.deliver.toUser(app, actor.userId, { cursor, conversation: { upserts: [row] } }, actor.sessionId);
            if (peer) {
              ctx.deliver.toUser(app, peer.userId, {
                cursor: peer.cursor,
                peerRead: { convId: peer.row.convId, readerId: actor.userId, readSeq: upTo, readAt: now },
              });
            }
          });
          return { row, cursor, peer };
        },
        { locks: [logId(target.log)] },
      );
      if (result) out.push(result.row);
      else if (req.scope === ReadScope.READ_SCOPE_CONVS) throw new ServerError(ErrorCode.NOT_FOUND, 'no such conversation', { detail: convId });
    }
    return { conversations: out };
  }

  /** `read.receipt`: records per-message reads and notifies each message's sender. */
  async receipt(ctx: ModelContext, actor: Actor, req: parley.v1.MsgRefs): Promise<void> {
    if (req.refs.length === 0 || req.refs.length > 100) throw invalidParam('refs', 'between 1 and 100 references');
    const app = ctx.app.id;
    const locations = await Promise.all(req.refs.map((ref) => this.messaging.resolveRef(ctx, actor.userId, ref)));
    const log = locations[0]?.log;
    if (!log || locations.some((l) => logId(l.log) !== logId(log))) throw invalidParam('refs', 'must be in one conversation');
    const now = ctx.now();
    const bySender = new Map<string, parley.v1.IReceiptStatus[]>();
    await transact(ctx.store, async (tx) => {
      bySender.clear();
      let added = 0;
      for (const { seq } of locations) {
        const bytes = await tx.get(K.entry(app, log, seq));
        if (!bytes) continue;
        const entry = decodeMessage(bytes);
        if (entry.senderId === actor.userId || entry.hidden) continue;
        const key = K.receipt(app, log, seq, actor.userId);
        if (await tx.get(key)) continue;
        tx.set(key, toJson({ at: now }));
        added++;
        const statuses = bySender.get(entry.senderId) ?? [];
        statuses.push({ ref: { seq, serverMsgId: entry.serverMsgId, clientMsgId: entry.clientMsgId, senderId: entry.senderId } });
        bySender.set(entry.senderId, statuses);
      }
      if (added === 0) throw new ServerError(ErrorCode.ALREADY_SET, 'these messages were already read');
    });
    for (const [senderId, statuses] of bySender) {
      for (const status of statuses) {
        const counts = await this.countReaders(ctx, log, status.ref?.seq ?? 0, senderId);
        status.readCount = counts.read;
        status.unreadCount = counts.unread;
        if (status.ref) status.ref.convId = convIdOf(senderId, log);
      }
      ctx.deliver.toUser(app, senderId, { readReceipt: { convId: statuses[0]?.ref?.convId ?? '', readerId: actor.userId, statuses, readAt: now } });
    }
  }

  /** `read.receiptStatus`: read/unread counts of the caller's own messages. */
  async receiptStatus(ctx: ModelContext, actor: Actor, req: parley.v1.MsgRefs): Promise<parley.v1.IReceiptStatuses> {
    if (req.refs.length === 0 || req.refs.length > 100) throw invalidParam('refs', 'between 1 and 100 references');
    const statuses: parley.v1.IReceiptStatus[] = [];
    for (const ref of req.refs) {
      const { log, seq } = await this.messaging.resolveRef(ctx, actor.userId, ref);
      const counts = await this.countReaders(ctx, log, seq, actor.userId);
      statuses.push({ ref: { ...ref, seq }, readCount: counts.read, unreadCount: counts.unread, isPeerRead: log[0] === 'c2c' && counts.read > 0 });
    }
    return { statuses };
  }

  /**
   * `read.receiptMembers` (T `getGroupMessageReadMemberList`): who has (`read`) or has not read
   * one of the caller's group messages, by the same rule as the counts. Pages in user-id
   * order; the cursor is the last id of the previous page.
   * @throws ServerError INVALID_PARAM, MESSAGE_NOT_FOUND, NOT_MEMBER, PERMISSION_DENIED
   */
  async receiptMembers(ctx: ModelContext, actor: Actor, req: parley.v1.ReadReceiptMembers): Promise<parley.v1.IUserIdPage> {
    const count = req.count || 100;
    if (count > 100) throw invalidParam('count', 'at most 100');
    if (Buffer.byteLength(req.cursor) > 128) throw invalidParam('cursor', 'not a cursor of this operation');
    const { log, seq } = await this.messaging.resolveRef(ctx, actor.userId, req.ref);
    if (log[0] !== 'group') throw invalidParam('ref', 'must be a group message');
    const bytes = (await ctx.store.get(K.entry(ctx.app.id, log, seq)))?.value;
    const entry = bytes ? decodeMessage(bytes) : undefined;
    if (!entry || entry.hidden) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message', { detail: 'ref' });
    if (entry.senderId !== actor.userId && !actor.privileged) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the sender may list the readers', { detail: 'ref' });
    const { others, readers } = await this.readerSets(ctx, log, seq, entry.senderId);
    const wanted = others.filter((id) => readers.has(id) === req.read).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const from = req.cursor ? wanted.filter((id) => id <= req.cursor).length : 0;
    const page = wanted.slice(from, from + count);
    const more = from + page.length < wanted.length;
    return { userIds: page, nextCursor: more ? (page.at(-1) ?? '') : '', nextOffset: from + page.length, completed: !more };
  }

  /** Readers of one message: explicit receipts, plus members whose `readSeq` passed it (policy). */
  private async countReaders(ctx: ModelContext, log: LogRef, seq: number, senderId: string) {
    const { others, readers } = await this.readerSets(ctx, log, seq, senderId);
    const read = others.filter((id) => readers.has(id)).length;
    return { read, unread: others.length - read };
  }

  /** The users who could read a message (everyone in the log but its sender) and those who did. */
  private async readerSets(ctx: ModelContext, log: LogRef, seq: number, senderId: string): Promise<{ others: string[]; readers: Set<string> }> {
    const app = ctx.app.id;
    // Receipts exist in C2C and group logs only; other logs have no readers to count.
    const members = log[0] === 'c2c' ? [log[1], log[2]] : log[0] === 'group' ? await transact(ctx.store, (tx) => memberIdsInTx(tx, app, log[1])) : [];
    const others = members.filter((id) => id !== senderId);
    const receipts = await ctx.store.list({ prefix: K.receiptPrefix(app, log, seq) });
    const readers = new Set(receipts.map((r) => r.key[r.key.length - 1] as string));
    if (ctx.app.policy.receiptReadSeqImplies) {
      const rows = await ctx.store.getMany(others.map((id) => K.conv(app, id, convIdOf(id, log))));
      rows.forEach((row, i) => {
        if (row && decodeConversation(row.value).readSeq >= seq) readers.add(others[i] as string);
      });
    }
    return { others, readers };
  }
}
