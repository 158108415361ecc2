import { ClientCode, type ClientCodeValue, clientCodeName } from './codes.js';

/** Options shared by every Parley client error. */
export interface ParleyErrorOptions {
  cause?: unknown;
}

/**
 * The base of every error the client raises. `code` is stable (see {@link ClientCode});
 * `message` is for people and may change.
 */
export class ParleyError extends Error {
  override readonly name: string = 'ParleyError';
  readonly code: number;
  constructor(code: number, message: string, options: ParleyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
  /** The code's name (`'NOT_MEMBER'`), or `'UNKNOWN'` for a code this version does not know. */
  get codeName(): string {
    return clientCodeName(this.code) ?? 'UNKNOWN';
  }
}

/** The server refused a request: `code` is the canonical server code (2xxx–5xxx). */
export class RequestError extends ParleyError {
  override readonly name = 'RequestError';
  /** The operation that was refused (`'msgSend'`). */
  readonly op: string;
  /** Machine-readable detail from the server, such as the offending field. */
  readonly detail: string;
  /** For `RATE_LIMITED` and `UNAVAILABLE`: when to try again. */
  readonly retryAfterMs: number;
  constructor(op: string, code: number, message: string, detail = '', retryAfterMs = 0) {
    super(code, message || `${op} failed with ${clientCodeName(code) ?? code}`);
    this.op = op;
    this.detail = detail;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * A request did not finish in time (`TIMEOUT`). `acked` tells the two kinds apart: `false`
 * means the server never acknowledged it, `true` means it was accepted but no result came.
 */
export class TimeoutError extends ParleyError {
  override readonly name = 'TimeoutError';
  readonly op: string;
  readonly acked: boolean;
  constructor(op: string, acked: boolean, timeoutMs: number) {
    super(ClientCode.TIMEOUT, `${op}: ${acked ? 'no result' : 'no acknowledgement'} within ${timeoutMs} ms`);
    this.op = op;
    this.acked = acked;
  }
}

/** The client is not (or no longer) in a state to do this: `NOT_CONNECTED`, `CLIENT_CLOSED`, `KICKED`, `INVALID_STATE`, `ABORTED`. */
export class ConnectionError extends ParleyError {
  override readonly name = 'ConnectionError';
}

/** A transport failure (`TRANSPORT_FAILED`). */
export class TransportError extends ParleyError {
  override readonly name = 'TransportError';
  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(ClientCode.TRANSPORT_FAILED, message, options);
  }
}

/** A storage failure: `STORAGE_FAILED`, `STORAGE_QUOTA` or `STORAGE_CLOSED`. */
export class StorageError extends ParleyError {
  override readonly name = 'StorageError';
  /** What was being done (`'get'`, `'batch'`, `'range'`, `'clear'`, `'open'`). */
  readonly operation: string;
  constructor(code: ClientCodeValue, operation: string, message: string, options: ParleyErrorOptions = {}) {
    super(code, message, options);
    this.operation = operation;
  }
}

/** A media upload failed (`UPLOAD_FAILED`); `status` is the HTTP status, 0 for a network error. */
export class UploadError extends ParleyError {
  override readonly name = 'UploadError';
  readonly status: number;
  constructor(status: number, message: string, options: ParleyErrorOptions = {}) {
    super(ClientCode.UPLOAD_FAILED, message, options);
    this.status = status;
  }
}

/** `true` for any error the client raised. */
export function isParleyError(error: unknown): error is ParleyError {
  return error instanceof ParleyError;
}
