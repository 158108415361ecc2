/**
 * Turns a {@link KvSelector} into the encoded byte range and limit that every backend scans,
 * so the backends agree on how `prefix`, `start`, `end`, `limit` and `reverse` combine.
 */

import { compareBytes, encodeKey, prefixRange } from './keys.js';
import type { KvSelector } from './types.js';

/** A validated, encoded {@link KvSelector}. */
export interface ResolvedSelector {
  /** Inclusive lower bound of encoded keys. */
  readonly start: Uint8Array;
  /** Exclusive upper bound of encoded keys. When `start >= end` the range is empty. */
  readonly end: Uint8Array;
  /** Maximum rows; `Infinity` when unlimited. */
  readonly limit: number;
  readonly reverse: boolean;
}

/**
 * Resolves a selector. `start` and `end` only ever narrow the prefix range: a bound outside
 * the prefix is clamped to it, so no key outside the prefix can be listed.
 *
 * @throws {TypeError} when a key component is invalid (see `encodeKey`).
 * @throws {RangeError} when `limit` is not a non-negative integer.
 */
export function resolveSelector(selector: KvSelector): ResolvedSelector {
  const range = prefixRange(selector.prefix);
  let start = range.start;
  let end = range.end;
  if (selector.start !== undefined) {
    const bound = encodeKey(selector.start);
    if (compareBytes(bound, start) > 0) start = bound;
  }
  if (selector.end !== undefined) {
    const bound = encodeKey(selector.end);
    if (compareBytes(bound, end) < 0) end = bound;
  }
  const limit = selector.limit ?? Number.POSITIVE_INFINITY;
  if (limit !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError(`list limit ${String(limit)} is not a non-negative integer`);
  }
  return { start, end, limit, reverse: selector.reverse === true };
}

/** Whether a resolved selector can match nothing, so backends can skip the scan. */
export function isEmptySelection(selection: ResolvedSelector): boolean {
  return selection.limit === 0 || compareBytes(selection.start, selection.end) >= 0;
}
