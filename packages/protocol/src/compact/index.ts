/**
 * `@parley/protocol/compact`: the binary frame codec for client bundles. It speaks the wire of
 * `ProtobufCodec` (`parley.v1.proto`) from a compact table of the schema and never loads
 * protobufjs.
 */
export { ErrorCode, type ErrorCodeValue, errorCodeName } from '../codes.js';
export { isProtocolError, ProtocolError, type ProtocolErrorCode } from '../errors.js';
export { DEFAULT_MAX_FRAME_BYTES, MAX_NESTING_DEPTH, PROTOCOL_MINOR, SUBPROTOCOL_PROTOBUF } from '../limits.js';
export type { Envelope, EnvelopeInit, FrameCodec } from '../types.js';
export { CompactCodec, type CompactCodecOptions } from './codec.js';
