import type { StorageFactory, StorageScope } from '@parley/core';
import { IndexedDBStorageAdapter } from './adapter.js';

/** Options of {@link indexedDBStorage}. */
export interface IndexedDBStorageOptions {
  /** The first part of every database name. @default 'parley' */
  readonly prefix?: string;
  /** The IndexedDB implementation. @default globalThis.indexedDB */
  readonly indexedDB?: IDBFactory;
  /** See {@link IndexedDBStorageAdapterOptions.blockedTimeoutMs}. @default 10000 */
  readonly blockedTimeoutMs?: number;
}

/** The database name of an app and user: `${prefix}:${app}:${userId}`, each part URI-encoded so no two scopes share a name. */
export function databaseName(scope: StorageScope, prefix = 'parley'): string {
  return `${prefix}:${encodeURIComponent(scope.app)}:${encodeURIComponent(scope.userId)}`;
}

/**
 * A {@link StorageFactory} on IndexedDB: one database per app and user, so signing in as
 * someone else never shows the previous user's records.
 *
 * @example
 * const client = createClient({ storage: indexedDBStorage(), ... });
 * @throws {StorageError} (from the returned factory) when the database cannot be opened.
 */
export function indexedDBStorage(options: IndexedDBStorageOptions = {}): StorageFactory {
  return (scope) =>
    IndexedDBStorageAdapter.open({
      name: databaseName(scope, options.prefix),
      ...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
      ...(options.blockedTimeoutMs === undefined ? {} : { blockedTimeoutMs: options.blockedTimeoutMs }),
    });
}
