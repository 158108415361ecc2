// The load generator of fanout.bench.ts: one publisher's ledger, the order each subscriber
// receives in, and the two phases (saturation, open-loop fixed rate) against one server and room
// size through a {@link FanoutDriver}.
import type { FanoutDriver, FanoutHooks } from './fanout-drivers.js';
import {
  doubled,
  drain,
  type LatencySummary,
  latencySummary,
  measuredWindow,
  type OpenLoopWindow,
  openLoopWindow,
  type Snapshot,
  snapshotDelta,
  takeSnapshot,
} from './phases.js';
import type { ChildHandle } from './server-child-process.js';

/** One measured window. */
export interface Window {
  seconds: number;
  deliveries: number;
  perSec: number;
  /** Server CPU time per delivery, µs. */
  cpuUsPerDelivery: number;
  /** Fractions of one core. */
  serverShare: number;
  genShare: number;
  serverRss: number;
  serverLoopP99Ms: number;
}

/** The fixed-rate window, with its latencies. */
export interface RateWindow extends Window, LatencySummary, Pick<OpenLoopWindow, 'maxTickLateMs'> {
  rate: number;
  reached: boolean;
}

/** The exactly-once check over a whole run. */
export interface FanoutVerdict {
  published: number;
  deliveries: number;
  missed: number;
  duplicates: number;
  errors: number;
  stray: number;
  closed: number;
  undrained: number;
}

/** The load generator against one server and room size. */
export class Fanout implements FanoutHooks {
  private published = 0;
  private inFlight = 0;
  private window = 0;
  private windowed = false;
  /** Per message: subscribers that have it, and whether it is complete. */
  private receipts = new Uint32Array(1024);
  private done = new Uint8Array(1024);
  /** Per subscriber: the next message number expected (one publisher, one ordered stream). */
  private readonly expected: Int32Array;
  private deliveries = 0;
  private gaps = 0;
  private duplicates = 0;
  private strays = 0;
  private closes = 0;
  private errors = 0;
  private undrained = 0;
  private recordFrom = Number.POSITIVE_INFINITY;
  private recordTo = Number.POSITIVE_INFINITY;
  private latencies = new Float64Array(1 << 16);
  private latencyCount = 0;

  constructor(
    private readonly driver: FanoutDriver,
    private readonly child: ChildHandle,
    private readonly subscribers: number,
  ) {
    this.expected = new Int32Array(subscribers);
  }

  delivered(subscriber: number, n: number, sentAt: number, at: number): void {
    if (!(n >= 0 && n < this.published) || !(subscriber >= 0 && subscriber < this.subscribers)) {
      this.strays++;
      return;
    }
    const expected = this.expected[subscriber]!;
    if (n < expected) {
      this.duplicates++;
      return;
    }
    this.gaps += n - expected;
    this.expected[subscriber] = n + 1;
    this.deliveries++;
    if (sentAt >= this.recordFrom && sentAt < this.recordTo) {
      if (this.latencyCount === this.latencies.length) this.latencies = doubled(this.latencies);
      this.latencies[this.latencyCount++] = at - sentAt;
    }
    if (++this.receipts[n]! === this.subscribers) this.complete(n);
  }

  failed(n: number, _code: number): void {
    this.errors++;
    if (n >= 0 && n < this.published) this.complete(n);
  }

  stray(): void {
    this.strays++;
  }

  closed(): void {
    this.closes++;
  }

  private complete(n: number): void {
    if (this.done[n]) return;
    this.done[n] = 1;
    this.inFlight--;
    if (this.windowed && this.inFlight < this.window) this.publishNext();
  }

  private publishNext(): void {
    const n = this.published++;
    if (n >= this.receipts.length) {
      this.receipts = doubled(this.receipts);
      this.done = doubled(this.done);
    }
    this.inFlight++;
    this.driver.publish(n, performance.now());
  }

  private snapshot(): Promise<Snapshot> {
    return takeSnapshot(this.deliveries, this.child);
  }

  private figures(a: Snapshot, b: Snapshot): Window {
    const { seconds, count: deliveries, serverUs, genShare } = snapshotDelta(a, b);
    return {
      seconds,
      deliveries,
      perSec: deliveries / seconds,
      cpuUsPerDelivery: serverUs / Math.max(1, deliveries),
      serverShare: serverUs / 1e6 / seconds,
      genShare,
      serverRss: b.server.rss,
      serverLoopP99Ms: b.server.loopDelayP99Ms,
    };
  }

  private async drain(): Promise<void> {
    this.undrained += await drain(() => this.inFlight);
  }

  /** Saturation: `window` messages in flight, each complete once every subscriber has it. */
  async saturate(window: number, warmupMs: number, measureMs: number): Promise<Window> {
    this.windowed = true;
    this.window = window;
    while (this.inFlight < window) this.publishNext();
    const [a, b] = await measuredWindow(warmupMs, measureMs, () => this.snapshot());
    this.windowed = false;
    await this.drain();
    return this.figures(a, b);
  }

  /** Open loop at `rate` messages/s; latency of every delivery of messages published in the window. */
  async fixedRate(rate: number, warmupMs: number, measureMs: number, tickMs: number): Promise<RateWindow> {
    const start = performance.now();
    this.recordFrom = start + warmupMs;
    this.recordTo = this.recordFrom + measureMs;
    this.latencyCount = 0;
    const { edges, throttled, maxTickLateMs } = await openLoopWindow({
      start,
      rate,
      tickMs,
      // Nothing unbounded: at most 5 s worth of messages in flight.
      cap: Math.max(20, rate * 5),
      inFlight: () => this.inFlight,
      send: () => this.publishNext(),
      warmupMs,
      measureMs,
      snapshot: () => this.snapshot(),
    });
    await this.drain();
    this.recordFrom = this.recordTo = Number.POSITIVE_INFINITY;
    const figures = this.figures(...edges);
    return {
      ...figures,
      rate,
      reached: figures.perSec >= rate * this.subscribers * 0.97 && throttled === 0,
      ...latencySummary(this.latencies.slice(0, this.latencyCount).sort()),
      maxTickLateMs,
    };
  }

  /** Checks the ledger: every subscriber got every message exactly once, in order. */
  verdict(): FanoutVerdict {
    let tail = 0;
    for (const next of this.expected) tail += this.published - next;
    return {
      published: this.published,
      deliveries: this.deliveries,
      missed: this.gaps + tail,
      duplicates: this.duplicates,
      errors: this.errors,
      stray: this.strays,
      closed: this.closes,
      undrained: this.undrained,
    };
  }
}
