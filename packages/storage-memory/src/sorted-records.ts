import { compareKeys, type StorageKey } from '@parley/core/adapter';

/** One stored record: the key is a private copy and the value a structured clone. */
export interface StoredRecord {
  readonly key: StorageKey;
  value: unknown;
}

/**
 * Records kept sorted by {@link compareKeys}, found by binary search. It holds whatever it is
 * given: copying, validation and closing are the adapter's job.
 */
export class SortedRecords {
  /** Sorted by key, no duplicates. */
  readonly records: StoredRecord[] = [];

  /** The index of the first record for which `after` holds; `after` must be false then true along the array. */
  firstIndex(after: (key: StorageKey) => boolean): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (after(this.records[mid]!.key)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** The index of the record with `key`, or -1. */
  indexOf(key: StorageKey): number {
    const index = this.firstIndex((k) => compareKeys(k, key) >= 0);
    const found = this.records[index];
    return found !== undefined && compareKeys(found.key, key) === 0 ? index : -1;
  }

  /** Inserts or replaces the record of `key`. */
  put(key: StorageKey, value: unknown): void {
    const index = this.firstIndex((k) => compareKeys(k, key) >= 0);
    const found = this.records[index];
    if (found !== undefined && compareKeys(found.key, key) === 0) found.value = value;
    // Appending is the common case (ascending ids), and splice at the end is cheap.
    else this.records.splice(index, 0, { key, value });
  }

  /** Removes the record of `key`, if there is one. */
  delete(key: StorageKey): void {
    const index = this.indexOf(key);
    if (index >= 0) this.records.splice(index, 1);
  }

  /** The half-open index span `[start, end)` of the records whose keys start with `prefix`. */
  prefixSpan(prefix: StorageKey): [number, number] {
    const start = this.firstIndex((k) => compareKeys(k, prefix) >= 0);
    // Keys under a prefix are contiguous: the span ends at the first later key that does not start with it.
    const end = this.firstIndex((k) => compareKeys(k, prefix) > 0 && !hasPrefix(k, prefix));
    return [start, end];
  }
}

/** `true` when `key` starts with every part of `prefix` (an empty prefix matches every key). */
export function hasPrefix(key: StorageKey, prefix: StorageKey): boolean {
  if (key.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}
