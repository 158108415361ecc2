import { ClientCode, isParleyError, TimeoutError, TransportError } from '@parley/core';

/** The MaxLeap error codes (maxleap.md §5). */
export const MlCode = {
  /** Illegal or invalid parameter. */
  INVALID_PARAM: 5001,
  /** Database error (the server failed). */
  DATABASE: 5002,
  /** Permission error; also a failed login. */
  PERMISSION: 5003,
  /** The requested object does not exist. */
  NOT_FOUND: 5004,
  /** Request parameters conflict (a duplicate). */
  CONFLICT: 5005,
  /** Attachment storage failed. */
  UPLOAD: 5006,
  /** Image processing (thumbnail) failed. */
  IMAGE: 5007,
} as const;

/** A refusal in MaxLeap terms, thrown by the areas for their own checks. */
export class MlError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'MlError';
  }
}

/** `5001` naming the bad argument. */
export function paramError(what: string): MlError {
  return new MlError(MlCode.INVALID_PARAM, `invalid parameter: ${what}`);
}

const C = ClientCode;

/** Canonical code → MaxLeap code. */
const MAP: Partial<Record<number, number>> = {
  [C.INVALID_PARAM]: MlCode.INVALID_PARAM,
  [C.TOO_LARGE]: MlCode.INVALID_PARAM,
  [C.LIMIT_EXCEEDED]: MlCode.INVALID_PARAM,
  [C.UNAUTHENTICATED]: MlCode.PERMISSION,
  [C.PERMISSION_DENIED]: MlCode.PERMISSION,
  [C.NOT_MEMBER]: MlCode.PERMISSION,
  [C.BANNED]: MlCode.PERMISSION,
  [C.MUTED]: MlCode.PERMISSION,
  [C.BLOCKED_BY_PEER]: MlCode.PERMISSION,
  [C.APP_UNKNOWN]: MlCode.PERMISSION,
  [C.SIGNATURE_INVALID]: MlCode.PERMISSION,
  [C.CREDENTIAL_EXPIRED]: MlCode.PERMISSION,
  [C.USER_DISABLED]: MlCode.PERMISSION,
  [C.BAD_PASSWORD]: MlCode.PERMISSION,
  [C.NOT_SUPPORTED]: MlCode.PERMISSION,
  [C.NOT_CONNECTED]: MlCode.PERMISSION,
  [C.KICKED]: MlCode.PERMISSION,
  [C.CLIENT_CLOSED]: MlCode.PERMISSION,
  [C.NOT_FOUND]: MlCode.NOT_FOUND,
  [C.USER_NOT_FOUND]: MlCode.NOT_FOUND,
  [C.GROUP_NOT_FOUND]: MlCode.NOT_FOUND,
  [C.ROOM_NOT_FOUND]: MlCode.NOT_FOUND,
  [C.MESSAGE_NOT_FOUND]: MlCode.NOT_FOUND,
  [C.NOT_IN_ROOM]: MlCode.NOT_FOUND,
  [C.NOT_FRIENDS]: MlCode.NOT_FOUND,
  [C.ALREADY_EXISTS]: MlCode.CONFLICT,
  [C.CONFLICT]: MlCode.CONFLICT,
  [C.ALREADY_SET]: MlCode.CONFLICT,
  [C.UPLOAD_FAILED]: MlCode.UPLOAD,
};

/** Any error's MaxLeap code; `overrides` maps canonical codes to a method's own code. */
export function codeOf(error: unknown, overrides: Partial<Record<number, number>> = {}): number {
  if (error instanceof MlError) return error.errorCode;
  if (error instanceof TimeoutError || error instanceof TransportError) return MlCode.DATABASE;
  if (isParleyError(error)) return overrides[error.code] ?? MAP[error.code] ?? MlCode.DATABASE;
  return MlCode.DATABASE;
}

/**
 * The `err` a failed REST helper passes to its callback: the response text the 3.0.x SDK hands
 * over unparsed, `{"errorCode":500x,"errorMessage":"…"}` (maxleap.md §1.4, §5).
 */
export function errText(error: unknown, overrides: Partial<Record<number, number>> = {}): string {
  const message = error instanceof Error ? error.message : String(error);
  return JSON.stringify({ errorCode: codeOf(error, overrides), errorMessage: message });
}
