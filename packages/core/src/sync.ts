import type { OpName, OpRequest, OpResult, parley } from '@parley/protocol';
import type { Emitter } from 'nanoevents';
import type { ClientEvents, PushFrame } from './events.js';
import { type Conversation, ConvType, type Message, toConversation, toMessage } from './model.js';
import { RecentKeys } from './recent.js';

/** The wire's `ReceiveOpt.RECEIVE_OPT_BLOCK`: the conversation receives nothing. */
const RECEIVE_BLOCK = 2;

import type { Store } from './store/state.js';

/** How sync sends its requests (on the session being set up, ahead of queued app requests). */
export type SyncRequester = <N extends OpName>(op: N, payload: OpRequest<N>) => Promise<OpResult<N>>;

/** Options of {@link Sync}. */
export interface SyncOptions {
  prefetchPerConv: number;
  catchUpLimit: number;
  /** Called with the groups whose member list changed (refetch and diff). */
  membersMoved(groupIds: string[]): void;
  setTimeout(fn: () => void, ms: number): unknown;
}

const MAX_RANGES_PER_PULL = 100;
// Entries asked for per pull request, spread over its ranges: keeps responses well under the
// frame limit while letting one conversation page 500 at a time.
const PULL_BUDGET = 1000;
const PULL_PAGE_MAX = 500;
const PULL_PAGE_MIN = 10;
const CHANGES_PAGE = 500;
const ACK_DELAY_MS = 500;
/** Transient messages remembered to drop repeats: far more than arrive while a resend is under way. */
const TRANSIENT_REPEAT_WINDOW = 5000;

interface Range {
  convId: string;
  from: number;
  to: number;
}

/**
 * Sync (CAPABILITIES.md §4.8–§4.9): after every login or resume it reads the change stream
 * (or a snapshot), pulls what each conversation is missing, and only then releases the pushes
 * that arrived meanwhile. Live pushes are processed one at a time, in arrival order; a push
 * that skips a seq or a change cursor first pulls what was skipped, so every event is emitted
 * in order and exactly once.
 */
export class Sync {
  #running = false;
  #buffer: PushFrame[] = [];
  #chain: Promise<void> = Promise.resolve();
  #acks = new Map<string, number>();
  #ackTimer: unknown;
  #epoch = 0;
  #transients = new RecentKeys(TRANSIENT_REPEAT_WINDOW);

  constructor(
    private readonly store: Store,
    private readonly request: SyncRequester,
    private readonly events: Emitter<ClientEvents>,
    private readonly options: SyncOptions,
  ) {}

  /** §4.8 steps 2–5. Throws when the link drops meanwhile; the next session runs it again. */
  async run(): Promise<void> {
    const epoch = ++this.#epoch;
    this.#running = true;
    this.#buffer = [];
    this.events.emit('syncStart');
    try {
      await this.#catchUpChanges();
      await this.#pullBehind();
      // Pushes that arrived while syncing, in arrival order; duplicates of what was pulled drop out.
      for (const push of this.#buffer.splice(0)) {
        if (epoch !== this.#epoch) return;
        await this.#handle(push);
      }
      this.#running = false;
      this.#flushAcks();
      this.events.emit('syncEnd');
    } catch (error) {
      this.#running = false;
      this.#buffer = [];
      this.events.emit('syncFailed', error as Error);
      throw error;
    }
  }

  /** Stops any processing for the current session (the link dropped): pending pushes are dropped and re-pulled later. */
  interrupt(): void {
    this.#epoch++;
    this.#buffer = [];
    this.#chain = Promise.resolve();
  }

  /** A push of the live session. */
  push(push: PushFrame): void {
    if (this.#running) {
      this.#buffer.push(push);
      return;
    }
    const epoch = this.#epoch;
    this.#chain = this.#chain.then(async () => {
      if (epoch !== this.#epoch) return;
      try {
        await this.#handle(push);
      } catch {
        // The link dropped while filling a gap: the next sync pulls from the window head again.
      }
    });
  }

  /** Resolves when the pushes received so far have been applied. */
  idle(): Promise<void> {
    return this.#chain;
  }

  async #catchUpChanges(): Promise<void> {
    const store = this.store;
    if (store.cursor === 0) {
      await this.#snapshot();
      return;
    }
    const moved = new Set<string>();
    for (;;) {
      const batch = (await this.request('syncChanges', { cursor: store.cursor, limit: CHANGES_PAGE })) as parley.v1.ChangeBatch;
      if (batch.reset) {
        await this.#snapshot();
        return;
      }
      for (const entry of batch.changes as parley.v1.ChangeEntry[]) {
        if (entry.entity === 'overlay' && entry.overlay) this.#applyOverlay(entry.overlay);
        const groupId = store.applyChange(entry);
        if (groupId) moved.add(groupId);
      }
      store.cursor = batch.cursor;
      if (!batch.hasMore) break;
    }
    if (moved.size) this.options.membersMoved([...moved]);
  }

  async #snapshot(): Promise<void> {
    const snapshot = (await this.request('syncSnapshot', { sections: [] })) as parley.v1.Snapshot;
    this.store.applySnapshot(snapshot);
    for (const overlay of snapshot.overlays) this.#applyOverlay(overlay);
  }

  /** §4.8 step 3: every conversation whose head is past what the cache holds. */
  async #pullBehind(only?: (row: Conversation) => boolean): Promise<void> {
    const ranges: Range[] = [];
    for (const row of this.store.conversations.all()) {
      if (row.type === ConvType.ROOM || row.type === ConvType.CHANNEL) continue;
      if (only && !only(row)) continue;
      const head = this.store.messages.head(row.convId);
      if (row.maxSeq <= head) continue;
      const depth = head === 0 ? this.options.prefetchPerConv : this.options.catchUpLimit;
      ranges.push({ convId: row.convId, from: Math.max(head, row.maxSeq - depth, row.clearedSeq ?? 0), to: row.maxSeq });
    }
    await this.#pull(ranges);
  }

  /** Pulls ranges (paged), stores and emits the entries per conversation in seq order. */
  async #pull(ranges: Range[]): Promise<void> {
    let todo = ranges.filter((r) => r.to > r.from);
    while (todo.length) {
      const slice = todo.slice(0, MAX_RANGES_PER_PULL);
      todo = todo.slice(MAX_RANGES_PER_PULL);
      const page = Math.max(PULL_PAGE_MIN, Math.min(PULL_PAGE_MAX, Math.floor(PULL_BUDGET / slice.length)));
      const result = (await this.request('syncPull', {
        ranges: slice.map((r) => ({ convId: r.convId, fromSeq: r.from, toSeq: r.to, limit: page })),
      })) as parley.v1.PullResult;
      for (const [i, pulled] of (result.ranges ?? []).entries()) {
        const asked = slice[i];
        if (!asked) continue;
        const messages = (pulled.messages ?? []).map((m) => toMessage(m));
        const last = messages[messages.length - 1]?.seq ?? asked.from;
        const to = pulled.hasMore ? last : Math.max(last, Math.min(asked.to, pulled.maxSeq || asked.to));
        this.#ingest(asked.convId, asked.from, to, messages);
        if (pulled.hasMore && last > asked.from) todo.push({ convId: asked.convId, from: last, to: asked.to });
      }
    }
  }

  /** Stores a contiguous range and emits what is new, applying control entries to their targets. */
  #ingest(convId: string, from: number, to: number, messages: Message[]): void {
    const cache = this.store.messages;
    const fresh = cache.ingestRange(convId, from, to, messages);
    if (fresh.length === 0) return;
    for (const entry of fresh) this.#applyControl(entry);
    const visible = fresh.filter((m) => !m.hidden);
    const newest = visible[visible.length - 1];
    if (newest) this.store.conversations.noteMessage(newest);
    this.events.emit('messages', convId, fresh);
    this.#ack(convId, cache.head(convId));
  }

  /** Revoke tips and extension changes update the message they point at. */
  #applyControl(entry: Message): void {
    if (!entry.hidden) return;
    for (const element of entry.elements) {
      const tip = element.revokeTip;
      if (tip?.target) {
        const target = this.#target(tip.target);
        if (target) {
          const revoked: Message = { ...target, state: 1, revokedBy: tip.revokedBy ?? '', revokedAt: tip.revokedAt ?? 0 };
          this.store.messages.update(revoked);
          this.events.emit('messageUpdated', revoked);
        }
      }
      const ext = element.extensions;
      if (ext?.target) {
        const target = this.#target(ext.target);
        if (target) {
          const extensions = { ...(target.extensions ?? {}), ...(ext.upserted ?? {}) };
          for (const key of ext.deletedKeys ?? []) delete extensions[key];
          const updated: Message = { ...target, extensions };
          this.store.messages.update(updated);
          this.events.emit('messageUpdated', updated);
        }
      }
    }
  }

  #target(ref: parley.v1.MessageRef.$Properties): Message | undefined {
    const cache = this.store.messages;
    if (ref.seq && ref.convId) {
      const hit = cache.entries(ref.convId).find((m) => m.seq === ref.seq);
      if (hit) return hit;
    }
    return cache.find({ ...(ref.clientMsgId && { clientMsgId: ref.clientMsgId }), ...(ref.serverMsgId && { serverMsgId: ref.serverMsgId }) });
  }

  #applyOverlay(overlay: parley.v1.Overlay.$Properties): void {
    const convId = overlay.convId ?? '';
    const deleted = new Set(overlay.deletedSeqs ?? []);
    if (deleted.size === 0) return;
    for (const m of this.store.messages.entries(convId)) {
      if (!deleted.has(m.seq) || m.deletedForSelf) continue;
      const updated = { ...m, deletedForSelf: true };
      this.store.messages.update(updated);
      this.events.emit('messageUpdated', updated);
    }
  }

  /** One live push: fill gaps first, then apply, then announce. */
  async #handle(push: PushFrame): Promise<void> {
    const event = push.message ?? push.notice ?? undefined;
    // A transient message (no seq) resent after its server node died may have been fanned out
    // by that node already: the new node cannot know, so the client drops the repeat.
    const transient = event?.message && !event.message.seq && event.message.clientMsgId ? event.message : undefined;
    if (transient && !this.#transients.add(`${transient.convId}\u0000${transient.senderId}\u0000${transient.clientMsgId}`)) return;
    if (event?.message) {
      await this.#message(event as parley.v1.MessageEvent, push.cursor ?? 0);
    } else if (push.messageModified?.message) {
      const modified = toMessage(push.messageModified.message);
      this.store.messages.update(modified);
      this.events.emit('messageUpdated', modified);
      await this.#state(push, () => {
        const row = push.messageModified?.conversation;
        if (row) this.store.conversations.apply([toConversation(row)]);
      });
    } else if (push.messageRevoked?.ref) {
      const revoked = push.messageRevoked;
      const target = this.#target(revoked.ref as parley.v1.MessageRef);
      if (target) {
        const updated: Message = { ...target, state: 1, revokedBy: revoked.revokedBy ?? '', revokedAt: revoked.revokedAt ?? 0 };
        this.store.messages.update(updated);
        this.events.emit('messageUpdated', updated);
      }
      await this.#state(push, undefined);
    } else if (push.peerRead) {
      this.#peerRead(push.peerRead as parley.v1.PeerRead);
      await this.#state(push, undefined);
    } else if (push.readReceipt) {
      this.#receipts(push.readReceipt as parley.v1.ReadReceiptEvent);
    } else if (push.conversation) {
      const ev = push.conversation;
      await this.#state(push, () => {
        this.store.conversations.apply((ev.upserts ?? []).map((c) => toConversation(c)), ev.deletes ?? []);
        // A row deleted on another device may have taken its history with it: re-pull on demand.
        for (const convId of ev.deletes ?? []) this.store.messages.drop(convId);
      });
    } else if (push.settings) {
      const settings = push.settings;
      await this.#state(push, () => this.store.setSettings(settings));
    } else if (push.profile?.profile) {
      const profile = push.profile.profile;
      await this.#state(push, () => this.store.profiles.apply([profile]));
    } else if (push.group) {
      this.#group(push.group as parley.v1.GroupEvent);
      await this.#state(push, undefined);
    } else if (push.cursor || push.resync) {
      await this.#state(push, undefined);
    }
    this.events.emit('push', push);
  }

  async #message(event: parley.v1.MessageEvent, cursor: number): Promise<void> {
    const message = toMessage(event.message as parley.v1.Message);
    const convId = message.convId;
    if (message.seq === 0) {
      // Transient (rooms without history, online-only): no position, never replayed.
      this.events.emit('messages', convId, [message]);
    } else {
      const head = this.store.messages.head(convId);
      if (message.seq > head) {
        if (message.seq > head + 1) {
          // A gap: pull what was skipped before anything newer is emitted.
          const from = head === 0 ? Math.max(0, message.seq - 1 - this.options.prefetchPerConv) : Math.max(head, message.seq - 1 - this.options.catchUpLimit);
          await this.#pull([{ convId, from, to: message.seq - 1 }]);
        }
        const now = this.store.messages.head(convId);
        this.#ingest(convId, Math.min(now, message.seq - 1), message.seq, [message]);
      }
    }
    const row = event.conversation;
    await this.#state({ cursor } as PushFrame, () => {
      if (row) this.store.conversations.apply([toConversation(row, message.hidden ? undefined : message)]);
    });
  }

  /**
   * A state push: applied directly when it is the next change, ignored when already seen, and
   * read from the change stream when changes were skipped (own actions advance the cursor
   * without a push to this session).
   */
  async #state(push: PushFrame, apply: (() => void) | undefined): Promise<void> {
    const cursor = push.cursor ?? 0;
    const store = this.store;
    if (push.resync) {
      await this.#resync(cursor);
      return;
    }
    if (!cursor) {
      apply?.();
      return;
    }
    if (cursor <= store.cursor) return;
    if (cursor === store.cursor + 1 && apply) {
      apply();
      store.cursor = cursor;
      return;
    }
    await this.#catchUpChanges();
  }

  /**
   * Pushes were lost on the server side (a bus outage between nodes). Message pushes may be
   * among them even when the cursor is not behind (a change-stream catch-up after one's own
   * send moves conversation rows without pulling their messages), so every conversation whose
   * row is ahead of its messages is pulled, except those that receive nothing (`BLOCK`).
   */
  async #resync(cursor: number): Promise<void> {
    if (cursor > this.store.cursor) await this.#catchUpChanges();
    await this.#pullBehind((row) => (row.receiveOpt ?? 0) !== RECEIVE_BLOCK);
  }

  #peerRead(ev: parley.v1.PeerRead): void {
    const convId = ev.convId;
    this.store.conversations.patch(convId, (row) => {
      row.peerReadSeq = Math.max(row.peerReadSeq ?? 0, ev.readSeq);
      row.peerReadAt = ev.readAt;
    });
    const self = this.store.conversations.get(convId);
    void self;
    for (const m of this.store.messages.entries(convId)) {
      if (m.seq > ev.readSeq || m.isPeerRead || m.senderId === ev.readerId) continue;
      const updated = { ...m, isPeerRead: true };
      this.store.messages.update(updated);
      this.events.emit('messageUpdated', updated);
    }
  }

  /** Read receipts of own messages: the counts move on the cached copies. */
  #receipts(ev: parley.v1.ReadReceiptEvent): void {
    for (const status of ev.statuses ?? []) {
      const target = status.ref ? this.#target(status.ref) : undefined;
      if (!target) continue;
      const updated: Message = {
        ...target,
        receipt: { readCount: status.readCount ?? 0, unreadCount: status.unreadCount ?? 0 },
        ...(status.isPeerRead ? { isPeerRead: true } : {}),
      };
      this.store.messages.update(updated);
      this.events.emit('messageUpdated', updated);
    }
  }

  #group(ev: parley.v1.GroupEvent): void {
    const groupId = ev.groupId;
    if (ev.group && ev.change === 0) this.store.groups.apply([ev.group]);
    const members = this.store.members(groupId);
    // Only a member list the app has fetched is kept current from pushes.
    if (members.size === 0) return;
    if (ev.change === 3 || ev.change === 5) members.apply(ev.members);
    if (ev.change === 4) members.apply([], ev.userIds);
  }

  #ack(convId: string, seq: number): void {
    const row = this.store.conversations.get(convId);
    if (seq <= (this.#acks.get(convId) ?? row?.deliveredSeq ?? 0)) return;
    this.#acks.set(convId, seq);
    if (this.#running || this.#ackTimer !== undefined) return;
    this.#ackTimer = this.options.setTimeout(() => this.#flushAcks(), ACK_DELAY_MS);
  }

  /** `sync.ack`: tells the server what this user has received (offline bookkeeping, §4.6). */
  #flushAcks(): void {
    this.#ackTimer = undefined;
    if (this.#acks.size === 0) return;
    const marks = [...this.#acks].map(([convId, deliveredSeq]) => ({ convId, deliveredSeq }));
    this.#acks.clear();
    for (let i = 0; i < marks.length; i += 500) {
      this.request('syncAck', { marks: marks.slice(i, i + 500) }).catch(() => {});
    }
    for (const mark of marks) {
      const row = this.store.conversations.get(mark.convId);
      if (row && (row.deliveredSeq ?? 0) < mark.deliveredSeq) row.deliveredSeq = mark.deliveredSeq;
    }
  }
}
