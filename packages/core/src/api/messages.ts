import type { parley } from '@parley/protocol';
import { type Content, createForward, createMerger, type MergerOptions } from '../builders.js';
import type { Client } from '../client.js';
import { ClientCode } from '../codes.js';
import { ElementKind, type ElementKindName, type MessageSearch, matchesSearch } from '../derived.js';
import { RequestError } from '../errors.js';
import { type Message, type MessageRef, plain, toConversation, toMessage } from '../model.js';
import { K } from '../store/keys.js';
import { area } from './area.js';

/** A message the client holds, or a reference to one (any form of the wire's `MessageRef`). */
export type MessageTarget = Message | MessageRef;

/** Options of {@link MessagesApi.history}. */
export interface HistoryOptions {
  /**
   * Where to start (exclusive unless `inclusive`): a message, or any reference form (seq, ids,
   * a time). @default the newest entry (`older`) or the oldest retained one (`newer`)
   */
  anchor?: MessageTarget;
  /** @default 'older' */
  direction?: 'older' | 'newer';
  /** Entries per page, 1–100. @default 20 */
  limit?: number;
  filter?: { elementKinds?: readonly ElementKindName[]; skipRevoked?: boolean; skipControl?: boolean };
  /** Include the anchor itself. @default false */
  inclusive?: boolean;
}

/** A page of history, ascending by seq. */
export interface HistoryPage {
  messages: Message[];
  hasMore: boolean;
}

/** Read-receipt counts of one of my messages (`read.receiptStatus`). */
export interface ReceiptStatus {
  ref: MessageRef;
  readCount: number;
  unreadCount: number;
  isPeerRead: boolean;
}

/** A message extension value with its version (T message extensions). */
export type ExtensionValue = parley.v1.ExtensionValue.$Properties;

/** Options of {@link MessagesApi.search}. */
export interface SearchOptions extends MessageSearch {
  /** Most stored records read from storage, so a search stays bounded on a large cache. @default 10000 */
  maxScan?: number;
}

const DELETE_BATCH = 30;
const SCAN_PAGE = 500;
/** Local inserts (`msg.insertForSelf`) live in a private seq range above the shared log. */
const LOCAL_SEQ_BASE = 2 ** 52;

const isMessage = (t: MessageTarget): t is Message => Array.isArray((t as Message).elements) && typeof (t as Message).status === 'string';

/** The wire reference of a message: every identifying field it has. */
export function refOf(target: MessageTarget): MessageRef {
  if (!isMessage(target)) return plain(target);
  const ref: MessageRef = {};
  if (target.convId) ref.convId = target.convId;
  if (target.seq > 0) ref.seq = target.seq;
  if (target.serverMsgId) ref.serverMsgId = target.serverMsgId;
  if (target.clientMsgId) {
    ref.clientMsgId = target.clientMsgId;
    ref.senderId = target.senderId;
  }
  return ref;
}

/**
 * Messages beyond sending (CAPABILITIES.md §2.7–§2.8): revoke, modify, delete and clear for
 * self, local inserts, read marks and receipts, history, extensions, typing, local search,
 * forward and merge. Results that change what this client shows are applied to the store at
 * once and announced with `messageUpdated` (or `messages`); the change stream confirms later.
 */
export class MessagesApi {
  constructor(private readonly client: Client) {}

  /**
   * Revokes a message (T/O `revokeMessage`). The cached copy becomes `state: 1` (revoked).
   * Resolves with the revoke time.
   * @throws {RequestError} `REVOKE_NOT_ALLOWED`, `REVOKE_WINDOW_PASSED`, `MESSAGE_NOT_FOUND`.
   */
  async revoke(target: MessageTarget, options: { reason?: string } = {}): Promise<number> {
    const ref = refOf(target);
    const result = await this.client.request('msgRevoke', { ref, reason: options.reason ?? '' });
    const revokedAt = Number(result?.revokedAt ?? 0) || this.client.options.env.now();
    const held = this.#cached(ref) ?? (isMessage(target) ? target : undefined);
    if (held && held.state !== 1) this.#replace({ ...held, state: 1, revokedBy: this.client.userId, revokedAt });
    return revokedAt;
  }

  /**
   * Replaces a sent message's elements and/or cloud custom data (T `modifyMessage`). The
   * version the client holds is the expected one; the cached copy is updated.
   * @throws {RequestError} `CONFLICT` when it was modified meanwhile (the cache then holds the
   *   current version, so a retry with the returned message can succeed); `PERMISSION_DENIED`
   *   for someone else's or a revoked message.
   */
  async modify(message: Message, patch: { elements?: Content['elements']; cloudCustomData?: string }): Promise<Message> {
    const ref = refOf(message);
    const payload: parley.v1.MsgModify.$Properties = { ref, expectedVersion: message.version ?? 0 };
    if (patch.elements) payload.elements = patch.elements;
    if (patch.cloudCustomData !== undefined) payload.cloudCustomData = patch.cloudCustomData;
    try {
      const result = await this.client.request('msgModify', payload);
      const updated = toMessage(result ?? {});
      this.#replace(updated);
      return updated;
    } catch (error) {
      if (error instanceof RequestError && error.code === ClientCode.CONFLICT) {
        const [current] = await this.get([ref]).catch(() => []);
        if (current) this.#replace(current);
      }
      throw error;
    }
  }

  /**
   * Deletes messages for this user only (T `deleteMessage`, O `deleteMessageFromLocalStorage`).
   * Unsent messages leave the outbox; sent ones get `deletedForSelf` and are hidden for this
   * user on every device.
   * @throws {RequestError} `MESSAGE_NOT_FOUND`, `INVALID_PARAM`.
   */
  async deleteForSelf(targets: readonly MessageTarget[]): Promise<void> {
    const remote: MessageRef[] = [];
    for (const target of targets) {
      if (isMessage(target) && target.seq === 0 && !target.serverMsgId) {
        if (this.client.outbox.remove(target.clientMsgId)) this.client.events.emit('messageUpdated', { ...target, deletedForSelf: true });
      } else remote.push(refOf(target));
    }
    for (let i = 0; i < remote.length; i += DELETE_BATCH) {
      await this.client.request('msgDeleteForSelf', { refs: remote.slice(i, i + DELETE_BATCH) });
    }
    for (const ref of remote) {
      const held = this.#cached(ref);
      if (held && !held.deletedForSelf) this.#replace({ ...held, deletedForSelf: true });
    }
  }

  /**
   * Clears a conversation's history for this user (T `clearHistoryMessage`, O `clear…HistoryMessage`):
   * entries up to `upToSeq` (default: all) are hidden for good, and a full clear also resets
   * unread, draft and last message. Cleared cached messages are announced as `deletedForSelf`.
   * @throws {RequestError} `INVALID_PARAM` for a conversation id it cannot clear.
   */
  async clearHistory(convId: string, options: { upToSeq?: number } = {}): Promise<void> {
    await this.client.request('msgClearForSelf', { convId, upToSeq: options.upToSeq ?? 0 });
    const store = this.client.store;
    const cache = store.messages;
    const head = Math.max(cache.head(convId), store.conversations.get(convId)?.maxSeq ?? 0);
    const full = !options.upToSeq || options.upToSeq >= head;
    const upTo = full ? head : (options.upToSeq as number);
    const cleared = cache.entries(convId).filter((m) => m.seq <= upTo && m.seq < LOCAL_SEQ_BASE && !m.hidden && !m.deletedForSelf);
    if (full) {
      // The cache forgets the entries, but still knows (0, upTo] is complete: nothing there is visible any more.
      cache.drop(convId);
      if (upTo > 0) cache.ingestRange(convId, 0, upTo, []);
      for (const m of cleared) this.client.events.emit('messageUpdated', { ...m, deletedForSelf: true });
    } else {
      for (const m of cleared) this.#replace({ ...m, deletedForSelf: true });
    }
    store.conversations.patch(convId, (row) => {
      row.clearedSeq = Math.max(row.clearedSeq ?? 0, upTo);
      row.atInfo = (row.atInfo ?? []).filter((at) => (at.seq ?? 0) > upTo);
      if (full) {
        row.unreadCount = 0;
        row.readSeq = Math.max(row.readSeq, upTo);
        row.lastMessage = null;
        row.draft = null;
      }
    });
  }

  /**
   * Inserts a message only this user sees, never delivered (O `insert…MessageToLocalStorage`).
   * It is stored on the server in the user's private overlay and shows on every device.
   * @throws {RequestError} `USER_NOT_FOUND` for an unknown sender, `LIMIT_EXCEEDED`.
   */
  async insertForSelf(convId: string, content: Pick<Content, 'elements'> & { fallbackText?: string; senderId?: string; clientMsgId?: string; cloudCustomData?: string; clientTime?: number }): Promise<Message> {
    const env = this.client.options.env;
    const result = await this.client.request('msgInsertForSelf', {
      convId,
      elements: content.elements,
      clientMsgId: content.clientMsgId || env.uuid(),
      clientTime: content.clientTime ?? env.now(),
      ...(content.senderId && { senderId: content.senderId }),
      ...(content.fallbackText && { fallbackText: content.fallbackText }),
      ...(content.cloudCustomData && { cloudCustomData: content.cloudCustomData }),
    });
    const message = toMessage(result ?? {});
    this.client.store.messages.update(message);
    this.client.store.conversations.patch(
      convId,
      (row) => {
        row.lastMessage = message;
        row.lastMessageAt = Math.max(row.lastMessageAt, message.time);
        row.visibility = 0; // Visibility.VISIBILITY_VISIBLE
      },
      () => toConversation({ convId }),
    );
    this.client.events.emit('messages', convId, [message]);
    return message;
  }

  /**
   * Marks a conversation read up to a seq (default: its head): unread, read position and
   * mentions change at once; for C2C the peer sees `isPeerRead` (T `setMessageRead`, O `markC2CMessageAsRead`).
   * @throws {RequestError} `INVALID_PARAM`.
   */
  async markRead(convId: string, options: { upToSeq?: number } = {}): Promise<void> {
    const result = await this.client.request('readMark', { convIds: [convId], scope: 0, upToSeq: options.upToSeq ?? 0 });
    this.#applyRows(result?.conversations ?? []);
    const row = this.client.store.conversations.get(convId);
    const upTo = options.upToSeq ? Math.min(options.upToSeq, row?.maxSeq ?? options.upToSeq) : (row?.maxSeq ?? 0);
    // The server answers nothing for a row already read this far; make sure the local row agrees.
    if (row && row.readSeq < upTo) this.#markRowRead(convId, upTo);
  }

  /**
   * Marks every conversation of a kind read (T `setAllMessageRead`).
   * @throws {RequestError} as the server refuses.
   */
  async markAllRead(scope: 'c2c' | 'group' | 'all' = 'all'): Promise<void> {
    const wire = scope === 'c2c' ? 1 : scope === 'group' ? 2 : 3; // ReadScope.READ_SCOPE_ALL_C2C / ALL_GROUP / ALL
    const result = await this.client.request('readMark', { scope: wire });
    this.#applyRows(result?.conversations ?? []);
    const type = scope === 'c2c' ? 1 : scope === 'group' ? 2 : 0; // ConvType.CONV_TYPE_C2C / GROUP
    for (const row of this.client.store.conversations.list()) {
      if (row.unreadCount > 0 && (type === 0 || row.type === type)) this.#markRowRead(row.convId, row.maxSeq);
    }
  }

  /**
   * Sends read receipts for messages of others (T `sendMessageReadReceipt`); it does not move
   * the read position. Messages of several conversations are sent per conversation.
   * @throws {RequestError} `ALREADY_SET` when every message was already read.
   */
  async sendReceipts(targets: readonly MessageTarget[]): Promise<void> {
    for (const refs of byConversation(targets.map(refOf))) await this.client.request('readReceipt', { refs });
  }

  /**
   * Read counts of my messages (T `getMessageReadReceiptList`); the cached copies take them.
   * @throws {RequestError} `INVALID_PARAM` for messages of several conversations.
   */
  async receiptStatus(targets: readonly MessageTarget[]): Promise<ReceiptStatus[]> {
    const result = await this.client.request('readReceiptStatus', { refs: targets.map(refOf) });
    const statuses = (result?.statuses ?? []).map((s) => ({
      ref: plain(s.ref ?? {}),
      readCount: s.readCount ?? 0,
      unreadCount: s.unreadCount ?? 0,
      isPeerRead: s.isPeerRead ?? false,
    }));
    for (const status of statuses) {
      const held = this.#cached(status.ref);
      if (!held) continue;
      const receipt = held.receipt;
      if (receipt?.readCount === status.readCount && receipt?.unreadCount === status.unreadCount && (held.isPeerRead ?? false) === status.isPeerRead) continue;
      this.#replace({ ...held, receipt: { readCount: status.readCount, unreadCount: status.unreadCount }, isPeerRead: status.isPeerRead || (held.isPeerRead ?? false) });
    }
    return statuses;
  }

  /**
   * Who has (or has not) read one of my group messages (T `getGroupMessageReadMemberList`).
   * @throws {RequestError} `MESSAGE_NOT_FOUND`, `PERMISSION_DENIED`.
   */
  async receiptMembers(target: MessageTarget, options: { read?: boolean; cursor?: string; count?: number } = {}): Promise<{ userIds: string[]; nextCursor: string; completed: boolean }> {
    const page = await this.client.request('readReceiptMembers', { ref: refOf(target), read: options.read ?? true, cursor: options.cursor ?? '', count: options.count ?? 100 });
    return { userIds: [...(page?.userIds ?? [])], nextCursor: page?.nextCursor ?? '', completed: page?.completed ?? true };
  }

  /**
   * A page of a conversation's history from the server (T `getMessageList`/`…Hopping`, O
   * `getHistoryMessageList`, H `fetchHistoryMessages`). Unfiltered `older` pages join the
   * local cache, so `client.messages()` shows them too.
   * @throws {RequestError} `NOT_MEMBER`, `MESSAGE_NOT_FOUND` (anchor), `INVALID_PARAM`.
   */
  async history(convId: string, options: HistoryOptions = {}): Promise<HistoryPage> {
    const direction = options.direction ?? 'older';
    const payload: parley.v1.MsgHistory.$Properties = { convId, direction: direction === 'older' ? 0 : 1, limit: options.limit ?? 20, inclusive: options.inclusive ?? false };
    if (options.anchor) payload.anchor = refOf(options.anchor);
    const f = options.filter;
    const filtered = Boolean(f?.elementKinds?.length || f?.skipRevoked || f?.skipControl);
    if (f) payload.filter = { elementKinds: (f.elementKinds ?? []).map((k) => ElementKind[k]), skipRevoked: f.skipRevoked ?? false, skipControl: f.skipControl ?? false };
    const result = await this.client.request('msgHistory', payload);
    const messages = (result?.messages ?? []).map((m) => toMessage(m));
    if (direction === 'older' && !filtered) {
      const shared = messages.filter((m) => m.seq > 0 && m.seq < LOCAL_SEQ_BASE);
      if (shared.length) this.client.store.messages.ingestOlder(convId, shared);
    }
    return { messages, hasMore: result?.hasMore ?? false };
  }

  /**
   * Messages by reference (`msg.get`); ones the user cannot see are left out.
   * @throws {RequestError} `INVALID_PARAM` past 100 references.
   */
  async get(refs: readonly MessageTarget[]): Promise<Message[]> {
    const result = await this.client.request('msgGet', { refs: refs.map(refOf) });
    return (result?.messages ?? []).map((m) => toMessage(m));
  }

  /**
   * Sets message extensions (T `setMessageExtensions`); `versions` guards each key against
   * concurrent writers. Resolves with each key's outcome (code 0 is success).
   * @throws {RequestError} `NOT_SUPPORTED` for a message sent without extension support.
   */
  async setExtensions(target: MessageTarget, values: Record<string, string>, options: { versions?: Record<string, number> } = {}): Promise<Array<{ key: string; code: number; value?: ExtensionValue }>> {
    const set: Record<string, ExtensionValue> = {};
    for (const [key, value] of Object.entries(values)) set[key] = { value, version: options.versions?.[key] ?? 0 };
    const ref = refOf(target);
    const result = await this.client.request('msgSetExtensions', { ref, set });
    if (result?.extensions) this.#setExtensions(ref, plainMap(result.extensions));
    return (result?.results ?? []).map((r) => ({ key: r.key ?? '', code: r.code ?? 0, ...(r.value && { value: plain(r.value) }) }));
  }

  /**
   * A message's extensions (T `getMessageExtensions`): all, or the named keys.
   * @throws {RequestError} `MESSAGE_NOT_FOUND`.
   */
  async getExtensions(target: MessageTarget, keys: readonly string[] = []): Promise<Record<string, ExtensionValue>> {
    const ref = refOf(target);
    const result = await this.client.request('msgGetExtensions', { ref, keys: [...keys] });
    const map = plainMap(result?.extensions ?? {});
    if (keys.length === 0) this.#setExtensions(ref, map);
    return map;
  }

  /**
   * Deletes message extensions: the named keys, or all (T `deleteMessageExtensions`).
   * @throws {RequestError} `MESSAGE_NOT_FOUND`.
   */
  async deleteExtensions(target: MessageTarget, keys: readonly string[] = []): Promise<void> {
    const ref = refOf(target);
    await this.client.request('msgDeleteExtensions', { ref, keys: [...keys] });
    const held = this.#cached(ref);
    if (!held?.extensions) return;
    const extensions = { ...held.extensions };
    for (const key of keys.length ? keys : Object.keys(extensions)) delete extensions[key];
    this.#replace({ ...held, extensions });
  }

  /**
   * Tells a C2C peer that this user is typing (O `typingStatusUpdate`): ephemeral, never stored.
   * @throws {RequestError} `USER_NOT_FOUND`.
   */
  async typing(toUserId: string, text = ''): Promise<void> {
    await this.client.request('msgSignal', { toId: toUserId, kind: 0, text }); // SignalKind.SIGNAL_KIND_TYPING
  }

  /**
   * Searches the messages this client holds (O `searchLocalMessages`): the loaded ones, the
   * unsent ones, and the stored ones (a bounded scan of storage). Newest first.
   */
  async search(query: SearchOptions): Promise<Message[]> {
    const found = new Map<string, Message>();
    const keyOf = (m: Message) => (m.seq > 0 ? `${m.convId}\u0000${m.seq}` : `\u0000${m.clientMsgId}`);
    const consider = (m: Message) => {
      if (!found.has(keyOf(m)) && matchesSearch(m, query)) found.set(keyOf(m), m);
    };
    for (const m of this.client.store.messages.all()) consider(m);
    for (const m of this.client.outbox.all()) consider(m);
    const persist = this.client.store.persist;
    const prefix = query.convId !== undefined ? K.msgs(query.convId) : K.allMsgs;
    let budget = query.maxScan ?? 10_000;
    let after: readonly (string | number)[] | undefined;
    while (budget > 0) {
      const page = await persist.range<Message>({ prefix, limit: Math.min(SCAN_PAGE, budget), ...(after && { lower: after, lowerOpen: true }) });
      for (const record of page) consider(record.value);
      budget -= page.length;
      if (page.length < SCAN_PAGE) break;
      after = page[page.length - 1]?.key;
    }
    return [...found.values()].sort((a, b) => b.time - a.time || b.seq - a.seq).slice(0, query.limit ?? 100);
  }

  /**
   * Forwards a copy of a message to another conversation (T/O `createForwardMessage` + send).
   * @throws {ParleyError} `INVALID_PARAM` for a revoked message; {@link RequestError} when the send is refused.
   */
  forward(message: Message, toConvId: string): Promise<Message> {
    try {
      return this.client.send(createForward(message, toConvId));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sends several messages as one merged-forward message (T/O `createMergerMessage` + send).
   * @throws {ParleyError} `INVALID_PARAM` for no messages or no title; {@link RequestError} when the send is refused.
   */
  merge(messages: readonly Message[], toConvId: string, options: MergerOptions): Promise<Message> {
    try {
      // A long merger body travels as an uploaded file: the media area prepares it. It loads on
      // demand (bundlers put it in a chunk of its own); creating it replaces this preparer.
      const client = this.client;
      client.setMessagePreparer(async (message) => (await import('./media.js')).mediaOf(client).prepare(message));
      return this.client.send({ convId: toConvId, ...createMerger(messages, options) });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The cached message a reference points at. */
  #cached(ref: MessageRef): Message | undefined {
    const cache = this.client.store.messages;
    if (ref.convId && ref.seq) {
      const hit = cache.entries(ref.convId).find((m) => m.seq === ref.seq);
      if (hit) return hit;
    }
    return cache.find({ ...(ref.clientMsgId && { clientMsgId: ref.clientMsgId }), ...(ref.serverMsgId && { serverMsgId: ref.serverMsgId }) });
  }

  /** Stores a changed message, announces it, and refreshes the row's last message when it is that one. */
  #replace(updated: Message): void {
    const store = this.client.store;
    if (updated.seq > 0) store.messages.update(updated);
    this.client.events.emit('messageUpdated', updated);
    const row = store.conversations.get(updated.convId);
    const last = row?.lastMessage;
    if (last && last.seq === updated.seq && last.clientMsgId === updated.clientMsgId) {
      store.conversations.patch(updated.convId, (r) => {
        r.lastMessage = updated;
      });
    }
  }

  #setExtensions(ref: MessageRef, extensions: Record<string, ExtensionValue>): void {
    const held = this.#cached(ref);
    if (held) this.#replace({ ...held, extensions: { ...(held.extensions ?? {}), ...extensions } });
  }

  #applyRows(rows: readonly parley.v1.Conversation.$Properties[]): void {
    if (rows.length) this.client.store.conversations.apply(rows.map((r) => toConversation(r)));
  }

  #markRowRead(convId: string, upTo: number): void {
    this.client.store.conversations.patch(convId, (row) => {
      row.readSeq = Math.max(row.readSeq, upTo);
      if (upTo >= row.maxSeq) row.unreadCount = 0;
      row.atInfo = (row.atInfo ?? []).filter((at) => (at.seq ?? 0) > upTo);
    });
  }
}

/** References grouped by conversation (receipts are per conversation). */
function byConversation(refs: MessageRef[]): MessageRef[][] {
  const groups = new Map<string, MessageRef[]>();
  for (const ref of refs) {
    const key = ref.convId ?? '';
    const list = groups.get(key) ?? [];
    list.push(ref);
    groups.set(key, list);
  }
  return [...groups.values()];
}

function plainMap(map: Record<string, ExtensionValue>): Record<string, ExtensionValue> {
  const out: Record<string, ExtensionValue> = {};
  for (const [key, value] of Object.entries(map)) out[key] = plain(value);
  return out;
}

/** Messages beyond sending: revoke, modify, delete, read marks, receipts, history, forward, local search, typing. One instance per client, made on first use. */
export const chatOf = /* @__PURE__ */ area((client) => new MessagesApi(client));
