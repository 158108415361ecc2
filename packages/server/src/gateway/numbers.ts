/**
 * PROTOCOL.md §2: 64-bit integers on the wire never exceed 2^53 − 1, so they decode to exact
 * numbers. The codecs decode larger ones anyway (as inexact numbers; a JSON `-1` in a uint64
 * field arrives as 2^64 − 1), and such a number would reach store keys and arithmetic deep in a
 * handler. The gateway refuses the request up front instead.
 */

/**
 * The dotted path of the first number in `value` whose magnitude exceeds 2^53 − 1 (infinities
 * included), or `undefined` when there is none. Walks plain objects, decoded messages and
 * arrays; bytes and unknown-field buffers are skipped. Depth is bounded by the decoder's
 * nesting limit. Runs on every request, so the walk builds no strings; the path is worked out
 * only for a request that has such a number.
 */
export function unsafeNumberField(value: unknown): string | undefined {
  return hasUnsafeNumber(value) ? pathOfUnsafe(value, '') : undefined;
}

function hasUnsafeNumber(value: unknown): boolean {
  if (typeof value === 'number') return Math.abs(value) > Number.MAX_SAFE_INTEGER;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasUnsafeNumber(value[i])) return true;
    return false;
  }
  for (const key in value) {
    if (key !== '$unknowns' && Object.hasOwn(value, key) && hasUnsafeNumber((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function pathOfUnsafe(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Math.abs(value) > Number.MAX_SAFE_INTEGER ? path || 'value' : undefined;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfUnsafe(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key === '$unknowns') continue;
    const found = pathOfUnsafe((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
