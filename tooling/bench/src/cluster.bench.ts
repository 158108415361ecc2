// Cluster benchmark (issue 12: messages/s and p99 latency with one node and with two nodes on
// this machine). Three set-ups under the same load generator as server.bench.ts, in one run:
//
//  (a) one node on SQLite and the in-process bus: the baseline, today's Parley run;
//  (b) one node on PostgreSQL and Redis;
//  (c) two nodes on PostgreSQL and Redis, every sender on node 1 and every receiver on node 2,
//      so every message is stored through node 1 and crosses the Redis bus to reach node 2.
//
// Each set-up connects its clients and runs saturation; then all three run the fixed-rate
// phase at one common rate (half the lowest saturation, rounded down to 100), so latencies
// compare. Set-ups stay connected (idle) between the two phases. Every set-up on PostgreSQL
// gets a fresh schema and bus prefix, and its last node drops the schema when it stops.
//
// The Markdown report is cluster-report.ts.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { cpus } from 'node:os';
import { clusterReport } from './cluster-report.js';
import { type Cleanups, isQuick, ms, type PhaseOptions, progressOf, runCleanups, tempDir, withDefaults } from './common.js';
import { APP_ID, ParleyDriver } from './drivers.js';
import { fmt } from './harness.js';
import { Load, type PhaseFigures, type RateFigures, type Verdict } from './load.js';
import type { ChildStats } from './scripts/child-common.js';
import type { ServerBenchResult } from './server.bench.js';
import { type ChildHandle, startChild } from './server-child-process.js';

/**
 * Options of {@link runClusterBench}; every field has a default (the full run). Of the
 * {@link PhaseOptions}: `window` (messages in flight per sender) 4, `warmupMs` 2000,
 * `saturationMs` 10000, `rateWarmupMs` 2000, `rateMs` 10000, `tickMs` 5.
 */
export interface ClusterBenchOptions extends PhaseOptions {
  /** Connected clients per set-up, half senders, half receivers. @default 400 */
  clients?: number;
  /**
   * PostgreSQL and Redis. Unset: postgres://postgres@127.0.0.1:5432/test and
   * redis://127.0.0.1:6379. Either unreachable: the benchmark is skipped (and passes).
   */
  pgUrl?: string;
  redisUrl?: string;
}

const FALLBACK_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const FALLBACK_REDIS_URL = 'redis://127.0.0.1:6379';

/** The full run, or a shrunken one with `PARLEY_BENCH_QUICK=1`; URLs from PARLEY_TEST_PG_URL / PARLEY_TEST_REDIS_URL. */
export function clusterBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterBenchOptions {
  const urls = {
    ...(env.PARLEY_TEST_PG_URL && { pgUrl: env.PARLEY_TEST_PG_URL }),
    ...(env.PARLEY_TEST_REDIS_URL && { redisUrl: env.PARLEY_TEST_REDIS_URL }),
  };
  if (!isQuick(env)) return urls;
  return { ...urls, clients: 100, warmupMs: 1000, saturationMs: 4000, rateWarmupMs: 1000, rateMs: 4000 };
}

/** The resolved options of {@link runClusterBench}. */
export type Options = Required<Omit<ClusterBenchOptions, 'progress' | 'pgUrl' | 'redisUrl'>>;

/** One set-up: its nodes, load, and figures as they come in. */
export interface SetUp {
  readonly key: 'a' | 'b' | 'c';
  readonly label: string;
  readonly nodes: ChildHandle[];
  readonly load: Load;
  /** Machine-wide CPU times, sampled with every stats read (see {@link clusterHandle}). */
  readonly machine: MachineTimes[];
  /** The PostgreSQL schema (b, c). */
  readonly schema?: string;
  setupSeconds: number;
  saturation?: PhaseFigures;
  saturationBusy?: number;
  fixed?: RateFigures;
  fixedBusy?: number;
  verdict?: Verdict;
}

/** Machine-wide CPU times (every core, every process), ms. */
interface MachineTimes {
  busyMs: number;
  totalMs: number;
}

/** The machine's CPU times now. */
function machineTimes(): MachineTimes {
  let busyMs = 0;
  let totalMs = 0;
  for (const { times } of cpus()) {
    const busy = times.user + times.nice + times.sys + times.irq;
    busyMs += busy;
    totalMs += busy + times.idle;
  }
  return { busyMs, totalMs };
}

/** Cores busy (all processes: nodes, PostgreSQL, Redis, load generator) between two samples. */
function busyCores(a: MachineTimes | undefined, b: MachineTimes | undefined): number {
  if (!a || !b || b.totalMs <= a.totalMs) return Number.NaN;
  return ((b.busyMs - a.busyMs) / (b.totalMs - a.totalMs)) * cpus().length;
}

/**
 * The nodes of a set-up as one server for {@link Load}: CPU and RSS summed, event-loop delay
 * the worse node's. Each stats read also samples machine-wide CPU times into `machine`; Load
 * reads stats exactly at the start and end of each measured window.
 */
function clusterHandle(nodes: ChildHandle[], machine: MachineTimes[]): ChildHandle {
  return {
    url: nodes[0]!.url,
    get problems() {
      return nodes.flatMap((node) => node.problems);
    },
    async stats(): Promise<ChildStats> {
      const all = await Promise.all(nodes.map((node) => node.stats()));
      machine.push(machineTimes());
      const sum = (pick: (s: ChildStats) => number) => all.reduce((total, s) => total + pick(s), 0);
      const max = (pick: (s: ChildStats) => number) => Math.max(...all.map(pick));
      return {
        type: 'stats',
        user: sum((s) => s.user),
        system: sum((s) => s.system),
        rss: sum((s) => s.rss),
        heapUsed: sum((s) => s.heapUsed),
        dropped: sum((s) => s.dropped),
        loopDelayP99Ms: max((s) => s.loopDelayP99Ms),
        loopDelayMaxMs: max((s) => s.loopDelayMaxMs),
      };
    },
    async stop() {
      // In order: the last node drops the schema once the others are gone.
      for (const node of nodes) await node.stop();
    },
    kill() {
      for (const node of nodes) node.kill();
    },
  };
}

/** Whether a TCP connection to the URL's host and port opens within `timeoutMs`. */
function reachable(url: string, defaultPort: number, timeoutMs = 1500): Promise<boolean> {
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    port = Number(parsed.port) || defaultPort;
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** `url` with the query parameter `name` set to `value`. */
function withParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

/** Starts a set-up's nodes and connects its clients (senders to node 1, receivers to the last node). */
async function startSetUp(
  key: SetUp['key'],
  o: Options,
  backends: { pgUrl: string; redisUrl: string; runId: string },
  progress: (line: string) => void,
  cleanups: Cleanups,
): Promise<SetUp> {
  const nodeCount = key === 'c' ? 2 : 1;
  const label = { a: '(a) 1 node, SQLite + local bus (baseline)', b: '(b) 1 node, PostgreSQL + Redis', c: '(c) 2 nodes, PostgreSQL + Redis' }[key];
  const secret = randomBytes(24).toString('hex');
  const schema = key === 'a' ? undefined : `parley_bench_${backends.runId}_${key}`;
  const nodes: ChildHandle[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const dataDir = tempDir('parley-bench-', cleanups);
    const node = await startChild({
      mode: 'parley',
      dataDir,
      appId: APP_ID,
      secret,
      ...(schema !== undefined && {
        store: withParam(backends.pgUrl, 'schema', schema),
        bus: withParam(backends.redisUrl, 'prefix', `parley-bench-${backends.runId}-${key}`),
        dropSchemaOnStop: i === nodeCount - 1,
      }),
    });
    // Last in, first out: node 1 stops before the node that drops the schema.
    cleanups.push(() => node.stop());
    nodes.push(node);
  }
  const machine: MachineTimes[] = [];
  const driver = new ParleyDriver(nodes[0]!.url, secret, { label, receiverUrl: nodes[nodes.length - 1]!.url });
  const load = new Load(driver, clusterHandle(nodes, machine), o.clients);
  cleanups.push(() => load.close());
  progress(`cluster: ${label}: connecting ${fmt(o.clients)} clients…`);
  const started = performance.now();
  await load.connect();
  return { key, label, nodes, load, machine, ...(schema !== undefined && { schema }), setupSeconds: (performance.now() - started) / 1000 };
}

/**
 * Runs the cluster benchmark: set-ups (a), (b) and (c) (see the module comment), each node in
 * a child process. Skipped, with `pass` true, when PostgreSQL or Redis is unreachable.
 *
 * @throws {Error} (as a rejection) when a node fails to start or a client cannot log in.
 */
export async function runClusterBench(options: ClusterBenchOptions = {}): Promise<ServerBenchResult> {
  const o = withDefaults<Options>(options, { clients: 400, window: 4, warmupMs: 2000, saturationMs: 10_000, rateWarmupMs: 2000, rateMs: 10_000, tickMs: 5 });
  const progress = progressOf(options);
  const pgUrl = options.pgUrl ?? FALLBACK_PG_URL;
  const redisUrl = options.redisUrl ?? FALLBACK_REDIS_URL;
  const [pgUp, redisUp] = await Promise.all([reachable(pgUrl, 5432), reachable(redisUrl, 6379)]);
  if (!pgUp || !redisUp) {
    const missing = [!pgUp && `PostgreSQL (${pgUrl})`, !redisUp && `Redis (${redisUrl})`].filter(Boolean).join(' and ');
    const why = `${missing} not reachable; set PARLEY_TEST_PG_URL and PARLEY_TEST_REDIS_URL`;
    return { markdown: `### Cluster: one node and two nodes on PostgreSQL + Redis\n\nSkipped: ${why}.`, pass: true, summary: `cluster: skipped — ${why}` };
  }

  const started = performance.now();
  const runId = randomBytes(4).toString('hex');
  const cleanups: Cleanups = [];
  const setUps: SetUp[] = [];
  const dropFailures: string[] = [];
  let rate: number;
  try {
    for (const key of ['a', 'b', 'c'] as const) {
      const s = await startSetUp(key, o, { pgUrl, redisUrl, runId }, progress, cleanups);
      setUps.push(s);
      progress(`cluster: ${s.label}: saturation, ${o.window} in flight per sender, ${o.warmupMs / 1000} s ramp-up + ${o.saturationMs / 1000} s measured…`);
      const from = s.machine.length;
      s.saturation = await s.load.saturate(o.window, o.warmupMs, o.saturationMs);
      s.saturationBusy = busyCores(s.machine[from], s.machine[from + 1]);
      progress(`cluster: ${s.label}: ${fmt(s.saturation.perSec)} msg/s delivered`);
    }
    const lowest = Math.min(...setUps.map((s) => s.saturation!.perSec));
    rate = Math.max(100, Math.floor(lowest / 2 / 100) * 100);
    for (const s of setUps) {
      progress(`cluster: ${s.label}: fixed rate ${fmt(rate)} msg/s, ${o.rateWarmupMs / 1000} s lead-in + ${o.rateMs / 1000} s measured…`);
      const from = s.machine.length;
      s.fixed = await s.load.fixedRate(rate, o.rateWarmupMs, o.rateMs, o.tickMs);
      s.fixedBusy = busyCores(s.machine[from], s.machine[from + 1]);
      progress(`cluster: ${s.label}: p50 ${ms(s.fixed.p50)}, p99 ${ms(s.fixed.p99)}, max ${ms(s.fixed.max)}`);
    }
    for (const s of setUps) {
      s.verdict = s.load.verdict();
      s.load.close();
      for (const node of s.nodes) await node.stop();
      const failed = s.nodes.flatMap((node) => node.problems).find((line) => line.includes('drop schema failed'));
      if (failed) dropFailures.push(`${s.schema}: ${failed.slice(0, 200)}`);
    }
  } finally {
    await runCleanups(cleanups);
  }
  return clusterReport(o, setUps, rate, dropFailures, (performance.now() - started) / 1000);
}
