/**
 * `@parley/storage-memory`: a {@link StorageAdapter} in memory, for tests and Node clients
 * that need no persistence.
 */
export { MemoryStorageAdapter } from './memory-adapter.js';
export { memoryStorage } from './memory-storage.js';
export type { SortedRecords, StoredRecord } from './sorted-records.js';
