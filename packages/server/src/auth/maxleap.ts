import { ErrorCode, ServerError, invalidParam } from '../errors.js';
import { md5Hex, stringsEqual } from './digest.js';

/**
 * MaxLeap request signature (spec `maxleap.md`, CAPABILITIES.md `maxleap_sign`):
 * `sign = md5(timestamp + key) + "," + timestamp`, checked against each of the app's four keys.
 * Which key matched decides what the caller may do, so the key type is the result.
 */

/** The four MaxLeap key types, least privileged first. */
export type MaxleapKeyType = 'client' | 'javascript' | 'rest' | 'master';

/** The app's configured keys; absent or empty keys never match. */
export interface MaxleapKeys {
  client?: string;
  javascript?: string;
  rest?: string;
  master?: string;
}

/** Policy of {@link verifyMaxleapSign}. */
export interface MaxleapVerifyOptions {
  /**
   * Largest accepted `|now - timestamp|`, in seconds; `0` means unlimited (the default policy,
   * because the SDK signs once per instance and reuses the sign for the page's lifetime).
   */
  maxAgeSec: number;
  /** The current time; default `Date.now()`. */
  nowMs?: number;
}

/**
 * Tried in this order. If a deployment configures the same key twice, the least privileged
 * type wins, so a duplicated key can never escalate a client to master.
 */
const KEY_ORDER: readonly MaxleapKeyType[] = ['client', 'javascript', 'rest', 'master'];

/** Longest sign accepted: 32 hex, a comma and a timestamp. */
const SIGN_MAX_CHARS = 64;

/**
 * Computes a MaxLeap sign.
 *
 * @param key - One of the app's keys.
 * @param timestampMs - Milliseconds since the epoch.
 * @returns `md5hex(timestampMs + key) + "," + timestampMs`, lowercase.
 * @throws {@link ServerError} `INVALID_PARAM` when `timestampMs` is not a non-negative safe
 *   integer.
 */
export function maxleapSign(key: string, timestampMs: number): string {
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
    throw invalidParam('timestampMs', 'must be a non-negative integer of milliseconds');
  }
  const timestamp = String(timestampMs);
  return `${md5Hex(timestamp + key)},${timestamp}`;
}

/**
 * Verifies a MaxLeap sign against the app's keys. Every configured key is compared (in
 * constant time, hex case-insensitive) before the result is chosen, so the time taken does not
 * reveal which key matched.
 *
 * @param sign - The `X-ML-Request-Sign` value (or the SDK's sign).
 * @param keys - The app's keys.
 * @param opts - Maximum age and the time.
 * @returns The type of the key that signed.
 * @throws {@link ServerError} `SIGNATURE_INVALID` when the sign is not `<32 hex>,<digits>` or
 *   no configured key matches.
 * @throws {@link ServerError} `CREDENTIAL_EXPIRED` when `maxAgeSec > 0` and the signed timestamp
 *   is more than `maxAgeSec` away from now (in either direction: a far-future timestamp would
 *   otherwise stay valid for ever).
 * @throws {@link ServerError} `INTERNAL` when `maxAgeSec` is negative or not finite.
 */
export function verifyMaxleapSign(
  sign: string,
  keys: MaxleapKeys,
  opts: MaxleapVerifyOptions,
): MaxleapKeyType {
  const { maxAgeSec } = opts;
  const nowMs = opts.nowMs ?? Date.now();
  if (typeof maxAgeSec !== 'number' || !Number.isFinite(maxAgeSec) || maxAgeSec < 0) {
    throw new ServerError(ErrorCode.INTERNAL, 'the MaxLeap signature max age is misconfigured');
  }
  const match =
    typeof sign === 'string' && sign.length <= SIGN_MAX_CHARS
      ? /^([0-9a-fA-F]{32}),([0-9]{1,16})$/.exec(sign)
      : null;
  const digest = match?.[1];
  // Kept as text: the client hashed the digits it sent, leading zeros included.
  const timestampText = match?.[2];
  if (digest === undefined || timestampText === undefined) {
    throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'sign is malformed');
  }
  const given = digest.toLowerCase();
  let matched: MaxleapKeyType | undefined;
  for (const type of KEY_ORDER) {
    const key = keys[type];
    if (typeof key !== 'string' || key.length === 0) continue;
    const equal = stringsEqual(given, md5Hex(timestampText + key));
    if (equal && matched === undefined) matched = type;
  }
  if (matched === undefined) {
    throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'sign does not match any app key');
  }
  if (maxAgeSec > 0 && Math.abs(nowMs - Number(timestampText)) > maxAgeSec * 1000) {
    throw new ServerError(
      ErrorCode.CREDENTIAL_EXPIRED,
      'sign timestamp is outside the accepted age',
    );
  }
  return matched;
}
