/**
 * `@parley/compat-jmessage`: the JMessage Web SDK v2 (`jmessage-sdk-web.min.js`) on a Parley
 * server. `new JMessage()` works unchanged; set the server address once with `configure`.
 */
export { configure, type ShimConfig } from '@parley/shim-kit';
export { VERSION } from './core.js';
export { JM_ERRORS, JmCode, JmError, type JmErrorCode, type JmFailure } from './errors.js';
export { EventType } from './event-type.js';
export { JmHandle, type JmTimeout } from './handle.js';
export { preload } from './lazy.js';
export { RETRIES } from './retries.js';
export { JMessage, type JMessageOptions } from './sdk.js';

import { JMessage } from './sdk.js';
export default JMessage;
