import protobuf from 'protobufjs';
import { ErrorCode } from './codes.js';
import { fromDecodeFailure, ProtocolError } from './errors.js';
import { descriptor } from './generated/descriptor.js';
import { parley } from './generated/proto.js';
import { DEFAULT_MAX_FRAME_BYTES, SUBPROTOCOL_JSON } from './limits.js';
import type { Envelope, EnvelopeInit, FrameCodec } from './types.js';
import { asBytes, checkEnvelope, checkMaxFrameBytes, encodeFailed, frameTooLarge } from './validate.js';
import { WireReader } from './wire-reader.js';

const EnvelopeType = parley.v1.Envelope;
// Reflection is used only to type-check JSON input; loaded once, on first use.
let reflected: protobuf.Type | undefined;
function reflectedEnvelope(): protobuf.Type {
  reflected ??= protobuf.Root.fromJSON(descriptor).lookupType('parley.v1.Envelope');
  return reflected;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Options of {@link JsonCodec}. */
export interface JsonCodecOptions {
  /**
   * Largest frame accepted by `decode` and produced by `encode`, in UTF-8 bytes of JSON text.
   * @default 1048576 (1 MiB)
   */
  maxFrameBytes?: number;
}

/**
 * Text frames: the same `parley.v1.Envelope` as JSON (subprotocol `parley.v1.json`), for
 * debugging and logs. Keys are the camelCase field names, enums and 64-bit integers are
 * numbers, fields at their default value are left out. Decoding type-checks the object
 * against the schema and returns exactly what {@link ProtobufCodec} would.
 * Unknown keys are ignored (JSON frames do not preserve them).
 */
export class JsonCodec implements FrameCodec {
  readonly subprotocol = SUBPROTOCOL_JSON;
  readonly binary = false;
  readonly maxFrameBytes: number;

  /** @throws {RangeError} when `maxFrameBytes` is not a positive integer. */
  constructor(options: JsonCodecOptions = {}) {
    this.maxFrameBytes = checkMaxFrameBytes(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
  }

  /** @throws {ProtocolError} `ENCODE_FAILED` or `FRAME_TOO_LARGE`. */
  encode(envelope: EnvelopeInit): string {
    let text: string;
    try {
      // Through the binary form: the canonical shape (defaults dropped, maps as objects).
      const normalized = EnvelopeType.decode(new WireReader(EnvelopeType.encode(envelope).finish()));
      text = JSON.stringify(normalized);
    } catch (cause) {
      throw encodeFailed(cause, envelope?.id ?? 0);
    }
    const size = utf8.encode(text).length;
    if (size > this.maxFrameBytes) {
      throw frameTooLarge(size, this.maxFrameBytes, envelope.id ?? 0);
    }
    return text;
  }

  /** @throws {ProtocolError} for any input that is not one well-formed, known envelope. */
  decode(frame: Uint8Array | ArrayBuffer | string): Envelope {
    let text: string;
    if (typeof frame === 'string') {
      // UTF-16 length bounds the UTF-8 size from below; only measure exactly when close.
      if (frame.length > this.maxFrameBytes || (frame.length * 3 > this.maxFrameBytes && utf8.encode(frame).length > this.maxFrameBytes)) {
        throw frameTooLarge(`over ${this.maxFrameBytes}`, this.maxFrameBytes);
      }
      text = frame;
    } else {
      const bytes = asBytes(frame);
      if (bytes.length > this.maxFrameBytes) {
        throw frameTooLarge(bytes.length, this.maxFrameBytes);
      }
      try {
        text = strictUtf8.decode(bytes);
      } catch (cause) {
        throw new ProtocolError(ErrorCode.INVALID_UTF8, 'text frame is not valid UTF-8', { cause });
      }
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      const deep = cause instanceof RangeError;
      throw new ProtocolError(deep ? ErrorCode.NESTING_TOO_DEEP : ErrorCode.MALFORMED_FRAME, 'frame is not JSON', { cause });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ProtocolError(ErrorCode.MALFORMED_FRAME, 'frame is not a JSON object');
    }
    const id = (value as { id?: unknown }).id;
    const requestId = typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : 0;
    let problem: string | null;
    try {
      problem = reflectedEnvelope().verify(value as Record<string, unknown>);
    } catch (cause) {
      throw fromDecodeFailure(cause);
    }
    if (problem) {
      const code = problem.includes('max depth') ? ErrorCode.NESTING_TOO_DEEP : ErrorCode.MALFORMED_FRAME;
      throw new ProtocolError(code, problem, { requestId });
    }
    let envelope: Envelope;
    try {
      envelope = EnvelopeType.decode(new WireReader(EnvelopeType.encode(value as EnvelopeInit).finish()));
    } catch (cause) {
      const error = fromDecodeFailure(cause);
      throw new ProtocolError(error.code, error.message, { cause, requestId });
    }
    return checkEnvelope(envelope);
  }
}
