import { ErrorCode, type ErrorCodeValue, errorCodeName } from './codes.js';

/** The codes a codec raises: the 1xxx range. */
export type ProtocolErrorCode =
  | typeof ErrorCode.MALFORMED_FRAME
  | typeof ErrorCode.FRAME_TOO_LARGE
  | typeof ErrorCode.TRUNCATED_FRAME
  | typeof ErrorCode.WRONG_WIRE_TYPE
  | typeof ErrorCode.NESTING_TOO_DEEP
  | typeof ErrorCode.UNKNOWN_VARIANT
  | typeof ErrorCode.UNKNOWN_OPERATION
  | typeof ErrorCode.UNSUPPORTED_PROTOCOL
  | typeof ErrorCode.ENCODE_FAILED
  | typeof ErrorCode.INVALID_UTF8;

/** Options of a {@link ProtocolError}. */
export interface ProtocolErrorOptions {
  /** The envelope id, when the frame was readable far enough to know it (answer with it). */
  requestId?: number;
  /** The underlying exception (a protobufjs or JSON error). */
  cause?: unknown;
}

/**
 * A frame could not be encoded or decoded. Every codec failure is one of these, never a raw
 * exception. `code` is a stable number from {@link ErrorCode} (1xxx range).
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  /** Envelope id of the offending frame, or 0 when unknown. */
  readonly requestId: number;

  constructor(code: ProtocolErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(`${errorCodeName(code) ?? code}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.requestId = options.requestId ?? 0;
  }
}

/** Whether `value` is a {@link ProtocolError} (also across bundle copies, by name and code). */
export function isProtocolError(value: unknown): value is ProtocolError {
  return (
    value instanceof ProtocolError ||
    (value instanceof Error && value.name === 'ProtocolError' && typeof (value as { code?: unknown }).code === 'number')
  );
}

/** Maps an exception thrown by protobufjs while decoding to a typed error. */
export function fromDecodeFailure(cause: unknown, requestId = 0): ProtocolError {
  if (isProtocolError(cause)) {
    if (cause.requestId || !requestId) return cause;
    return new ProtocolError(cause.code, cause.message.slice(cause.message.indexOf(': ') + 2), { requestId, cause: cause.cause });
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  let code: ErrorCodeValue & ProtocolErrorCode = ErrorCode.MALFORMED_FRAME;
  if (message.includes('index out of range')) code = ErrorCode.TRUNCATED_FRAME;
  else if (message.includes('wire type')) code = ErrorCode.WRONG_WIRE_TYPE;
  else if (message.includes('max depth') || message.includes('call stack')) code = ErrorCode.NESTING_TOO_DEEP;
  else if (cause instanceof TypeError && /utf-?8|encoded data/i.test(message)) code = ErrorCode.INVALID_UTF8;
  return new ProtocolError(code, message, { cause, requestId });
}
