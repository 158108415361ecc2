import type { ServerResponse } from 'node:http';
import { ErrorCode, errorCodeName } from '@parley/protocol/codes';
import type { ServerError } from '../errors.js';

/** Headers of every JSON response. `no-store`: tokens and user data must not sit in caches. */
export const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/**
 * The HTTP status of a canonical error code. Codes that name a refused request (2xxx–4xxx) and
 * have no closer status map to 400 rather than 500: they are the caller's problem, and a 5xx
 * would page an operator for a client mistake.
 *
 * @param code - A canonical error code (`@parley/protocol/codes`).
 * @returns The status.
 */
export function httpStatusForCode(code: number): number {
  switch (code) {
    case ErrorCode.INVALID_PARAM:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.PERMISSION_DENIED:
      return 403;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.APP_UNKNOWN:
    case ErrorCode.USER_NOT_FOUND:
      return 404;
    case ErrorCode.ALREADY_EXISTS:
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.TOO_LARGE:
      return 413;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.UNAVAILABLE:
      return 503;
    case ErrorCode.TIMEOUT:
      return 504;
  }
  return code >= 2000 && code < 5000 ? 400 : 500;
}

/**
 * Writes a JSON response unless one was already started (a failure after the headers went out
 * can only be logged).
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** The error body: `{"error": {code, name, message, detail, retryAfterMs?}}`. */
export function errorBody(code: number, message: string, detail = '', retryAfterMs = 0): unknown {
  const error: Record<string, unknown> = { code, name: errorCodeName(code) ?? 'UNKNOWN', message, detail };
  if (retryAfterMs > 0) error.retryAfterMs = retryAfterMs;
  return { error };
}

/** Sends an error with an explicit status (405 and the like, which no error code maps to). */
export function sendError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  detail = '',
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, errorBody(code, message, detail), headers);
}

/** Sends a {@link ServerError} with the status of its code, and `Retry-After` when it has one. */
export function sendServerError(res: ServerResponse, error: ServerError): void {
  const headers: Record<string, string> = {};
  if (error.retryAfterMs > 0) headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
  sendJson(
    res,
    httpStatusForCode(error.code),
    errorBody(error.code, error.message, error.detail, error.retryAfterMs),
    headers,
  );
}
