/**
 * `@parley/compat-maxleap`: the MaxLeap IM JavaScript SDK (`maxleap-im` 3.0.17, `dist/ML.im.js`)
 * on a Parley server. `ML.im(options, callback)` works unchanged; set the server address once
 * with `configure`.
 */
export { configure, type ShimConfig } from '@parley/shim-kit';
export { type LoginResult, type MlOptions, VERSION } from './core.js';
export { MlCode } from './errors.js';
export { im, Media, MessageBuilder, MlInstance, TargetType } from './im.js';

import { im } from './im.js';

/** The `ML` namespace as the vendor file defines it: `ML.im`. */
export const ML = { im };
export default ML;
