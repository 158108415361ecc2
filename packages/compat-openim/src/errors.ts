import { ClientCode, isParleyError } from '@parley/core';

/** The `errCode`s open-im-sdk 2.0.x apps see (openim.md §5). 0 is success. */
export enum OpenImCode {
  /** `ws connect close...`: the socket closed during login. */
  WS_CLOSED = 111,
  /** `ws connect error...`: no usable socket. */
  WS_ERROR = 112,
  /** The JS SDK server could not parse the request. */
  UNMARSHAL = 100,
  /** `Request Parameter Error`: unknown function or a missing key. */
  REQUEST_PARAMETER = 1001,
  /** `Login Pending, Try after 5 seconds`. */
  LOGIN_PENDING = 1002,
  /** `No Login, first Login`. */
  NO_LOGIN = 1003,
  /** The token could not be parsed. */
  TOKEN_PARSE = 200,
  /** The generic message failure (revoke refused, already read, bad session type…). */
  MESSAGE = 201,
  /** Group lookup failed; unsupported content type. */
  GROUP = 202,
  /** `you not exist in this group`. */
  NOT_IN_GROUP = 208,
  /** User lookup or upload failed. */
  USER_LOOKUP = 301,
  /** Sending to the server failed; the message gets status 3. */
  SEND_FAILED = 302,
  TOKEN_EXPIRED = 701,
  TOKEN_INVALID = 702,
  TOKEN_MALFORMED = 703,
  TOKEN_NOT_VALID_YET = 704,
  TOKEN_UNKNOWN = 705,
  NO_PERMISSION = 801,
  /** A storage failure, or a lookup of something that does not exist. */
  DB = 802,
  /** Argument error (bad JSON params). */
  ARGS = 803,
  API = 804,
  DATA = 805,
  /** `you can only login once`. */
  LOGIN_ONCE = 806,
  CONFIG = 807,
  THIRD_PARTY = 808,
  /** No answer in time. */
  WS_RECV_TIMEOUT = 901,
  SEND_TIMEOUT = 904,
}

const C = ClientCode;

/**
 * A refusal in OpenIM's terms: the areas throw it for their own checks, and every core error is
 * turned into one by {@link toOpenImError} before it reaches the app as a rejected `WsResponse`.
 */
export class OpenImError extends Error {
  readonly errCode: number;

  constructor(errCode: number, errMsg: string) {
    super(errMsg);
    this.name = 'OpenImError';
    this.errCode = errCode;
  }
}

/** Bad arguments: 1001 as the vendor's JS SDK server answers a missing or mistyped key. */
export function paramError(what: string): OpenImError {
  return new OpenImError(OpenImCode.REQUEST_PARAMETER, `Request Parameter Error: ${what}`);
}

/** The vendor's core-error text: `operationID[<id>], info[<reason>]`. */
function coreText(operationID: string, reason: string): string {
  return `operationID[${operationID}], info[${reason}]`;
}

/** The errCode for a canonical code; `send` picks 302 over 201 for delivery failures. */
function codeOf(code: number, send: boolean): number {
  switch (code) {
    case C.INVALID_PARAM:
    case C.LIMIT_EXCEEDED:
    case C.TOO_LARGE:
      return OpenImCode.ARGS;
    case C.UNAUTHENTICATED:
    case C.INVALID_STATE:
      return OpenImCode.NO_LOGIN;
    case C.PERMISSION_DENIED:
    case C.BANNED:
    case C.BLOCKED_BY_PEER:
    case C.MUTED:
    case C.NOT_FRIENDS:
    case C.CONTENT_REJECTED:
      return send ? OpenImCode.SEND_FAILED : OpenImCode.NO_PERMISSION;
    case C.NOT_MEMBER:
      return OpenImCode.NOT_IN_GROUP;
    case C.GROUP_NOT_FOUND:
    case C.ROOM_NOT_FOUND:
      return OpenImCode.GROUP;
    case C.USER_NOT_FOUND:
      return OpenImCode.USER_LOOKUP;
    case C.NOT_FOUND:
      return OpenImCode.DB;
    case C.REVOKE_WINDOW_PASSED:
    case C.REVOKE_NOT_ALLOWED:
    case C.MESSAGE_NOT_FOUND:
    case C.ALREADY_SET:
    case C.ALREADY_HANDLED:
    case C.CONFLICT:
      return OpenImCode.MESSAGE;
    case C.SIGNATURE_INVALID:
    case C.CREDENTIAL_REPLAYED:
      return OpenImCode.TOKEN_INVALID;
    case C.CREDENTIAL_EXPIRED:
      return OpenImCode.TOKEN_EXPIRED;
    case C.APP_UNKNOWN:
      return OpenImCode.TOKEN_UNKNOWN;
    case C.ALREADY_LOGGED_IN:
      return OpenImCode.LOGIN_ONCE;
    case C.NOT_SUPPORTED:
      return OpenImCode.API;
    case C.TIMEOUT:
      return send ? OpenImCode.SEND_FAILED : OpenImCode.WS_RECV_TIMEOUT;
    case C.NOT_CONNECTED:
    case C.TRANSPORT_FAILED:
    case C.UNAVAILABLE:
    case C.KICKED:
    case C.CLIENT_CLOSED:
      return send ? OpenImCode.SEND_FAILED : OpenImCode.WS_CLOSED;
    case C.UPLOAD_FAILED:
      return OpenImCode.USER_LOOKUP;
    case C.STORAGE_FAILED:
    case C.STORAGE_QUOTA:
    case C.STORAGE_CLOSED:
      return OpenImCode.DB;
    case C.RATE_LIMITED:
      return OpenImCode.API;
    default:
      return send ? OpenImCode.SEND_FAILED : OpenImCode.API;
  }
}

/**
 * Any failure as OpenIM reports it. Core and server errors keep their text inside the vendor's
 * `operationID[…], info[…]` frame; an {@link OpenImError} passes unchanged.
 */
export function toOpenImError(error: unknown, operationID: string, options: { send?: boolean } = {}): OpenImError {
  if (error instanceof OpenImError) return error;
  if (isParleyError(error)) return new OpenImError(codeOf(error.code, options.send === true), coreText(operationID, error.message));
  const reason = error instanceof Error ? error.message : String(error);
  return new OpenImError(options.send ? OpenImCode.SEND_FAILED : OpenImCode.API, coreText(operationID, reason));
}
