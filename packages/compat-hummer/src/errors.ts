import { ClientCode, isParleyError, TimeoutError, TransportError } from '@parley/core';

/**
 * The vendor's chatroom `Error.Code` table (hummer.md §5.2): the non-zero `rescode`s, named as
 * the vendor names them. An enum rather than an object: bundlers put the values where they are
 * used, so the table itself is bundled only when an app imports `Code`.
 */
export enum Code {
  Success = 0,
  UndefinedExceptions = -1,
  ClientExceptions = 1000,
  Uninitialized = 1001,
  InvalidParameters = 1002,
  IOError = 1003,
  NetworkNotFound = 1004,
  OperationTimeout = 1005,
  ConnectionTimeout = 1006,
  ConnectionFailed = 1007,
  Throttling = 1008,
  Unauthorized = 1009,
  ThirdPartyServiceError = 1010,
  BadUser = 1011,
  ProtocolExceptions = 2000,
  InvalidContent = 2001,
  TokenInvalid = 2002,
  TokenExpired = 2003,
  ResourceNotFound = 2004,
  ResourceAlreadyExist = 2005,
  LimitExceeded = 2006,
  MessageSizeLimitExceeded = 2007,
  AccessDenied = 3000,
  Blacklisted = 3001,
  kTemporarilyDeniedException = 3002,
  kForbiddenException = 3003,
  kUserForbiddenException = 3004,
  kBannedException = 3005,
  kChallengeException = 3006,
  kInspectionFailedException = 3007,
  InternalServerExceptions = 4000,
  ServiceUnavailable = 4001,
  kBusinessServerError = 4002,
  kServiceThrottling = 4003,
}

/** What a failed call rejects with: a plain, JSON-serialisable object (hummer.md §1.4). */
export interface HummerFailure {
  rescode: number;
  msg: string;
}

/** A refusal in Hummer terms, thrown by the areas and turned into a {@link HummerFailure}. */
export class HummerError extends Error {
  constructor(
    readonly rescode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HummerError';
  }
}

/** `1002 InvalidParameters` naming the bad argument. */
export function paramError(what: string): HummerError {
  return new HummerError(Code.InvalidParameters, `InvalidParameters: ${what}`);
}

const C = ClientCode;

/** Canonical code → rescode (the §5.2 mapping). */
const MAP: Partial<Record<number, number>> = {
  [C.INVALID_PARAM]: Code.InvalidParameters,
  [C.UNAUTHENTICATED]: Code.Unauthorized,
  [C.PERMISSION_DENIED]: Code.AccessDenied,
  [C.NOT_FOUND]: Code.ResourceNotFound,
  [C.ALREADY_EXISTS]: Code.ResourceAlreadyExist,
  [C.TOO_LARGE]: Code.MessageSizeLimitExceeded,
  [C.RATE_LIMITED]: Code.kServiceThrottling,
  [C.LIMIT_EXCEEDED]: Code.LimitExceeded,
  [C.NOT_SUPPORTED]: Code.kForbiddenException,
  [C.APP_UNKNOWN]: Code.TokenInvalid,
  [C.SIGNATURE_INVALID]: Code.TokenInvalid,
  [C.CREDENTIAL_EXPIRED]: Code.TokenExpired,
  [C.CREDENTIAL_REPLAYED]: Code.TokenInvalid,
  [C.USER_NOT_FOUND]: Code.ResourceNotFound,
  [C.USER_DISABLED]: Code.kBannedException,
  [C.NOT_MEMBER]: Code.AccessDenied,
  [C.ROOM_NOT_FOUND]: Code.ResourceNotFound,
  [C.GROUP_NOT_FOUND]: Code.ResourceNotFound,
  [C.NOT_IN_ROOM]: Code.ResourceNotFound,
  [C.MUTED]: Code.kUserForbiddenException,
  [C.BANNED]: Code.kBannedException,
  [C.BLOCKED_BY_PEER]: Code.Blacklisted,
  [C.CONTENT_REJECTED]: Code.kInspectionFailedException,
  [C.INTERNAL]: Code.InternalServerExceptions,
  [C.UNAVAILABLE]: Code.ServiceUnavailable,
  [C.TIMEOUT]: Code.OperationTimeout,
  [C.NOT_CONNECTED]: Code.Unauthorized,
  [C.KICKED]: Code.Unauthorized,
  [C.CLIENT_CLOSED]: Code.Unauthorized,
  [C.INVALID_STATE]: Code.Unauthorized,
  [C.UPLOAD_FAILED]: Code.IOError,
};

/** Any error as the rejection value; `overrides` maps canonical codes to a method's own rescode. */
export function toFailure(error: unknown, overrides: Partial<Record<number, number>> = {}): HummerFailure {
  if (error instanceof HummerError) return { rescode: error.rescode, msg: error.message };
  if (error instanceof TimeoutError) return { rescode: Code.OperationTimeout, msg: 'OperationTimeout' };
  if (error instanceof TransportError) return { rescode: Code.ConnectionFailed, msg: 'ConnectionFailed' };
  if (isParleyError(error)) {
    const rescode = overrides[error.code] ?? MAP[error.code] ?? Code.UndefinedExceptions;
    return { rescode, msg: error.message || 'error' };
  }
  return { rescode: Code.UndefinedExceptions, msg: error instanceof Error ? error.message : String(error) };
}
