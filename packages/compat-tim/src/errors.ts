import { ClientCode, isParleyError } from '@parley/core/client';

/** tim-js-sdk's own error codes (2xxx/3xxx), by the names the 2.27.6 runtime gives them. */
export const TimCode = {
  NO_SDKAPPID: 2000,
  NO_IDENTIFIER: 2002,
  NO_USERSIG: 2003,
  USER_NOT_LOGGED_IN: 2024,
  REPEAT_LOGIN: 2025,
  MESSAGE_SEND_FAIL: 2100,
  MESSAGE_SEND_FAIL_NOT_IN_AVCHATROOM: 2101,
  MESSAGE_SEND_NEED_MESSAGE_INSTANCE: 2105,
  MESSAGE_SEND_INVALID_CONVERSATION_TYPE: 2106,
  MESSAGE_FILE_IS_EMPTY: 2108,
  MESSAGE_REVOKE_FAIL: 2110,
  MESSAGE_DELETE_FAIL: 2111,
  READ_RECEIPT_MESSAGE_LIST_EMPTY: 2114,
  CANNOT_DELETE_GROUP_SYSTEM_NOTICE: 2116,
  TRANSLATE_TEXT_FAIL: 2117,
  MESSAGE_IMAGE_SELECT_FILE_FIRST: 2251,
  MESSAGE_IMAGE_SIZE_LIMIT: 2253,
  MESSAGE_AUDIO_SIZE_LIMIT: 2301,
  MESSAGE_VIDEO_SIZE_LIMIT: 2351,
  MESSAGE_FILE_UPLOAD_FAIL: 2400,
  MESSAGE_FILE_SELECT_FILE_FIRST: 2401,
  MESSAGE_FILE_SIZE_LIMIT: 2402,
  MESSAGE_MERGER_TYPE_INVALID: 2450,
  MESSAGE_MERGER_KEY_INVALID: 2451,
  MESSAGE_MERGER_DOWNLOAD_FAIL: 2452,
  MESSAGE_FORWARD_TYPE_INVALID: 2453,
  MESSAGE_MODIFY_CONFLICT: 2480,
  MESSAGE_MODIFY_DISABLED_IN_AVCHATROOM: 2481,
  CONVERSATION_NOT_FOUND: 2500,
  USER_OR_GROUP_NOT_FOUND: 2501,
  INVALID_CONVERSATION_ID: 2503,
  ILLEGAL_GROUP_TYPE: 2600,
  CANNOT_JOIN_WORK: 2601,
  ILLEGAL_GROUP_ID: 2602,
  CANNOT_FIND_GROUP: 2603,
  CANNOT_CHANGE_OWNER_IN_AVCHATROOM: 2620,
  CANNOT_CHANGE_OWNER_TO_SELF: 2621,
  CANNOT_DISMISS_WORK: 2622,
  MEMBER_NOT_IN_GROUP: 2623,
  GROUP_ATTRIBUTES_NOT_AVCHATROOM: 2641,
  GROUP_ATTRIBUTES_NOT_JOINED: 2642,
  JOIN_GROUP_FAIL: 2660,
  CANNOT_ADD_MEMBER_IN_AVCHATROOM: 2661,
  CANNOT_JOIN_NON_AVCHATROOM_WITHOUT_LOGIN: 2662,
  NOT_OWNER: 2681,
  CANNOT_SET_MEMBER_ROLE_IN_WORK_AND_AVCHATROOM: 2682,
  INVALID_MEMBER_ROLE: 2683,
  CANNOT_SET_SELF_MEMBER_ROLE: 2684,
  CANNOT_MUTE_SELF: 2685,
  BAN_DURATION_INVALID: 2686,
  NOT_MY_FRIEND: 2700,
  ALREADY_MY_FRIEND: 2701,
  FRIEND_GROUP_EXISTED: 2710,
  FRIEND_GROUP_NOT_EXIST: 2711,
  FRIEND_APPLICATION_NOT_EXIST: 2716,
  UPDATE_PROFILE_INVALID_PARAM: 2721,
  UPDATE_PROFILE_NO_KEY: 2722,
  CANNOT_ADD_SELF_TO_BLACKLIST: 2742,
  NETWORK_ERROR: 2800,
  NETWORK_TIMEOUT: 2801,
  NO_NETWORK: 2805,
  UNCAUGHT_ERROR: 2903,
  INVALID_OPERATION: 2905,
  OVER_FREQUENCY_LIMIT: 2996,
  SDK_IS_NOT_READY: 2999,
  LOGGING_IN: 3000,
  LOGIN_FAILED: 3001,
  KICKED_OUT_MULT_DEVICE: 3002,
  KICKED_OUT_MULT_ACCOUNT: 3003,
  KICKED_OUT_USERSIG_EXPIRED: 3004,
  LOGGED_OUT: 3005,
  KICKED_OUT_REST_API: 3006,
} as const;

/** Tencent's server codes the shim surfaces (tim.md §5.3, §1.5). */
export const TimServerCode = {
  INVALID_PARAM: 10004,
  PERMISSION_DENIED: 10007,
  GROUP_NOT_FOUND: 10010,
  INVALID_GROUP_ID: 10015,
  CALLBACK_REFUSED: 10016,
  MUTED_IN_GROUP: 10017,
  REVOKE_WINDOW_PASSED: 10031,
  REVOKE_NOT_ALLOWED: 10032,
  INVALID_ACCOUNT: 20003,
  BLOCKED_BY_PEER: 20007,
  NOT_FRIENDS: 20009,
  MUTED_C2C: 20012,
  OVERLOAD: 60022,
  USERSIG_EXPIRED: 70001,
  USERSIG_INVALID: 70003,
  SDKAPPID_DISABLED: 60016,
  CONTENT_REJECTED: 80001,
  BODY_TOO_LARGE: 80002,
} as const;

const MESSAGES: Record<number, string> = {
  [TimCode.NO_SDKAPPID]: 'SDKAppID is required',
  [TimCode.NO_IDENTIFIER]: 'userID is required',
  [TimCode.NO_USERSIG]: 'userSig is required',
  [TimCode.USER_NOT_LOGGED_IN]: 'the user is not logged in',
  [TimCode.REPEAT_LOGIN]: 'a login is already in progress',
  [TimCode.MESSAGE_SEND_FAIL]: 'the message failed to send',
  [TimCode.MESSAGE_SEND_FAIL_NOT_IN_AVCHATROOM]: 'not in this AVChatRoom: join it before sending',
  [TimCode.MESSAGE_SEND_NEED_MESSAGE_INSTANCE]: 'a Message instance made by create*Message is required',
  [TimCode.CONVERSATION_NOT_FOUND]: 'no such conversation',
  [TimCode.INVALID_CONVERSATION_ID]: 'invalid conversationID',
  [TimCode.TRANSLATE_TEXT_FAIL]: 'translation is not supported by this server',
  [TimCode.INVALID_OPERATION]: 'this operation is not supported',
  [TimCode.NETWORK_ERROR]: 'network error',
  [TimCode.NETWORK_TIMEOUT]: 'the request timed out',
  [TimCode.SDK_IS_NOT_READY]: 'the SDK is not ready',
  [TimCode.LOGGING_IN]: 'logging in',
  [TimCode.LOGIN_FAILED]: 'login failed',
  [TimCode.KICKED_OUT_MULT_DEVICE]: 'kicked out by a login on another device',
  [TimCode.KICKED_OUT_MULT_ACCOUNT]: 'kicked out by a login of the same account on another page',
  [TimCode.KICKED_OUT_USERSIG_EXPIRED]: 'kicked out: the UserSig expired',
  [TimCode.LOGGED_OUT]: 'logged out',
  [TimCode.KICKED_OUT_REST_API]: 'kicked out by the REST API',
  [TimServerCode.USERSIG_EXPIRED]: 'the UserSig has expired',
  [TimServerCode.USERSIG_INVALID]: 'the UserSig is invalid',
};

/**
 * The error tim-js-sdk rejects with: an `Error` with a numeric `code`, a `message` (the
 * server's, or a default for the code) and a `data` object (`data.message` is the Message for
 * failed sends, resends and revokes).
 */
export class TimError extends Error {
  override name = 'TimError';
  code: number;
  data: Record<string, unknown>;
  constructor(init: { code: number; message?: string | undefined; data?: Record<string, unknown> | undefined }) {
    super(init.message || MESSAGES[init.code] || `error ${init.code}`);
    this.code = init.code;
    this.data = init.data ?? {};
  }
}

const C = ClientCode;

/**
 * A core or server error as tim-js-sdk would report it. `context` picks between codes the
 * canonical one maps to several of (C2C vs group mute, send vs other).
 */
export function toTimError(error: unknown, context: { group?: boolean; data?: Record<string, unknown> } = {}): TimError {
  if (error instanceof TimError) {
    if (context.data) Object.assign(error.data, context.data);
    return error;
  }
  const data = context.data;
  if (!isParleyError(error)) return new TimError({ code: TimCode.UNCAUGHT_ERROR, message: error instanceof Error ? error.message : String(error), data });
  const message = error.message;
  const code = ((): number => {
    switch (error.code) {
      case C.INVALID_PARAM:
        return TimServerCode.INVALID_PARAM;
      case C.UNAUTHENTICATED:
        return TimCode.USER_NOT_LOGGED_IN;
      case C.PERMISSION_DENIED:
      case C.NOT_MEMBER:
      case C.BANNED:
        return TimServerCode.PERMISSION_DENIED;
      case C.NOT_FOUND:
      case C.USER_NOT_FOUND:
        return TimServerCode.INVALID_ACCOUNT;
      case C.GROUP_NOT_FOUND:
      case C.ROOM_NOT_FOUND:
        return TimServerCode.GROUP_NOT_FOUND;
      case C.MUTED:
        return context.group ? TimServerCode.MUTED_IN_GROUP : TimServerCode.MUTED_C2C;
      case C.BLOCKED_BY_PEER:
        return TimServerCode.BLOCKED_BY_PEER;
      case C.NOT_FRIENDS:
        return TimServerCode.NOT_FRIENDS;
      case C.TOO_LARGE:
        return TimServerCode.BODY_TOO_LARGE;
      case C.RATE_LIMITED:
        return TimServerCode.OVERLOAD;
      case C.CONTENT_REJECTED:
        return TimServerCode.CONTENT_REJECTED;
      case C.REVOKE_WINDOW_PASSED:
        return TimServerCode.REVOKE_WINDOW_PASSED;
      case C.REVOKE_NOT_ALLOWED:
        return TimServerCode.REVOKE_NOT_ALLOWED;
      case C.CONFLICT:
        return TimCode.MESSAGE_MODIFY_CONFLICT;
      case C.ALREADY_HANDLED:
        return TimCode.FRIEND_APPLICATION_NOT_EXIST;
      case C.LIMIT_EXCEEDED:
        return TimServerCode.INVALID_PARAM;
      case C.NOT_IN_ROOM:
        return TimCode.MESSAGE_SEND_FAIL_NOT_IN_AVCHATROOM;
      case C.APP_UNKNOWN:
        return TimServerCode.SDKAPPID_DISABLED;
      case C.SIGNATURE_INVALID:
      case C.CREDENTIAL_REPLAYED:
        return TimServerCode.USERSIG_INVALID;
      case C.CREDENTIAL_EXPIRED:
        return TimServerCode.USERSIG_EXPIRED;
      case C.ALREADY_LOGGED_IN:
        return TimCode.REPEAT_LOGIN;
      case C.NOT_SUPPORTED:
        return TimCode.INVALID_OPERATION;
      case C.TIMEOUT:
        return TimCode.NETWORK_TIMEOUT;
      case C.NOT_CONNECTED:
      case C.TRANSPORT_FAILED:
      case C.UNAVAILABLE:
        return TimCode.NETWORK_ERROR;
      case C.CLIENT_CLOSED:
        return TimCode.LOGGED_OUT;
      case C.UPLOAD_FAILED:
        return TimCode.MESSAGE_FILE_UPLOAD_FAIL;
      default:
        return TimCode.UNCAUGHT_ERROR;
    }
  })();
  return new TimError({ code, message, data });
}

/** The synchronous throw tim-js-sdk makes for invalid arguments. */
export function paramsError(field: string): Error {
  const error = new Error('Params validate failed.');
  (error as Error & { field?: string }).field = field;
  return error;
}
