/**
 * The `getSDK()` generation (@openim/wasm-client-sdk 3.8) of this package: the SDK object, the
 * enums, `CbEvents`, and the types apps import from `@openim/wasm-client-sdk`.
 *
 * @example
 * import { getSDK, CbEvents } from '@openim/wasm-client-sdk'; // aliased to @parley/compat-openim
 * const IMSDK = getSDK();
 * IMSDK.on(CbEvents.OnRecvNewMessages, ({ data }) => data.forEach(show));
 * await IMSDK.login({ userID: 'alice', token, platformID: 5, apiAddr: '', wsAddr: 'wss://chat.example.com' });
 */
import { type SDK, WasmSDK } from './sdk.js';
import type { WasmPathConfig } from './types/params.js';

export * from './enums.js';
export type { SDK, WasmEvents, WasmListener } from './sdk.js';
export { NOT_SUPPORTED } from './spec.js';
export type * from './types/entity.js';
export type * from './types/eventData.js';
export type * from './types/params.js';

/**
 * A new SDK object. `config` names the vendor's wasm files; there are none to load here, so it is
 * accepted and ignored. Unlike the vendor's, each call returns a new object (one per simulated
 * page in tests; an app keeps the one it got).
 */
export function getSDK(_config?: WasmPathConfig): SDK {
  return new WasmSDK() as unknown as SDK;
}
