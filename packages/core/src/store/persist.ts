import { ClientCode } from '../codes.js';
import { StorageError } from '../errors.js';
import type { RangeQuery, StorageAdapter, StorageKey, StorageOp, StorageRecord } from '../storage.js';

/**
 * The write-behind queue between the state store and the storage adapter. Writes made in the
 * same tick coalesce into one `batch` (one transaction), which is what makes a reconnect that
 * ingests thousands of messages cheap. When the adapter fails, the client keeps working from
 * memory: `failed` is reported once and later writes are dropped.
 */
export class Persist {
  #adapter: StorageAdapter | undefined;
  #pending = new Map<string, StorageOp>();
  #scheduled = false;
  #flushing: Promise<void> = Promise.resolve();
  #failed = false;

  constructor(private readonly onError: (error: StorageError) => void) {}

  /** Attaches an adapter (or detaches with `undefined`). */
  attach(adapter: StorageAdapter | undefined): void {
    this.#adapter = adapter;
    this.#failed = false;
    this.#pending.clear();
  }

  /** `true` while writes reach storage. */
  get durable(): boolean {
    return this.#adapter !== undefined && !this.#failed;
  }

  put(key: StorageKey, value: unknown): void {
    this.#queue({ type: 'put', key, value });
  }

  delete(key: StorageKey): void {
    this.#queue({ type: 'delete', key });
  }

  /** Resolves when every write queued so far has reached storage (or failed). */
  flush(): Promise<void> {
    if (this.#pending.size > 0) this.#startFlush();
    return this.#flushing;
  }

  async get<T>(key: StorageKey): Promise<T | undefined> {
    const adapter = this.#readable();
    if (!adapter) return undefined;
    try {
      return await adapter.get<T>(key);
    } catch (error) {
      this.#fail(error, 'get');
      return undefined;
    }
  }

  async range<T>(query: RangeQuery): Promise<StorageRecord<T>[]> {
    const adapter = this.#readable();
    if (!adapter) return [];
    try {
      return await adapter.range<T>(query);
    } catch (error) {
      this.#fail(error, 'range');
      return [];
    }
  }

  /** Drops every record under `prefix`, after the queued writes. */
  async clear(prefix: StorageKey): Promise<void> {
    await this.flush();
    const adapter = this.#readable();
    if (!adapter) return;
    try {
      await adapter.clear(prefix);
    } catch (error) {
      this.#fail(error, 'clear');
    }
  }

  /** Flushes and closes the adapter. */
  async close(): Promise<void> {
    await this.flush();
    const adapter = this.#adapter;
    this.#adapter = undefined;
    await adapter?.close().catch(() => {});
  }

  #readable(): StorageAdapter | undefined {
    return this.#failed ? undefined : this.#adapter;
  }

  #queue(op: StorageOp): void {
    if (!this.#adapter || this.#failed) return;
    // The last write to a key wins; JSON of a flat array of strings and numbers is a faithful key.
    this.#pending.set(JSON.stringify(op.key), op);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.#startFlush());
    }
  }

  #startFlush(): void {
    this.#scheduled = false;
    if (this.#pending.size === 0) return;
    const ops = [...this.#pending.values()];
    this.#pending.clear();
    const adapter = this.#adapter;
    this.#flushing = this.#flushing.then(async () => {
      if (!adapter || this.#failed) return;
      try {
        await adapter.batch(ops);
      } catch (error) {
        this.#fail(error, 'batch');
      }
    });
  }

  #fail(error: unknown, operation: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#pending.clear();
    const storageError = error instanceof StorageError ? error : new StorageError(ClientCode.STORAGE_FAILED, operation, `storage ${operation} failed`, { cause: error });
    this.onError(storageError);
  }
}
