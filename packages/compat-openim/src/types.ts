/**
 * The declarations of `open-im-sdk/types` (open-im-sdk 2.0.x; openim.md §1.2, §1.3, §4): the
 * session and framing types (here), the method parameters (types/params.ts), the entities
 * (types/entities.ts), under the vendor's names and spellings, and its enums (constants.ts).
 *
 * They accept every program that compiles against the vendor's `types/index.d.ts`, so they keep
 * its choices: object types are `type` aliases (an app may assign them to `Record<string, unknown>`,
 * which an `interface` would refuse), entity fields are all present, and `WsResponse.data` is
 * `any`. Optional parameter fields also accept `undefined`, for apps built with
 * `exactOptionalPropertyTypes`.
 */
import type { RequestFunc } from './constants.js';

export { GroupRole, GroupStatus, MessageStatus, MessageType, OptType, Platform, SessionType } from './constants.js';
export * from './types/entities.js';
export * from './types/params.js';

// ——— session and framing ———

/** `login(config)`: who logs in, with which token, to which server. */
export type InitConfig = {
  userID: string;
  /** Issued to the app's server by the Parley admin API (kind `openim`). */
  token: string;
  /** The Parley server: a ws(s) or http(s) origin (a bare origin gets `/parley/ws`) or the full socket URL. */
  url: string;
  /** 1 iOS, 2 Android, 3 Windows, 4 macOS, 5 web, 7 Linux, 8 admin. */
  platformID: number;
  /** Echoed in the login result; generated when absent. */
  operationID?: string;
};

/** A request frame as open-im-sdk writes it to its socket; declared for apps that name it. */
export type WsParams = {
  reqFuncName: RequestFunc;
  operationID: string;
  userID: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: the vendor's type, kept so apps typed against it compile.
  data: any;
};

/**
 * What every method resolves or rejects with, and what every listener gets: `errCode` 0 on
 * success. `event` is the PascalCase method name for results and the event name for callbacks.
 */
export type WsResponse = {
  event: RequestFunc;
  errCode: number;
  errMsg: string;
  /**
   * The result, always a string at run time: JSON text (`JSON.parse` it), a scalar such as
   * `"101"`, or `""`. Declared `any`, as the vendor declares it, so both `JSON.parse(res.data)`
   * and passing `res.data` on compile.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the vendor's declared type; apps depend on it.
  data: any;
  operationID: string;
};

/** The payload of the vendor's internal `Login` request. */
export type LoginParams = {
  userID: string;
  token: string;
};
