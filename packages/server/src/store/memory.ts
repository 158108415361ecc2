/**
 * An in-memory {@link ServerStore}: for tests, for development, and as the reference
 * implementation of the contract. Nothing survives the process.
 */

import { compareBytes, decodeKey, encodeKey } from './keys.js';
import { planMutation } from './mutation.js';
import { isEmptySelection, resolveSelector } from './selector.js';
import type { CommitResult, Key, KvEntry, KvMutation, KvSelector, ServerStore } from './types.js';

/** A stored row. `k` is the encoded key, the sort key of {@link MemoryServerStore}'s array. */
interface Row {
  readonly k: Uint8Array;
  /** Decoded from `k`, so it is canonical and shared safely once frozen. */
  readonly key: Key;
  readonly value: Uint8Array;
  readonly version: number;
}

type State = 'new' | 'open' | 'closed';

/**
 * A {@link ServerStore} held in a sorted array (binary search: point reads O(log n), `list`
 * O(log n + k), writes O(n) for the array shift, which is fine at test and development sizes).
 *
 * Values are copied on the way in and out, so callers can neither mutate a stored row through
 * the array they passed to `commit` nor through one `get` returned. Each successful commit
 * takes the next version, starting at 1. Every call made before `open()` or after `close()`
 * rejects, like a real backend, so tests catch lifecycle bugs with this store too.
 */
export class MemoryServerStore implements ServerStore {
  /** Always `memory`. */
  readonly kind = 'memory';
  private rows: Row[] = [];
  private version = 0;
  private state: State = 'new';

  /**
   * Opens the store. Idempotent while open.
   *
   * @throws {Error} (as a rejection) when the store was closed.
   */
  async open(): Promise<void> {
    if (this.state === 'closed') throw new Error('memory store is closed');
    this.state = 'open';
  }

  /** Closes the store and drops its rows. Idempotent: closing twice resolves. */
  async close(): Promise<void> {
    this.state = 'closed';
    this.rows = [];
  }

  /**
   * Reads one row.
   *
   * @throws {Error} (as a rejection) when the store is not open.
   * @throws {TypeError} (as a rejection) when the key is invalid.
   */
  async get(key: Key): Promise<KvEntry | undefined> {
    this.assertOpen();
    return this.read(encodeKey(key));
  }

  /**
   * Reads several rows; the result is aligned with `keys`.
   *
   * @throws {Error} (as a rejection) when the store is not open.
   * @throws {TypeError} (as a rejection) when a key is invalid.
   */
  async getMany(keys: readonly Key[]): Promise<(KvEntry | undefined)[]> {
    this.assertOpen();
    // Encode everything first so an invalid key rejects without partial work.
    const encoded = keys.map(encodeKey);
    return encoded.map((k) => this.read(k));
  }

  /**
   * Lists rows in key order (or reverse key order).
   *
   * @throws {Error} (as a rejection) when the store is not open.
   * @throws {TypeError} (as a rejection) when a key is invalid.
   * @throws {RangeError} (as a rejection) when the limit is invalid.
   */
  async list(selector: KvSelector): Promise<KvEntry[]> {
    this.assertOpen();
    const selection = resolveSelector(selector);
    const out: KvEntry[] = [];
    if (isEmptySelection(selection)) return out;
    const { start, end, limit } = selection;
    if (selection.reverse) {
      for (let i = this.lowerBound(end) - 1; i >= 0 && out.length < limit; i--) {
        const row = this.rows[i]!;
        if (compareBytes(row.k, start) < 0) break;
        out.push(toEntry(row));
      }
    } else {
      for (let i = this.lowerBound(start); i < this.rows.length && out.length < limit; i++) {
        const row = this.rows[i]!;
        if (compareBytes(row.k, end) >= 0) break;
        out.push(toEntry(row));
      }
    }
    return out;
  }

  /**
   * Applies a mutation atomically if every check holds.
   *
   * @throws {Error} (as a rejection) when the store is not open.
   * @throws {TypeError} (as a rejection) when a key, value or check version is invalid; nothing
   *   is written.
   */
  async commit(mutation: KvMutation): Promise<CommitResult> {
    this.assertOpen();
    const plan = planMutation(mutation);
    // Checks and writes run in one synchronous stretch, so no other commit can interleave:
    // that is what makes the check-and-set atomic in a single-threaded process.
    for (const check of plan.checks) {
      const i = this.indexOf(check.k);
      const current = i < 0 ? null : this.rows[i]!.version;
      if (current !== check.version) return { ok: false };
    }
    const version = ++this.version;
    for (const k of plan.deletes) {
      const i = this.indexOf(k);
      if (i >= 0) this.rows.splice(i, 1);
    }
    for (const { k, value } of plan.sets) {
      const row: Row = {
        k,
        key: Object.freeze(decodeKey(k)),
        // new Uint8Array(view) copies just the view's bytes into a plain Uint8Array.
        value: new Uint8Array(value),
        version,
      };
      const i = this.lowerBound(k);
      const existing = this.rows[i];
      if (existing !== undefined && compareBytes(existing.k, k) === 0) this.rows[i] = row;
      else this.rows.splice(i, 0, row);
    }
    return { ok: true, version };
  }

  private assertOpen(): void {
    if (this.state === 'new') throw new Error('memory store is not open: call open() first');
    if (this.state === 'closed') throw new Error('memory store is closed');
  }

  private read(k: Uint8Array): KvEntry | undefined {
    const i = this.indexOf(k);
    return i < 0 ? undefined : toEntry(this.rows[i]!);
  }

  /** The index of the first row whose key is `>= k` (the row count if none). */
  private lowerBound(k: Uint8Array): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(this.rows[mid]!.k, k) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of the row with key `k`, or -1. */
  private indexOf(k: Uint8Array): number {
    const i = this.lowerBound(k);
    const row = this.rows[i];
    return row !== undefined && compareBytes(row.k, k) === 0 ? i : -1;
  }
}

function toEntry(row: Row): KvEntry {
  return { key: row.key, value: new Uint8Array(row.value), version: row.version };
}
