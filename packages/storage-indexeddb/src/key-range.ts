import { ClientCode, isValidKey, type RangeQuery, StorageError, type StorageKey } from '@parley/core/adapter';

/** Throws `STORAGE_FAILED` unless `key` is a valid storage key: checked before IndexedDB sees it. */
export function requireKey(operation: string, key: unknown): asserts key is StorageKey {
  if (!isValidKey(key)) {
    const text = Array.isArray(key) ? `[${key.map(String).join(', ')}]` : String(key);
    throw new StorageError(ClientCode.STORAGE_FAILED, operation, `invalid storage key ${text}`);
  }
}

/** Like {@link requireKey}, but an empty prefix (every key) is fine too. */
export function requirePrefix(operation: string, prefix: unknown): asserts prefix is StorageKey {
  if (!(Array.isArray(prefix) && prefix.length === 0)) requireKey(operation, prefix);
}

/**
 * The key range of a prefix: from the prefix itself up to `[...prefix, []]`, because an array
 * part sorts after every number and string, so that bound follows every key that extends the
 * prefix and precedes every sibling. `undefined` for the empty prefix (the whole store).
 */
export function prefixRange(prefix: StorageKey): IDBKeyRange | undefined {
  return prefix.length === 0 ? undefined : IDBKeyRange.bound(prefix, [...prefix, []]);
}

/**
 * The key range of a query: its prefix range narrowed by its bounds. `null` when nothing can
 * match (IDBKeyRange refuses a lower bound above the upper one), `undefined` for every key.
 * `cmp` is the factory's own comparison, which also orders the `[]` part of a prefix's end.
 */
export function queryRange(query: RangeQuery, cmp: (a: unknown, b: unknown) => number): IDBKeyRange | null | undefined {
  let lower: unknown = query.prefix.length === 0 ? undefined : query.prefix;
  let lowerOpen = false;
  let upper: unknown = query.prefix.length === 0 ? undefined : [...query.prefix, []];
  let upperOpen = false;
  if (query.lower !== undefined) {
    const order = lower === undefined ? 1 : cmp(query.lower, lower);
    if (order > 0 || (order === 0 && query.lowerOpen === true)) {
      lower = query.lower;
      lowerOpen = query.lowerOpen === true;
    }
  }
  if (query.upper !== undefined) {
    const order = upper === undefined ? -1 : cmp(query.upper, upper);
    if (order < 0 || (order === 0 && query.upperOpen === true)) {
      upper = query.upper;
      upperOpen = query.upperOpen === true;
    }
  }
  if (lower === undefined) return upper === undefined ? undefined : IDBKeyRange.upperBound(upper, upperOpen);
  if (upper === undefined) return IDBKeyRange.lowerBound(lower, lowerOpen);
  const order = cmp(lower, upper);
  if (order > 0 || (order === 0 && (lowerOpen || upperOpen))) return null;
  return IDBKeyRange.bound(lower, upper, lowerOpen, upperOpen);
}
