/** Sizes of the client benchmarks; every field has a default (the full run). */
export interface ClientBenchOptions {
  /** The sizes were shrunk (`PARLEY_BENCH_QUICK=1`); the summary says so. */
  quick: boolean;
  /** Conversations of the reconnecting client. @default 100 */
  reconnectConvs: number;
  /** Messages that arrive while it is offline, across its conversations. @default 10000 */
  reconnectMessages: number;
  /** Offline → reconnect rounds (each adds `reconnectMessages`); medians are reported. @default 3 */
  reconnectRounds: number;
  /** Conversations in the cold-start cache. @default 1000 */
  coldConvs: number;
  /** Messages per conversation in the cold-start cache. @default 100 */
  coldPerConv: number;
  /** Page loads per contender in the cold-start benchmark; the median is reported. @default 5 */
  coldRounds: number;
}

/** The full run, or a shrunken one with `PARLEY_BENCH_QUICK=1`. */
export function clientBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ClientBenchOptions {
  const quick = Boolean(env.PARLEY_BENCH_QUICK) && env.PARLEY_BENCH_QUICK !== '0';
  if (quick) return { quick, reconnectConvs: 100, reconnectMessages: 2000, reconnectRounds: 1, coldConvs: 1000, coldPerConv: 10, coldRounds: 3 };
  return { quick, reconnectConvs: 100, reconnectMessages: 10_000, reconnectRounds: 3, coldConvs: 1000, coldPerConv: 100, coldRounds: 5 };
}

/** What each client benchmark returns to run.ts. */
export interface ClientBenchResult {
  markdown: string;
  /** One line for the summary. */
  summary: string;
  pass: boolean;
}
