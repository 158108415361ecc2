/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) for the fuzzer.
 * Math.random cannot be seeded, and a failing fuzz case is only useful when its seed replays
 * the same stream of frames.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    let s = seed >>> 0;
    // splitmix32 spreads a small or patterned seed over the whole 128-bit state.
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** A uniform integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let roll = this.next() * total;
    for (const [key, w] of entries) {
      roll -= w;
      if (roll < 0) return key;
    }
    return (entries.at(-1) as [K, number])[0];
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  /** A short string mixing ASCII, accents, emoji, controls and lone surrogates. */
  text(maxLength: number): string {
    const pieces = ['a', 'Z', '0', ' ', 'é', '中', '😀', '\u0000', '\n', '"', '\\', '\ud800', '\udfff', '\u202e', '{', '%s'];
    let out = '';
    const n = this.int(maxLength + 1);
    for (let i = 0; i < n; i++) out += this.chance(0.7) ? String.fromCharCode(0x20 + this.int(95)) : this.pick(pieces);
    return out;
  }

  /** A generator of its own, derived from this seed and `labels` (streams that do not shift each other). */
  derive(...labels: number[]): Rng {
    let h = mix(this.seed);
    for (const label of labels) h = mix((h + mix(label + 0x632be5ab)) >>> 0);
    return new Rng(h);
  }
}

/** murmur3's finalizer: a bijection on 32 bits that spreads every input bit over the output. */
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Derives the seed of stream `k` of worker `w` from the run's seed (the same rule everywhere). */
export function streamSeed(seed: number, worker: number, k: number): number {
  return new Rng(seed).derive(worker, k).seed;
}
