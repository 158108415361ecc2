// Room fan-out benchmark (issue 13, part 1): one room with 1,000 and 5,000 subscribers and one
// publisher; deliveries/s at saturation, server CPU per delivery, and p50/p99 latency at half of
// saturation, for Parley, a raw `ws` broadcast of one pre-built frame (the practical limit), and
// Socket.IO rooms with binary and with JSON-object payloads, all measured in the same run.
//
// Each server runs in a child process (scripts/fanout-child.ts) so its CPU time is measured apart
// from the load generator's, which is this process: the publisher and every subscriber. Per
// server and room size, two phases:
//
//  1. saturation: the publisher keeps `window` messages in flight; a message is complete once
//     every subscriber has it (for Parley, or once msg.send failed). Deliveries/s are counted at
//     the subscribers, and the server's CPU time is divided by the deliveries;
//  2. fixed rate: an open-loop schedule at half of that server's own saturation (in messages/s),
//     recording publish→receive latency of every delivery of the messages published in the
//     measured window; the publish time travels in the payload, both clocks are this process's.
//
// Every subscriber must get every message exactly once, in order: a gap counts as missed, a
// repeat as a duplicate; both (and errors, dropped connections) fail the benchmark.
//
// The parts: fanout-drivers.ts (the clients of each server), fanout-load.ts (the load generator
// and its ledger), fanout-report.ts (the Markdown).
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Cleanups, isQuick, ms, type PhaseOptions, progressOf, runCleanups, tempDir, withDefaults } from './common.js';
import { APP_ID } from './drivers.js';
import { LABELS, ParleyFanout, RawFanout, SocketIoFanout } from './fanout-drivers.js';
import { Fanout } from './fanout-load.js';
import { fanoutReport, type Run, type Settings } from './fanout-report.js';
import { fmt } from './harness.js';
import type { FanoutChildSpec, FanoutMode } from './scripts/fanout-child.js';
import { startChild } from './server-child-process.js';

/**
 * Options of {@link runFanoutBench}; every field has a default (the full run). Of the
 * {@link PhaseOptions}: `window` (messages in flight, one publisher) 8, `warmupMs` 1000,
 * `saturationMs` 5000, `rateWarmupMs` 1000, `rateMs` 4000 (the fixed rate is half of
 * saturation), `tickMs` 5.
 */
export interface FanoutBenchOptions extends PhaseOptions {
  /** Room sizes (subscribers; the publisher comes on top). @default [1000, 5000] */
  sizes?: number[];
  /** Servers, in this order (raw first: it is every ratio's baseline). @default all four */
  modes?: FanoutMode[];
}

/** The full run, or a shrunken one (200 and 500 subscribers, short phases) with `PARLEY_BENCH_QUICK=1`. */
export function fanoutBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): FanoutBenchOptions {
  if (!isQuick(env)) return {};
  return { sizes: [200, 500], warmupMs: 500, saturationMs: 2000, rateWarmupMs: 500, rateMs: 2000 };
}

/** What {@link runFanoutBench} returns. */
export interface FanoutBenchResult {
  markdown: string;
  /** Every target met at every size, and every delivery exactly once. */
  pass: boolean;
  /** One line for the summary. */
  summary: string;
}

const FANOUT_CHILD_SCRIPT = fileURLToPath(new URL('./scripts/fanout-child.ts', import.meta.url));

/** Connects one server's publisher and subscribers and runs its two phases. */
async function measure(mode: FanoutMode, subscribers: number, o: Settings, progress: (line: string) => void, cleanups: Cleanups): Promise<Run> {
  const secret = randomBytes(24).toString('hex');
  const spec: FanoutChildSpec = { mode };
  if (mode === 'parley') {
    Object.assign(spec, { dataDir: tempDir('parley-fanout-', cleanups), appId: APP_ID, secret });
  }
  const child = await startChild(spec, FANOUT_CHILD_SCRIPT);
  cleanups.push(() => child.stop());
  const driver =
    mode === 'raw' ? new RawFanout(child.url) : mode === 'parley' ? new ParleyFanout(child.url, secret) : new SocketIoFanout(child.url, mode === 'socketio-json');
  cleanups.push(() => driver.close());
  const load = new Fanout(driver, child, subscribers);
  const name = `fanout ${fmt(subscribers)}: ${LABELS[mode]}`;

  progress(`${name}: connecting ${fmt(subscribers)} subscribers and the publisher…`);
  const setupStart = performance.now();
  await driver.connect(subscribers, load);
  if (driver instanceof ParleyFanout) await driver.settle();
  const setupSeconds = (performance.now() - setupStart) / 1000;
  if (driver instanceof ParleyFanout) {
    const { tokens, enter, settle } = driver.setup;
    progress(`${name}: setup ${fmt(setupSeconds, 1)} s: users and tokens ${fmt(tokens, 1)} s, login + room.enter ${fmt(enter, 1)} s, then ${fmt(settle, 1)} s until the ${fmt(driver.otherPushes)} room_presence/room_count pushes were through`);
  }

  progress(`${name}: saturation, ${o.window} messages in flight, ${o.warmupMs / 1000} s ramp-up + ${o.saturationMs / 1000} s measured…`);
  const saturation = await load.saturate(o.window, o.warmupMs, o.saturationMs);
  const rate = Math.max(1, Math.round((saturation.perSec / subscribers / 2) * 10) / 10);
  progress(`${name}: ${fmt(saturation.perSec)} deliveries/s, ${fmt(saturation.cpuUsPerDelivery, 2)} µs server CPU each; fixed rate ${fmt(rate, 1)} msg/s…`);
  const fixed = await load.fixedRate(rate, o.rateWarmupMs, o.rateMs, o.tickMs);
  progress(`${name}: p50 ${ms(fixed.p50)}, p99 ${ms(fixed.p99)}, max ${ms(fixed.max)}`);

  const verdict = load.verdict();
  const final = await child.stats();
  driver.close();
  await child.stop();
  return { mode, setupSeconds, saturation, fixed, verdict, dropped: final.dropped, problems: [...child.problems] };
}

/** Runs the fan-out benchmark: every server at every room size, each in a child process. */
export async function runFanoutBench(options: FanoutBenchOptions = {}): Promise<FanoutBenchResult> {
  const o = withDefaults<Settings>(options, {
    sizes: [1000, 5000],
    modes: ['raw', 'parley', 'socketio-binary', 'socketio-json'],
    window: 8,
    warmupMs: 1000,
    saturationMs: 5000,
    rateWarmupMs: 1000,
    rateMs: 4000,
    tickMs: 5,
  });
  const progress = progressOf(options);
  const started = performance.now();
  const results = new Map<number, Run[]>();
  const cleanups: Cleanups = [];
  for (const size of o.sizes) {
    const runs: Run[] = [];
    for (const mode of o.modes) {
      try {
        runs.push(await measure(mode, size, o, progress, cleanups));
      } finally {
        await runCleanups(cleanups);
      }
    }
    results.set(size, runs);
  }
  return fanoutReport(o, results, (performance.now() - started) / 1000);
}

