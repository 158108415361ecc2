import type { Message } from '../model.js';
import { K } from './keys.js';
import type { Persist } from './persist.js';

/** The seq window `(low, high]` of a conversation whose every entry is stored locally. */
export interface SeqWindow {
  low: number;
  high: number;
}

interface Thread {
  window: SeqWindow;
  /** Loaded entries, ascending by seq (control entries included; lists hide them). */
  entries: Message[];
  /** The oldest seq loaded into `entries` from storage or the server (0: none yet). */
  loadedFrom: number;
}

const EMPTY: SeqWindow = { low: 0, high: 0 };

/**
 * Messages per conversation: a seq-ordered cache with the window of seqs known to be complete
 * locally, which is what gap detection and catch-up pulls are computed from. Pending messages
 * live in the outbox and are appended by the list view.
 */
export class MessageCache {
  #threads = new Map<string, Thread>();
  #byClientId = new Map<string, Message>();
  #byServerId = new Map<string, Message>();

  constructor(private readonly persist: Persist) {}

  /** Loads the persisted windows (cheap: one small record per conversation). */
  async hydrate(): Promise<void> {
    const records = await this.persist.range<SeqWindow>({ prefix: K.windows });
    for (const { key, value } of records) {
      const convId = key[1];
      if (typeof convId === 'string') this.#thread(convId).window = { low: value.low, high: value.high };
    }
  }

  /** Forgets everything held in memory (another user's cache is about to load). */
  reset(): void {
    this.#threads.clear();
    this.#byClientId.clear();
    this.#byServerId.clear();
  }

  window(convId: string): SeqWindow {
    return this.#threads.get(convId)?.window ?? EMPTY;
  }

  /** The highest seq this client holds contiguously for the conversation (0: none). */
  head(convId: string): number {
    return this.window(convId).high;
  }

  /** Loaded entries, ascending (control entries included). */
  entries(convId: string): readonly Message[] {
    return this.#threads.get(convId)?.entries ?? [];
  }

  find(id: { clientMsgId?: string; serverMsgId?: string }): Message | undefined {
    return (id.clientMsgId && this.#byClientId.get(id.clientMsgId)) || (id.serverMsgId && this.#byServerId.get(id.serverMsgId)) || undefined;
  }

  /** Every loaded message of every conversation (for local search). */
  *all(): Iterable<Message> {
    for (const thread of this.#threads.values()) yield* thread.entries;
  }

  /**
   * Takes entries of one conversation that form the contiguous range `(from, to]` (a pull or a
   * gap-free push). Returns the entries that are new to this client, ascending.
   */
  ingestRange(convId: string, from: number, to: number, entries: readonly Message[]): Message[] {
    const thread = this.#thread(convId);
    const w = thread.window;
    const fresh: Message[] = [];
    for (const entry of entries) {
      // Held already: inside the window, or an own send stored ahead of the window.
      const known = (entry.seq > w.low && entry.seq <= w.high) || this.#has(thread, entry.seq);
      if (this.#store(thread, entry) && !known) fresh.push(entry);
    }
    if (to > from) {
      if (w.high === 0 && w.low === 0) {
        w.low = from;
        w.high = to;
      } else if (from <= w.high && to > w.high) {
        w.high = to;
        if (from < w.low) w.low = from;
      } else if (from > w.high) {
        // A hole remains between the old window and this range: only the new range is complete.
        w.low = from;
        w.high = to;
      } else if (to >= w.low && from < w.low) {
        w.low = from;
      }
      this.persist.put(K.window(convId), { low: w.low, high: w.high });
    }
    return fresh;
  }

  /** Stores an updated version of a message already held (revoked, modified, receipts). */
  update(message: Message): void {
    const thread = this.#thread(message.convId);
    this.#store(thread, message);
  }

  /**
   * Reads older entries from storage into the cache: up to `limit` entries below the oldest
   * loaded one, within the complete window. Returns how many were read.
   */
  async loadFromStorage(convId: string, limit: number): Promise<number> {
    const thread = this.#thread(convId);
    const w = thread.window;
    const below = thread.loadedFrom > 0 ? thread.loadedFrom : w.high + 1;
    if (below - 1 <= w.low) return 0;
    const records = await this.persist.range<Message>({
      prefix: K.msgs(convId),
      lower: K.msg(convId, w.low),
      lowerOpen: true,
      upper: K.msg(convId, below),
      upperOpen: true,
      direction: 'prev',
      limit,
    });
    let count = 0;
    for (let i = records.length - 1; i >= 0; i--) {
      const record = records[i];
      if (!record) continue;
      this.#insert(thread, record.value);
      count++;
    }
    const oldest = records[records.length - 1]?.value.seq;
    if (oldest !== undefined) thread.loadedFrom = Math.min(thread.loadedFrom || oldest, oldest);
    return count;
  }

  /** Whether entries older than the loaded ones exist locally or on the server. */
  oldestLoaded(convId: string): number {
    const thread = this.#threads.get(convId);
    if (!thread) return 0;
    return thread.loadedFrom || thread.entries[0]?.seq || 0;
  }

  /** Adds older entries fetched from the server (history); they extend the window when they touch it. */
  ingestOlder(convId: string, entries: readonly Message[]): void {
    const thread = this.#thread(convId);
    for (const entry of entries) this.#store(thread, entry);
    const first = entries[0]?.seq;
    if (first === undefined) return;
    thread.loadedFrom = Math.min(thread.loadedFrom || first, first);
    const w = thread.window;
    let contiguous = true;
    for (let i = 1; i < entries.length; i++) if ((entries[i]?.seq ?? 0) !== (entries[i - 1]?.seq ?? 0) + 1) contiguous = false;
    const last = entries[entries.length - 1]?.seq ?? 0;
    if (contiguous && last >= w.low && first - 1 < w.low) {
      w.low = first - 1;
      this.persist.put(K.window(convId), { low: w.low, high: w.high });
    }
  }

  /** Forgets a conversation's messages (deleted with its history, or cleared). */
  drop(convId: string): void {
    const thread = this.#threads.get(convId);
    if (!thread) return;
    for (const m of thread.entries) this.#unindex(m);
    this.#threads.delete(convId);
    this.persist.delete(K.window(convId));
    void this.persist.clear(K.msgs(convId));
  }

  #has(thread: Thread, seq: number): boolean {
    const list = thread.entries;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid]?.seq ?? 0) < seq) lo = mid + 1;
      else hi = mid;
    }
    return list[lo]?.seq === seq;
  }

  #thread(convId: string): Thread {
    let thread = this.#threads.get(convId);
    if (!thread) {
      thread = { window: { low: 0, high: 0 }, entries: [], loadedFrom: 0 };
      this.#threads.set(convId, thread);
    }
    return thread;
  }

  /** Persists and caches an entry; returns false for a seq-less (transient) message. */
  #store(thread: Thread, entry: Message): boolean {
    if (entry.seq <= 0) return false;
    this.persist.put(K.msg(entry.convId, entry.seq), entry);
    this.#insert(thread, entry);
    return true;
  }

  #insert(thread: Thread, entry: Message): void {
    const list = thread.entries;
    const last = list[list.length - 1];
    if (!last || last.seq < entry.seq) {
      list.push(entry);
    } else {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((list[mid]?.seq ?? 0) < entry.seq) lo = mid + 1;
        else hi = mid;
      }
      const at = list[lo];
      if (at && at.seq === entry.seq) {
        this.#unindex(at);
        list[lo] = entry;
      } else {
        list.splice(lo, 0, entry);
      }
    }
    if (entry.clientMsgId) this.#byClientId.set(entry.clientMsgId, entry);
    if (entry.serverMsgId) this.#byServerId.set(entry.serverMsgId, entry);
  }

  #unindex(m: Message): void {
    if (m.clientMsgId && this.#byClientId.get(m.clientMsgId) === m) this.#byClientId.delete(m.clientMsgId);
    if (m.serverMsgId && this.#byServerId.get(m.serverMsgId) === m) this.#byServerId.delete(m.serverMsgId);
  }
}
