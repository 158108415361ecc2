import { ClientCode, compareKeys, isValidKey, type RangeQuery, type StorageAdapter, StorageError, type StorageKey, type StorageOp, type StorageRecord } from '@parley/core/adapter';
import { SortedRecords } from './sorted-records.js';

/**
 * A {@link StorageAdapter} in memory: records in a sorted array found by binary search, in
 * IndexedDB key order. Values are copied with `structuredClone` on the way in and out, so
 * callers never share objects with the store. Nothing survives the process.
 *
 * Every method rejects with a `StorageError`: `STORAGE_FAILED` for an invalid key or a value
 * that cannot be cloned, `STORAGE_CLOSED` after {@link close}.
 */
export class MemoryStorageAdapter implements StorageAdapter {
  readonly #data: SortedRecords;
  #closed = false;

  /**
   * @param data the records to serve; adapters given the same `SortedRecords` share data, which
   * is how {@link memoryStorage} hands a "reloaded" client what the previous one stored.
   * @default a new, empty set of records
   */
  constructor(data: SortedRecords = new SortedRecords()) {
    this.#data = data;
  }

  /** @throws {StorageError} `STORAGE_FAILED` for an invalid key, `STORAGE_CLOSED` after close. */
  async get<T = unknown>(key: StorageKey): Promise<T | undefined> {
    this.#check('get');
    requireKey('get', key);
    const index = this.#data.indexOf(key);
    return index < 0 ? undefined : (copy('get', this.#data.records[index]!.value) as T);
  }

  /**
   * Applies the ops in order. Everything that can fail (keys, cloning) is checked before the
   * first op is applied, so a failing batch changes nothing.
   * @throws {StorageError} `STORAGE_FAILED` for an invalid op, key or value; `STORAGE_CLOSED` after close.
   */
  async batch(ops: readonly StorageOp[]): Promise<void> {
    this.#check('batch');
    if (!Array.isArray(ops)) throw new StorageError(ClientCode.STORAGE_FAILED, 'batch', 'batch expects an array of ops');
    const checked: [StorageKey, unknown, boolean][] = ops.map((op) => {
      if (op?.type !== 'put' && op?.type !== 'delete') throw new StorageError(ClientCode.STORAGE_FAILED, 'batch', 'an op must be a put or a delete');
      requireKey('batch', op.key);
      return op.type === 'put' ? [[...op.key], copy('batch', op.value), true] : [op.key, undefined, false];
    });
    for (const [key, value, isPut] of checked) {
      if (isPut) this.#data.put(key, value);
      else this.#data.delete(key);
    }
  }

  /** @throws {StorageError} `STORAGE_FAILED` for an invalid prefix, bound or limit; `STORAGE_CLOSED` after close. */
  async range<T = unknown>(query: RangeQuery): Promise<StorageRecord<T>[]> {
    this.#check('range');
    requirePrefix('range', query.prefix);
    const { lower, upper, limit = Number.POSITIVE_INFINITY } = query;
    if (lower !== undefined) requireKey('range', lower);
    if (upper !== undefined) requireKey('range', upper);
    if (!(limit >= 0)) throw new StorageError(ClientCode.STORAGE_FAILED, 'range', `invalid limit ${limit}`);
    let [start, end] = this.#data.prefixSpan(query.prefix);
    if (lower !== undefined) {
      const open = query.lowerOpen === true;
      start = Math.max(start, this.#data.firstIndex((k) => (open ? compareKeys(k, lower) > 0 : compareKeys(k, lower) >= 0)));
    }
    if (upper !== undefined) {
      const open = query.upperOpen === true;
      end = Math.min(end, this.#data.firstIndex((k) => (open ? compareKeys(k, upper) >= 0 : compareKeys(k, upper) > 0)));
    }
    const count = Math.max(0, Math.min(end - start, Math.floor(limit)));
    const out: StorageRecord<T>[] = [];
    for (let i = 0; i < count; i++) {
      const record = this.#data.records[query.direction === 'prev' ? end - 1 - i : start + i]!;
      out.push({ key: [...record.key], value: copy('range', record.value) as T });
    }
    return out;
  }

  /** @throws {StorageError} `STORAGE_FAILED` for an invalid prefix, `STORAGE_CLOSED` after close. */
  async clear(prefix: StorageKey): Promise<void> {
    this.#check('clear');
    requirePrefix('clear', prefix);
    const [start, end] = this.#data.prefixSpan(prefix);
    this.#data.records.splice(start, end - start);
  }

  /** Later calls reject with `STORAGE_CLOSED`; the records stay for other adapters over the same data. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(operation: string): void {
    if (this.#closed) throw new StorageError(ClientCode.STORAGE_CLOSED, operation, 'the storage adapter is closed');
  }
}

function requireKey(operation: string, key: unknown): asserts key is StorageKey {
  if (!isValidKey(key)) throw new StorageError(ClientCode.STORAGE_FAILED, operation, `invalid storage key ${describe(key)}`);
}

function requirePrefix(operation: string, prefix: unknown): asserts prefix is StorageKey {
  if (!(Array.isArray(prefix) && prefix.length === 0)) requireKey(operation, prefix);
}

function copy(operation: string, value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch (cause) {
    throw new StorageError(ClientCode.STORAGE_FAILED, operation, 'the value cannot be stored (structured clone failed)', { cause });
  }
}

function describe(key: unknown): string {
  return Array.isArray(key) ? `[${key.map(String).join(', ')}]` : String(key);
}
