/**
 * `@parley/protocol`: the Parley wire contract. The schema is `proto/parley/v1/*.proto`;
 * `PROTOCOL.md` describes the wire at byte level.
 *
 * The JSON codec lives in the `@parley/protocol/json` subpath so that binary-only bundles
 * never load protobufjs' reflection.
 */
export { ErrorCode, type ErrorCodeName, type ErrorCodeValue, errorCodeName, isProtocolErrorCode } from './codes.js';
export { isProtocolError, ProtocolError, type ProtocolErrorCode, type ProtocolErrorOptions } from './errors.js';
export { parley } from './generated/proto.js';
export {
  DEFAULT_MAX_FRAME_BYTES,
  MAX_NESTING_DEPTH,
  PROTOCOL_MINOR,
  SUBPROTOCOL_JSON,
  SUBPROTOCOL_PROTOBUF,
} from './limits.js';
export { ProtobufCodec, type ProtobufCodecOptions } from './protobuf-codec.js';
/** The reader the codecs use: 64-bit fields as numbers. Decode stored messages with it too. */
export { WireReader } from './wire-reader.js';
export type {
  Envelope,
  EnvelopeInit,
  FrameCodec,
  OpName,
  OpRequest,
  OpResult,
  Push,
  PushName,
  PushPayload,
  Request,
  Response,
  ResultName,
  WireError,
} from './types.js';
