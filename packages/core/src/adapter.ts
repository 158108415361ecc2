/**
 * `@parley/core/adapter`: what a storage or transport adapter needs from the core — the seam
 * types, the codes, the errors it raises and the key order — and nothing of the client. An
 * adapter that loads on demand (IndexedDB) then reaches only these few files, and bundlers keep
 * the client itself with the code the page loads first.
 */

export { ClientCode, type ClientCodeName, type ClientCodeValue, clientCodeName } from './codes.js';
export { ConnectionError, isParleyError, ParleyError, type ParleyErrorOptions, RequestError, StorageError, TimeoutError, TransportError, UploadError } from './errors.js';
export { compareKeys, isValidKey } from './keys.js';
export type { KeyPart, RangeQuery, StorageAdapter, StorageFactory, StorageKey, StorageOp, StorageRecord, StorageScope } from './storage.js';
export type { Transport, TransportCloseInfo, TransportConnection, TransportHandlers, TransportRequest } from './transport.js';
