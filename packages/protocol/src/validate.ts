import { ErrorCode } from './codes.js';
import { ProtocolError } from './errors.js';
import type { Envelope } from './types.js';

/**
 * Rejects a decoded envelope whose variant this version does not know: no kind, a request
 * with no (known) op, a push with no (known) event. The error carries the envelope id so a
 * server can answer the request it could not read.
 */
export function checkEnvelope(envelope: Envelope): Envelope {
  const id = envelope.id;
  switch (envelope.kind) {
    case undefined:
      throw new ProtocolError(ErrorCode.UNKNOWN_VARIANT, 'envelope has no known kind', { requestId: id });
    case 'request':
      if (!(envelope.request as { op?: string }).op) {
        throw new ProtocolError(ErrorCode.UNKNOWN_OPERATION, 'request carries no known operation', { requestId: id });
      }
      break;
    case 'push':
      if (!(envelope.push as { event?: string }).event) {
        throw new ProtocolError(ErrorCode.UNKNOWN_VARIANT, 'push carries no known event', { requestId: id });
      }
      break;
  }
  return envelope;
}

/** Views any binary frame as a Uint8Array without copying. */
export function asBytes(frame: Uint8Array | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (frame instanceof Uint8Array) return frame;
  if (frame instanceof ArrayBuffer) return new Uint8Array(frame);
  if (ArrayBuffer.isView(frame)) return new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  throw new ProtocolError(ErrorCode.MALFORMED_FRAME, `expected a binary frame, got ${typeof frame}`);
}

export function checkMaxFrameBytes(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`maxFrameBytes must be a positive integer, got ${value}`);
  return value;
}

/** The error for a frame above the codec's size limit. */
export function frameTooLarge(size: number | string, max: number, requestId = 0): ProtocolError {
  return new ProtocolError(ErrorCode.FRAME_TOO_LARGE, `frame of ${size} bytes exceeds ${max}`, { requestId });
}

/** The error for a value the schema cannot hold. */
export function encodeFailed(cause: unknown, requestId = 0): ProtocolError {
  return new ProtocolError(ErrorCode.ENCODE_FAILED, cause instanceof Error ? cause.message : String(cause), { cause, requestId });
}

/**
 * The envelope id of a frame that failed to decode, when it leads the frame (tag 0x08, a
 * varint below 2^32); 0 otherwise. Lets a receiver answer a bad request instead of guessing.
 */
export function peekEnvelopeId(bytes: Uint8Array): number {
  if (bytes[0] !== 0x08) return 0;
  let id = 0;
  for (let i = 1, shift = 0; i < bytes.length && shift < 35; i++, shift += 7) {
    const b = bytes[i] as number;
    id += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return id <= 0xffff_ffff ? id : 0;
  }
  return 0;
}
