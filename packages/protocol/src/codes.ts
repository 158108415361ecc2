/**
 * Canonical error codes of the Parley wire (CAPABILITIES.md §6.4) and the codec's own
 * protocol errors. The values are the `parley.v1.ErrorCode` enum of `proto/errors.proto`;
 * a test keeps the two equal. This module imports nothing, so the core can use the codes
 * without loading protobufjs.
 *
 * Ranges: 1xxx the frame (codec), 2xxx the request, 3xxx apps/credentials/accounts,
 * 4xxx messaging/relations/groups/rooms, 5xxx the server or the link.
 */
export const ErrorCode = {
  OK: 0,

  MALFORMED_FRAME: 1001,
  FRAME_TOO_LARGE: 1002,
  TRUNCATED_FRAME: 1003,
  WRONG_WIRE_TYPE: 1004,
  NESTING_TOO_DEEP: 1005,
  UNKNOWN_VARIANT: 1006,
  UNKNOWN_OPERATION: 1007,
  UNSUPPORTED_PROTOCOL: 1008,
  ENCODE_FAILED: 1009,
  INVALID_UTF8: 1010,

  INVALID_PARAM: 2001,
  UNAUTHENTICATED: 2002,
  PERMISSION_DENIED: 2003,
  NOT_FOUND: 2004,
  ALREADY_EXISTS: 2005,
  CONFLICT: 2006,
  TOO_LARGE: 2007,
  RATE_LIMITED: 2008,
  LIMIT_EXCEEDED: 2009,
  NOT_SUPPORTED: 2010,

  APP_UNKNOWN: 3001,
  SIGNATURE_INVALID: 3002,
  CREDENTIAL_EXPIRED: 3003,
  CREDENTIAL_REPLAYED: 3004,
  USER_NOT_FOUND: 3005,
  BAD_PASSWORD: 3006,
  USER_DISABLED: 3007,
  ALREADY_LOGGED_IN: 3008,

  NOT_MEMBER: 4001,
  GROUP_NOT_FOUND: 4002,
  ROOM_NOT_FOUND: 4003,
  MESSAGE_NOT_FOUND: 4004,
  MUTED: 4005,
  BLOCKED_BY_PEER: 4006,
  NOT_FRIENDS: 4007,
  CONTENT_REJECTED: 4008,
  REVOKE_WINDOW_PASSED: 4009,
  REVOKE_NOT_ALLOWED: 4010,
  ALREADY_HANDLED: 4011,
  ALREADY_SET: 4012,
  NOT_SET: 4013,
  BANNED: 4014,
  NOT_IN_ROOM: 4015,

  INTERNAL: 5001,
  UNAVAILABLE: 5002,
  TIMEOUT: 5003,
} as const;

/** The name of an error code, e.g. `'NOT_MEMBER'`. */
export type ErrorCodeName = keyof typeof ErrorCode;
/** A numeric error code value. */
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeName];

const names = new Map<number, ErrorCodeName>(
  (Object.keys(ErrorCode) as ErrorCodeName[]).map((name) => [ErrorCode[name], name]),
);

/**
 * The name of a numeric code, or `undefined` for a code this version does not know (a newer
 * server may send one; treat it by its range).
 */
export function errorCodeName(code: number): ErrorCodeName | undefined {
  return names.get(code);
}

/** Codes in the 1xxx range describe a bad frame rather than a refused request. */
export function isProtocolErrorCode(code: number): boolean {
  return code >= 1000 && code < 2000;
}
