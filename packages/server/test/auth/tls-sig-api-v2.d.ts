/**
 * Types for the vendor's `tls-sig-api-v2` (CommonJS, `exports.Api`, ships no types). Used only
 * by the UserSig tests as an oracle; the server never imports it.
 */
declare module 'tls-sig-api-v2' {
  /** The vendor's UserSig generator for one app. */
  export class Api {
    constructor(sdkappid: number, key: string);
    /** Signs `userid` for `expire` seconds from `Date.now()`; `userBuf` adds a userbuf line. */
    genSig(userid: string, expire: number, userBuf?: Buffer | string | null): string;
    /** `genSig` without a userbuf. */
    genUserSig(userid: string, expire: number): string;
  }
}
