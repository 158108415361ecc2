/**
 * `@parley/compat-jmessage`: the JMessage Web SDK v2 (`jmessage-sdk-web.min.js`) on a Parley
 * server. `new JMessage()` works unchanged; set the server address once with `configure`.
 */
export { configure, type ShimConfig } from '@parley/shim-kit';
export { EventType, RETRIES, VERSION } from './core.js';
export { JM_ERRORS, JmCode, JmError, type JmFailure } from './errors.js';
export { JmHandle, type JmTimeout } from './handle.js';
export { JMessage, type JMessageOptions } from './sdk.js';

import { JMessage } from './sdk.js';
export default JMessage;
