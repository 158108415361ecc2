/** `@parley/protocol/json`: the JSON text codec (debugging, logs). */
export { JsonCodec, type JsonCodecOptions } from './json-codec.js';
