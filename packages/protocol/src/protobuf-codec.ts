import $protobuf from 'protobufjs/minimal.js';
import { ErrorCode } from './codes.js';
import { fromDecodeFailure, ProtocolError } from './errors.js';
import { parley } from './generated/proto.js';
import { DEFAULT_MAX_FRAME_BYTES, SUBPROTOCOL_PROTOBUF } from './limits.js';
import type { Envelope, EnvelopeInit, FrameCodec } from './types.js';
import { asBytes, checkEnvelope, peekEnvelopeId, checkMaxFrameBytes, encodeFailed, frameTooLarge } from './validate.js';
import { WireReader } from './wire-reader.js';

const EnvelopeType = parley.v1.Envelope;

/** Options of {@link ProtobufCodec}. */
export interface ProtobufCodecOptions {
  /**
   * Largest frame accepted by `decode` and produced by `encode`, in bytes.
   * @default 1048576 (1 MiB)
   */
  maxFrameBytes?: number;
}

/**
 * Binary frames: one protobuf-encoded `parley.v1.Envelope` per WebSocket message
 * (subprotocol `parley.v1.proto`). 64-bit integers decode as numbers; unknown fields are
 * kept on the decoded objects and written back when they are re-encoded.
 */
export class ProtobufCodec implements FrameCodec {
  readonly subprotocol = SUBPROTOCOL_PROTOBUF;
  readonly binary = true;
  readonly maxFrameBytes: number;
  // One writer per codec, reused: its buffer grows to the largest frame encoded (bounded by
  // maxFrameBytes) instead of being allocated and grown for every frame.
  #writer = $protobuf.Writer.create();

  /** @throws {RangeError} when `maxFrameBytes` is not a positive integer. */
  constructor(options: ProtobufCodecOptions = {}) {
    this.maxFrameBytes = checkMaxFrameBytes(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
  }

  /** @throws {ProtocolError} `ENCODE_FAILED` or `FRAME_TOO_LARGE`. */
  encode(envelope: EnvelopeInit): Uint8Array {
    const writer = this.#writer;
    writer.pos = 0;
    let bytes: Uint8Array;
    try {
      // finish() copies out exactly the frame, so the caller owns the bytes it gets.
      bytes = EnvelopeType.encode(envelope, writer).finish();
    } catch (cause) {
      // A failed encode may leave forks open; start the next one on a fresh writer.
      this.#writer = $protobuf.Writer.create();
      throw encodeFailed(cause, typeof envelope?.id === 'number' ? envelope.id : 0);
    }
    if (bytes.length > this.maxFrameBytes) {
      throw frameTooLarge(bytes.length, this.maxFrameBytes, envelope.id ?? 0);
    }
    return bytes;
  }

  /** @throws {ProtocolError} for any input that is not one well-formed, known envelope. */
  decode(frame: Uint8Array | ArrayBuffer | string): Envelope {
    if (typeof frame === 'string') {
      throw new ProtocolError(ErrorCode.MALFORMED_FRAME, 'text frame on the binary subprotocol');
    }
    const bytes = asBytes(frame);
    if (bytes.length > this.maxFrameBytes) {
      throw frameTooLarge(bytes.length, this.maxFrameBytes);
    }
    let envelope: Envelope;
    try {
      envelope = EnvelopeType.decode(new WireReader(bytes));
    } catch (cause) {
      // Encoders write field 1 first: when the id is readable, the peer can be answered.
      throw fromDecodeFailure(cause, peekEnvelopeId(bytes));
    }
    return checkEnvelope(envelope);
  }
}
