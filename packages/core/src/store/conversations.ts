import type { Conversation, Message } from '../model.js';
import type { CollectionChange } from './collection.js';
import { K } from './keys.js';
import type { Persist } from './persist.js';

/**
 * The conversation list: rows by id, and the sorted view (pinned first, then the newest
 * activity). Rows come from the server (snapshot, change stream, message pushes) and from
 * this client's own sends.
 */
export class ConversationStore {
  #rows = new Map<string, Conversation>();
  #sorted: Conversation[] | undefined;

  constructor(
    private readonly persist: Persist,
    private readonly changed: (change: CollectionChange<Conversation>) => void,
  ) {}

  async hydrate(): Promise<void> {
    const records = await this.persist.range<Conversation>({ prefix: K.convs });
    for (const { value } of records) this.#rows.set(value.convId, value);
    this.#sorted = undefined;
  }

  get(convId: string): Conversation | undefined {
    return this.#rows.get(convId);
  }

  /** Every row, hidden and deleted ones included (what sync works through). */
  all(): IterableIterator<Conversation> {
    return this.#rows.values();
  }

  /** The visible rows, pinned first, then by the time of the last message (newest first). */
  list(): readonly Conversation[] {
    if (!this.#sorted) {
      // Visibility 0 = visible; hidden (1) and deleted (2) rows stay out of the list.
      this.#sorted = [...this.#rows.values()].filter((row) => !row.visibility).sort(compareRows);
    }
    return this.#sorted;
  }

  get size(): number {
    return this.#rows.size;
  }

  /**
   * Upserts server rows. A row older than the one held (a lower `version`) is ignored, so a
   * late push never rolls a row back.
   */
  apply(rows: readonly Conversation[], deletes: readonly string[] = []): void {
    const upserted: Conversation[] = [];
    for (const row of rows) {
      const held = this.#rows.get(row.convId);
      if (held && (held.version ?? 0) > (row.version ?? 0)) continue;
      if (!row.lastMessage && held?.lastMessage && (row.maxSeq ?? 0) <= (held.lastMessage.seq || held.maxSeq)) row.lastMessage = held.lastMessage;
      this.#set(row);
      upserted.push(row);
    }
    const deleted: string[] = [];
    for (const convId of deletes) {
      if (!this.#rows.delete(convId)) continue;
      this.persist.delete(K.conv(convId));
      deleted.push(convId);
    }
    if (upserted.length || deleted.length) {
      this.#sorted = undefined;
      this.changed({ upserted, deleted });
    }
  }

  /** Replaces every row (after a snapshot). */
  replace(rows: readonly Conversation[]): void {
    const keep = new Set(rows.map((r) => r.convId));
    this.apply(
      rows,
      [...this.#rows.keys()].filter((id) => !keep.has(id)),
    );
  }

  /**
   * A local edit (an own send, a read mark) applied before the server's row arrives. It does
   * not bump `version`, so the server's next row wins.
   */
  patch(convId: string, edit: (row: Conversation) => void, create?: () => Conversation): Conversation | undefined {
    const held = this.#rows.get(convId);
    const row = held ? { ...held } : create?.();
    if (!row) return undefined;
    edit(row);
    this.#set(row);
    this.#sorted = undefined;
    this.changed({ upserted: [row], deleted: [] });
    return row;
  }

  /** Sets the last message of a row when `message` is newer than the one it shows. */
  noteMessage(message: Message): void {
    const row = this.#rows.get(message.convId);
    // Local-only inserts carry seqs far above the log's: they never become the last message.
    if (!row || message.hidden || message.localOnly || message.flags?.excludeFromLastMessage) return;
    const last = row.lastMessage;
    if (last && last.seq >= message.seq && message.seq > 0) return;
    this.patch(message.convId, (r) => {
      r.lastMessage = message;
      r.lastMessageAt = Math.max(r.lastMessageAt, message.time);
      if (message.seq > r.maxSeq) r.maxSeq = message.seq;
    });
  }

  reset(): void {
    this.#rows.clear();
    this.#sorted = undefined;
  }

  #set(row: Conversation): void {
    this.#rows.set(row.convId, row);
    this.persist.put(K.conv(row.convId), row);
  }
}

/** List order: pinned first, then the newest activity, then by id (stable). */
export function compareRows(a: Conversation, b: Conversation): number {
  return Number(b.pinned) - Number(a.pinned) || activity(b) - activity(a) || (a.convId < b.convId ? -1 : a.convId > b.convId ? 1 : 0);
}

function activity(row: Conversation): number {
  return Math.max(row.lastMessageAt, row.lastMessage?.time ?? 0, row.draft?.updatedAt ?? 0);
}
