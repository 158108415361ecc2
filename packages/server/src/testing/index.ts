/**
 * `@parley/server/testing`: helpers for testing code built on the server, and for checking
 * third-party backends against the server's contracts.
 */

export { type BusFixture, runBusConformance } from './bus-conformance.js';
export { runServerStoreConformance, type StoreConformanceFixture } from './store-conformance.js';
