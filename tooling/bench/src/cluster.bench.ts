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
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, table } from './harness.js';
import type { ChildStats } from './scripts/server-child.js';
import {
  APP_ID,
  type ChildHandle,
  describeVerdict,
  Load,
  mib,
  ms,
  ParleyDriver,
  type PhaseFigures,
  pct,
  type RateFigures,
  runCleanups,
  type ServerBenchResult,
  startChild,
  type Verdict,
  verdictProblems,
} from './server.bench.js';

/** Options of {@link runClusterBench}; every field has a default (the full run). */
export interface ClusterBenchOptions {
  /** Connected clients per set-up, half senders, half receivers. @default 400 */
  clients?: number;
  /** Messages in flight per sender during saturation. @default 4 */
  window?: number;
  /** Saturation: unmeasured ramp-up, then the measured time. @default 2000, 10000 */
  warmupMs?: number;
  saturationMs?: number;
  /** Fixed rate: unmeasured lead-in, then the measured time. @default 2000, 10000 */
  rateWarmupMs?: number;
  rateMs?: number;
  /** The fixed-rate scheduler's tick. @default 5 */
  tickMs?: number;
  /**
   * PostgreSQL and Redis. Unset: postgres://postgres@127.0.0.1:5432/test and
   * redis://127.0.0.1:6379. Either unreachable: the benchmark is skipped (and passes).
   */
  pgUrl?: string;
  redisUrl?: string;
  /** Progress lines while running. @default console.log */
  progress?: (line: string) => void;
}

const FALLBACK_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const FALLBACK_REDIS_URL = 'redis://127.0.0.1:6379';

/** The full run, or a shrunken one with `PARLEY_BENCH_QUICK=1`; URLs from PARLEY_TEST_PG_URL / PARLEY_TEST_REDIS_URL. */
export function clusterBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterBenchOptions {
  const urls = {
    ...(env.PARLEY_TEST_PG_URL && { pgUrl: env.PARLEY_TEST_PG_URL }),
    ...(env.PARLEY_TEST_REDIS_URL && { redisUrl: env.PARLEY_TEST_REDIS_URL }),
  };
  if (!env.PARLEY_BENCH_QUICK || env.PARLEY_BENCH_QUICK === '0') return urls;
  return { ...urls, clients: 100, warmupMs: 1000, saturationMs: 4000, rateWarmupMs: 1000, rateMs: 4000 };
}

type Options = Required<Omit<ClusterBenchOptions, 'progress' | 'pgUrl' | 'redisUrl'>>;

/** One set-up: its nodes, load, and figures as they come in. */
interface SetUp {
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

interface MachineTimes {
  busyMs: number;
  totalMs: number;
}

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
  cleanups: (() => Promise<void> | void)[],
): Promise<SetUp> {
  const nodeCount = key === 'c' ? 2 : 1;
  const label = { a: '(a) 1 node, SQLite + local bus (baseline)', b: '(b) 1 node, PostgreSQL + Redis', c: '(c) 2 nodes, PostgreSQL + Redis' }[key];
  const secret = randomBytes(24).toString('hex');
  const schema = key === 'a' ? undefined : `parley_bench_${backends.runId}_${key}`;
  const nodes: ChildHandle[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
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
  const o: Options = {
    clients: options.clients ?? 400,
    window: options.window ?? 4,
    warmupMs: options.warmupMs ?? 2000,
    saturationMs: options.saturationMs ?? 10_000,
    rateWarmupMs: options.rateWarmupMs ?? 2000,
    rateMs: options.rateMs ?? 10_000,
    tickMs: options.tickMs ?? 5,
  };
  const progress = options.progress ?? ((line: string) => console.log(line));
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
  const cleanups: (() => Promise<void> | void)[] = [];
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
  return report(o, setUps, rate, dropFailures, (performance.now() - started) / 1000);
}

// ---------------------------------------------------------------------------------------------
// Report

function report(o: Options, setUps: SetUp[], rate: number, dropFailures: string[], seconds: number): ServerBenchResult {
  const [a, b, c] = setUps as [Required<SetUp>, Required<SetUp>, Required<SetUp>];
  const cores = cpus().length;
  const cpuPer1k = (s: Required<SetUp>) => (s.saturation.serverCpuMs / s.saturation.delivered) * 1000;
  const problems = (s: Required<SetUp>) => verdictProblems(s.verdict);
  const correct = setUps.every((s) => problems(s as Required<SetUp>) === 0);
  const pass = correct && dropFailures.length === 0;
  // Busy cores, and what neither the nodes nor the load generator used: PostgreSQL, Redis, and
  // anything else running on the machine.
  const machine = (busy: number, phase: PhaseFigures) =>
    Number.isFinite(busy) ? `${fmt(busy, 1)} of ${cores} cores (others ${fmt(Math.max(0, busy - phase.serverShare - phase.genShare), 1)})` : 'n/a';

  const row = (s: Required<SetUp>) => [
    s.label,
    fmt(s.saturation.perSec),
    fmt(cpuPer1k(s), 1),
    pct(s.saturation.serverShare),
    machine(s.saturationBusy, s.saturation),
    `${fmt(rate)} → ${fmt(s.fixed.perSec)}${s.fixed.reached ? '' : ' (not reached)'}`,
    ms(s.fixed.p50),
    ms(s.fixed.p99),
    ms(s.fixed.max),
    problems(s) === 0 ? 'yes' : `**no (${fmt(problems(s))} problems)**`,
  ];
  const ratio = (s: Required<SetUp>) => [
    `**ratio ${s.key} / a**`,
    fmt(s.saturation.perSec / a.saturation.perSec, 2),
    fmt(cpuPer1k(s) / cpuPer1k(a), 2),
    '',
    '',
    '',
    `${fmt(s.fixed.p50 / a.fixed.p50, 1)}×`,
    `${fmt(s.fixed.p99 / a.fixed.p99, 1)}×`,
    '',
    '',
  ];
  const mainTable = table(
    ['set-up', 'msgs/s (saturation)', 'server CPU ms per 1k msgs', 'server CPU (saturation)', 'machine busy (saturation)', 'fixed rate: offered → delivered msg/s', 'p50', 'p99', 'max', 'exactly once'],
    [row(a), row(b), row(c), ratio(b), ratio(c)],
  );
  const detailTable = table(
    ['set-up', 'setup (connect + login)', 'server CPU (fixed rate)', 'machine busy (fixed rate)', 'load-gen CPU (saturation / fixed rate)', 'server RSS after fixed rate', 'server event-loop delay p99 / max (fixed rate)', 'latency samples', 'worst scheduler tick lateness'],
    setUps.map((u) => {
      const s = u as Required<SetUp>;
      return [
        s.label,
        `${fmt(s.setupSeconds, 1)} s`,
        pct(s.fixed.serverShare),
        machine(s.fixedBusy, s.fixed),
        `${pct(s.saturation.genShare)} / ${pct(s.fixed.genShare)}`,
        mib(s.fixed.serverRss),
        `${ms(s.fixed.serverLoopP99Ms)} / ${ms(s.fixed.serverLoopMaxMs)}`,
        fmt(s.fixed.samples),
        `${fmt(s.fixed.maxTickLateMs, 1)} ms`,
      ];
    }),
  );
  const logLines = setUps.flatMap((s) => s.nodes.flatMap((node) => node.problems).map((line) => `${s.key}: ${line}`));
  const cpu = cpus();
  const markdown = [
    '### Cluster: one node and two nodes on PostgreSQL + Redis',
    '',
    `${fmt(o.clients)} connected WebSocket clients per set-up (${fmt(Math.floor(o.clients / 2))} sender → receiver pairs, one C2C conversation each), the same load generator as the server benchmark, against three Parley set-ups measured in the same run: (a) one node on SQLite with the in-process bus (the baseline), (b) one node on PostgreSQL with the Redis bus, (c) two nodes on PostgreSQL with the Redis bus, every sender connected to node 1 and every receiver to node 2, so every message is stored through node 1 and crosses Redis to node 2. Each node is a child process; for (c) "server CPU" is the sum of both.`,
    `Machine: ${cores} × ${cpu[0]?.model ?? 'CPU'}, Node ${process.version}. Whole benchmark: ${fmt(seconds)} s.`,
    '',
    mainTable,
    '',
    `- **Saturation**: each sender keeps ${o.window} messages in flight (until its receiver has it and the msg.send response has arrived); ${o.warmupMs / 1000} s ramp-up, then ${o.saturationMs / 1000} s measured; messages/s counted at the receivers. "Server CPU" is the Parley node processes only, as a share of one core; "machine busy" is every process on the machine over the same window, in cores, and "others" the part used neither by the nodes nor by the load generator: mostly PostgreSQL and Redis, whose CPU "server CPU ms per 1k msgs" leaves out.`,
    `- **Fixed rate**: ${fmt(rate)} msg/s for all three set-ups, half the lowest saturation rounded down to 100; ${o.rateWarmupMs / 1000} s lead-in, then ${o.rateMs / 1000} s measured; latency is receive time − send time on the load generator's clock.`,
    `- **Correctness**: ${setUps.map((s) => `(${s.key}) ${describeVerdict(s.verdict!, 0, true)}`).join(' ')}`,
    `- **Isolation**: PostgreSQL schemas ${b.schema} and ${c.schema}, Redis prefixes parley-bench-…-b/-c; ${dropFailures.length ? `**schema drop failed: ${dropFailures.join('; ')}**` : 'both schemas dropped after the run'}.`,
    logLines.length ? `- **Server log** (warn and above): ${fmt(logLines.length)} lines, first: \`${logLines[0]!.slice(0, 300)}\`` : '- Server log (warn and above): empty.',
    '',
    detailTable,
    '',
    `**What ${cores} cores mean here.** Everything shares this ${cores}-core machine: in (c) two Parley node processes, PostgreSQL, Redis and the load generator all compete for the same ${cores} cores (the "machine busy" column), so a second node cannot add capacity here — there is no idle core for it to use. (c) therefore measures the cost of cross-node fan-out (every message published on Redis by node 1 and pushed by node 2, and the second process's own overhead), not scaling; on separate machines each node would bring its own cores. Likewise, (b) against (a) is the cost of a networked store and bus: a PostgreSQL round trip per commit instead of an in-process SQLite write, with PostgreSQL's own CPU drawn from the same cores.`,
    `Result: ${pass ? 'every acknowledged send received exactly once in all three set-ups' : correct ? 'SCHEMA NOT DROPPED' : 'CORRECTNESS FAILURE'}.`,
  ].join('\n');
  const summary = `cluster: 1 node PostgreSQL+Redis ${fmt(b.saturation.perSec)} msg/s, 2 nodes ${fmt(c.saturation.perSec)} msg/s (SQLite node ${fmt(a.saturation.perSec)}: ratios ${fmt(b.saturation.perSec / a.saturation.perSec, 2)}, ${fmt(c.saturation.perSec / a.saturation.perSec, 2)}), p99 ${ms(a.fixed.p99)} / ${ms(b.fixed.p99)} / ${ms(c.fixed.p99)} at ${fmt(rate)} msg/s, ${correct ? 'no lost or duplicated messages' : 'DELIVERY PROBLEMS'}${pass ? '' : ': FAILED'}`;
  return { markdown, pass, summary };
}
