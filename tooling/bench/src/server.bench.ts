// Server benchmark (issue: sustained 1:1 messages/s with SQLite persistence and 1,000 connected
// clients, and send→receive latency at 5,000 msg/s, next to a raw `ws` forwarder measured in
// the same run).
//
// Each server runs in its own child process (scripts/server-child.ts), so its CPU time is measured
// apart from the load generator's. The load generator is this process: 1,000 WebSocket clients
// in 500 sender→receiver pairs. Per server, three phases:
//
//  1. saturation: every sender keeps `window` messages in flight (a message is in flight until
//     its receiver has it and, for Parley, until its sender has the msg.send response); the
//     result is messages delivered per second, counted at the receivers, and the server's CPU
//     time per 1,000 messages;
//  2. fixed rate: an open-loop schedule of `targetRate` messages per second over all senders
//     (a tick every few milliseconds sends what is due), recording send→receive latency of the
//     messages sent in the measured window. Both timestamps come from this process's clock;
//  3. rising rates (server-rates.ts): open-loop steps of rising offered rates until one is not
//     sustained, for the highest sustained rate of each server and the latency at 5,000 msg/s.
//
// Then memory per idle connection (server-memory.ts), each server in a fresh child process.
//
// While measuring, every Parley send is checked: an acknowledged send must reach its receiver
// exactly once. A miss, a duplicate, an error or a dropped connection fails the benchmark.
//
// The parts live in their own modules: server-child-process.ts (the children), load.ts (the
// load generator and its ledger), drivers.ts (Parley and raw clients), server-report.ts (the
// Markdown). The names other benchmarks use are re-exported from here.
import { randomBytes } from 'node:crypto';
import { type Cleanups, isQuick, type PhaseOptions, progressOf, runCleanups, tempDir, withDefaults } from './common.js';
import { APP_ID, ParleyDriver, RawDriver } from './drivers.js';
import { fmt } from './harness.js';
import { Load } from './load.js';
import type { ChildSpec } from './scripts/server-child.js';
import { startChild } from './server-child-process.js';
import { measureIdleMemory } from './server-memory.js';
import { climbLadder, DEFAULT_LADDER_RATES } from './server-rates.js';
import { type Resolved, type ServerRun, serverReport } from './server-report.js';

// What server-memory.ts, server-rates.ts, cluster.bench.ts and fanout.bench.ts have always
// imported from here.
export { mib, ms, pct, pool, runCleanups, sleep } from './common.js';
export { APP_ID, nextFrame, openSocket, ParleyDriver, type ParleyDriverOptions, RawDriver } from './drivers.js';
export { type Driver, type Hooks, Load, type Pair, type PhaseFigures, type RateFigures, type Verdict, verdictProblems } from './load.js';
export { DRAIN_TIMEOUT_MS } from './phases.js';
export { type ChildHandle, startChild } from './server-child-process.js';
export { describeVerdict } from './server-report.js';

/**
 * Options of {@link runServerBench}; every field has a default (the full run). Of the
 * {@link PhaseOptions}: `window` (messages in flight per sender) 4, `warmupMs` 3000,
 * `saturationMs` 15000, `rateWarmupMs` 2000, `rateMs` 10000, `tickMs` 5.
 */
export interface ServerBenchOptions extends PhaseOptions {
  /** Connected clients, half senders, half receivers. @default 1000 */
  clients?: number;
  /** Fixed-rate phase: total messages per second. @default 5000 */
  targetRate?: number;
  /** The latency target at `targetRate`. @default 25 */
  p99TargetMs?: number;
  /** Rising rates: offered msg/s of the ladder (5,000 is always added). @default DEFAULT_LADDER_RATES */
  ladderRates?: readonly number[];
  /** Rising rates, per step: unmeasured lead-in, then the measured time. @default 1000, 2000 */
  stepWarmupMs?: number;
  stepMs?: number;
  /** Target: Parley's highest sustained rate over the raw forwarder's, at least. @default 0.5 */
  ladderRatioTarget?: number;
  /** Target: p99 at 5,000 msg/s on the ladder, sustained, at most (ms). @default 10 */
  ladderP99TargetMs?: number;
  /** Idle clients connected for the memory figures. @default 2000 */
  idleClients?: number;
  /** Target: Parley's RSS per idle connection over the raw forwarder's, at most. @default 1.25 */
  memoryRatioTarget?: number;
}

/** The full run, or a shrunken one with `PARLEY_BENCH_QUICK=1`. */
export function serverBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerBenchOptions {
  if (!isQuick(env)) return {};
  return { clients: 200, warmupMs: 1000, saturationMs: 5000, rateWarmupMs: 1000, rateMs: 4000, stepWarmupMs: 500, stepMs: 1500, idleClients: 1000 };
}

/** What {@link runServerBench} (and cluster.bench.ts's runClusterBench) returns. */
export interface ServerBenchResult {
  markdown: string;
  pass: boolean;
  /** One line for the summary. */
  summary: string;
}

/** Connects one server's clients and runs its three phases. */
async function measure(
  kind: 'parley' | 'raw',
  o: Resolved,
  progress: (line: string) => void,
  cleanups: Cleanups,
  fixedRateFor: (saturation: number) => number,
): Promise<ServerRun> {
  const secret = randomBytes(24).toString('hex');
  const spec: ChildSpec = kind === 'parley' ? { mode: 'parley', dataDir: tempDir('parley-bench-', cleanups), appId: APP_ID, secret } : { mode: 'raw' };
  const child = await startChild(spec);
  cleanups.push(() => child.stop());
  const driver = kind === 'parley' ? new ParleyDriver(child.url, secret) : new RawDriver(child.url);
  const load = new Load(driver, child, o.clients);
  cleanups.push(() => load.close());

  const setupStart = performance.now();
  progress(`server: ${driver.label}: connecting ${fmt(o.clients)} clients${kind === 'parley' ? ' (users created and tokens issued through the admin API, then hello + login)' : ''}…`);
  await load.connect();
  const setupSeconds = (performance.now() - setupStart) / 1000;

  progress(`server: ${driver.label}: saturation, ${o.window} in flight per sender, ${o.warmupMs / 1000} s ramp-up + ${o.saturationMs / 1000} s measured…`);
  const saturation = await load.saturate(o.window, o.warmupMs, o.saturationMs);
  progress(`server: ${driver.label}: ${fmt(saturation.perSec)} msg/s delivered`);

  const rate = fixedRateFor(saturation.perSec);
  progress(`server: ${driver.label}: fixed rate ${fmt(rate)} msg/s, ${o.rateWarmupMs / 1000} s lead-in + ${o.rateMs / 1000} s measured…`);
  const fixed = await load.fixedRate(rate, o.rateWarmupMs, o.rateMs, o.tickMs);
  progress(`server: ${driver.label}: p50 ${fmt(fixed.p50, 1)} ms, p99 ${fmt(fixed.p99, 1)} ms, max ${fmt(fixed.max, 1)} ms`);

  progress(`server: ${driver.label}: rising rates, ${o.stepWarmupMs / 1000} s lead-in + ${o.stepMs / 1000} s measured per step…`);
  const ladder = await climbLadder(load, driver.label, { rates: o.ladderRates, stepWarmupMs: o.stepWarmupMs, stepMs: o.stepMs, tickMs: o.tickMs }, progress);

  const verdict = load.verdict();
  const final = await child.stats();
  load.close();
  await child.stop();
  return { label: driver.label, setupSeconds, saturation, fixed, ladder, verdict, problems: [...child.problems], dropped: final.dropped };
}

/** Runs the server benchmark: Parley on SQLite, then the raw forwarder, each in a child process. */
export async function runServerBench(options: ServerBenchOptions = {}): Promise<ServerBenchResult> {
  const o = withDefaults<Resolved>(options, {
    clients: 1000,
    window: 4,
    warmupMs: 3000,
    saturationMs: 15_000,
    targetRate: 5000,
    rateWarmupMs: 2000,
    rateMs: 10_000,
    tickMs: 5,
    p99TargetMs: 25,
    ladderRates: DEFAULT_LADDER_RATES,
    stepWarmupMs: 1000,
    stepMs: 2000,
    ladderRatioTarget: 0.5,
    ladderP99TargetMs: 10,
    idleClients: 2000,
    memoryRatioTarget: 1.25,
  });
  const progress = progressOf(options);
  const started = performance.now();
  const cleanups: Cleanups = [];
  let parley: ServerRun;
  let raw: ServerRun;
  // The fixed rate is the target rate if Parley's saturation reaches it, else half of Parley's
  // saturation; the raw forwarder runs at the same rate, so the latencies compare.
  let fixedRate = o.targetRate;
  try {
    try {
      parley = await measure('parley', o, progress, cleanups, (saturation) => {
        if (saturation < o.targetRate) fixedRate = Math.max(100, Math.floor(saturation / 2 / 100) * 100);
        return fixedRate;
      });
    } finally {
      await runCleanups(cleanups);
    }
    raw = await measure('raw', o, progress, cleanups, () => fixedRate);
  } finally {
    await runCleanups(cleanups);
  }
  const memory = { parley: await measureIdleMemory('parley', o.idleClients, progress), raw: await measureIdleMemory('raw', o.idleClients, progress) };
  const seconds = (performance.now() - started) / 1000;
  return serverReport(o, parley, raw, memory, fixedRate, seconds);
}

