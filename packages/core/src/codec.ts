import type { Envelope, EnvelopeInit } from '@parley/protocol';

/**
 * The codec seam: turns envelopes into frames and back. `ProtobufCodec` (binary) and
 * `JsonCodec` (text) of `@parley/protocol` implement it; the core never loads either itself.
 */
export interface Codec {
  /** The WebSocket subprotocol that carries this codec's frames. */
  readonly subprotocol: string;
  /** `true` for binary frames. */
  readonly binary: boolean;
  /** @throws {ProtocolError} when the envelope cannot be encoded or is above the frame limit. */
  encode(envelope: EnvelopeInit): Uint8Array | string;
  /** @throws {ProtocolError} for any malformed, oversized or unknown frame. */
  decode(frame: Uint8Array | ArrayBuffer | string): Envelope;
}
