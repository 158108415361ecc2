import { randomUUID } from 'node:crypto';
import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import type { Actor, ModelContext } from './context.js';
import { type ConvTarget, convIdOf, convTypeOf, loadConv, newConv, parseConvId, saveConv } from './conversations.js';
import { checkC2CSend } from './friends.js';
import { assertMember, checkGroupSend, memberIdsInTx } from './groups.js';
import { findLocalInsert, isDeletedForSelf, LOCAL_SEQ_BASE, LocalMerge, loadOverlayView, overlayPosition } from './overlay.js';
import { assertRoomReader, sendRoomMessage } from './room-messages.js';
import {
  type Conversation,
  decodeMessage,
  type EntryLocation,
  encodeConversation,
  encodeMessage,
  fromJson,
  K,
  type LogHead,
  type LogRef,
  logId,
  type Message,
  toJson,
} from './schema.js';
import { findSent } from './sent.js';
import { findTransient, rememberTransient } from './transient-sent.js';
import { type Tx, transact } from './tx.js';
import { getUserCached } from './users.js';
import { afterSend, beforeSend } from './webhooks.js';

const { Message: MessageClass, MessageState, Visibility, ReceiveOpt, AtKind, ConvType } = parley.v1;

/** Oneof names of `Element`, indexed by `ElementKind` (the field numbers are the kinds). */
export const ELEMENT_KINDS = [
  '',
  'text',
  'image',
  'audio',
  'video',
  'file',
  'location',
  'face',
  'custom',
  'card',
  'merger',
  'quote',
  'groupTip',
  'notice',
  'revokeTip',
  'receipt',
  'typing',
  'modify',
  'extensions',
] as const;

/** Kinds a client may send; tips and notices are server-generated, control entries come from their ops. */
const SENDABLE = new Set(['text', 'image', 'audio', 'video', 'file', 'location', 'face', 'custom', 'card', 'merger', 'quote']);

function elementKind(element: parley.v1.IElement): string {
  const kind = (element as parley.v1.Element).kind;
  if (kind) return kind;
  for (const name of ELEMENT_KINDS) if (name && (element as Record<string, unknown>)[name] != null) return name;
  return '';
}

export interface Recipient {
  userId: string;
  receiveOpt: number;
}

/** The outcome of an append, for responses and pushes. */
export interface Appended {
  entry: Message;
  /** Per recipient: the row after the append and the change cursor it took. */
  rows: Map<string, { row: Conversation; cursor: number }>;
}

/**
 * Messaging: the append path shared by sends and control entries, and the reads.
 * One instance per server; per-request context comes in as arguments.
 */
export class Messaging {
  /** `msg.send`. */
  async send(ctx: ModelContext, actor: Actor, input: parley.v1.Message): Promise<parley.v1.ISendResult> {
    const target = parseConvId(actor.userId, input.convId, 'convId');
    if (target.log[0] === 'sys' || target.log[0] === 'bcast') {
      throw new ServerError(ErrorCode.PERMISSION_DENIED, 'system conversations are written with system.send', { detail: 'convId' });
    }
    const clientMsgId = input.clientMsgId || randomUUID();
    if (clientMsgId.length > 64) throw invalidParam('clientMsgId', 'at most 64 characters');
    this.validateContent(ctx, input);
    const sender = await getUserCached(ctx.store, ctx.app.id, actor.userId);
    if (!sender) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'sender does not exist');
    // `admin.users.forbidSend` (T adminForbidType 1 = AdminForbid_Type_SendOut).
    if (sender.adminForbidType === 1) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this user may not send messages');
    // Guests (anonymous viewers, MaxLeap passengers) speak in rooms and channels only.
    if (sender.kind === parley.v1.UserKind.USER_KIND_GUEST && target.log[0] !== 'room') {
      throw new ServerError(ErrorCode.PERMISSION_DENIED, 'guests may only send in rooms', { detail: 'convId' });
    }
    if (target.type === parley.v1.ConvType.CONV_TYPE_C2C) {
      const peer = target.targetId === actor.userId ? sender : await getUserCached(ctx.store, ctx.app.id, target.targetId);
      if (!peer) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'convId' });
    }
    const entry = new MessageClass({
      clientMsgId,
      senderId: actor.userId,
      senderTinyId: sender.tinyId,
      senderKind: sender.kind,
      sender: { nickname: sender.nickname ?? '', avatar: sender.avatar ?? '', platform: input.sender?.platform ?? 0 },
      clientTime: input.clientTime,
      elements: input.elements,
      fallbackText: input.fallbackText,
      mentions: input.mentions ?? null,
      priority: input.priority,
      cloudCustomData: input.cloudCustomData,
      extras: input.extras,
      targetName: input.targetName,
      receiverIds: input.receiverIds,
      flags: input.flags ?? null,
      needReadReceipt: input.needReadReceipt,
      offlinePush: input.offlinePush ?? null,
      supportsExtensions: input.supportsExtensions,
      crossAppTarget: input.crossAppTarget,
      roomChannel: input.roomChannel,
    });
    await beforeSend(ctx, target.convId, entry);
    if (target.log[0] === 'room') return sendRoomMessage(ctx, actor, target, entry);
    if (input.flags?.onlineOnly) return this.sendTransient(ctx, actor, target, entry);

    const app = ctx.app.id;
    const log = target.log;
    return transact(
      ctx.store,
      async (tx) => {
        // The rows this send reads, in one store call (one round trip on a remote store).
        if (log[0] === 'c2c') await tx.prefetch([K.byClientId(app, actor.userId, clientMsgId), ...appendKeys(app, log, [log[1], log[2]])]);
        const duplicate = await findSent(tx, app, actor.userId, clientMsgId);
        if (duplicate) return duplicate;
        const recipients = await this.recipients(tx, ctx, actor, target);
        const appended = await this.append(tx, ctx, log, entry, recipients);
        tx.set(K.byClientId(app, actor.userId, clientMsgId), toJson({ log, seq: appended.entry.seq } satisfies EntryLocation));
        tx.onCommit(() => {
          this.pushAppended(ctx, appended, actor.sessionId, input.flags?.noSenderSync ? actor.userId : undefined);
          afterSend(ctx, target.convId, appended.entry);
        });
        const stored = appended.entry;
        return { serverMsgId: stored.serverMsgId, seq: stored.seq, time: stored.time, duplicate: false, senderTinyId: stored.senderTinyId };
      },
      { locks: [logId(log)] },
    );
  }

  /** Checks sizes and element kinds (§5.1 limits); also used by `msg.insertForSelf`. */
  validateContent(ctx: ModelContext, input: parley.v1.Message): void {
    const { policy } = ctx.app;
    // Group and room texts have their own cap (T 8898 bytes against 12000 for C2C).
    const maxText = input.convId?.startsWith('c2c:') ? policy.maxTextBytes : Math.min(policy.maxTextBytes, policy.maxTextBytesGroup);
    if (input.elements.length === 0) throw invalidParam('elements', 'at least one element');
    if (input.elements.length > policy.maxElements) throw invalidParam('elements', `at most ${policy.maxElements} elements`);
    input.elements.forEach((element, i) => {
      const kind = elementKind(element);
      if (!SENDABLE.has(kind)) throw invalidParam(`elements[${i}]`, kind ? `"${kind}" cannot be sent` : 'empty element');
      const text = kind === 'text' ? element.text?.text : kind === 'quote' ? element.quote?.text : undefined;
      if (text && Buffer.byteLength(text) > maxText) {
        throw new ServerError(ErrorCode.TOO_LARGE, `text is over ${maxText} bytes`, { detail: `elements[${i}]` });
      }
      if (text && policy.sensitiveWords.length > 0) {
        const lower = text.toLowerCase();
        if (policy.sensitiveWords.some((word) => lower.includes(word.toLowerCase()))) {
          throw new ServerError(ErrorCode.CONTENT_REJECTED, 'the text contains a word this app does not allow', { detail: `elements[${i}]` });
        }
      }
    });
    const size = encodeMessage(input).length;
    if (size > policy.maxBodyBytes) throw new ServerError(ErrorCode.TOO_LARGE, `message is over ${policy.maxBodyBytes} bytes`, { detail: 'elements' });
  }

  /** Who receives an entry of this conversation (checks that the sender may post). */
  private async recipients(tx: Tx, ctx: ModelContext, actor: Actor, target: ConvTarget): Promise<Recipient[]> {
    const log = target.log;
    if (log[0] === 'c2c') {
      if (target.targetId !== actor.userId) await checkC2CSend(tx, ctx, actor, target.targetId);
      const ids = log[1] === log[2] ? [log[1]] : [log[1], log[2]];
      return ids.map((userId) => ({ userId, receiveOpt: ReceiveOpt.RECEIVE_OPT_NOTIFY }));
    }
    if (log[0] !== 'group') throw new ServerError(ErrorCode.INTERNAL, `no recipients for a ${log[0]} log`);
    await checkGroupSend(tx, ctx, actor, target.targetId);
    return (await memberIdsInTx(tx, ctx.app.id, target.targetId)).map((userId) => ({ userId, receiveOpt: ReceiveOpt.RECEIVE_OPT_NOTIFY }));
  }

  /**
   * Appends `entry` to `log` inside `tx`: the next seq (S1), a time that never goes back
   * (§4.2), the id indexes, and every recipient's conversation row and change stream.
   */
  async append(tx: Tx, ctx: ModelContext, log: LogRef, entry: Message, recipients: readonly Recipient[]): Promise<Appended> {
    const app = ctx.app.id;
    await tx.prefetch(appendKeys(app, log, recipients.map((r) => r.userId)));
    const headBytes = await tx.get(K.logHead(app, log));
    const head: LogHead = headBytes ? fromJson<LogHead>(headBytes) : { seq: 0, time: 0 };
    entry.seq = head.seq + 1;
    entry.time = Math.max(ctx.now(), head.time);
    entry.serverMsgId = ctx.ids.nextServerMsgId();
    // C2C entries are stored without a conversation id: it differs per viewer.
    entry.convId = log[0] === 'c2c' ? '' : convIdOf('', log);
    // Ids are unique per node by construction (time, node id, counter), so no read is spent
    // checking the index for a collision.
    tx.set(K.logHead(app, log), toJson({ seq: entry.seq, time: entry.time } satisfies LogHead));
    tx.set(K.entry(app, log, entry.seq), encodeMessage(entry));
    tx.set(K.byServerId(app, entry.serverMsgId), toJson({ log, seq: entry.seq } satisfies EntryLocation));

    const rows = new Map<string, { row: Conversation; cursor: number }>();
    const type = convTypeOf(log);
    for (const recipient of recipients) {
      const convId = convIdOf(recipient.userId, log);
      const row = (await loadConv(tx, app, recipient.userId, convId)) ?? newConv({ convId, type });
      this.applyEntry(ctx, row, entry, recipient.userId);
      rows.set(recipient.userId, { row, cursor: await saveConv(tx, app, recipient.userId, row) });
    }
    return { entry, rows };
  }

  /** How one entry changes one recipient's row (§4.5). */
  private applyEntry(ctx: ModelContext, row: Conversation, entry: Message, viewer: string): void {
    row.maxSeq = entry.seq;
    if (entry.hidden) return;
    // A blocked conversation (T Discard, O recvMsgOpt 1) receives nothing: its row stays as it was.
    if (row.receiveOpt === ReceiveOpt.RECEIVE_OPT_BLOCK && entry.senderId !== viewer) return;
    const isTip = entry.elements.some((e) => elementKind(e) === 'groupTip');
    if (!entry.flags?.excludeFromLastMessage) {
      row.lastMessage = viewerCopy(entry, viewer, row.convId);
      row.lastMessageAt = entry.time;
    }
    row.visibility = Visibility.VISIBILITY_VISIBLE;
    if (entry.senderId === viewer) {
      // Your own messages are read; nothing before them counts either (T and O behave so).
      row.readSeq = entry.seq;
      row.unreadCount = 0;
      row.atInfo = [];
      return;
    }
    const counts =
      !entry.flags?.excludeFromUnread &&
      (!isTip || ctx.app.policy.tipsCountUnread) &&
      row.receiveOpt !== ReceiveOpt.RECEIVE_OPT_BLOCK &&
      entry.seq > row.clearedSeq;
    if (!counts) return;
    row.unreadCount += 1;
    const mentions = entry.mentions;
    const ids = mentions?.userIds ?? [];
    if (mentions && (mentions.all || ids.includes(viewer))) {
      const kind = mentions.all && ids.includes(viewer) ? AtKind.AT_KIND_ALL_AND_ME : mentions.all ? AtKind.AT_KIND_ALL : AtKind.AT_KIND_ME;
      row.atInfo.push({ seq: entry.seq, fromId: entry.senderId, kind });
    }
  }

  /**
   * Pushes an appended entry to every recipient's sessions (not the one that sent it). Call it
   * from `tx.onCommit`. System-log entries travel as `notice` pushes, the rest as `message`.
   */
  pushAppended(ctx: ModelContext, appended: Appended, exceptSessionId?: string, skipUser?: string): void {
    for (const [userId, { row, cursor }] of appended.rows) {
      if (userId === skipUser) continue;
      if (row.receiveOpt === ReceiveOpt.RECEIVE_OPT_BLOCK && userId !== appended.entry.senderId) continue;
      const message = viewerCopy(appended.entry, userId, row.convId);
      // The row's lastMessage is this very message: leave it out rather than send it twice
      // (PROTOCOL.md §4: an absent lastMessage in a message push means "this message").
      const conversation = row.lastMessage?.seq === message.seq ? Object.assign(Object.create(Object.getPrototypeOf(row)) as Conversation, row, { lastMessage: null }) : row;
      const event = { message, conversation };
      ctx.deliver.toUser(ctx.app.id, userId, row.type === ConvType.CONV_TYPE_SYSTEM ? { cursor, notice: event } : { cursor, message: event }, exceptSessionId);
    }
  }

  /**
   * Online-only messages (S3): no seq, not stored, deduplicated for 10 minutes in the store
   * (`transient-sent.ts`), so a resend on another node or after a restart is not sent twice.
   */
  private async sendTransient(ctx: ModelContext, actor: Actor, target: ConvTarget, entry: Message): Promise<parley.v1.ISendResult> {
    const app = ctx.app.id;
    const now = ctx.now();
    const outcome = await transact(ctx.store, async (tx) => {
      const seen = await findTransient(tx, app, actor.userId, entry.clientMsgId, now);
      return seen ? { seen, recipients: [] } : { recipients: await this.recipients(tx, ctx, actor, target) };
    });
    if (outcome.seen) return outcome.seen;
    entry.serverMsgId = ctx.ids.nextServerMsgId();
    entry.time = now;
    entry.convId = target.log[0] === 'c2c' ? '' : target.convId;
    for (const { userId } of outcome.recipients) {
      if (userId === actor.userId && entry.flags?.noSenderSync) continue;
      const message = viewerCopy(entry, userId, convIdOf(userId, target.log));
      ctx.deliver.toUser(app, userId, { message: { message } }, actor.sessionId);
    }
    const result = { serverMsgId: entry.serverMsgId, seq: 0, time: entry.time, duplicate: false, senderTinyId: entry.senderTinyId };
    await rememberTransient(ctx.store, app, actor.userId, entry.clientMsgId, result, now);
    return result;
  }

  /** Resolves any form of {@link parley.v1.IMessageRef} to a location in the viewer's logs. */
  async resolveRef(ctx: ModelContext, viewer: string, ref: parley.v1.IMessageRef | null | undefined): Promise<EntryLocation> {
    if (!ref) throw invalidParam('ref', 'required');
    const app = ctx.app.id;
    let location: EntryLocation | undefined;
    if (ref.convId && ref.seq) {
      location = { log: parseConvId(viewer, ref.convId, 'ref.convId').log, seq: ref.seq };
    } else if (ref.serverMsgId) {
      const row = await ctx.store.get(K.byServerId(app, ref.serverMsgId));
      location = row ? fromJson<EntryLocation>(row.value) : undefined;
    } else if (ref.clientMsgId) {
      const row = await ctx.store.get(K.byClientId(app, ref.senderId || viewer, ref.clientMsgId));
      location = row ? fromJson<EntryLocation>(row.value) : undefined;
    } else {
      throw invalidParam('ref', 'needs (convId, seq), serverMsgId or clientMsgId');
    }
    if (!location) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message');
    await this.assertCanRead(ctx, viewer, location.log);
    return location;
  }

  /** Refuses logs the viewer is not part of. */
  async assertCanRead(ctx: ModelContext, viewer: string, log: LogRef): Promise<void> {
    switch (log[0]) {
      case 'c2c':
        if (log[1] !== viewer && log[2] !== viewer) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message');
        return;
      case 'group':
        await transact(ctx.store, (tx) => assertMember(tx, ctx.app.id, log[1], viewer));
        return;
      case 'room':
        await assertRoomReader(ctx, viewer, log[1]);
        return;
      case 'sys':
        if (log[1] !== viewer) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message');
        return;
      case 'bcast':
        return;
    }
  }

  /** `msg.revoke`: marks the entry revoked and appends a hidden `revokeTip` control entry (S2). */
  async revoke(ctx: ModelContext, actor: Actor, req: parley.v1.MsgRevoke): Promise<parley.v1.IRevokeResult> {
    const location = await this.resolveRef(ctx, actor.userId, req.ref);
    const app = ctx.app.id;
    const { policy } = ctx.app;
    return transact(
      ctx.store,
      async (tx) => {
        const original = await loadEntry(tx, app, location);
        if (original.state === MessageState.MESSAGE_STATE_REVOKED) return { revokedAt: original.revokedAt, tipSeq: 0 };
        const denied = (kind: string | undefined) => kind === undefined || !SENDABLE.has(kind) || policy.revokeDeniedKinds.includes(kind);
        if (original.hidden || original.elements.some((e) => denied(elementKind(e)))) {
          throw new ServerError(ErrorCode.REVOKE_NOT_ALLOWED, 'this entry cannot be revoked');
        }
        // App privilege (§5.2 `admin.revoke`) may revoke anyone's message, at any age.
        if (original.senderId !== actor.userId && !actor.privileged) {
          const admin = policy.revokeBy === 'senderOrAdmin' && location.log[0] === 'group' && (await isGroupAdmin(tx, app, location.log[1], actor.userId));
          if (!admin) throw new ServerError(ErrorCode.REVOKE_NOT_ALLOWED, 'only the sender may revoke');
        }
        const now = ctx.now();
        if (!actor.privileged && policy.revokeWindowSec > 0 && now - original.time > policy.revokeWindowSec * 1000) {
          throw new ServerError(ErrorCode.REVOKE_WINDOW_PASSED, `revoke window of ${policy.revokeWindowSec}s has passed`);
        }
        original.state = MessageState.MESSAGE_STATE_REVOKED;
        original.revokedBy = actor.userId;
        original.revokedAt = now;
        tx.set(K.entry(app, location.log, location.seq), encodeMessage(original));
        const ref = { seq: original.seq, serverMsgId: original.serverMsgId, senderId: original.senderId, clientMsgId: original.clientMsgId };
        const tip = new MessageClass({
          clientMsgId: `revoke:${original.serverMsgId}`,
          senderId: actor.userId,
          hidden: true,
          elements: [{ revokeTip: { target: ref, revokedBy: actor.userId, revokedAt: now, reason: req.reason } }],
        });
        const recipients = await this.logRecipients(tx, ctx, location.log);
        const appended = await this.append(tx, ctx, location.log, tip, recipients);
        for (const { row } of appended.rows.values()) {
          if (row.lastMessage?.seq === original.seq) row.lastMessage = viewerCopy(original, '', row.convId);
        }
        // Rows were saved by append before lastMessage changed: write them again (same cursor).
        for (const [userId, { row }] of appended.rows) tx.set(K.conv(app, userId, row.convId), encodeConversation(row));
        tx.onCommit(() => {
          for (const [userId, { row, cursor }] of appended.rows) {
            const push = { convId: row.convId, ...ref };
            ctx.deliver.toUser(
              app,
              userId,
              { cursor, messageRevoked: { ref: push, revokedBy: actor.userId, revokedAt: now, tipSeq: appended.entry.seq } },
              actor.sessionId,
            );
          }
        });
        return { revokedAt: now, tipSeq: appended.entry.seq };
      },
      { locks: [logId(location.log)] },
    );
  }

  /** `msg.modify`: replaces elements / cloud data with an optimistic version check. */
  async modify(ctx: ModelContext, actor: Actor, req: parley.v1.MsgModify): Promise<parley.v1.IMessage> {
    const location = await this.resolveRef(ctx, actor.userId, req.ref);
    if (req.elements.length > 0) this.validateContent(ctx, new MessageClass({ elements: req.elements }));
    const app = ctx.app.id;
    return transact(
      ctx.store,
      async (tx) => {
        const original = await loadEntry(tx, app, location);
        if (original.senderId !== actor.userId) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the sender may modify');
        if (original.state === MessageState.MESSAGE_STATE_REVOKED || original.hidden) {
          throw new ServerError(ErrorCode.PERMISSION_DENIED, 'a revoked or control entry cannot be modified');
        }
        if (req.expectedVersion !== original.version) {
          throw new ServerError(ErrorCode.CONFLICT, 'the message was modified meanwhile', { detail: String(original.version) });
        }
        if (req.elements.length > 0) original.elements = req.elements;
        if (req.cloudCustomData != null) original.cloudCustomData = req.cloudCustomData;
        original.version += 1;
        original.modifiedAt = ctx.now();
        tx.set(K.entry(app, location.log, location.seq), encodeMessage(original));
        const control = new MessageClass({
          clientMsgId: `modify:${original.serverMsgId}:${original.version}`,
          senderId: actor.userId,
          hidden: true,
          elements: [{ modify: { target: { seq: original.seq, serverMsgId: original.serverMsgId }, version: original.version } }],
        });
        const appended = await this.append(tx, ctx, location.log, control, await this.logRecipients(tx, ctx, location.log));
        for (const [userId, { row }] of appended.rows) {
          if (row.lastMessage?.seq === original.seq) {
            row.lastMessage = viewerCopy(original, userId, row.convId);
            tx.set(K.conv(app, userId, row.convId), encodeConversation(row));
          }
        }
        tx.onCommit(() => {
          for (const [userId, { row, cursor }] of appended.rows) {
            const message = viewerCopy(original, userId, row.convId);
            ctx.deliver.toUser(app, userId, { cursor, messageModified: { message, conversation: row } }, actor.sessionId);
          }
        });
        return viewerCopy(original, actor.userId, convIdOf(actor.userId, location.log));
      },
      { locks: [logId(location.log)] },
    );
  }

  /** Everyone whose rows follow a log: both C2C parties, or the group's members. */
  private async logRecipients(tx: Tx, ctx: ModelContext, log: LogRef): Promise<Recipient[]> {
    const ids =
      log[0] === 'c2c' ? [...new Set([log[1], log[2]])] : log[0] === 'group' ? await memberIdsInTx(tx, ctx.app.id, log[1]) : log[0] === 'sys' ? [log[1]] : [];
    return ids.map((userId) => ({ userId, receiveOpt: ReceiveOpt.RECEIVE_OPT_NOTIFY }));
  }

  /** Reads entries `(fromSeq, toSeq]` of a log in ascending order, as `viewer` sees them. */
  async readRange(ctx: ModelContext, viewer: string, log: LogRef, fromSeq: number, toSeq: number, limit: number, budget?: { bytes: number }): Promise<Message[]> {
    let rows = await ctx.store.list({
      prefix: K.logPrefix(ctx.app.id, log),
      start: K.entry(ctx.app.id, log, fromSeq + 1),
      end: K.entry(ctx.app.id, log, toSeq + 1),
      limit,
    });
    if (budget) {
      // Stop once the stored bytes pass the budget (always at least one entry), so a range of
      // large entries never makes a response larger than a frame may be.
      let take = 0;
      while (take < rows.length && (take === 0 || budget.bytes > 0)) {
        budget.bytes -= rows[take]?.value.length ?? 0;
        take++;
      }
      rows = rows.slice(0, take);
    }
    const convId = convIdOf(viewer, log);
    return rows.map((row) => viewerCopy(decodeMessage(row.value), viewer, convId));
  }

  /** The head seq of a log (0 when empty). */
  async headSeq(ctx: ModelContext, log: LogRef): Promise<number> {
    const row = await ctx.store.get(K.logHead(ctx.app.id, log));
    return row ? fromJson<LogHead>(row.value).seq : 0;
  }

  /** `msg.history` (§4.7): anchors by seq, id or time, in both directions; ascending results. */
  async history(ctx: ModelContext, actor: Actor, req: parley.v1.MsgHistory): Promise<parley.v1.IMessages> {
    const target = parseConvId(actor.userId, req.convId, 'convId');
    await this.assertCanRead(ctx, actor.userId, target.log);
    const limit = Math.min(Math.max(req.limit || 20, 1), 100);
    const newer = req.direction === parley.v1.Direction.DIRECTION_NEWER;
    const head = await this.headSeq(ctx, target.log);
    const row = await transact(ctx.store, (tx) => loadConv(tx, ctx.app.id, actor.userId, target.convId));
    const floor = row?.clearedSeq ?? 0;
    const own = await loadOverlayView(ctx, actor.userId, target.convId);

    let anchorSeq: number | undefined;
    let anchorTime: number | undefined;
    const anchor = req.anchor;
    if (anchor && (anchor.seq || anchor.serverMsgId || anchor.clientMsgId)) {
      const location = await this.resolveRef(ctx, actor.userId, { ...anchor, convId: anchor.seq ? target.convId : '' });
      if (logId(location.log) !== logId(target.log)) throw invalidParam('anchor', 'belongs to another conversation');
      anchorSeq = location.seq;
    } else if (anchor?.time) {
      anchorTime = anchor.time;
    }

    const kinds = new Set(req.filter?.elementKinds?.map((k) => ELEMENT_KINDS[k]) ?? []);
    // `msg.retentionDays`: older history is not served (entries stay for sync's gap filling).
    const retentionDays = ctx.app.policy.msgRetentionDays;
    const oldest = retentionDays > 0 ? ctx.now() - retentionDays * 86_400_000 : 0;
    const keep = (m: Message): boolean => {
      if (own.deleted.has(m.seq)) return false;
      if (m.hidden && req.filter?.skipControl) return false;
      if (req.filter?.skipRevoked && m.state === MessageState.MESSAGE_STATE_REVOKED) return false;
      if (m.flags?.noHistory) return false;
      if (m.time < oldest) return false;
      if (kinds.size > 0 && !m.elements.some((e) => kinds.has(elementKind(e) as (typeof ELEMENT_KINDS)[number]))) return false;
      if (anchorTime !== undefined && (newer ? m.time < anchorTime : m.time > anchorTime)) return false;
      if (anchorTime !== undefined && !req.inclusive && m.time === anchorTime) return false;
      return true;
    };

    // The caller's local inserts join the walk where they sit (after the entry they followed).
    // A local insert may anchor too: the shared walk then starts at the entry it follows.
    const anchorPos = anchorSeq !== undefined ? overlayPosition(own, anchorSeq) : undefined;
    const localAnchor = anchorPos !== undefined && anchorPos[1] > 0;
    const sharedAnchor = anchorPos && localAnchor ? anchorPos[0] + (newer ? 0 : 1) : anchorSeq;
    const inclusive = req.inclusive && !localAnchor;
    const locals = new LocalMerge(own.locals, newer, floor, anchorPos, req.inclusive);

    // Walk the log in batches from the anchor until the page is full (filters may skip entries).
    const out: Message[] = [];
    let cursor = newer ? (sharedAnchor !== undefined ? sharedAnchor - (inclusive ? 1 : 0) : floor) : sharedAnchor !== undefined ? sharedAnchor + (inclusive ? 1 : 0) : head + 1;
    cursor = newer ? Math.max(cursor, floor) : Math.min(cursor, head + 1);
    let exhausted = false;
    const batch = Math.max(limit * 2, 50);
    const add = (m: Message): boolean => {
      if (keep(m)) out.push(m);
      return out.length === limit + 1;
    };
    while (out.length < limit + 1) {
      const prefix = K.logPrefix(ctx.app.id, target.log);
      const rows = newer
        ? await ctx.store.list({ prefix, start: K.entry(ctx.app.id, target.log, cursor + 1), limit: batch })
        : await ctx.store.list({ prefix, start: K.entry(ctx.app.id, target.log, floor + 1), end: K.entry(ctx.app.id, target.log, cursor), limit: batch, reverse: true });
      if (rows.length === 0) {
        exhausted = true;
        break;
      }
      for (const r of rows) {
        const m = decodeMessage(r.value);
        cursor = m.seq;
        if (m.seq <= floor) continue;
        if (locals.before(m.seq).some(add) || add(m)) break;
      }
      if (rows.length < batch && out.length <= limit) {
        exhausted = true;
        break;
      }
    }
    if (exhausted) locals.rest().some(add);
    const hasMore = out.length > limit || (!exhausted && out.length === limit);
    const page = out.slice(0, limit);
    if (!newer) page.reverse();
    const convId = target.convId;
    const messages = page.map((m) => this.overlay(viewerCopy(m, actor.userId, convId), actor.userId, row));
    return { messages, hasMore: out.length > limit ? true : hasMore && !exhausted, minSeq: messages.find((m) => !m.localOnly)?.seq ?? 0 };
  }

  /** `msg.get`: entries by reference; missing or unreadable references are skipped. */
  async get(ctx: ModelContext, actor: Actor, req: parley.v1.MsgRefs): Promise<parley.v1.IMessages> {
    if (req.refs.length > 100) throw invalidParam('refs', 'at most 100');
    const out: Message[] = [];
    for (const ref of req.refs) {
      let location: EntryLocation;
      try {
        location = await this.resolveRef(ctx, actor.userId, ref);
      } catch (error) {
        if (error instanceof ServerError && (error.code === ErrorCode.MESSAGE_NOT_FOUND || error.code === ErrorCode.NOT_MEMBER)) continue;
        throw error;
      }
      const convId = convIdOf(actor.userId, location.log);
      if (location.seq >= LOCAL_SEQ_BASE) {
        const local = await findLocalInsert(ctx, actor.userId, convId, location.seq);
        if (local) out.push(local);
        continue;
      }
      if (await isDeletedForSelf(ctx, actor.userId, convId, location.seq)) continue;
      const row = await ctx.store.get(K.entry(ctx.app.id, location.log, location.seq));
      if (row) out.push(viewerCopy(decodeMessage(row.value), actor.userId, convId));
    }
    return { messages: out, hasMore: false, minSeq: out[0]?.seq ?? 0 };
  }

  /** Per-user overlay fields (§1.11). Local inserts carry theirs already. */
  overlay(message: Message, viewer: string, row: Conversation | undefined): Message {
    if (row && !message.localOnly) {
      message.isRead = message.senderId === viewer || message.seq <= row.readSeq;
      if (message.senderId === viewer && row.type === parley.v1.ConvType.CONV_TYPE_C2C) message.isPeerRead = message.seq <= row.peerReadSeq;
    }
    return message;
  }

  /** Entries of `log` after `fromSeq` that count as unread for `viewer` (bounded scan). */
  async countUnread(ctx: ModelContext, viewer: string, log: LogRef, fromSeq: number, toSeq: number, row: Conversation): Promise<number> {
    if (toSeq <= fromSeq) return 0;
    const rows = await ctx.store.list({
      prefix: K.logPrefix(ctx.app.id, log),
      start: K.entry(ctx.app.id, log, fromSeq + 1),
      end: K.entry(ctx.app.id, log, toSeq + 1),
      limit: 10_000,
    });
    let n = 0;
    for (const r of rows) {
      const m = decodeMessage(r.value);
      const isTip = m.elements.some((e) => elementKind(e) === 'groupTip');
      if (!m.hidden && m.senderId !== viewer && !m.flags?.excludeFromUnread && (!isTip || ctx.app.policy.tipsCountUnread) && m.seq > row.clearedSeq) n++;
    }
    return n;
  }
}

/** A copy of a shared entry as one viewer sees it: their conversation id, no overlay yet. */
export function viewerCopy(entry: Message, _viewer: string, convId: string): Message {
  // Shallow: nested parts are shared, and nothing mutates an entry's nested parts after append.
  return Object.assign(Object.create(MessageClass.prototype) as Message, entry, { convId });
}

/** The stored entry at a location, read inside `tx` (so a concurrent change retries). */
async function loadEntry(tx: Tx, app: string, location: EntryLocation): Promise<Message> {
  const bytes = await tx.get(K.entry(app, location.log, location.seq));
  if (!bytes) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message');
  return decodeMessage(bytes);
}

async function isGroupAdmin(tx: Tx, app: string, groupId: string, userId: string): Promise<boolean> {
  const row = await tx.get(K.member(app, groupId, userId));
  return row ? fromJson<{ role: number }>(row).role >= parley.v1.GroupRole.GROUP_ROLE_ADMIN : false;
}

/** The rows `append` reads: the log head, and each recipient's conversation row and change head. */
function appendKeys(app: string, log: LogRef, userIds: readonly string[]): Key[] {
  const keys: Key[] = [K.logHead(app, log)];
  for (const userId of new Set(userIds)) keys.push(K.conv(app, userId, convIdOf(userId, log)), K.changeHead(app, userId));
  return keys;
}
