/** Enums of the Hummer chatroom SDK (hummer.md §4.1), exposed on `Hummer` as well; apps also pass raw values. */

/** `setLogLevel` levels. */
export const LOGLEVEL = { DEBUG: -1, LOG: 0, INFO: 1, WARN: 2, ERROR: 3 } as const;

/** `getConnectionState()` values. */
export const ConnectionState = {
  UNAVAILABLE: 'UNAVAILABLE',
  DISCONNECTED: 'DISCONNECTED',
  CONNECTING: 'CONNECTING',
  CONNECTED: 'CONNECTED',
  RECONNECTING: 'RECONNECTING',
} as const;
export type ConnectionStateValue = (typeof ConnectionState)[keyof typeof ConnectionState];

/** `ConnectionStateChanged.reason` values. */
export const ConnectionChangeReason = {
  INIT: 'INIT',
  LOGIN: 'LOGIN',
  LOGIN_SUCCESS: 'LOGIN_SUCCESS',
  LOGIN_FAILURE: 'LOGIN_FAILURE',
  LOGIN_TIMEOUT: 'LOGIN_TIMEOUT',
  INTERRUPTED: 'INTERRUPTED',
  LOGOUT: 'LOGOUT',
  REMOTE_LOGIN: 'REMOTE_LOGIN',
} as const;
export type ConnectionChangeReasonValue = (typeof ConnectionChangeReason)[keyof typeof ConnectionChangeReason];

/** Message types; only `TEXT` is supported by the SDK. The TextMessage interface calls it `MessageType`. */
export const MsgType = { TEXT: 0, IMAGE: 1, BINARY: 2 } as const;
export const MessageType = MsgType;

/** `fetchUserOnlineStatus` values. */
export const OnlineStatus = { UNDEFINED: -1, OFFLINE: 0, ONLINE: 1, DISCONNECTED: 2 } as const;

/** `fetchHistoryMessages` direction (the parameter table calls it `HistoryDirection`). */
export const Direction = { OLD: 0, NEW: 1 } as const;
export const HistoryDirection = Direction;

/** The six region strings. */
export const REGIONS = ['cn', 'ap_southeast', 'ap_south', 'us', 'me_east', 'sa_east'] as const;

/** `ForceoutOffline.code` values (§5.1) and their texts. */
export const ForceoutCode = { REMOTE_LOGIN: 100, TERMINAL_LIMIT: 101, DEVICE_LIMIT: 102 } as const;
export const FORCEOUT_TEXT: Record<number, string> = {
  100: '您的帐号在别处登录，您被迫下线。',
  101: '超出终端类限制，被其他端踢下线。',
  102: '超出设备数限制，被其他端踢下线。',
};
