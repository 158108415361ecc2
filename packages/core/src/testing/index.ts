/**
 * `@parley/core/testing`: the conformance suites every adapter runs (vitest). A consumer is
 * a few lines: `runStorageAdapterTests(async () => ({ adapter, teardown }))`.
 */
export { runStorageAdapterTests, type StorageAdapterTestSetup, type StorageAdapterTestContext } from './storage-tests.js';
export { runTransportTests, type TransportTestSetup, type TransportTestContext } from './transport-tests.js';
