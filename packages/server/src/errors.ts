import { ErrorCode, type ErrorCodeValue, errorCodeName } from '@parley/protocol/codes';

/** Options of a {@link ServerError}. */
export interface ServerErrorOptions {
  /** Machine-readable detail (for example the offending field), sent as `Error.detail`. */
  detail?: string;
  /** Sent as `Error.retry_after_ms` (rate limits, unavailability). */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A refusal with a canonical wire code. Handlers throw these; the gateway answers the request
 * with an `Error` frame carrying `code`, `message`, `detail`. Anything else thrown by a handler
 * is a bug and is answered `INTERNAL` without its message (which could leak data).
 */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly code: ErrorCodeValue;
  readonly detail: string;
  readonly retryAfterMs: number;

  constructor(code: ErrorCodeValue, message: string, options: ServerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = options.detail ?? '';
    this.retryAfterMs = options.retryAfterMs ?? 0;
  }

  override toString(): string {
    return `${this.name} ${errorCodeName(this.code) ?? this.code}: ${this.message}`;
  }
}

export function isServerError(error: unknown): error is ServerError {
  return error instanceof ServerError;
}

/** Shorthand for `new ServerError(ErrorCode.INVALID_PARAM, …)` with the field as detail. */
export function invalidParam(field: string, message: string): ServerError {
  return new ServerError(ErrorCode.INVALID_PARAM, `${field}: ${message}`, { detail: field });
}

export { ErrorCode };
