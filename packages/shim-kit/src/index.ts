export { configure, resetShimConfig, serverUrl, shimConfig, type ShimConfig, type WebSocketConstructor } from './config.js';
export { ShimKind, shimClient, type ShimClientOptions } from './client.js';
export { Coalescer, type Timers } from './coalesce.js';
