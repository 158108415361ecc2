import type { parley } from '@parley/protocol';
import type { Emitter } from 'nanoevents';
import { ClientCode } from './codes.js';
import { isParleyError, RequestError } from './errors.js';
import type { ClientEvents } from './events.js';
import { ConvType, type Message, toConversation, typeOf } from './model.js';
import { K } from './store/keys.js';
import type { Store } from './store/state.js';

/** One unsent message as it is persisted. */
export interface OutboxRecord {
  order: number;
  message: Message;
}

/** How the outbox sends: `msg.send` with the message's client id as the idempotency key. */
export type OutboxSender = (message: Message) => Promise<parley.v1.SendResult>;

/** Turns a draft into what is sent (media uploads happen here); runs before every attempt. */
export type OutboxPreparer = (message: Message) => Promise<Message>;

/**
 * The outbox: a message is persisted before it is sent, shown as pending, sent with the same
 * client message id after every reconnect or reload until the server answers, and marked
 * failed (with the reason) only when the server refuses it. One message per conversation is in
 * flight at a time, so a conversation's messages get seqs in the order they were written.
 */
export class Outbox {
  #records = new Map<string, OutboxRecord>();
  #order = 0;
  #busy = new Set<string>();
  #paused = true;

  constructor(
    private readonly canPrepare: () => boolean,
    private readonly store: Store,
    private readonly events: Emitter<ClientEvents>,
    private readonly send: OutboxSender,
    private readonly prepare: OutboxPreparer,
  ) {}

  /** Forgets unsent messages held in memory (another user's cache is about to load). */
  reset(): void {
    this.#records.clear();
    this.#order = 0;
  }

  async hydrate(): Promise<void> {
    const records = await this.store.persist.range<OutboxRecord>({ prefix: K.outboxAll });
    for (const { value } of records) {
      this.#records.set(value.message.clientMsgId, value);
      this.#order = Math.max(this.#order, value.order);
    }
  }

  /** Unsent messages of one conversation (pending and failed), in the order they were written. */
  pendingOf(convId: string): Message[] {
    const out: OutboxRecord[] = [];
    for (const record of this.#records.values()) if (record.message.convId === convId) out.push(record);
    return out.sort((a, b) => a.order - b.order).map((r) => r.message);
  }

  get(clientMsgId: string): Message | undefined {
    return this.#records.get(clientMsgId)?.message;
  }

  /** Every unsent message. */
  all(): Message[] {
    return [...this.#records.values()].sort((a, b) => a.order - b.order).map((r) => r.message);
  }

  /**
   * Adds a message (status `pending`), persists it, announces it, and sends it when a session
   * is ready. Resolves with the sent message, or rejects with the server's refusal.
   */
  async add(message: Message): Promise<Message> {
    const record: OutboxRecord = { order: ++this.#order, message };
    this.#records.set(message.clientMsgId, record);
    this.#persist(record);
    // Durable before it can reach the server: a reload never loses a message the server may have.
    await this.store.persist.flush();
    this.events.emit('messages', message.convId, [message]);
    return this.#waitFor(message.clientMsgId);
  }

  /** Sends a failed message again, with the same client message id. */
  resend(clientMsgId: string): Promise<Message> {
    const record = this.#records.get(clientMsgId);
    if (!record) return Promise.reject(new RequestError('msgSend', ClientCode.MESSAGE_NOT_FOUND, 'no unsent message with this id'));
    if (record.message.status === 'failed') {
      const { error: _error, ...rest } = record.message;
      record.message = { ...rest, status: 'pending' };
      this.#persist(record);
      this.events.emit('messageUpdated', record.message);
    }
    return this.#waitFor(clientMsgId);
  }

  /** Drops an unsent message (the app deleted it). */
  remove(clientMsgId: string): boolean {
    const record = this.#records.get(clientMsgId);
    if (!record) return false;
    this.#records.delete(clientMsgId);
    this.store.persist.delete(K.outbox(record.order, clientMsgId));
    return true;
  }

  /** A preparer was installed: messages with files can go now. */
  preparerReady(): void {
    this.#pump();
  }

  /** A session is ready: send everything pending. */
  resume(): void {
    this.#paused = false;
    this.#pump();
  }

  /** The session is gone: stop starting sends (those in flight are resent by the connection). */
  pause(): void {
    this.#paused = true;
  }

  #waiters = new Map<string, Array<{ resolve(m: Message): void; reject(e: Error): void }>>();

  #waitFor(clientMsgId: string): Promise<Message> {
    const done = new Promise<Message>((resolve, reject) => {
      const list = this.#waiters.get(clientMsgId) ?? [];
      list.push({ resolve, reject });
      this.#waiters.set(clientMsgId, list);
    });
    this.#pump();
    return done;
  }

  #settle(clientMsgId: string, message: Message | undefined, error?: Error): void {
    const list = this.#waiters.get(clientMsgId);
    this.#waiters.delete(clientMsgId);
    for (const waiter of list ?? []) {
      if (message) waiter.resolve(message);
      else waiter.reject(error as Error);
    }
  }

  #persist(record: OutboxRecord): void {
    this.store.persist.put(K.outbox(record.order, record.message.clientMsgId), record);
  }

  #pump(): void {
    if (this.#paused) return;
    const next = new Map<string, OutboxRecord>();
    const waiting = new Set<string>();
    for (const record of [...this.#records.values()].sort((a, b) => a.order - b.order)) {
      const convId = record.message.convId;
      if (this.#busy.has(convId) || next.has(convId) || waiting.has(convId) || record.message.status !== 'pending') continue;
      // A message with files waits until the media area can prepare it, and so do the ones after it.
      if ((record.message as { uploads?: unknown[] }).uploads?.length && !this.canPrepare()) waiting.add(convId);
      else next.set(convId, record);
    }
    for (const [convId, record] of next) {
      this.#busy.add(convId);
      void this.#attempt(record).finally(() => {
        this.#busy.delete(convId);
        this.#pump();
      });
    }
  }

  async #attempt(record: OutboxRecord): Promise<void> {
    const id = record.message.clientMsgId;
    let result: parley.v1.SendResult;
    try {
      const prepared = await this.prepare(record.message);
      if (prepared !== record.message) {
        record.message = prepared;
        this.#persist(record);
      }
      result = await this.send(record.message);
    } catch (error) {
      if (error instanceof RequestError || (isParleyError(error) && error.code === ClientCode.UPLOAD_FAILED)) {
        // The server (or the upload) refused it: no retry will change that.
        const failed: Message = { ...record.message, status: 'failed', error: { code: error.code, message: error.message } };
        record.message = failed;
        this.#persist(record);
        this.events.emit('messageUpdated', failed);
        this.#settle(id, undefined, error);
        return;
      }
      // Kicked, closed or logged out: it stays pending and goes out with the next session.
      this.#paused = true;
      return;
    }
    this.#records.delete(id);
    this.store.persist.delete(K.outbox(record.order, id));
    const sent: Message = {
      ...record.message,
      status: 'sent',
      serverMsgId: result.serverMsgId,
      seq: result.seq,
      time: result.time || record.message.time,
      ...(result.senderTinyId ? { senderTinyId: result.senderTinyId } : {}),
    };
    const cache = this.store.messages;
    if (sent.seq > 0 && sent.seq === cache.head(sent.convId) + 1) cache.ingestRange(sent.convId, sent.seq - 1, sent.seq, [sent]);
    else cache.update(sent);
    const kind = typeOf(sent.convId);
    // Rooms and channels have no per-user rows, and a seq-less (transient) send moves no row.
    if (sent.seq > 0 && kind !== ConvType.ROOM && kind !== ConvType.CHANNEL) this.store.conversations.patch(
      sent.convId,
      (row) => {
        if (sent.seq >= (row.lastMessage?.seq ?? 0) && !sent.flags?.excludeFromLastMessage) {
          row.lastMessage = sent;
          row.lastMessageAt = Math.max(row.lastMessageAt, sent.time);
        }
        if (sent.seq > row.maxSeq) row.maxSeq = sent.seq;
        if (sent.seq > row.readSeq) row.readSeq = sent.seq;
      },
      () => toConversation({ convId: sent.convId }),
    );
    this.events.emit('messageUpdated', sent);
    this.#settle(id, sent);
  }
}
