import { ErrorCode } from '../codes.js';
import { fromDecodeFailure, isProtocolError, ProtocolError } from '../errors.js';
import { DEFAULT_MAX_FRAME_BYTES, SUBPROTOCOL_PROTOBUF } from '../limits.js';
import type { Envelope, EnvelopeInit, FrameCodec } from '../types.js';
import { asBytes, checkEnvelope, checkMaxFrameBytes, encodeFailed, frameTooLarge, peekEnvelopeId } from '../validate.js';
import { decodeFrame } from './decode.js';
import { encodeFrame } from './encode.js';
import { envelopeType } from './schema.js';

/** Options of {@link CompactCodec}. */
export interface CompactCodecOptions {
  /**
   * Largest frame accepted by `decode` and produced by `encode`, in bytes.
   * @default 1048576 (1 MiB)
   */
  maxFrameBytes?: number;
}

/**
 * Binary frames (subprotocol `parley.v1.proto`) without protobufjs: the same wire format as
 * `ProtobufCodec`, read and written by walking a compact table of the schema. Built for
 * client bundles, where it costs a fraction of the generated code.
 *
 * Encoding takes the plain objects `ProtobufCodec` takes and writes the same bytes. Decoding
 * returns plain objects that read like ProtobufCodec's instances: every scalar field at its
 * value or proto3 default (own properties), lists as arrays, maps as objects, message fields,
 * oneof members and proto3 `optional` fields absent from the frame `undefined`, and each
 * oneof's discriminator (`kind`, `op`, `result`, `event`, …) set to the member present. 64-bit
 * integers decode to numbers, as WireReader reads them. Malformed frames get the same
 * ProtocolError codes as from ProtobufCodec. Unlike ProtobufCodec, unknown fields are skipped,
 * not kept for re-encoding, and proto3 `optional` fields have no `_name` discriminator.
 */
export class CompactCodec implements FrameCodec {
  readonly subprotocol = SUBPROTOCOL_PROTOBUF;
  readonly binary = true;
  readonly maxFrameBytes: number;

  /** @throws {RangeError} when `maxFrameBytes` is not a positive integer. */
  constructor(options: CompactCodecOptions = {}) {
    this.maxFrameBytes = checkMaxFrameBytes(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
  }

  /**
   * Encodes one frame. The bytes are the caller's, but they may be a view of a larger buffer
   * shared with other frames: send the view (`WebSocket.send` does), not its `.buffer`.
   * @throws {ProtocolError} `ENCODE_FAILED` for a value the schema cannot hold (including a
   *   non-string in a string field, which ProtobufCodec writes as ""), `FRAME_TOO_LARGE`.
   */
  encode(envelope: EnvelopeInit): Uint8Array {
    const id = typeof envelope?.id === 'number' ? envelope.id : 0;
    try {
      return encodeFrame(envelopeType(), envelope, this.maxFrameBytes, id);
    } catch (cause) {
      if (isProtocolError(cause)) throw cause;
      throw encodeFailed(cause, id);
    }
  }

  /** @throws {ProtocolError} for any input that is not one well-formed, known envelope. */
  decode(frame: Uint8Array | ArrayBuffer | string): Envelope {
    if (typeof frame === 'string') {
      throw new ProtocolError(ErrorCode.MALFORMED_FRAME, 'text frame on the binary subprotocol');
    }
    const bytes = asBytes(frame);
    if (bytes.length > this.maxFrameBytes) throw frameTooLarge(bytes.length, this.maxFrameBytes);
    let envelope: Envelope;
    try {
      envelope = decodeFrame(envelopeType(), bytes) as unknown as Envelope;
    } catch (cause) {
      // Encoders write field 1 first: when the id is readable, the peer can be answered.
      throw fromDecodeFailure(cause, peekEnvelopeId(bytes));
    }
    return checkEnvelope(envelope);
  }
}
