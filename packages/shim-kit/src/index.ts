export { instanceId, type ShimClientOptions, ShimKind, shimClient } from './client.js';
export { Coalescer, type Timers } from './coalesce.js';
export { configure, resetShimConfig, type ShimConfig, serverUrl, shimConfig, type WebSocketConstructor } from './config.js';
export { CallQueue, LazyArea } from './lazy.js';
