import type { StorageFactory, StorageScope } from '@parley/core';
import { MemoryStorageAdapter } from './memory-adapter.js';
import { SortedRecords } from './sorted-records.js';

/**
 * A {@link StorageFactory} in memory. It keeps one set of records per app and user for its own
 * lifetime, so a new adapter for the same scope (a client "reloaded" in a Node test) sees what
 * the previous one stored, while scopes never mix.
 *
 * @example
 * const client = createClient({ storage: memoryStorage(), ... });
 */
export function memoryStorage(): StorageFactory {
  const datasets = new Map<string, SortedRecords>();
  return (scope: StorageScope) => {
    // App keys and user ids hold no NUL, so the pair maps to exactly one name.
    const name = `${scope.app}\u0000${scope.userId}`;
    let data = datasets.get(name);
    if (data === undefined) {
      data = new SortedRecords();
      datasets.set(name, data);
    }
    return new MemoryStorageAdapter(data);
  };
}
