/**
 * `@parley/transport-websocket`: the Parley client's `Transport` over WebSocket, on the
 * browser's `WebSocket` by default or an injected implementation such as `ws`.
 */
export type { WebSocketCloseEventLike, WebSocketConstructor, WebSocketLike } from './websocket-like.js';
export { WebSocketTransport, type WebSocketTransportOptions } from './websocket-transport.js';
