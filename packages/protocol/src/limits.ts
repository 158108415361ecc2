/** WebSocket subprotocol of binary protobuf frames, major version 1. */
export const SUBPROTOCOL_PROTOBUF = 'parley.v1.proto';
/** WebSocket subprotocol of JSON text frames (debugging), major version 1. */
export const SUBPROTOCOL_JSON = 'parley.v1.json';
/** The minor revision of parley.v1 this package implements (sent in `conn.hello`). */
export const PROTOCOL_MINOR = 0;
/** Default largest frame a codec accepts or produces: 1 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
/** Deepest message nesting a decoder follows (protobufjs' recursion limit). */
export const MAX_NESTING_DEPTH = 100;
