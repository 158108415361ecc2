// A small benchmark harness for noisy shared machines: contenders run in interleaved rounds
// (so a burst of load from a neighbour hits all of them), each round runs for a fixed time,
// and the median round is reported. Results are always shown next to a baseline's.

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Rounds per contender; the median is reported. @default 9 */
  rounds?: number;
  /** Minimum duration of one round in milliseconds. @default 150 */
  roundMs?: number;
  /** Untimed warm-up per contender in milliseconds (lets the JIT settle). @default 300 */
  warmupMs?: number;
}

export interface Measured {
  name: string;
  /** Median operations per second over the rounds. */
  opsPerSec: number;
  /** Slowest and fastest round, ops/s: the spread tells how noisy the run was. */
  min: number;
  max: number;
}

// Results are written here so the JIT cannot drop the work as dead code.
let sink: unknown;
export const consume = (value: unknown) => {
  sink = value;
};

function round(fn: () => unknown, ms: number): number {
  let ops = 0;
  let batch = 64;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < batch; i++) consume(fn());
    ops += batch;
    elapsed = performance.now() - start;
    if (elapsed < ms / 10) batch *= 2;
  }
  return (ops * 1000) / elapsed;
}

/** Measures every contender in interleaved rounds and returns their medians, in input order. */
export function compare(contenders: Record<string, () => unknown>, options: CompareOptions = {}): Measured[] {
  const { rounds = 9, roundMs = 150, warmupMs = 300 } = options;
  const names = Object.keys(contenders);
  for (const name of names) round(contenders[name]!, warmupMs);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so neither contender always runs right after the other's garbage.
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples.get(name)!.push(round(contenders[name]!, roundMs));
  }
  void sink;
  return names.map((name) => {
    const s = samples.get(name)!.sort((a, b) => a - b);
    return { name, opsPerSec: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
  });
}

/** Formats a number with thousands separators and `digits` decimals. */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Renders rows as a Markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}
