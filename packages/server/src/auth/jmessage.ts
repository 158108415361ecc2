import { ErrorCode, ServerError, invalidParam } from '../errors.js';
import { md5Hex, stringsEqual } from './digest.js';

/**
 * JMessage `init` auth payload (spec `jmessage.md`, CAPABILITIES.md `jm_init_signature`): the
 * app's backend signs `appkey`, a millisecond `timestamp` and a `random_str` salt with the
 * app's master secret; the client presents the four values once, at `init`.
 */

/** Longest `random_str` accepted whatever the policy: a salt, not a payload. */
const RANDOM_STR_MAX = 64;
/** The vendor documents 20–36 characters, but its own example uses 15 (`jmessage.md` A13). */
const RANDOM_STR_STRICT_MIN = 20;
const RANDOM_STR_STRICT_MAX = 36;

/** The auth payload as the client sent it. */
export interface JmessageAuthPayload {
  appkey: string;
  /** Milliseconds since the epoch, as signed. */
  timestamp: number;
  randomStr: string;
  /** Hex MD5, any case. */
  signature: string;
}

/** Policy of {@link verifyJmessageSignature}. */
export interface JmessageVerifyOptions {
  /** The app's master secret. */
  masterSecret: string;
  /** Largest accepted `|now - timestamp|`, in seconds. */
  windowSec: number;
  /** Require the documented 20–36 characters of `random_str` instead of 1–64. */
  enforceRandomStrLength: boolean;
  /** The current time; default `Date.now()`. */
  nowMs?: number;
}

/**
 * Computes the JMessage init signature:
 * `md5("appkey=" + appkey + "&timestamp=" + timestamp + "&random_str=" + randomStr + "&key=" + masterSecret)`.
 *
 * @param appkey - The app key.
 * @param timestamp - Milliseconds since the epoch, exactly as the client will send it.
 * @param randomStr - The salt.
 * @param masterSecret - The app's master secret.
 * @returns 32 lowercase hex characters.
 * @throws Never.
 */
export function jmessageSignature(
  appkey: string,
  timestamp: number | string,
  randomStr: string,
  masterSecret: string,
): string {
  return md5Hex(
    `appkey=${appkey}&timestamp=${timestamp}&random_str=${randomStr}&key=${masterSecret}`,
  );
}

/**
 * The key under which the caller records a verified `random_str` to refuse replays. This
 * module keeps no state: after {@link verifyJmessageSignature} succeeds the caller must check
 * and record this key atomically, and keep it until the payload's timestamp leaves the window,
 * i.e. until `timestamp + windowSec` (which is at most `2 × windowSec` from now, because a
 * timestamp up to `windowSec` ahead is accepted). A key already present means a replay
 * (`CREDENTIAL_REPLAYED`).
 *
 * @param appkey - The app key.
 * @param randomStr - The payload's `random_str`.
 * @returns A string that differs for every distinct (appkey, randomStr) pair.
 * @throws Never.
 */
export function jmessageNonceKey(appkey: string, randomStr: string): string {
  // Length-prefixing the appkey keeps ("a:b", "c") and ("a", "b:c") apart.
  return `jm-nonce:${appkey.length}:${appkey}:${randomStr}`;
}

/**
 * Verifies a JMessage init signature and its freshness. The order is: shape and `random_str`
 * length, then the signature, then the time window, so that a forged payload is never reported
 * as merely expired. Replays are the caller's job ({@link jmessageNonceKey}).
 *
 * @param input - The payload the client sent.
 * @param opts - The app's master secret and the policy.
 * @throws {@link ServerError} `INVALID_PARAM` when `appkey` is empty, `timestamp` is not a
 *   non-negative integer, or `random_str` is outside 1–64 characters (20–36 when
 *   `enforceRandomStrLength`).
 * @throws {@link ServerError} `SIGNATURE_INVALID` when the signature is not 32 hex characters
 *   or does not match.
 * @throws {@link ServerError} `CREDENTIAL_EXPIRED` when `|now - timestamp| > windowSec * 1000`.
 * @throws {@link ServerError} `INTERNAL` when the master secret is empty or `windowSec` is not
 *   a non-negative finite number (configuration errors).
 */
export function verifyJmessageSignature(
  input: JmessageAuthPayload,
  opts: JmessageVerifyOptions,
): void {
  const { masterSecret, windowSec, enforceRandomStrLength } = opts;
  const nowMs = opts.nowMs ?? Date.now();
  if (typeof masterSecret !== 'string' || masterSecret.length === 0) {
    throw new ServerError(ErrorCode.INTERNAL, 'the app has no JMessage master secret configured');
  }
  if (typeof windowSec !== 'number' || !Number.isFinite(windowSec) || windowSec < 0) {
    throw new ServerError(ErrorCode.INTERNAL, 'the JMessage signature window is misconfigured');
  }

  const { appkey, timestamp, randomStr, signature } = input;
  if (typeof appkey !== 'string' || appkey.length === 0) {
    throw invalidParam('appkey', 'must be a non-empty string');
  }
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw invalidParam('timestamp', 'must be a non-negative integer of milliseconds');
  }
  const [min, max] = enforceRandomStrLength
    ? [RANDOM_STR_STRICT_MIN, RANDOM_STR_STRICT_MAX]
    : [1, RANDOM_STR_MAX];
  // Length in UTF-16 code units: salts are ASCII in practice, and this bounds the work.
  if (typeof randomStr !== 'string' || randomStr.length < min || randomStr.length > max) {
    throw invalidParam('random_str', `must be ${min}-${max} characters long`);
  }
  if (typeof signature !== 'string' || !/^[0-9a-fA-F]{32}$/.test(signature)) {
    throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'signature is not an MD5 hex digest');
  }
  const expected = jmessageSignature(appkey, timestamp, randomStr, masterSecret);
  if (!stringsEqual(signature.toLowerCase(), expected)) {
    throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'signature does not match');
  }
  if (Math.abs(nowMs - timestamp) > windowSec * 1000) {
    throw new ServerError(ErrorCode.CREDENTIAL_EXPIRED, 'timestamp is outside the accepted window');
  }
}
