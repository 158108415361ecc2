// The measuring parts both load generators share (load.ts for 1:1 pairs, fanout-load.ts for one
// room): snapshots of CPU and delivery counters at the edges of a measured window, the open-loop
// scheduler of the fixed-rate phases, the drain after a phase, and latency percentiles.
import { sleep } from './common.js';
import type { ChildStats } from './scripts/child-common.js';
import type { ChildHandle } from './server-child-process.js';

/** How long a phase may take to deliver what is still in flight when it stops sending. */
export const DRAIN_TIMEOUT_MS = 15_000;

/** CPU and delivery counters at one instant, for the difference over a measured window. */
export interface Snapshot {
  wallMs: number;
  /** Deliveries counted by the load generator so far. */
  count: number;
  /** This process (load generator), microseconds. */
  genCpuUs: number;
  server: ChildStats;
}

/** Reads the clock, this process's CPU time and the server's stats; `count` is the delivery counter now. */
export async function takeSnapshot(count: number, child: ChildHandle): Promise<Snapshot> {
  const wallMs = performance.now();
  const cpu = process.cpuUsage();
  const server = await child.stats();
  return { wallMs, count, genCpuUs: cpu.user + cpu.system, server };
}

/** What changed between two snapshots. */
export interface SnapshotDelta {
  seconds: number;
  /** Deliveries in the window. */
  count: number;
  /** Server CPU time (user + system) in the window, microseconds. */
  serverUs: number;
  /** The load generator's CPU time as a fraction of one core. */
  genShare: number;
}

/** The difference of two snapshots, `a` first. */
export function snapshotDelta(a: Snapshot, b: Snapshot): SnapshotDelta {
  const seconds = (b.wallMs - a.wallMs) / 1000;
  return {
    seconds,
    count: b.count - a.count,
    serverUs: b.server.user + b.server.system - a.server.user - a.server.system,
    genShare: (b.genCpuUs - a.genCpuUs) / 1e6 / seconds,
  };
}

/** Waits out `warmupMs`, snapshots, waits `measureMs`, snapshots again: the measured window's edges. */
export async function measuredWindow(warmupMs: number, measureMs: number, snapshot: () => Promise<Snapshot>): Promise<[Snapshot, Snapshot]> {
  await sleep(warmupMs);
  const a = await snapshot();
  await sleep(measureMs);
  const b = await snapshot();
  return [a, b];
}

/**
 * Waits until `pending()` is 0, polling every 20 ms, for at most `timeoutMs`.
 *
 * @returns what is still pending then (0 when everything arrived).
 */
export async function drain(pending: () => number, timeoutMs: number = DRAIN_TIMEOUT_MS): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (pending() > 0 && performance.now() < deadline) await sleep(20);
  return pending();
}

/** Options of {@link openLoopWindow}. */
export interface OpenLoopOptions {
  /** When the schedule starts (performance.now()). */
  start: number;
  /** Messages per second. */
  rate: number;
  /** The scheduler's tick, ms. */
  tickMs: number;
  /** At most this many in flight; what is due beyond it is counted as throttled, not sent. */
  cap: number;
  inFlight(): number;
  /** Sends the next message. */
  send(): void;
  /** The unmeasured lead-in, then the measured window, ms (see {@link measuredWindow}). */
  warmupMs: number;
  measureMs: number;
  snapshot(): Promise<Snapshot>;
}

/** What {@link openLoopWindow} measured. */
export interface OpenLoopWindow {
  /** The measured window's edges. */
  edges: [Snapshot, Snapshot];
  /** Messages not sent on time because `cap` were in flight. */
  throttled: number;
  /** Worst lateness of a scheduler tick, ms: how far the generator itself fell behind. */
  maxTickLateMs: number;
}

/**
 * Runs an open loop through a measured window: every `tickMs` a timer sends whatever is due at
 * `rate` since `start`, however many answers are outstanding (up to `cap`), so a slow server
 * meets the offered rate, not a slower one. The schedule stops at the window's end.
 */
export async function openLoopWindow(o: OpenLoopOptions): Promise<OpenLoopWindow> {
  let sent = 0;
  let throttled = 0;
  let lastTick = o.start;
  let maxTickLateMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxTickLateMs = Math.max(maxTickLateMs, now - lastTick - o.tickMs);
    lastTick = now;
    const due = Math.floor(((now - o.start) * o.rate) / 1000);
    while (sent < due) {
      // Sending only raises what is in flight, so once the cap is reached the rest is throttled.
      if (o.inFlight() >= o.cap) {
        throttled += due - sent;
        sent = due;
        break;
      }
      o.send();
      sent++;
    }
  }, o.tickMs);
  try {
    const edges = await measuredWindow(o.warmupMs, o.measureMs, o.snapshot);
    return { edges, throttled, maxTickLateMs };
  } finally {
    clearInterval(timer);
  }
}

/** Latency figures of one window, ms (NaN without samples). */
export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/** p50, p99 and max of latencies sorted ascending. */
export function latencySummary(sorted: Float64Array): LatencySummary {
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN);
  return { p50: at(0.5), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN, samples: sorted.length };
}

/** A copy of `array` twice as long (the rest zero): the ledgers grow as messages are numbered. */
export function doubled<A extends Uint8Array | Uint32Array | Float64Array>(array: A): A {
  const grown = new (array.constructor as new (length: number) => A)(array.length * 2);
  grown.set(array);
  return grown;
}
