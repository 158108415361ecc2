// The load generator of server.bench.ts (and cluster.bench.ts): sender→receiver pairs, the
// ledger that checks every message arrives exactly once, and the phases run against one server
// through a {@link Driver}: saturation (a window of messages in flight per sender) and an
// open-loop fixed rate with send→receive latency.
import {
  DRAIN_TIMEOUT_MS,
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

/** Flags per message in {@link Pair.flags}. */
const ACKED = 1;
const FAILED = 2;

/** One sender→receiver pair and the ledger of its messages, indexed by message number `n`. */
export interface Pair {
  readonly index: number;
  readonly senderId: string;
  readonly receiverId: string;
  /** The next message number. */
  next: number;
  inFlight: number;
  /** ACKED | FAILED per message. */
  flags: Uint8Array;
  /** Receipts per message (saturating at 255). */
  receipts: Uint8Array;
}

/** What a driver reports back to the {@link Load}. */
export interface Hooks {
  delivered(pair: Pair, n: number, text: string, at: number): void;
  acked(pair: Pair, n: number): void;
  failed(pair: Pair, n: number, code: number): void;
  /** A frame that does not belong to any sent message (wrong pair, unknown id). */
  stray(): void;
  /** A client connection closed while the benchmark was running. */
  closed(): void;
}

/** A way of talking to one server under test. */
export interface Driver {
  readonly label: string;
  /** Whether a message is complete only once its sender got an answer (Parley) or on receipt (raw). */
  readonly needsAck: boolean;
  connect(pairs: Pair[], hooks: Hooks): Promise<void>;
  send(pair: Pair, n: number, text: string): void;
  close(): void;
}

/** The message text: send time (this process's performance.now()), pair, number; padded to 40 bytes. */
function messageText(pair: number, n: number, sentAt: number): string {
  const text = `t=${sentAt.toFixed(3)};p=${pair};n=${n};`;
  return text.length >= 40 ? text : text.padEnd(40, '.');
}

/** One measured window of a phase. */
export interface PhaseFigures {
  seconds: number;
  delivered: number;
  perSec: number;
  serverCpuMs: number;
  /** Fractions of one core. */
  serverShare: number;
  genShare: number;
  serverRss: number;
  /** The server's event-loop delay over the measured window, ms. */
  serverLoopP99Ms: number;
  serverLoopMaxMs: number;
}

/** The fixed-rate window, with its latencies. */
export interface RateFigures extends PhaseFigures, LatencySummary, Omit<OpenLoopWindow, 'edges'> {
  rate: number;
  sentInWindow: number;
  reached: boolean;
}

/** The exactly-once ledger check of one server's whole run. */
export interface Verdict {
  sent: number;
  acked: number;
  delivered: number;
  missed: number;
  duplicates: number;
  unanswered: number;
  errors: Map<number, number>;
  stray: number;
  closed: number;
  /** Messages still in flight when a drain timed out. */
  undrained: number;
}

/** The load generator against one server: pairs, their ledgers, and the two phases. */
export class Load implements Hooks {
  readonly pairs: Pair[];
  private mode: 'idle' | 'window' = 'idle';
  private window = 0;
  private outstanding = 0;
  private deliveredCount = 0;
  private duplicates = 0;
  private strays = 0;
  private closes = 0;
  private undrained = 0;
  private readonly errors = new Map<number, number>();
  /** Latency recording: messages sent in [recordFrom, recordTo). */
  private recordFrom = Number.POSITIVE_INFINITY;
  private recordTo = Number.POSITIVE_INFINITY;
  private latencies: number[] = [];
  private sentInWindow = 0;

  constructor(
    private readonly driver: Driver,
    private readonly child: ChildHandle,
    clients: number,
  ) {
    const pairCount = Math.floor(clients / 2);
    const width = String(clients - 1).length;
    const id = (i: number) => `u${String(i).padStart(width, '0')}`;
    this.pairs = Array.from({ length: pairCount }, (_, index) => ({
      index,
      senderId: id(2 * index),
      receiverId: id(2 * index + 1),
      next: 0,
      inFlight: 0,
      flags: new Uint8Array(1024),
      receipts: new Uint8Array(1024),
    }));
  }

  connect(): Promise<void> {
    return this.driver.connect(this.pairs, this);
  }

  // Hooks --------------------------------------------------------------------------------------

  delivered(pair: Pair, n: number, text: string, at: number): void {
    if (!(n >= 0 && n < pair.next)) {
      this.stray();
      return;
    }
    const before = pair.receipts[n]!;
    pair.receipts[n] = before < 255 ? before + 1 : 255;
    if (before > 0) {
      this.duplicates++;
      return;
    }
    this.deliveredCount++;
    const sentAt = Number.parseFloat(text.slice(2));
    if (sentAt >= this.recordFrom && sentAt < this.recordTo) this.latencies.push(at - sentAt);
    const flags = pair.flags[n]!;
    if (!this.driver.needsAck || (flags & ACKED && !(flags & FAILED))) this.complete(pair);
  }

  acked(pair: Pair, n: number): void {
    if (!(n >= 0 && n < pair.next) || pair.flags[n]! & (ACKED | FAILED)) {
      this.stray();
      return;
    }
    pair.flags[n]! |= ACKED;
    if (pair.receipts[n]! > 0) this.complete(pair);
  }

  failed(pair: Pair, n: number, code: number): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
    if (!(n >= 0 && n < pair.next) || pair.flags[n]! & (ACKED | FAILED)) {
      this.stray();
      return;
    }
    pair.flags[n]! |= FAILED;
    this.complete(pair);
  }

  stray(): void {
    this.strays++;
  }

  closed(): void {
    this.closes++;
  }

  // Sending ------------------------------------------------------------------------------------

  private complete(pair: Pair): void {
    pair.inFlight--;
    this.outstanding--;
    if (this.mode === 'window' && pair.inFlight < this.window) this.sendNext(pair);
  }

  private sendNext(pair: Pair): void {
    const n = pair.next++;
    if (n >= pair.flags.length) {
      pair.flags = doubled(pair.flags);
      pair.receipts = doubled(pair.receipts);
    }
    pair.inFlight++;
    this.outstanding++;
    const sentAt = performance.now();
    if (sentAt >= this.recordFrom && sentAt < this.recordTo) this.sentInWindow++;
    this.driver.send(pair, n, messageText(pair.index, n, sentAt));
  }

  private snapshot(): Promise<Snapshot> {
    return takeSnapshot(this.deliveredCount, this.child);
  }

  private figures(a: Snapshot, b: Snapshot): PhaseFigures {
    const { seconds, count: delivered, serverUs, genShare } = snapshotDelta(a, b);
    const serverCpuMs = serverUs / 1000;
    return {
      seconds,
      delivered,
      perSec: delivered / seconds,
      serverCpuMs,
      serverShare: serverCpuMs / 1000 / seconds,
      genShare,
      serverRss: b.server.rss,
      serverLoopP99Ms: b.server.loopDelayP99Ms,
      serverLoopMaxMs: b.server.loopDelayMaxMs,
    };
  }

  /** Waits until nothing is in flight (or the drain times out). */
  private async drain(timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
    this.undrained += await drain(() => this.outstanding, timeoutMs);
  }

  /** Saturation: `window` messages in flight per sender. */
  async saturate(window: number, warmupMs: number, measureMs: number): Promise<PhaseFigures> {
    this.mode = 'window';
    this.window = window;
    for (const pair of this.pairs) while (pair.inFlight < window) this.sendNext(pair);
    const [a, b] = await measuredWindow(warmupMs, measureMs, () => this.snapshot());
    this.mode = 'idle';
    await this.drain();
    return this.figures(a, b);
  }

  /**
   * Open-loop fixed rate over all senders, round robin, with latency recorded in the measured
   * window. `drainTimeoutMs` bounds the wait for what is still in flight afterwards (an
   * overloaded step leaves a backlog); what is left then counts as undrained. @default DRAIN_TIMEOUT_MS
   */
  async fixedRate(rate: number, warmupMs: number, measureMs: number, tickMs: number, drainTimeoutMs = DRAIN_TIMEOUT_MS): Promise<RateFigures> {
    const start = performance.now();
    this.recordFrom = start + warmupMs;
    this.recordTo = this.recordFrom + measureMs;
    this.latencies = [];
    this.sentInWindow = 0;
    let rr = 0;
    const { edges, throttled, maxTickLateMs } = await openLoopWindow({
      start,
      rate,
      tickMs,
      // Nothing unbounded: at most 5 s worth of messages may be in flight.
      cap: Math.max(1000, rate * 5),
      inFlight: () => this.outstanding,
      send: () => {
        this.sendNext(this.pairs[rr]!);
        rr = (rr + 1) % this.pairs.length;
      },
      warmupMs,
      measureMs,
      snapshot: () => this.snapshot(),
    });
    await this.drain(drainTimeoutMs);
    this.recordFrom = this.recordTo = Number.POSITIVE_INFINITY;
    const figures = this.figures(...edges);
    return {
      ...figures,
      rate,
      sentInWindow: this.sentInWindow,
      // Reached: the receivers got (nearly) the offered rate during the measured window.
      reached: figures.perSec >= rate * 0.97 && throttled === 0,
      ...latencySummary(Float64Array.from(this.latencies).sort()),
      maxTickLateMs,
      throttled,
    };
  }

  /** Checks the ledger: every acknowledged (Parley) or sent (raw) message received exactly once. */
  verdict(): Verdict {
    let sent = 0;
    let acked = 0;
    let delivered = 0;
    let missed = 0;
    let unanswered = 0;
    for (const pair of this.pairs) {
      for (let n = 0; n < pair.next; n++) {
        sent++;
        const flags = pair.flags[n]!;
        const receipts = pair.receipts[n]!;
        if (receipts > 0) delivered++;
        if (flags & FAILED) continue;
        if (this.driver.needsAck) {
          if (flags & ACKED) {
            acked++;
            if (receipts === 0) missed++;
          } else {
            unanswered++;
          }
        } else if (receipts === 0) {
          missed++;
        }
      }
    }
    return {
      sent,
      acked,
      delivered,
      missed,
      duplicates: this.duplicates,
      unanswered,
      errors: this.errors,
      stray: this.strays,
      closed: this.closes,
      undrained: this.undrained,
    };
  }

  close(): void {
    this.driver.close();
  }
}


/** Everything in a verdict that is not exactly-once delivery: 0 means a clean run. */
export function verdictProblems(v: Verdict): number {
  let errors = 0;
  for (const count of v.errors.values()) errors += count;
  return v.missed + v.duplicates + v.unanswered + errors + v.stray + v.closed + v.undrained;
}
