import { ClientCode, isParleyError, TimeoutError } from '@parley/core';

/**
 * The error codes and `message` strings of the JMessage Web SDK (jmessage.md §5, the official
 * error page), typos included: apps compare both. 0 is success.
 */
export const JM_ERRORS = {
  0: 'success',
  880001: 'missing error',
  880002: 'invalid parameter',
  880003: 'invalid value',
  880004: 'invalid type',
  880005: 'file not exist',
  880006: 'login out before register',
  880007: 'register limit',
  880008: 'msg_id not valid',
  880101: 'appkey not exist',
  880102: 'signatu fail',
  880103: 'user not exist',
  880104: 'invalid password',
  880106: 'signatu is expire',
  880107: 'already login,please login out before login',
  880109: 'repetitive operation',
  880110: 'multi channel online error,please update your sdk version',
  880111: 'user disabled',
  880203: 'target user not exist',
  880204: 'target group not exist',
  880205: 'user not in group',
  880206: 'length of message exceed limit',
  880207: 'user in blacklist',
  880208: 'message is sensitive',
  880209: 'beyond the frequency limit',
  880210: 'file size exceed the limit',
  880212: 'can not chat while silent',
  880402: 'not permitted to create group',
  880403: 'amount of group exceed limit',
  880404: 'length of group name exceed limit',
  880405: 'length of group desc exceed limit',
  880602: 'zero member',
  880604: 'user not permitted add member to group',
  880606: 'member not permitted added to group',
  880607: 'repeated added',
  880608: 'num exceed limit',
  880609: 'amount of group exceed member limit',
  880610: 'user already in the group',
  880611: 'group type not support',
  880612: 'this request already process',
  880614: 'no permission',
  880704: 'user not permitted delete member of group',
  880705: 'member of group not permitted deleted',
  880903: 'member not permitted added',
  880904: 'repeated added member',
  881101: 'member already set',
  881102: 'member never set',
  881105: 'group already set',
  881106: 'group never set',
  881107: 'already set',
  881108: 'never set',
  881203: 'group already set',
  881204: 'group never set',
  881302: 'already is friend',
  881303: 'user not friend',
  881304: 'invalid friend memo',
  881305: 'Invitation event is not valid',
  881401: 'out of time',
  881402: 'request user is not message sender',
  881403: 'request message not exist',
  881404: 'message already retract',
  881501: 'user not in chatroom',
  881502: 'user baned to post',
  881503: 'chatroom not exist',
  881504: 'length of chatroom message exceed limit',
  881507: 'member has in the chatroom',
  881508: 'amount of member exceed chatroom limit',
  881509: 'msg format err',
  881602: 'target user not login',
  881604: 'length of trans cmd exceed limit',
  881701: 'user not admin',
  882001: 'server internal error',
  882002: 'user exit，no such user，password error，uid invalid，gid invalid',
  882003: 'invalid parameter',
  882004: 'auth fail',
  882005: 'response time out，try again later',
} as const satisfies Record<number, string>;

/** A JMessage error code: a key of {@link JM_ERRORS}. */
export type JmErrorCode = keyof typeof JM_ERRORS;

/**
 * Named codes the shim raises itself. An enum rather than an object: bundlers put the values
 * where they are used, so the table itself is bundled only when an app imports `JmCode`.
 */
export enum JmCode {
  SUCCESS = 0,
  UNKNOWN = 880001,
  INVALID_PARAM = 880002,
  INVALID_VALUE = 880003,
  INVALID_TYPE = 880004,
  FILE_NOT_EXIST = 880005,
  LOGOUT_BEFORE_REGISTER = 880006,
  MSG_ID_INVALID = 880008,
  APPKEY_NOT_EXIST = 880101,
  SIGNATURE_FAIL = 880102,
  USER_NOT_EXIST = 880103,
  INVALID_PASSWORD = 880104,
  SIGNATURE_EXPIRED = 880106,
  ALREADY_LOGGED_IN = 880107,
  REPETITIVE_OPERATION = 880109,
  USER_DISABLED = 880111,
  TARGET_USER_NOT_EXIST = 880203,
  TARGET_GROUP_NOT_EXIST = 880204,
  NOT_IN_GROUP = 880205,
  MESSAGE_TOO_LONG = 880206,
  IN_BLACKLIST = 880207,
  SENSITIVE = 880208,
  FREQUENCY_LIMIT = 880209,
  FILE_TOO_LARGE = 880210,
  SILENT = 880212,
  GROUP_NAME_TOO_LONG = 880404,
  GROUP_DESC_TOO_LONG = 880405,
  ZERO_MEMBER = 880602,
  NO_PERMISSION_ADD = 880604,
  ALREADY_IN_GROUP = 880610,
  ALREADY_PROCESSED = 880612,
  NO_PERMISSION = 880614,
  NO_PERMISSION_DELETE = 880704,
  ALREADY_FRIEND = 881302,
  NOT_FRIEND = 881303,
  INVITATION_INVALID = 881305,
  SERVER_INTERNAL = 882001,
  SERVER_GENERIC = 882002,
  SERVER_INVALID_PARAM = 882003,
  AUTH_FAIL = 882004,
  SERVER_TIMEOUT = 882005,
}

/** The failure payload of `onFail`: `{code, message}` with the vendor's text for the code. */
export interface JmFailure {
  code: number;
  message: string;
}

/** A refusal in JMessage terms, thrown by the areas and turned into an `onFail` payload. */
export class JmError extends Error {
  readonly code: JmErrorCode;

  constructor(code: JmErrorCode, message: string = JM_ERRORS[code]) {
    super(message);
    this.name = 'JmError';
    this.code = code;
  }

  get failure(): JmFailure {
    return { code: this.code, message: this.message };
  }
}

/** `880002 invalid parameter`, for a missing or mistyped argument. */
export function paramError(): JmError {
  return new JmError(JmCode.INVALID_PARAM);
}

const C = ClientCode;

/** Canonical code → JMessage code. Contextual codes (already set, not found) are decided by the areas. */
const MAP: Partial<Record<number, JmErrorCode>> = {
  [C.INVALID_PARAM]: JmCode.INVALID_PARAM,
  [C.UNAUTHENTICATED]: JmCode.AUTH_FAIL,
  [C.PERMISSION_DENIED]: JmCode.NO_PERMISSION,
  [C.NOT_FOUND]: JmCode.SERVER_GENERIC,
  [C.ALREADY_EXISTS]: JmCode.SERVER_GENERIC,
  [C.TOO_LARGE]: JmCode.MESSAGE_TOO_LONG,
  [C.RATE_LIMITED]: JmCode.FREQUENCY_LIMIT,
  [C.LIMIT_EXCEEDED]: 880608,
  [C.NOT_SUPPORTED]: 880611,
  [C.APP_UNKNOWN]: JmCode.APPKEY_NOT_EXIST,
  [C.SIGNATURE_INVALID]: JmCode.SIGNATURE_FAIL,
  [C.CREDENTIAL_EXPIRED]: JmCode.SIGNATURE_EXPIRED,
  // A random_str used twice: the signature is spent, so it fails as a signature.
  [C.CREDENTIAL_REPLAYED]: JmCode.SIGNATURE_FAIL,
  [C.USER_NOT_FOUND]: JmCode.USER_NOT_EXIST,
  [C.BAD_PASSWORD]: JmCode.INVALID_PASSWORD,
  [C.USER_DISABLED]: JmCode.USER_DISABLED,
  [C.ALREADY_LOGGED_IN]: JmCode.ALREADY_LOGGED_IN,
  [C.NOT_MEMBER]: JmCode.NOT_IN_GROUP,
  [C.GROUP_NOT_FOUND]: JmCode.TARGET_GROUP_NOT_EXIST,
  [C.MESSAGE_NOT_FOUND]: JmCode.MSG_ID_INVALID,
  [C.MUTED]: JmCode.SILENT,
  [C.BLOCKED_BY_PEER]: JmCode.IN_BLACKLIST,
  [C.NOT_FRIENDS]: JmCode.NOT_FRIEND,
  [C.CONTENT_REJECTED]: JmCode.SENSITIVE,
  [C.ALREADY_HANDLED]: JmCode.ALREADY_PROCESSED,
  [C.BANNED]: JmCode.SILENT,
  [C.INTERNAL]: JmCode.SERVER_INTERNAL,
  [C.UNAVAILABLE]: JmCode.SERVER_TIMEOUT,
  [C.TIMEOUT]: JmCode.SERVER_TIMEOUT,
  [C.UPLOAD_FAILED]: JmCode.FILE_NOT_EXIST,
  [C.NOT_CONNECTED]: JmCode.AUTH_FAIL,
  [C.KICKED]: JmCode.AUTH_FAIL,
  [C.CLIENT_CLOSED]: JmCode.AUTH_FAIL,
};

/**
 * Any error as a {@link JmError}. `overrides` maps canonical codes to the code this method
 * documents (a send's `USER_NOT_FOUND` is `880203`, a no-disturb's `ALREADY_SET` is `881101`).
 */
export function toJmError(error: unknown, overrides: Partial<Record<number, JmErrorCode>> = {}): JmError {
  if (error instanceof JmError) return error;
  if (error instanceof TimeoutError) return new JmError(JmCode.SERVER_TIMEOUT);
  if (isParleyError(error)) {
    const code = overrides[error.code] ?? MAP[error.code] ?? JmCode.UNKNOWN;
    return new JmError(code);
  }
  return new JmError(JmCode.UNKNOWN);
}
