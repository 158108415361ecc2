/**
 * `@parley/storage-indexeddb`: the browser's {@link StorageAdapter}, on IndexedDB through `idb`.
 */
export { IndexedDBStorageAdapter, type IndexedDBStorageAdapterOptions } from './adapter.js';
export { databaseName, type IndexedDBStorageOptions, indexedDBStorage } from './factory.js';
export type { Migration, ParleyDBSchema } from './schema.js';
