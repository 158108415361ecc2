/**
 * `@parley/core/testing`: the conformance suites every adapter runs (vitest). A consumer is
 * a few lines: `runStorageAdapterTests(async () => ({ adapter, teardown }))`.
 */
export { runStorageAdapterTests, type StorageAdapterTestSetup, type StorageAdapterTestContext } from './storage-tests.js';
export { runTransportTests, type TransportTestSetup, type TransportTestContext } from './transport-tests.js';
/** The client's storage layout (record keys), for tools that seed or inspect a cache. */
export { K as storageLayout } from '../store/keys.js';
