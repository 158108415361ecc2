import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { invalidParam } from '../errors.js';
import { bytesEqual, md5Hex } from './digest.js';

/**
 * Account passwords (J and M accounts). Clients may send a password either in clear or as its
 * MD5 hex (JMessage's `is_md5`), so both forms are first normalised to the lowercase MD5 hex of
 * the clear text; that string is what scrypt stretches. One stored hash thus accepts either
 * form of the same password.
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`, self-describing so the cost
 * can be raised later without breaking existing rows.
 */

const SCHEME = 'scrypt';
const COST_N = 16384;
const BLOCK_R = 8;
const PARALLEL_P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Longest password accepted, in UTF-8 bytes (hashing megabytes is a cheap DoS). */
export const PASSWORD_MAX_BYTES = 1024;

/**
 * Upper bounds on the parameters read back from a stored row. A corrupt or hostile row could
 * otherwise ask for gigabytes of memory or minutes of CPU per login attempt.
 */
const MAX_N = 1 << 16;
const MAX_R = 16;
const MAX_P = 4;
const MAX_MEMORY_BYTES = 64 * 1024 * 1024;
const MIN_SALT_BYTES = 8;
const MAX_SALT_BYTES = 64;

interface ScryptParams {
  n: number;
  r: number;
  p: number;
}

/** `crypto.scrypt` as a promise; `util.promisify` loses the options overload's types. */
function scryptAsync(
  secret: string,
  salt: Buffer,
  keyLength: number,
  params: ScryptParams,
): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; the default maxmem (32 MiB) is too tight for some of the
  // parameters a stored row may legitimately carry, and the caps above bound it anyway.
  const options: ScryptOptions = {
    N: params.n,
    r: params.r,
    p: params.p,
    maxmem: 128 * params.n * params.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * Normalises a password to the string scrypt stretches, or returns why it is refused.
 */
function normalise(
  password: string,
  isMd5: boolean,
): { ok: true; value: string } | { ok: false; why: string } {
  if (typeof password !== 'string' || password.length === 0) {
    return { ok: false, why: 'must not be empty' };
  }
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    return { ok: false, why: `must be at most ${PASSWORD_MAX_BYTES} bytes` };
  }
  if (isMd5) {
    if (!/^[0-9a-fA-F]{32}$/.test(password)) {
      return { ok: false, why: 'must be 32 hex characters when sent as MD5' };
    }
    return { ok: true, value: password.toLowerCase() };
  }
  return { ok: true, value: md5Hex(password) };
}

/**
 * Hashes a password for storage.
 *
 * @param password - The clear-text password, or its MD5 hex when `isMd5`.
 * @param isMd5 - Whether `password` is already the MD5 hex of the clear text.
 * @returns `scrypt$16384$8$1$<salt base64>$<hash base64>` with a fresh random salt.
 * @throws {@link ServerError} `INVALID_PARAM` when the password is empty, longer than
 *   {@link PASSWORD_MAX_BYTES} UTF-8 bytes, or (with `isMd5`) not 32 hex characters.
 */
export async function hashPassword(password: string, isMd5: boolean): Promise<string> {
  const normalised = normalise(password, isMd5);
  if (!normalised.ok) throw invalidParam('password', normalised.why);
  const salt = randomBytes(SALT_BYTES);
  const params = { n: COST_N, r: BLOCK_R, p: PARALLEL_P };
  const key = await scryptAsync(normalised.value, salt, KEY_BYTES, params);
  return [
    SCHEME,
    COST_N,
    BLOCK_R,
    PARALLEL_P,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** Decodes canonical standard base64 (padding included), or `undefined`. */
function decodeBase64Strict(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    return undefined;
  }
  return Buffer.from(text, 'base64');
}

/** Parses a decimal integer within [min, max], or `undefined`. */
function parseBoundedInt(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parseStored(stored: string): StoredHash | undefined {
  if (typeof stored !== 'string' || stored.length > 512) return undefined;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== SCHEME) return undefined;
  const n = parseBoundedInt(parts[1], 2, MAX_N);
  const r = parseBoundedInt(parts[2], 1, MAX_R);
  const p = parseBoundedInt(parts[3], 1, MAX_P);
  if (n === undefined || r === undefined || p === undefined) return undefined;
  // scrypt requires N to be a power of two.
  if ((n & (n - 1)) !== 0) return undefined;
  if (128 * n * r > MAX_MEMORY_BYTES) return undefined;
  const salt = decodeBase64Strict(parts[4] ?? '');
  const hash = decodeBase64Strict(parts[5] ?? '');
  if (salt === undefined || salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
    return undefined;
  }
  // Exactly the length we write: scrypt outputs of different lengths share their prefix, so a
  // truncated row would otherwise still verify, against fewer bits.
  if (hash === undefined || hash.length !== KEY_BYTES) return undefined;
  return { params: { n, r, p }, salt, hash };
}

/**
 * Checks a password against a stored hash. Never throws: an unusable password or a corrupt row
 * is simply not a match, so a login fails instead of crashing.
 *
 * @param password - The clear-text password, or its MD5 hex when `isMd5`.
 * @param isMd5 - Whether `password` is already the MD5 hex of the clear text.
 * @param stored - A string produced by {@link hashPassword} (parameters are read from it).
 * @returns Whether the password matches.
 * @throws Never (the promise never rejects).
 */
export async function verifyPassword(
  password: string,
  isMd5: boolean,
  stored: string,
): Promise<boolean> {
  const normalised = normalise(password, isMd5);
  if (!normalised.ok) return false;
  const parsed = parseStored(stored);
  if (parsed === undefined) return false;
  try {
    const key = await scryptAsync(normalised.value, parsed.salt, parsed.hash.length, parsed.params);
    return bytesEqual(key, parsed.hash);
  } catch {
    // Parameters within the caps can still be refused (e.g. p·r too large for this OpenSSL).
    return false;
  }
}
