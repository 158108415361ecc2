import { describe, expect, it } from 'vitest';
import { compareBytes, decodeKey, encodeKey, prefixRange } from '../../src/store/keys.js';
import type { Key, KeyPart } from '../../src/store/types.js';

/** mulberry32: a tiny seeded PRNG, so failures reproduce (fast-check is not a dependency here). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters chosen to hit the encoding's edges: NUL (escaped), 0x01 and 0x7F/0x80 (one- and
// two-byte UTF-8 boundaries), U+07FF/U+0800, U+E000..U+FFFF (where UTF-16 and code point
// order disagree with astral characters), and astral characters (surrogate pairs).
const ALPHABET = [
  '\u0000',
  '\u0001',
  'a',
  'b',
  '\u007f',
  '\u0080',
  'é',
  '\u07ff',
  '\u0800',
  '\uE000',
  '\uFFFF',
  '😀',
  '\u{10FFFF}',
];
const NUMBERS = [
  0,
  1,
  2,
  9,
  10,
  255,
  256,
  65535,
  65536,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 32 + 1,
  Number.MAX_SAFE_INTEGER,
];

function randomPart(next: () => number): KeyPart {
  const r = next();
  if (r < 0.2) return NUMBERS[Math.floor(next() * NUMBERS.length)]!;
  if (r < 0.4) return Math.floor(next() * 2 ** Math.floor(next() * 54));
  const length = Math.floor(next() * 4);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  return s;
}

function randomKey(next: () => number): KeyPart[] {
  const length = Math.floor(next() * 4);
  return Array.from({ length }, () => randomPart(next));
}

/** A key near `base`: a prefix of it, an extension, or one part changed, so prefixes collide. */
function relatedKey(base: readonly KeyPart[], next: () => number): KeyPart[] {
  const r = next();
  if (r < 0.25) return base.slice(0, Math.floor(next() * (base.length + 1)));
  if (r < 0.5) return [...base, randomPart(next)];
  const out = [...base];
  if (out.length === 0) return [randomPart(next)];
  const i = Math.floor(next() * out.length);
  const part = out[i]!;
  out[i] =
    typeof part === 'string' && next() < 0.5
      ? part + ALPHABET[Math.floor(next() * ALPHABET.length)]!
      : randomPart(next);
  return out;
}

/** Code point order, independent of the encoding (JavaScript's `<` compares UTF-16 units). */
function compareStrings(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
  }
  return ca.length - cb.length;
}

/** The tuple order of `Key`: component by component, numbers before strings, prefix first. */
function compareTuples(a: Key, b: Key): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else if (typeof x === 'number') {
      return -1;
    } else if (typeof y === 'number') {
      return 1;
    } else {
      const d = compareStrings(x, y);
      if (d !== 0) return d;
    }
  }
  return a.length - b.length;
}

function isTuplePrefix(prefix: Key, key: Key): boolean {
  return prefix.length <= key.length && prefix.every((part, i) => part === key[i]);
}

function inRange(k: Uint8Array, range: { start: Uint8Array; end: Uint8Array }): boolean {
  return compareBytes(range.start, k) <= 0 && compareBytes(k, range.end) < 0;
}

const sign = (n: number) => Math.sign(n);

describe('encodeKey / decodeKey', () => {
  it('round trips random keys', () => {
    const next = rng(1);
    for (let i = 0; i < 5000; i++) {
      const key = randomKey(next);
      expect(decodeKey(encodeKey(key))).toEqual(key);
    }
  });

  it('round trips edge cases', () => {
    const cases: Key[] = [
      [],
      [''],
      ['', ''],
      ['\u0000'],
      ['\u0000\u0000', '\u0000'],
      ['a\u0000b', 0],
      ['😀', '\u{1F600}\u{10FFFF}'],
      [0, Number.MAX_SAFE_INTEGER, 2 ** 32],
      ['\uFFFF\uE000'],
    ];
    for (const key of cases) expect(decodeKey(encodeKey(key))).toEqual(key);
  });

  it('has the documented layout', () => {
    expect(Array.from(encodeKey([1]))).toEqual([0x01, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(encodeKey([2 ** 32 + 2]))).toEqual([0x01, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(Array.from(encodeKey(['a\u0000b']))).toEqual([0x02, 0x61, 0x00, 0xff, 0x62, 0x00]);
    expect(Array.from(encodeKey(['']))).toEqual([0x02, 0x00]);
    expect(Array.from(encodeKey(['😀']))).toEqual([0x02, 0xf0, 0x9f, 0x98, 0x80, 0x00]);
    expect(encodeKey([]).length).toBe(0);
  });

  it('encodes -0 as 0', () => {
    expect(decodeKey(encodeKey([-0]))).toEqual([0]);
    expect(Object.is(decodeKey(encodeKey([-0]))[0], 0)).toBe(true);
  });

  it('rejects invalid components with TypeError', () => {
    const bad: unknown[] = [
      -1,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 53,
      null,
      undefined,
      true,
      {},
      10n,
    ];
    for (const part of bad) expect(() => encodeKey([part as KeyPart])).toThrow(TypeError);
    for (const s of ['\uD800', 'a\uDC00', '\uDBFF\uDBFF', 'x\uD83D']) {
      expect(() => encodeKey([s])).toThrow(TypeError);
    }
  });

  it('rejects malformed bytes with TypeError', () => {
    const bad = [
      [0x03],
      [0xff],
      [0x01, 0, 0, 0],
      [0x01, 0x00, 0x20, 0, 0, 0, 0, 0, 0], // 2^53: above MAX_SAFE_INTEGER
      [0x02, 0x61],
      [0x02, 0x61, 0x00, 0xff],
      [0x02, 0xc3, 0x00], // truncated UTF-8 sequence
      [0x02, 0xed, 0xa0, 0x80, 0x00], // an encoded surrogate
      [0x02, 0x00, 0x07],
    ];
    for (const b of bad) expect(() => decodeKey(Uint8Array.from(b))).toThrow(TypeError);
  });

  it('decodes from a view with an offset', () => {
    const k = encodeKey(['view', 7]);
    const backing = new Uint8Array(k.length + 4);
    backing.set(k, 2);
    expect(decodeKey(backing.subarray(2, 2 + k.length))).toEqual(['view', 7]);
  });
});

describe('order', () => {
  it('byte order of encodings equals tuple order (random pairs)', () => {
    const next = rng(2);
    for (let i = 0; i < 20000; i++) {
      const a = randomKey(next);
      const b = next() < 0.5 ? randomKey(next) : relatedKey(a, next);
      const actual = sign(compareBytes(encodeKey(a), encodeKey(b)));
      if (actual !== sign(compareTuples(a, b))) {
        throw new Error(`order mismatch for ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
  });

  it('sorting by encoding sorts by tuple order', () => {
    const next = rng(3);
    const keys = Array.from({ length: 2000 }, () => randomKey(next));
    const byBytes = keys
      .map((key) => ({ key, k: encodeKey(key) }))
      .sort((x, y) => compareBytes(x.k, y.k))
      .map((x) => x.key);
    const byTuple = [...keys].sort(compareTuples);
    expect(byBytes).toEqual(byTuple);
  });

  it('orders the documented cases', () => {
    const ordered: Key[] = [
      [],
      [0],
      [2],
      [10],
      [Number.MAX_SAFE_INTEGER],
      [''],
      ['', 0],
      ['', ''],
      ['\u0000'],
      ['a'],
      ['a', 1],
      ['a', 10],
      ['a', 'b'],
      ['a', 'b', 0],
      ['a', 'b\u0000'],
      ['a', 'bc'],
      ['a\u0000'],
      ['ab'],
      ['é'],
      ['\uE000'],
      ['\uFFFF'],
      ['😀'],
    ];
    for (let i = 1; i < ordered.length; i++) {
      const a = ordered[i - 1]!;
      const b = ordered[i]!;
      expect(
        compareBytes(encodeKey(a), encodeKey(b)),
        `${JSON.stringify(a)} < ${JSON.stringify(b)}`,
      ).toBeLessThan(0);
    }
  });
});

describe('prefixRange', () => {
  it('contains exactly the keys that extend the prefix (random pairs)', () => {
    const next = rng(4);
    for (let i = 0; i < 20000; i++) {
      const prefix = randomKey(next);
      const key = next() < 0.5 ? relatedKey(prefix, next) : randomKey(next);
      const range = prefixRange(prefix);
      const expected = isTuplePrefix(prefix, key);
      if (inRange(encodeKey(key), range) !== expected) {
        throw new Error(`prefixRange(${JSON.stringify(prefix)}) wrong for ${JSON.stringify(key)}`);
      }
      if (expected) {
        // A prefix's encoding is a byte prefix of its extensions' encodings.
        const p = encodeKey(prefix);
        expect(encodeKey(key).subarray(0, p.length)).toEqual(p);
      }
    }
  });

  it('keeps sibling prefixes apart', () => {
    const cases: [Key, Key][] = [
      [
        ['a', 'b'],
        ['a', 'bc'],
      ],
      [
        ['a', 'b'],
        ['a', 'b\u0000'],
      ],
      [
        ['a', 'b'],
        ['a', 'b\u0000', 'c'],
      ],
      [['a'], ['a\u0000']],
      [
        ['a', 1],
        ['a', 10],
      ],
      [
        ['a', 1],
        ['a', 256],
      ],
      [
        ['a', ''],
        ['a', '\u0000'],
      ],
    ];
    for (const [prefix, sibling] of cases) {
      expect(inRange(encodeKey(sibling), prefixRange(prefix))).toBe(false);
      expect(inRange(encodeKey(prefix), prefixRange(sibling))).toBe(false);
      expect(inRange(encodeKey([...prefix, 'x']), prefixRange(prefix))).toBe(true);
      expect(inRange(encodeKey([...prefix, 0]), prefixRange(prefix))).toBe(true);
    }
  });

  it('includes the prefix itself, and the empty prefix includes everything', () => {
    expect(inRange(encodeKey(['a']), prefixRange(['a']))).toBe(true);
    const all = prefixRange([]);
    for (const key of [[], [0], [''], ['\u{10FFFF}', Number.MAX_SAFE_INTEGER]] satisfies Key[]) {
      expect(inRange(encodeKey(key), all)).toBe(true);
    }
  });
});

describe('compareBytes', () => {
  it('is lexicographic with shorter prefixes first', () => {
    const b = (...xs: number[]) => Uint8Array.from(xs);
    expect(compareBytes(b(), b())).toBe(0);
    expect(compareBytes(b(1, 2), b(1, 2))).toBe(0);
    expect(compareBytes(b(1), b(1, 0))).toBeLessThan(0);
    expect(compareBytes(b(1, 0), b(1))).toBeGreaterThan(0);
    expect(compareBytes(b(0xff), b(0x00, 0xff))).toBeGreaterThan(0);
    expect(compareBytes(b(1, 2), b(1, 3))).toBeLessThan(0);
  });
});
