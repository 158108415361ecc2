import { describe, expect, it } from 'vitest';
import { compareKeys, isValidKey } from './keys.js';
import type { StorageKey } from './storage.js';

describe('compareKeys', () => {
  it('sorts numbers before strings', () => {
    expect(compareKeys([Number.MAX_SAFE_INTEGER], [''])).toBeLessThan(0);
    expect(compareKeys(['0'], [0])).toBeGreaterThan(0);
  });

  it('compares numbers numerically, negatives and fractions included', () => {
    expect(compareKeys([-1.5], [-1])).toBeLessThan(0);
    expect(compareKeys([2], [10])).toBeLessThan(0);
    expect(compareKeys([0.25], [0.5])).toBeLessThan(0);
    expect(compareKeys([3], [3])).toBe(0);
  });

  it('compares strings by UTF-16 code units, not locale', () => {
    expect(compareKeys(['B'], ['a'])).toBeLessThan(0);
    expect(compareKeys([''], ['a'])).toBeLessThan(0);
    // '😀' is the surrogate pair D83D DE00, below U+FFFF by code unit though above it by code point.
    expect(compareKeys(['😀'], ['\uffff'])).toBeLessThan(0);
    expect(compareKeys(['é'], ['z'])).toBeGreaterThan(0);
  });

  it('sorts a proper prefix before its extensions', () => {
    expect(compareKeys(['a'], ['a', 0])).toBeLessThan(0);
    expect(compareKeys(['a', 1, 'x'], ['a', 1])).toBeGreaterThan(0);
    expect(compareKeys(['a'], ['ab'])).toBeLessThan(0);
    expect(compareKeys(['a', 'z'], ['ab'])).toBeLessThan(0);
  });

  it('decides on the first differing part', () => {
    expect(compareKeys(['msg', 'c', 2], ['msg', 'c', 10])).toBeLessThan(0);
    expect(compareKeys(['msg', 5, 'z'], ['msg', 'a', 'a'])).toBeLessThan(0);
    expect(compareKeys(['x', 'y', 1], ['x', 'y', 1])).toBe(0);
  });

  it('sorts a shuffled list into the expected order', () => {
    const expected: StorageKey[] = [[-10], [-0.5], [0], [1], [1, 'a'], [2], [''], ['', 0], ['a'], ['a', -1], ['a', 'b'], ['ab'], ['b'], ['\u00e9'], ['😀'], ['\uffff']];
    const shuffled = [...expected].reverse();
    shuffled.push(...shuffled.splice(0, 5));
    expect(shuffled.sort(compareKeys)).toEqual(expected);
  });
});

describe('isValidKey', () => {
  it('accepts non-empty arrays of strings and finite numbers', () => {
    expect(isValidKey(['a'])).toBe(true);
    expect(isValidKey(['msg', 'c2c:bob', 42, -1.5, ''])).toBe(true);
  });

  it('refuses everything else', () => {
    for (const bad of [[], [Number.NaN], [Number.POSITIVE_INFINITY], ['a', Number.NEGATIVE_INFINITY], [['nested']], [null], [undefined], [true], [{}], 'a', 1, null, undefined, {}]) {
      expect(isValidKey(bad), JSON.stringify(bad) ?? String(bad)).toBe(false);
    }
    // A sparse array has a hole, which is not a part.
    expect(isValidKey(new Array(2))).toBe(false);
  });
});
