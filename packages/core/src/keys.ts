import type { KeyPart, StorageKey } from './storage.js';

/**
 * Compares two storage keys in IndexedDB's array-key order, the order every
 * {@link StorageAdapter} must reproduce.
 *
 * Parts compare one by one: a number sorts before any string, numbers compare numerically,
 * strings compare by UTF-16 code units (JavaScript's `<` on strings, not locale order). When
 * every shared part is equal, the shorter key (a proper prefix) sorts first.
 *
 * @returns a negative number when `a` sorts before `b`, a positive one when after, `0` when equal.
 */
export function compareKeys(a: StorageKey, b: StorageKey): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const order = comparePart(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function comparePart(a: KeyPart, b: KeyPart): number {
  const aIsNumber = typeof a === 'number';
  if (aIsNumber !== (typeof b === 'number')) return aIsNumber ? -1 : 1;
  // Code-unit order is exactly what `<` does on strings; it also covers numbers (-0 equals 0, as in IndexedDB).
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * `true` when `key` is a valid {@link StorageKey}: a non-empty array whose parts are strings
 * or finite numbers. Anything else (NaN, infinities, nested arrays, an empty array) is refused
 * by adapters before they touch their backend.
 */
export function isValidKey(key: unknown): key is StorageKey {
  if (!Array.isArray(key) || key.length === 0) return false;
  for (const part of key as unknown[]) {
    if (typeof part === 'string') continue;
    if (typeof part !== 'number' || !Number.isFinite(part)) return false;
  }
  return true;
}
