import { deflateSync, inflateSync } from 'node:zlib';
import { ErrorCode, ServerError, invalidParam } from '../errors.js';
import { bytesEqual, hmacSha256 } from './digest.js';

/**
 * Tencent TIM UserSig: the `tls-sig-api-v2` credential (spec `tim.md` §1.5). A UserSig is a
 * JSON document carrying an HMAC-SHA256 over a fixed line format, zlib-deflated, base64-encoded
 * and then re-mapped with Tencent's own alphabet (`+`→`*`, `/`→`-`, `=`→`_`).
 *
 * Verification never compares compressed strings: deflate output differs between zlib builds,
 * so only the decoded fields and the HMAC count.
 */

/** Longest UserSig text accepted. Real ones are ~200–400 characters. */
export const USERSIG_MAX_CHARS = 8 * 1024;

/**
 * Cap on the inflated JSON. Real documents are ~200 bytes; the cap keeps a deflate bomb
 * (8 KB can inflate to megabytes) from allocating more than this.
 */
const MAX_INFLATED_BYTES = 16 * 1024;

/** A `TLS.time` further ahead than this is not a clock skew but a forged or broken sig. */
const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/** The JSON `TLS.ver` the generator writes. */
const TLS_VERSION = '2.0';

/** Options of {@link genUserSig}. */
export interface GenUserSigOptions {
  /** The app's SDKAppID. */
  sdkAppId: number;
  /** The app's secret key as shown in the console; its UTF-8 bytes are the HMAC key. */
  secretKey: string;
  /** The user the sig is for. */
  userId: string;
  /** Validity in seconds from `nowMs`. */
  expireSec: number;
  /** Issue time; default `Date.now()`. Truncated to whole seconds like the vendor library. */
  nowMs?: number;
}

/** Options of {@link verifyUserSig}. */
export interface VerifyUserSigOptions {
  /** The SDKAppID of the app the client is logging in to. */
  sdkAppId: number;
  /** That app's secret key. */
  secretKey: string;
  /** The userID being logged in; the sig must have been issued for exactly this user. */
  userId: string;
  /** The current time; default `Date.now()`. */
  nowMs?: number;
}

/** What a valid UserSig asserts. */
export interface VerifiedUserSig {
  userId: string;
  sdkAppId: number;
  /** `TLS.time` in milliseconds. */
  issuedAtMs: number;
  /** `(TLS.time + TLS.expire)` in milliseconds; the sig is refused from this instant on. */
  expiresAtMs: number;
}

/**
 * Builds the text the HMAC covers. Every line ends in `\n`, the last included; the userbuf line
 * exists only when the document carries `TLS.userbuf`.
 */
function contentToSign(
  identifier: string,
  sdkAppId: number,
  timeSec: number,
  expireSec: number,
  userBuf: string | undefined,
): string {
  let text =
    `TLS.identifier:${identifier}\n` +
    `TLS.sdkappid:${sdkAppId}\n` +
    `TLS.time:${timeSec}\n` +
    `TLS.expire:${expireSec}\n`;
  if (userBuf !== undefined) text += `TLS.userbuf:${userBuf}\n`;
  return text;
}

function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Generates a UserSig exactly as `tls-sig-api-v2`'s `genUserSig` does. For dev tooling and
 * tests: production apps sign on their own backend, and the server only verifies.
 *
 * @param opts - App, key, user, validity and optionally the issue time.
 * @returns The UserSig text.
 * @throws {@link ServerError} `INVALID_PARAM` when `sdkAppId` or `expireSec` is not a
 *   non-negative safe integer, `secretKey` is empty, `userId` is empty or contains a line break
 *   (which would let it forge further lines of the signed text), or `nowMs` is not finite.
 */
export function genUserSig(opts: GenUserSigOptions): string {
  const { sdkAppId, secretKey, userId, expireSec } = opts;
  const nowMs = opts.nowMs ?? Date.now();
  if (!isNonNegativeSafeInteger(sdkAppId)) {
    throw invalidParam('sdkAppId', 'must be a non-negative integer');
  }
  if (typeof secretKey !== 'string' || secretKey.length === 0) {
    throw invalidParam('secretKey', 'must be a non-empty string');
  }
  if (typeof userId !== 'string' || userId.length === 0 || /[\r\n]/.test(userId)) {
    throw invalidParam('userId', 'must be a non-empty single-line string');
  }
  if (!isNonNegativeSafeInteger(expireSec)) {
    throw invalidParam('expireSec', 'must be a non-negative integer');
  }
  if (!Number.isFinite(nowMs) || nowMs < 0) {
    throw invalidParam('nowMs', 'must be a non-negative finite number');
  }
  const timeSec = Math.floor(nowMs / 1000);
  const sig = hmacSha256(
    secretKey,
    contentToSign(userId, sdkAppId, timeSec, expireSec, undefined),
  ).toString('base64');
  // Key order matters to anyone comparing with the vendor's output byte for byte.
  const doc = {
    'TLS.ver': TLS_VERSION,
    'TLS.identifier': userId,
    'TLS.sdkappid': sdkAppId,
    'TLS.time': timeSec,
    'TLS.expire': expireSec,
    'TLS.sig': sig,
  };
  const compressed = deflateSync(Buffer.from(JSON.stringify(doc), 'utf8')).toString('base64');
  return compressed.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

/**
 * Decodes standard base64 whose padding may be missing or wrong (the vendor's own decoder
 * re-pads sloppily, so clients in the wild send both). Anything outside the alphabet is refused
 * rather than skipped, unlike `Buffer.from(…, 'base64')`.
 */
function decodeBase64Lenient(text: string): Buffer | undefined {
  const body = text.replace(/=+$/, '');
  if (body.length === 0 || body.length % 4 === 1 || !/^[A-Za-z0-9+/]+$/.test(body)) {
    return undefined;
  }
  return Buffer.from(body, 'base64');
}

function invalid(message: string): ServerError {
  return new ServerError(ErrorCode.SIGNATURE_INVALID, message);
}

/** Un-maps, decodes, inflates and parses a UserSig into its JSON object. */
function decodeUserSigDocument(userSig: string): Record<string, unknown> {
  const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  const compressed = decodeBase64Lenient(base64);
  if (compressed === undefined) throw invalid('UserSig is not valid base64');
  let json: string;
  try {
    json = inflateSync(compressed, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch {
    // Raw deflate, a corrupt stream, a bad checksum or a bomb past the cap all end here.
    throw invalid('UserSig is not a zlib stream');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw invalid('UserSig does not hold JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw invalid('UserSig does not hold a JSON object');
  }
  return doc as Record<string, unknown>;
}

/**
 * Verifies a TIM UserSig for one app and user. The HMAC is checked before the expiry, so a
 * forged sig is always reported as invalid, never as expired.
 *
 * @param userSig - The UserSig the client sent.
 * @param opts - The app's SDKAppID and secret key, the userID being logged in, the time.
 * @returns The user, app and validity period the sig asserts.
 * @throws {@link ServerError} `SIGNATURE_INVALID` (3002) when the input is not a string, is
 *   empty or longer than {@link USERSIG_MAX_CHARS}, does not decode/inflate/parse, lacks a
 *   required field, names another app or user, carries a `TLS.time` more than 24 h ahead, or its
 *   HMAC does not match.
 * @throws {@link ServerError} `CREDENTIAL_EXPIRED` (3003) when the sig is genuine but
 *   `now >= (TLS.time + TLS.expire) * 1000`.
 * @throws {@link ServerError} `INTERNAL` when the app's secret key is empty (a configuration
 *   error: an empty HMAC key would let anyone mint sigs).
 * @throws {@link ServerError} `INVALID_PARAM` when `userId` is empty.
 */
export function verifyUserSig(userSig: string, opts: VerifyUserSigOptions): VerifiedUserSig {
  const { sdkAppId, secretKey, userId } = opts;
  const nowMs = opts.nowMs ?? Date.now();
  if (typeof secretKey !== 'string' || secretKey.length === 0) {
    throw new ServerError(ErrorCode.INTERNAL, 'the app has no UserSig secret key configured');
  }
  if (typeof userId !== 'string' || userId.length === 0) {
    throw invalidParam('userId', 'must be a non-empty string');
  }
  if (typeof userSig !== 'string' || userSig.length === 0) {
    throw invalid('UserSig is missing');
  }
  if (userSig.length > USERSIG_MAX_CHARS) throw invalid('UserSig is too long');

  const doc = decodeUserSigDocument(userSig);
  const ver = doc['TLS.ver'];
  const identifier = doc['TLS.identifier'];
  const docAppId = doc['TLS.sdkappid'];
  const timeSec = doc['TLS.time'];
  const expireSec = doc['TLS.expire'];
  const userBuf = doc['TLS.userbuf'];
  const sig = doc['TLS.sig'];

  if (typeof ver !== 'string' || ver.length === 0) throw invalid('UserSig has no TLS.ver');
  // The vendor writes a number, but an app id passed as a string to its constructor signs the
  // same text, so a numeric string naming the same app is the same claim.
  const sameApp =
    docAppId === sdkAppId || (typeof docAppId === 'string' && docAppId === String(sdkAppId));
  if (!sameApp) throw invalid('UserSig was issued for another app');
  if (typeof identifier !== 'string' || identifier !== userId) {
    throw invalid('UserSig was issued for another user');
  }
  // A line break in the identifier would let it impersonate the following lines of the signed
  // text; the vendor forbids such ids, so no genuine sig carries one.
  if (/[\r\n]/.test(identifier)) throw invalid('UserSig identifier is malformed');
  if (!isNonNegativeSafeInteger(timeSec)) throw invalid('UserSig has no valid TLS.time');
  if (!isNonNegativeSafeInteger(expireSec)) throw invalid('UserSig has no valid TLS.expire');
  if (
    userBuf !== undefined &&
    (typeof userBuf !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(userBuf))
  ) {
    throw invalid('UserSig has a malformed TLS.userbuf');
  }
  if (typeof sig !== 'string') throw invalid('UserSig has no TLS.sig');
  const given = decodeBase64Lenient(sig);
  const expected = hmacSha256(
    secretKey,
    contentToSign(identifier, sdkAppId, timeSec, expireSec, userBuf),
  );
  if (given === undefined || !bytesEqual(given, expected)) {
    throw invalid('UserSig signature does not match');
  }

  const issuedAtMs = timeSec * 1000;
  const expiresAtMs = (timeSec + expireSec) * 1000;
  if (issuedAtMs > nowMs + MAX_FUTURE_SKEW_MS) throw invalid('UserSig is issued in the future');
  if (nowMs >= expiresAtMs) {
    throw new ServerError(ErrorCode.CREDENTIAL_EXPIRED, 'UserSig has expired');
  }
  return { userId: identifier, sdkAppId, issuedAtMs, expiresAtMs };
}
