import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Small hashing helpers shared by the credential checks of this folder. Internal to
 * `auth/`: the public entry points are the per-credential modules.
 */

/**
 * The lowercase hex MD5 of a string's UTF-8 bytes. MD5 is used here only because the
 * emulated vendors' wire formats (JMessage, MaxLeap, account passwords) define it; it is
 * never our own choice of integrity primitive.
 *
 * @param text - The text to hash.
 * @returns 32 lowercase hex characters.
 * @throws Never.
 */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * HMAC-SHA256 of a string's UTF-8 bytes, keyed by another string's UTF-8 bytes.
 *
 * @param key - The key; its UTF-8 bytes are the HMAC key (vendors do not hex-decode keys).
 * @param text - The message.
 * @returns The 32-byte MAC.
 * @throws Never.
 */
export function hmacSha256(key: string, text: string): Buffer {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(text, 'utf8').digest();
}

/**
 * Constant-time equality of two byte strings. Differing lengths return `false` at once:
 * the lengths compared here are public (fixed digest sizes), only the contents are secret.
 *
 * @param a - First value.
 * @param b - Second value.
 * @returns Whether both hold the same bytes.
 * @throws Never.
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Constant-time equality of two strings (hex digests, base64 text). The strings are compared
 * as UTF-16 code units, which maps every distinct JS string to distinct bytes (UTF-8 would
 * fold lone surrogates together). The caller normalises case beforehand where the format is
 * case-insensitive.
 *
 * @param a - First value.
 * @param b - Second value.
 * @returns Whether both strings are identical.
 * @throws Never.
 */
export function stringsEqual(a: string, b: string): boolean {
  return bytesEqual(Buffer.from(a, 'utf16le'), Buffer.from(b, 'utf16le'));
}
