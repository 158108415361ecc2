/**
 * Order-preserving encoding of tuple keys into bytes, in the manner of the FoundationDB tuple
 * layer: comparing two encodings bytewise gives the same answer as comparing the tuples
 * component by component, and a tuple's encoding is a byte prefix of the encoding of every
 * tuple that extends it. Backends therefore store and range-scan plain byte strings.
 *
 * Layout of one component:
 * - number: {@link NUMBER_TAG}, then the value as 8 bytes big-endian. Only non-negative safe
 *   integers are keys (seqs, cursors), so fixed width and unsigned order suffice.
 * - string: {@link STRING_TAG}, the UTF-8 bytes with every `0x00` written as `0x00 0xFF`, then a
 *   `0x00` terminator. UTF-8 never contains `0xFF`, so the escape is unambiguous; and because the
 *   terminator sorts below the escape and below every tag, "abc" sorts before "abc\0" and before
 *   any extension of "abc\0", as tuple order requires.
 *
 * The tags differ from FoundationDB's (whose integers sort after strings) because
 * {@link Key} promises that numbers sort before strings.
 *
 * Strings compare by Unicode code point (UTF-8 byte order), which is not JavaScript's `<`
 * (UTF-16 code units): "\u{1F600}" sorts after "\uE000" here.
 *
 * This format is persisted by the SQLite backend: changing it needs a data migration.
 */

import type { Key, KeyPart } from './types.js';

/** Tag byte of a number component. Below {@link STRING_TAG} so numbers sort first. */
export const NUMBER_TAG = 0x01;

/** Tag byte of a string component. */
export const STRING_TAG = 0x02;

const TERMINATOR = 0x00;
const ESCAPE = 0xff;
const NUMBER_BYTES = 8;
const TWO_32 = 0x1_0000_0000;
// The high 32-bit half of Number.MAX_SAFE_INTEGER (2^53 - 1).
const MAX_SAFE_HIGH = 0x1f_ffff;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An encoded key range: `start` inclusive, `end` exclusive. */
export interface KeyRange {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}

function describePart(part: unknown): string {
  return typeof part === 'string' ? JSON.stringify(part) : String(part);
}

/** Upper bound of a component's encoded size, so encodeKey allocates once. */
function maxEncodedSize(part: KeyPart): number {
  // A UTF-16 code unit becomes at most 3 UTF-8 bytes (a surrogate pair 4 bytes for 2 units);
  // an escaped NUL takes 2 bytes for 1 unit. Tag and terminator add 2.
  return typeof part === 'number' ? 1 + NUMBER_BYTES : 2 + 3 * part.length;
}

function writeNumber(out: Uint8Array, pos: number, value: number): number {
  out[pos++] = NUMBER_TAG;
  const high = Math.floor(value / TWO_32);
  const low = value - high * TWO_32;
  out[pos++] = (high >>> 24) & 0xff;
  out[pos++] = (high >>> 16) & 0xff;
  out[pos++] = (high >>> 8) & 0xff;
  out[pos++] = high & 0xff;
  out[pos++] = (low >>> 24) & 0xff;
  out[pos++] = (low >>> 16) & 0xff;
  out[pos++] = (low >>> 8) & 0xff;
  out[pos++] = low & 0xff;
  return pos;
}

function writeString(out: Uint8Array, pos: number, value: string): number {
  out[pos++] = STRING_TAG;
  // Hand-rolled UTF-8 so that lone surrogates are refused: TextEncoder would silently turn
  // them into U+FFFD, making distinct keys collide.
  for (let i = 0; i < value.length; i++) {
    let code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        throw new TypeError(`key string ${JSON.stringify(value)} contains a lone surrogate`);
      }
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (code === 0) {
      out[pos++] = TERMINATOR;
      out[pos++] = ESCAPE;
    } else if (code < 0x80) {
      out[pos++] = code;
    } else if (code < 0x800) {
      out[pos++] = 0xc0 | (code >> 6);
      out[pos++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[pos++] = 0xe0 | (code >> 12);
      out[pos++] = 0x80 | ((code >> 6) & 0x3f);
      out[pos++] = 0x80 | (code & 0x3f);
    } else {
      out[pos++] = 0xf0 | (code >> 18);
      out[pos++] = 0x80 | ((code >> 12) & 0x3f);
      out[pos++] = 0x80 | ((code >> 6) & 0x3f);
      out[pos++] = 0x80 | (code & 0x3f);
    }
  }
  out[pos++] = TERMINATOR;
  return pos;
}

/**
 * Encodes a tuple key into bytes whose bytewise order is the tuple order.
 *
 * @throws {TypeError} when a component is neither a string nor a non-negative safe integer, or
 *   when a string contains a lone surrogate (it has no UTF-8 form).
 */
export function encodeKey(key: Key): Uint8Array {
  let size = 0;
  for (const part of key) {
    if (typeof part === 'number') {
      if (!Number.isSafeInteger(part) || part < 0) {
        throw new TypeError(`key number ${describePart(part)} is not a non-negative safe integer`);
      }
    } else if (typeof part !== 'string') {
      throw new TypeError(`key part ${describePart(part)} is neither a string nor a number`);
    }
    size += maxEncodedSize(part);
  }
  const out = new Uint8Array(size);
  let pos = 0;
  for (const part of key) {
    pos = typeof part === 'number' ? writeNumber(out, pos, part) : writeString(out, pos, part);
  }
  // slice, not subarray: keys are long-lived (memory store, caches) and should not pin the
  // over-allocated buffer.
  return pos === size ? out : out.slice(0, pos);
}

function malformed(reason: string, offset: number): TypeError {
  return new TypeError(`malformed key encoding: ${reason} at byte ${offset}`);
}

/**
 * Decodes bytes produced by {@link encodeKey}.
 *
 * @throws {TypeError} when the bytes are not a valid encoding (unknown tag, truncated number,
 *   number above `Number.MAX_SAFE_INTEGER`, unterminated string or invalid UTF-8).
 */
export function decodeKey(bytes: Uint8Array): Key {
  const parts: KeyPart[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const tag = bytes[pos]!;
    if (tag === NUMBER_TAG) {
      if (pos + 1 + NUMBER_BYTES > bytes.length) throw malformed('truncated number', pos);
      let high = 0;
      let low = 0;
      for (let i = 1; i <= 4; i++) high = high * 256 + bytes[pos + i]!;
      for (let i = 5; i <= 8; i++) low = low * 256 + bytes[pos + i]!;
      if (high > MAX_SAFE_HIGH) throw malformed('number above MAX_SAFE_INTEGER', pos);
      parts.push(high * TWO_32 + low);
      pos += 1 + NUMBER_BYTES;
    } else if (tag === STRING_TAG) {
      const start = pos + 1;
      // Find the terminator: a 0x00 not followed by the 0xFF escape. Count escapes so the
      // common NUL-free string decodes straight from a subarray without a copy.
      let end = start;
      let escapes = 0;
      for (;;) {
        if (end >= bytes.length) throw malformed('unterminated string', pos);
        if (bytes[end] === TERMINATOR) {
          if (bytes[end + 1] === ESCAPE) {
            escapes++;
            end += 2;
            continue;
          }
          break;
        }
        end++;
      }
      let raw = bytes.subarray(start, end);
      if (escapes > 0) {
        const unescaped = new Uint8Array(raw.length - escapes);
        let w = 0;
        for (let r = 0; r < raw.length; r++) {
          const b = raw[r]!;
          unescaped[w++] = b;
          if (b === TERMINATOR) r++;
        }
        raw = unescaped;
      }
      try {
        parts.push(utf8.decode(raw));
      } catch (cause) {
        throw new TypeError(`malformed key encoding: invalid UTF-8 in string at byte ${pos}`, {
          cause,
        });
      }
      pos = end + 1;
    } else {
      throw malformed(`unknown tag 0x${tag.toString(16).padStart(2, '0')}`, pos);
    }
  }
  return parts;
}

/**
 * The encoded range of every key that has `prefix` as a tuple prefix, the prefix itself
 * included: `start` is the prefix's encoding and `end` (exclusive) is that encoding followed by
 * `0xFF`. An extension's encoding continues with a tag byte (below `0xFF`), so it falls inside;
 * a sibling such as `["a\0"]` for prefix `["a"]` continues with the `0xFF` of an escaped NUL and
 * then more bytes, so it sorts after `end` and stays outside.
 *
 * @throws {TypeError} as {@link encodeKey}.
 */
export function prefixRange(prefix: Key): KeyRange {
  const start = encodeKey(prefix);
  const end = new Uint8Array(start.length + 1);
  end.set(start);
  end[start.length] = 0xff;
  return { start, end };
}

/**
 * Compares two byte strings lexicographically (a shorter prefix sorts first).
 *
 * @returns a negative number if `a < b`, zero if equal, a positive number if `a > b`.
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
