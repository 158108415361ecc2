import { ErrorCode } from '@parley/protocol/codes';

/**
 * Every error code a client can see, in one table: the server's canonical codes
 * (`@parley/protocol/codes`, 1xxx–5xxx) and the client's own (6xxx). A code's number never
 * changes meaning.
 */
export const ClientCode = {
  ...ErrorCode,
  /** No connection to send on, and the request could not wait for one. */
  NOT_CONNECTED: 6001,
  /** The client was closed (`client.close()`) while the request was pending. */
  CLIENT_CLOSED: 6002,
  /** The storage backend failed (I/O, a broken database). */
  STORAGE_FAILED: 6003,
  /** The storage backend is full. */
  STORAGE_QUOTA: 6004,
  /** The storage backend was used after `close()`. */
  STORAGE_CLOSED: 6005,
  /** The transport could not open, or failed while open. */
  TRANSPORT_FAILED: 6006,
  /** The session was kicked; the client will not reconnect on its own. */
  KICKED: 6007,
  /** The call does not fit the client's state (for example a send before `login`). */
  INVALID_STATE: 6008,
  /** A media upload over HTTP failed. */
  UPLOAD_FAILED: 6009,
  /** The request was aborted through its `AbortSignal`. */
  ABORTED: 6010,
} as const;

/** The name of a client-visible code. */
export type ClientCodeName = keyof typeof ClientCode;
/** A numeric client-visible code. */
export type ClientCodeValue = (typeof ClientCode)[ClientCodeName];

const names = new Map<number, ClientCodeName>((Object.keys(ClientCode) as ClientCodeName[]).map((name) => [ClientCode[name], name]));

/** The name of a code, or `undefined` for one this version does not know (treat it by its range). */
export function clientCodeName(code: number): ClientCodeName | undefined {
  return names.get(code);
}

/** Connection states of a {@link Client}. */
export type ConnectionState = 'idle' | 'connecting' | 'authenticating' | 'syncing' | 'ready' | 'reconnecting' | 'kicked' | 'closed';

/** Canonical kick reasons (CAPABILITIES.md §3.1), by the `KickReason` enum value of the wire. */
export const KickReason = {
  UNSPECIFIED: 0,
  REPLACED_SAME_PLATFORM: 1,
  REPLACED_OTHER_PLATFORM: 2,
  TERMINAL_TYPE_LIMIT: 3,
  DEVICE_LIMIT: 4,
  CREDENTIAL_EXPIRED: 5,
  PASSWORD_CHANGED: 6,
  ADMIN_KICK: 7,
  ACCOUNT_DISABLED: 8,
  ACCOUNT_DELETED: 9,
} as const;
export type KickReasonValue = (typeof KickReason)[keyof typeof KickReason];
