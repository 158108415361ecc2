/**
 * `@parley/compat-openim`: a drop-in replacement for the OpenIM JS SDK against a Parley server.
 *
 * One package serves both generations an app may be written for:
 * - open-im-sdk 2.0.x: `new OpenIMSDK()`, string-valued `WsResponse.data`, `CbEvents.ONRECVNEWMESSAGE`;
 * - @openim/wasm-client-sdk 3.8: `getSDK()`, object-valued `data`, `CbEvents.OnRecvNewMessage`.
 *
 * @example
 * import { OpenIMSDK, CbEvents } from 'open-im-sdk'; // "open-im-sdk": "npm:@parley/compat-openim"
 * const openIM = new OpenIMSDK();
 * await openIM.login({ userID: 'alice', token, url: 'wss://chat.example.com', platformID: 5 });
 */
export { configure, type ShimConfig } from '@parley/shim-kit';
export { CbEvents, RequestFunc } from './constants.js';
export { default as emitter } from './emitter.js';
export { uuid } from './ids.js';
export { OpenIMSDK } from './sdk.js';
export * from './wasm/enums.js';
// @openim/wasm-client-sdk 3.8: getSDK(), its enums and its types.
export { getSDK, NOT_SUPPORTED, type SDK, type WasmEvents, type WasmListener } from './wasm/index.js';
export type * from './wasm/types/entity.js';
export type * from './wasm/types/eventData.js';
export type * from './wasm/types/params.js';
