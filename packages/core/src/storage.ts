/**
 * The storage seam: a narrow, ordered key-value store. Records live under array keys; the
 * core keeps every conversation, message and cursor in it and does all querying above it.
 *
 * Key order is IndexedDB's: keys compare part by part; a number sorts before any string;
 * strings compare by UTF-16 code units; a key sorts after every key that is its proper prefix.
 * Adapters that are not IndexedDB must reproduce that order exactly (the conformance suite,
 * `runStorageAdapterTests` from `@parley/core/testing`, checks it).
 */

/** One part of a storage key. Numbers must be finite (no NaN). */
export type KeyPart = string | number;

/** A record key: a non-empty array of parts, e.g. `['msg', 'c2c:bob', 42]`. */
export type StorageKey = readonly KeyPart[];

/** One stored record. Values are structured-clonable plain data (objects, arrays, strings, numbers, booleans, null, Uint8Array). */
export interface StorageRecord<T = unknown> {
  readonly key: StorageKey;
  readonly value: T;
}

/** One write of a {@link StorageAdapter.batch}. */
export type StorageOp =
  | { readonly type: 'put'; readonly key: StorageKey; readonly value: unknown }
  | { readonly type: 'delete'; readonly key: StorageKey };

/**
 * An ordered range read: the records whose keys start with `prefix` (the key equal to
 * `prefix` itself included), optionally narrowed by bounds, in key order.
 */
export interface RangeQuery {
  /** Only keys that start with these parts. */
  readonly prefix: StorageKey;
  /** Lower bound (a full key). Inclusive unless `lowerOpen`. @default the start of the prefix */
  readonly lower?: StorageKey;
  /** @default false */
  readonly lowerOpen?: boolean;
  /** Upper bound (a full key). Inclusive unless `upperOpen`. @default the end of the prefix */
  readonly upper?: StorageKey;
  /** @default false */
  readonly upperOpen?: boolean;
  /** Most records returned. @default unlimited */
  readonly limit?: number;
  /** `'prev'` reads from the highest key down. @default 'next' */
  readonly direction?: 'next' | 'prev';
}

/**
 * What the core needs from a storage backend. Every method settles: a failure rejects with
 * a {@link StorageError} (`STORAGE_QUOTA` when the backend is full, `STORAGE_FAILED`
 * otherwise, `STORAGE_CLOSED` after {@link close}). Values read back are copies: mutating one
 * never changes what is stored.
 *
 * Rules the conformance suite holds every adapter to: an invalid key (empty, NaN, another
 * type) or a value that cannot be copied rejects with `STORAGE_FAILED` and changes nothing;
 * `limit: 0` and crossed or empty bounds return `[]`; calls settle in the order they were made.
 */
export interface StorageAdapter {
  /** The record's value, or `undefined` when there is none. */
  get<T = unknown>(key: StorageKey): Promise<T | undefined>;
  /** Applies every op in order, in one transaction: all of them land or none do. */
  batch(ops: readonly StorageOp[]): Promise<void>;
  /** The records of a range, in key order (or reverse order). */
  range<T = unknown>(query: RangeQuery): Promise<StorageRecord<T>[]>;
  /** Deletes every record whose key starts with `prefix` (an empty prefix clears everything). */
  clear(prefix: StorageKey): Promise<void>;
  /** Releases the backend; later calls reject with `STORAGE_CLOSED`. Idempotent. */
  close(): Promise<void>;
}

/** Whose data a storage adapter holds: one database per app and user, so users never mix. */
export interface StorageScope {
  /** The app (tenant) key the client was created with. */
  readonly app: string;
  /** The signed-in user. */
  readonly userId: string;
}

/**
 * Opens the storage of one app and user. Adapters export one (`indexedDBStorage()`,
 * `memoryStorage()`); the client calls it when it knows the user.
 */
export type StorageFactory = (scope: StorageScope) => StorageAdapter | Promise<StorageAdapter>;
