import type { KeyPart, RangeQuery, StorageAdapter, StorageKey, StorageOp, StorageRecord } from '@parley/core/adapter';
import { ClientCode, StorageError } from '@parley/core/adapter';
import { closedError, settle, toStorageError } from './errors.js';
import { prefixRange, queryRange, requireKey, requirePrefix } from './key-range.js';
import { openDatabase, STORE } from './schema.js';

/** Options of {@link IndexedDBStorageAdapter.open}. */
export interface IndexedDBStorageAdapterOptions {
  /** The database name; one database holds one app's and user's records. */
  readonly name: string;
  /**
   * The IndexedDB implementation. In Node, pass `new IDBFactory()` from `fake-indexeddb` after
   * importing `fake-indexeddb/auto` (the adapter also uses the `IDBKeyRange` global).
   * @default globalThis.indexedDB
   */
  readonly indexedDB?: IDBFactory;
  /**
   * How long to wait when another tab holds an older version of the database open and does
   * not close it, before `open` rejects.
   * @default 10000
   */
  readonly blockedTimeoutMs?: number;
}

// Above this, getAll's `count` (an unsigned long) would throw; it means "no limit" anyway.
const MAX_COUNT = 0xffff_ffff;

/**
 * A {@link StorageAdapter} on IndexedDB: one object store of records under array keys, so
 * IndexedDB's own key order is the adapter's order.
 *
 * Writes of a batch go out in one `readwrite` transaction (durability `'relaxed'`) without
 * waiting on each request; forward ranges read with `getAllKeys` + `getAll` in one
 * transaction, backward ranges with a cursor. Every call settles: failures reject with a
 * `StorageError` (`STORAGE_QUOTA` when the origin is out of space, `STORAGE_FAILED`
 * otherwise, `STORAGE_CLOSED` after {@link close} or after another tab upgraded the database,
 * which makes this connection step aside).
 */
export class IndexedDBStorageAdapter implements StorageAdapter {
  readonly #db: IDBDatabase;
  readonly #factory: IDBFactory;
  #closedBecause: string | undefined;

  private constructor(db: IDBDatabase, factory: IDBFactory) {
    this.#db = db;
    this.#factory = factory;
    // Another connection wants a newer version (or to delete the database): close so it is
    // not blocked; the client holding this adapter sees STORAGE_CLOSED from then on.
    db.addEventListener('versionchange', () => this.#shut('another connection upgraded or deleted the database'));
    db.addEventListener('close', () => this.#shut('the browser closed the database'));
  }

  /**
   * Opens (creating or upgrading) the database `name`.
   * @throws {StorageError} `STORAGE_FAILED` when IndexedDB is missing, the open fails, or it
   * stays blocked for `blockedTimeoutMs`; `STORAGE_QUOTA` when the upgrade runs out of space.
   */
  static async open(options: IndexedDBStorageAdapterOptions): Promise<IndexedDBStorageAdapter> {
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (factory === undefined || typeof IDBKeyRange === 'undefined') {
      throw new StorageError(ClientCode.STORAGE_FAILED, 'open', 'IndexedDB is not available here (in Node, import fake-indexeddb/auto)');
    }
    const db = await openDatabase({ factory, name: options.name, blockedTimeoutMs: options.blockedTimeoutMs ?? 10_000 });
    return new IndexedDBStorageAdapter(db, factory);
  }

  /** @throws {StorageError} `STORAGE_FAILED` for an invalid key or a failed read, `STORAGE_CLOSED` after close. */
  async get<T = unknown>(key: StorageKey): Promise<T | undefined> {
    this.#check('get');
    requireKey('get', key);
    return this.#run('get', 'readonly', (store) => {
      const request = store.get(key as KeyPart[]);
      return () => request.result as T | undefined;
    });
  }

  /**
   * Applies the ops in order in one transaction: all land or none do. Keys are checked before
   * the transaction opens; a value that cannot be cloned aborts it.
   * @throws {StorageError} `STORAGE_QUOTA` when out of space, `STORAGE_FAILED` for an invalid
   * op, key or value or a failed write, `STORAGE_CLOSED` after close.
   */
  async batch(ops: readonly StorageOp[]): Promise<void> {
    this.#check('batch');
    if (!Array.isArray(ops)) throw new StorageError(ClientCode.STORAGE_FAILED, 'batch', 'batch expects an array of ops');
    for (const op of ops) {
      if (op?.type !== 'put' && op?.type !== 'delete') throw new StorageError(ClientCode.STORAGE_FAILED, 'batch', 'an op must be a put or a delete');
      requireKey('batch', op.key);
    }
    if (ops.length === 0) return;
    // Requests are queued without awaiting each one: only the transaction's end matters.
    await this.#run('batch', 'readwrite', (store) => {
      for (const op of ops) {
        if (op.type === 'put') store.put(op.value, op.key as KeyPart[]);
        else store.delete(op.key as KeyPart[]);
      }
      return () => undefined;
    });
  }

  /** @throws {StorageError} `STORAGE_FAILED` for an invalid prefix, bound or limit or a failed read; `STORAGE_CLOSED` after close. */
  async range<T = unknown>(query: RangeQuery): Promise<StorageRecord<T>[]> {
    this.#check('range');
    requirePrefix('range', query.prefix);
    if (query.lower !== undefined) requireKey('range', query.lower);
    if (query.upper !== undefined) requireKey('range', query.upper);
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    if (!(limit >= 0)) throw new StorageError(ClientCode.STORAGE_FAILED, 'range', `invalid limit ${limit}`);
    const range = queryRange(query, (a, b) => this.#factory.cmp(a, b));
    // getAll reads `count: 0` as "no limit", and IDBKeyRange cannot express an empty range.
    if (range === null || limit < 1) return [];
    const count = limit > MAX_COUNT ? undefined : Math.floor(limit);
    return this.#run('range', 'readonly', (store) => {
      if (query.direction === 'prev') return readBackwards<T>(store, range, count ?? Number.POSITIVE_INFINITY);
      // Same range, same transaction: the two arrays line up record for record.
      const keys = store.getAllKeys(range, count);
      const values = store.getAll(range, count);
      return () => keys.result.map((key, i) => ({ key: key as KeyPart[], value: values.result[i] as T }));
    });
  }

  /** @throws {StorageError} `STORAGE_FAILED` for an invalid prefix or a failed delete, `STORAGE_CLOSED` after close. */
  async clear(prefix: StorageKey): Promise<void> {
    this.#check('clear');
    requirePrefix('clear', prefix);
    await this.#run('clear', 'readwrite', (store) => {
      const range = prefixRange(prefix);
      if (range === undefined) store.clear();
      else store.delete(range);
      return () => undefined;
    });
  }

  /** Closes the connection once its running transactions finish; later calls reject with `STORAGE_CLOSED`. */
  async close(): Promise<void> {
    this.#shut('close() was called');
  }

  #shut(reason: string): void {
    if (this.#closedBecause !== undefined) return;
    this.#closedBecause = reason;
    this.#db.close();
  }

  #check(operation: string): void {
    if (this.#closedBecause !== undefined) throw closedError(operation, this.#closedBecause);
  }

  /**
   * Runs one transaction: `issue` queues requests synchronously and returns how to read the
   * result once the transaction commits. A synchronous throw (a value that cannot be cloned)
   * aborts the transaction, so nothing lands, and rejects with that error.
   */
  async #run<R>(operation: string, mode: IDBTransactionMode, issue: (store: IDBObjectStore) => () => R): Promise<R> {
    this.#check(operation);
    let tx: IDBTransaction;
    try {
      tx = mode === 'readwrite' ? this.#db.transaction(STORE, mode, { durability: 'relaxed' }) : this.#db.transaction(STORE, mode);
    } catch (error) {
      throw toStorageError(operation, error);
    }
    const done = settle(tx);
    let read: (() => R) | undefined;
    let thrown: { error: unknown } | undefined;
    try {
      read = issue(tx.objectStore(STORE));
    } catch (error) {
      thrown = { error };
      try {
        tx.abort();
      } catch {
        // The transaction already ended; `done` reports how.
      }
    }
    try {
      await done;
    } catch (error) {
      throw toStorageError(operation, thrown ? thrown.error : error);
    }
    if (thrown || read === undefined) throw toStorageError(operation, thrown?.error);
    return read();
  }
}

/** Collects up to `count` records from the top of `range` with a `'prev'` cursor. */
function readBackwards<T>(store: IDBObjectStore, range: IDBKeyRange | undefined, count: number): () => StorageRecord<T>[] {
  const out: StorageRecord<T>[] = [];
  const request = store.openCursor(range, 'prev');
  request.onsuccess = () => {
    const cursor = request.result;
    if (cursor === null) return;
    out.push({ key: cursor.key as KeyPart[], value: cursor.value as T });
    if (out.length < count) cursor.continue();
  };
  return () => out;
}
