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
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProtobufCodec } from '@parley/protocol';
import { io as connectSocketIo, type Socket as SocketIoClient } from 'socket.io-client';
import type WebSocket from 'ws';
import { fmt, table } from './harness.js';
import type { FanoutChildSpec, FanoutMode } from './scripts/fanout-child.js';
import type { ChildStats } from './scripts/server-child.js';
import { APP_ID, type ChildHandle, DRAIN_TIMEOUT_MS, ms, nextFrame, openSocket, ParleyDriver, pct, pool, runCleanups, sleep, startChild } from './server.bench.js';

/** Options of {@link runFanoutBench}; every field has a default (the full run). */
export interface FanoutBenchOptions {
  /** Room sizes (subscribers; the publisher comes on top). @default [1000, 5000] */
  sizes?: number[];
  /** Servers, in this order (raw first: it is every ratio's baseline). @default all four */
  modes?: FanoutMode[];
  /** Messages in flight at saturation. @default 8 */
  window?: number;
  /** Saturation: unmeasured ramp-up, then the measured time. @default 1000, 5000 */
  warmupMs?: number;
  saturationMs?: number;
  /** Fixed rate (half of saturation): unmeasured lead-in, then the measured time. @default 1000, 4000 */
  rateWarmupMs?: number;
  rateMs?: number;
  /** The fixed-rate scheduler's tick. @default 5 */
  tickMs?: number;
  /** Progress lines while running. @default console.log */
  progress?: (line: string) => void;
}

/** The full run, or a shrunken one (200 and 500 subscribers, short phases) with `PARLEY_BENCH_QUICK=1`. */
export function fanoutBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): FanoutBenchOptions {
  if (!env.PARLEY_BENCH_QUICK || env.PARLEY_BENCH_QUICK === '0') return {};
  return { sizes: [200, 500], warmupMs: 500, saturationMs: 2000, rateWarmupMs: 500, rateMs: 2000 };
}

export interface FanoutBenchResult {
  markdown: string;
  /** Every target met at every size, and every delivery exactly once. */
  pass: boolean;
  /** One line for the summary. */
  summary: string;
}

const FANOUT_CHILD_SCRIPT = fileURLToPath(new URL('./scripts/fanout-child.ts', import.meta.url));
const LABELS: Record<FanoutMode, string> = {
  raw: 'raw ws, one pre-built frame (baseline)',
  'socketio-binary': 'Socket.IO 4 room, Buffer payload',
  'socketio-json': 'Socket.IO 4 room, JSON-object payload',
  parley: 'Parley (live room, protobuf)',
};
const SETUP_CONCURRENCY = 50;
const ROOM_ID = 'fanout';
/** Parley request ids: 1–2 hello and login, 3–4 room.create and room.enter, msg.send `FIRST_SEND_ID + n`. */
const FIRST_SEND_ID = 10;
/** Payload size: the message text, padded. */
const PAYLOAD_BYTES = 40;

// ---------------------------------------------------------------------------------------------
// Drivers: one publisher and `subscribers` receivers per server

/** What a driver reports to the {@link Fanout}. */
interface FanoutHooks {
  delivered(subscriber: number, n: number, sentAt: number, at: number): void;
  /** Parley: msg.send `n` answered with an error. */
  failed(n: number, code: number): void;
  /** A frame that names no sent message. */
  stray(): void;
  /** A connection closed while the benchmark was running. */
  closed(): void;
}

interface FanoutDriver {
  connect(subscribers: number, hooks: FanoutHooks): Promise<void>;
  publish(n: number, sentAt: number): void;
  close(): void;
}

/** `t=<publish time>;n=<message number>;`, padded: the payload of the raw and Parley messages. */
const payloadText = (n: number, sentAt: number) => `t=${sentAt.toFixed(3)};n=${n};`.padEnd(PAYLOAD_BYTES, '.');

function parsePayload(text: string, deliver: (n: number, sentAt: number) => void, stray: () => void): void {
  const at = text.indexOf(';n=');
  if (!text.startsWith('t=') || at < 0) stray();
  else deliver(Number.parseInt(text.slice(at + 3), 10), Number.parseFloat(text.slice(2, at)));
}

/** Raw ws: the publisher on `/pub`, subscribers on `/sub`; frames carry the text as bytes. */
class RawFanout implements FanoutDriver {
  private publisher?: WebSocket;
  private readonly all: WebSocket[] = [];
  private closing = false;

  constructor(private readonly url: string) {}

  async connect(subscribers: number, hooks: FanoutHooks): Promise<void> {
    const base = this.url.replace(/^http/, 'ws');
    await pool([...Array(subscribers).keys()], SETUP_CONCURRENCY, async (i) => {
      const ws = await openSocket(`${base}/sub`);
      ws.on('message', (data: Buffer) => {
        const at = performance.now();
        parsePayload(data.toString('latin1'), (n, sentAt) => hooks.delivered(i, n, sentAt, at), hooks.stray);
      });
      this.all.push(ws);
    });
    this.publisher = await openSocket(`${base}/pub`);
    this.all.push(this.publisher);
    for (const ws of this.all) ws.on('close', () => this.closing || hooks.closed());
  }

  publish(n: number, sentAt: number): void {
    this.publisher!.send(Buffer.from(payloadText(n, sentAt), 'latin1'), { binary: true });
  }

  close(): void {
    this.closing = true;
    for (const ws of this.all) ws.terminate();
  }
}

/** Socket.IO: subscribers join the room on connect; the payload is a Buffer or a JSON object. */
class SocketIoFanout implements FanoutDriver {
  private publisher?: SocketIoClient;
  private readonly all: SocketIoClient[] = [];
  private closing = false;

  constructor(
    private readonly url: string,
    private readonly json: boolean,
  ) {}

  private open(role: 'pub' | 'sub'): Promise<SocketIoClient> {
    const socket = connectSocketIo(this.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { role } });
    this.all.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  async connect(subscribers: number, hooks: FanoutHooks): Promise<void> {
    await pool([...Array(subscribers).keys()], SETUP_CONCURRENCY, async (i) => {
      const socket = await this.open('sub');
      socket.on('m', (payload: Buffer | { t: number; n: number }) => {
        const at = performance.now();
        if (Buffer.isBuffer(payload)) parsePayload(payload.toString('latin1'), (n, sentAt) => hooks.delivered(i, n, sentAt, at), hooks.stray);
        else if (typeof payload?.n === 'number' && typeof payload.t === 'number') hooks.delivered(i, payload.n, payload.t, at);
        else hooks.stray();
      });
    });
    this.publisher = await this.open('pub');
    for (const socket of this.all) socket.on('disconnect', () => this.closing || hooks.closed());
  }

  publish(n: number, sentAt: number): void {
    if (!this.json) {
      this.publisher!.emit('m', Buffer.from(payloadText(n, sentAt), 'latin1'));
      return;
    }
    // About as many bytes of JSON as the other servers' payload.
    const head = `{"t":${sentAt.toFixed(3)},"n":${n},"p":""}`;
    this.publisher!.emit('m', { t: Number(sentAt.toFixed(3)), n, p: '.'.repeat(Math.max(0, PAYLOAD_BYTES - head.length)) });
  }

  close(): void {
    this.closing = true;
    for (const socket of this.all) socket.disconnect();
  }
}

/**
 * Parley: users and native tokens from the admin API and hello + login (server.bench.ts's
 * {@link ParleyDriver}); the publisher creates the live room `fanout` and enters it, then every
 * subscriber enters it; messages are msg.send to `room:fanout`, received as `message` pushes.
 */
class ParleyFanout implements FanoutDriver {
  private readonly codec = new ProtobufCodec();
  private publisher?: WebSocket;
  private readonly all: WebSocket[] = [];
  private closing = false;
  /** Pushes other than messages (room_presence while the room fills up, room_count). */
  otherPushes = 0;
  /** Setup steps, seconds: tokens, logins and room.enter, waiting out the room_presence pushes. */
  readonly setup = { tokens: 0, enter: 0, settle: 0 };

  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  /** Sends one request and resolves with its response. @throws {Error} on an error answer. */
  private async request(ws: WebSocket, id: number, request: object, what: string): Promise<void> {
    const answer = nextFrame(
      ws,
      (data) => {
        const envelope = this.codec.decode(data);
        if (envelope.id !== id || envelope.kind === 'ack') return undefined;
        if (envelope.kind === 'error') throw new Error(`${what} refused: ${envelope.error?.code} ${envelope.error?.message}`);
        return true;
      },
      what,
    );
    ws.send(this.codec.encode({ id, request } as Parameters<ProtobufCodec['encode']>[0]));
    await answer;
  }

  async connect(subscribers: number, hooks: FanoutHooks): Promise<void> {
    const driver = new ParleyDriver(this.url, this.secret);
    const width = String(subscribers).length;
    const ids = Array.from({ length: subscribers }, (_, i) => `s${String(i).padStart(width, '0')}`);
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const seconds = (now - t) / 1000;
      t = now;
      return seconds;
    };
    const tokens = await driver.issueTokens(['publisher', ...ids]);
    this.setup.tokens = lap();
    const publisher = await driver.login(this.url, 'publisher', tokens.get('publisher')!);
    this.publisher = publisher;
    this.all.push(publisher);
    await this.request(publisher, 3, { roomCreate: { room: { roomId: ROOM_ID } } }, 'room.create');
    await this.request(publisher, 4, { roomEnter: { room: { roomId: ROOM_ID } } }, 'room.enter (publisher)');
    publisher.on('message', (data: Buffer) => {
      const envelope = this.codec.decode(data);
      if (envelope.kind === 'error') hooks.failed(envelope.id - FIRST_SEND_ID, envelope.error?.code ?? 0);
    });
    await pool(ids, SETUP_CONCURRENCY, async (userId) => {
      const ws = await driver.login(this.url, userId, tokens.get(userId)!);
      this.all.push(ws);
      const i = Number(userId.slice(1));
      ws.on('message', (data: Buffer) => {
        const at = performance.now();
        if (!this.isMessagePush(data)) return;
        const message = this.codec.decode(data).push?.message?.message;
        if (!message) hooks.stray();
        else parsePayload(message.elements?.[0]?.text?.text ?? '', (n, sentAt) => hooks.delivered(i, n, sentAt, at), hooks.stray);
      });
      await this.request(ws, 3, { roomEnter: { room: { roomId: ROOM_ID } } }, `room.enter (${userId})`);
    });
    this.setup.enter = lap();
    for (const ws of this.all) ws.on('close', () => this.closing || hooks.closed());
  }

  /**
   * Whether a frame is a `message` push, read from its first bytes: every subscriber gets a
   * room_presence push per later entrant (N²/2 of them while the room fills), and decoding them
   * all would make the setup the load generator's bottleneck. A push is field 5 of the
   * Envelope (tag 0x2a, then its length); a `message` event is Push field 20 (tag 0xa2 0x01),
   * room_presence and room_count are fields 60 and 61 (0xe2 0x03, 0xea 0x03). Anything else is
   * decoded in full.
   */
  private isMessagePush(data: Buffer): boolean {
    // Not a push: the answer to room.enter (pushes carry no id, so the push field comes first).
    if (data[0] !== 0x2a) return false;
    let i = 1;
    while (i < data.length && data[i]! & 0x80) i++;
    i++;
    if (data[i + 1] === 0x03 && (data[i] === 0xe2 || data[i] === 0xea)) {
      this.otherPushes++;
      return false;
    }
    return true;
  }

  /** Resolves once no other push has arrived for `quietMs` (the room_presence storm is over). */
  async settle(quietMs = 500, maxMs = 120_000): Promise<void> {
    const deadline = performance.now() + maxMs;
    let last = -1;
    const start = performance.now();
    while (this.otherPushes !== last && performance.now() < deadline) {
      last = this.otherPushes;
      await sleep(quietMs);
    }
    this.setup.settle = (performance.now() - start - quietMs) / 1000;
  }

  publish(n: number, sentAt: number): void {
    this.publisher!.send(
      this.codec.encode({
        id: FIRST_SEND_ID + n,
        request: { msgSend: { convId: `room:${ROOM_ID}`, clientMsgId: String(n), elements: [{ text: { text: payloadText(n, sentAt) } }] } },
      }),
    );
  }

  close(): void {
    this.closing = true;
    for (const ws of this.all) ws.terminate();
  }
}

// ---------------------------------------------------------------------------------------------
// The load: one publisher's ledger, per-subscriber order, the two phases

/** One measured window. */
interface Window {
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

interface RateWindow extends Window {
  rate: number;
  reached: boolean;
  p50: number;
  p99: number;
  max: number;
  samples: number;
  maxTickLateMs: number;
}

/** The exactly-once check over a whole run. */
interface FanoutVerdict {
  published: number;
  deliveries: number;
  missed: number;
  duplicates: number;
  errors: number;
  stray: number;
  closed: number;
  undrained: number;
}

interface Snapshot {
  wallMs: number;
  deliveries: number;
  genCpuUs: number;
  server: ChildStats;
}

/** The load generator against one server and room size. */
class Fanout implements FanoutHooks {
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
      if (this.latencyCount === this.latencies.length) {
        const grown = new Float64Array(this.latencies.length * 2);
        grown.set(this.latencies);
        this.latencies = grown;
      }
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
      const receipts = new Uint32Array(this.receipts.length * 2);
      receipts.set(this.receipts);
      this.receipts = receipts;
      const done = new Uint8Array(this.done.length * 2);
      done.set(this.done);
      this.done = done;
    }
    this.inFlight++;
    this.driver.publish(n, performance.now());
  }

  private async snapshot(): Promise<Snapshot> {
    const wallMs = performance.now();
    const deliveries = this.deliveries;
    const cpu = process.cpuUsage();
    return { wallMs, deliveries, genCpuUs: cpu.user + cpu.system, server: await this.child.stats() };
  }

  private figures(a: Snapshot, b: Snapshot): Window {
    const seconds = (b.wallMs - a.wallMs) / 1000;
    const deliveries = b.deliveries - a.deliveries;
    const serverUs = b.server.user + b.server.system - a.server.user - a.server.system;
    return {
      seconds,
      deliveries,
      perSec: deliveries / seconds,
      cpuUsPerDelivery: serverUs / Math.max(1, deliveries),
      serverShare: serverUs / 1e6 / seconds,
      genShare: (b.genCpuUs - a.genCpuUs) / 1e6 / seconds,
      serverRss: b.server.rss,
      serverLoopP99Ms: b.server.loopDelayP99Ms,
    };
  }

  private async drain(): Promise<void> {
    const deadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (this.inFlight > 0 && performance.now() < deadline) await sleep(20);
    this.undrained += this.inFlight;
  }

  /** Saturation: `window` messages in flight, each complete once every subscriber has it. */
  async saturate(window: number, warmupMs: number, measureMs: number): Promise<Window> {
    this.windowed = true;
    this.window = window;
    while (this.inFlight < window) this.publishNext();
    await sleep(warmupMs);
    const a = await this.snapshot();
    await sleep(measureMs);
    const b = await this.snapshot();
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
    let sent = 0;
    let lastTick = start;
    let maxTickLateMs = 0;
    let throttled = 0;
    // Nothing unbounded: at most 5 s worth of messages in flight.
    const cap = Math.max(20, rate * 5);
    const timer = setInterval(() => {
      const now = performance.now();
      maxTickLateMs = Math.max(maxTickLateMs, now - lastTick - tickMs);
      lastTick = now;
      const due = Math.floor(((now - start) * rate) / 1000);
      for (; sent < due; sent++) {
        if (this.inFlight >= cap) throttled++;
        else this.publishNext();
      }
    }, tickMs);
    let a: Snapshot;
    let b: Snapshot;
    try {
      await sleep(warmupMs);
      a = await this.snapshot();
      await sleep(measureMs);
      b = await this.snapshot();
    } finally {
      clearInterval(timer);
    }
    await this.drain();
    this.recordFrom = this.recordTo = Number.POSITIVE_INFINITY;
    const figures = this.figures(a, b);
    const sorted = this.latencies.slice(0, this.latencyCount).sort();
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN);
    return {
      ...figures,
      rate,
      reached: figures.perSec >= rate * this.subscribers * 0.97 && throttled === 0,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
      samples: sorted.length,
      maxTickLateMs,
    };
  }

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

// ---------------------------------------------------------------------------------------------
// The benchmark

type Settings = Required<Omit<FanoutBenchOptions, 'progress'>>;

interface Run {
  mode: FanoutMode;
  setupSeconds: number;
  saturation: Window;
  fixed: RateWindow;
  verdict: FanoutVerdict;
  dropped: number;
  problems: string[];
}

/** Everything in a verdict that is not exactly-once delivery: 0 means a clean run. */
const problemsOf = (run: Run) => {
  const v = run.verdict;
  return v.missed + v.duplicates + v.errors + v.stray + v.closed + v.undrained + run.dropped;
};

async function measure(mode: FanoutMode, subscribers: number, o: Settings, progress: (line: string) => void, cleanups: (() => Promise<void> | void)[]): Promise<Run> {
  const secret = randomBytes(24).toString('hex');
  const spec: FanoutChildSpec = { mode };
  if (mode === 'parley') {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-fanout-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    Object.assign(spec, { dataDir, appId: APP_ID, secret });
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
  const o: Settings = {
    sizes: options.sizes ?? [1000, 5000],
    modes: options.modes ?? ['raw', 'parley', 'socketio-binary', 'socketio-json'],
    window: options.window ?? 8,
    warmupMs: options.warmupMs ?? 1000,
    saturationMs: options.saturationMs ?? 5000,
    rateWarmupMs: options.rateWarmupMs ?? 1000,
    rateMs: options.rateMs ?? 4000,
    tickMs: options.tickMs ?? 5,
  };
  const progress = options.progress ?? ((line: string) => console.log(line));
  const started = performance.now();
  const results = new Map<number, Run[]>();
  const cleanups: (() => Promise<void> | void)[] = [];
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
  return report(o, results, (performance.now() - started) / 1000);
}

// ---------------------------------------------------------------------------------------------
// Report

interface Target {
  label: string;
  /** Parley's figure ÷ the other server's. */
  ratio: number;
  met: boolean;
  need: string;
}

/** The issue's four targets at one room size; missing servers make a target n/a (missed). */
function targetsOf(runs: Run[]): Target[] {
  const by = (mode: FanoutMode) => runs.find((run) => run.mode === mode);
  const parley = by('parley');
  const ratio = (other: Run | undefined, pick: (run: Run) => number) => (parley && other ? pick(parley) / pick(other) : Number.NaN);
  const throughput = (run: Run) => run.saturation.perSec;
  const cpu = (run: Run) => run.saturation.cpuUsPerDelivery;
  const target = (label: string, value: number, need: string, met: (r: number) => boolean): Target => ({ label, ratio: value, need, met: Number.isFinite(value) && met(value) });
  return [
    target('throughput ÷ raw ws', ratio(by('raw'), throughput), '≥ 0.7', (r) => r >= 0.7),
    target('CPU per delivery ÷ raw ws', ratio(by('raw'), cpu), '≤ 1.3', (r) => r <= 1.3),
    target('throughput ÷ Socket.IO binary', ratio(by('socketio-binary'), throughput), '≥ 2', (r) => r >= 2),
    target('throughput ÷ Socket.IO JSON', ratio(by('socketio-json'), throughput), '≥ 1', (r) => r >= 1),
  ];
}

/** Which process bounded a saturation run. */
function limiter(run: Run): string {
  const { serverShare, genShare } = run.saturation;
  const name = LABELS[run.mode];
  if (genShare >= 0.9 && genShare >= serverShare) return `${name}: the load generator (${pct(genShare)} of a core; server ${pct(serverShare)})`;
  if (serverShare >= 0.9) return `${name}: the server (${pct(serverShare)} of a core; generator ${pct(genShare)})`;
  return `${name}: neither process alone (server ${pct(serverShare)}, generator ${pct(genShare)}), so the two competing for ${cpus().length} cores or the window`;
}

function describe(run: Run): string {
  const v = run.verdict;
  const issues = [
    v.missed && `${fmt(v.missed)} missed`,
    v.duplicates && `${fmt(v.duplicates)} duplicates`,
    v.errors && `${fmt(v.errors)} send errors`,
    v.stray && `${fmt(v.stray)} stray frames`,
    v.closed && `${fmt(v.closed)} connections dropped`,
    v.undrained && `${fmt(v.undrained)} messages incomplete after the ${DRAIN_TIMEOUT_MS / 1000} s drain`,
    run.dropped && `${fmt(run.dropped)} frames dropped by the server`,
  ].filter(Boolean);
  return `${LABELS[run.mode]}: ${fmt(v.published)} messages, ${fmt(v.deliveries)} deliveries, ${issues.length ? `**${issues.join(', ')}**` : 'every subscriber got every message exactly once, in order'}`;
}

function sizeSection(size: number, runs: Run[]): { markdown: string; targets: Target[] } {
  const raw = runs.find((run) => run.mode === 'raw');
  const vsRaw = (run: Run, pick: (r: Run) => number) => (raw ? `${fmt(pick(run) / pick(raw), 2)}×` : 'n/a');
  const rows = runs.map((run) => [
    LABELS[run.mode],
    fmt(run.saturation.perSec),
    fmt(run.saturation.perSec / size, 1),
    fmt(run.saturation.cpuUsPerDelivery, 2),
    vsRaw(run, (r) => r.saturation.perSec),
    vsRaw(run, (r) => r.saturation.cpuUsPerDelivery),
    pct(run.saturation.serverShare),
    pct(run.saturation.genShare),
    `${fmt(run.fixed.rate, 1)} → ${fmt(run.fixed.perSec / size, 1)}${run.fixed.reached ? '' : ' (not reached)'}`,
    ms(run.fixed.p50),
    ms(run.fixed.p99),
    ms(run.fixed.max),
    pct(run.fixed.serverShare),
    pct(run.fixed.genShare),
  ]);
  const main = table(
    [
      'server',
      'deliveries/s (saturation)',
      'msgs/s',
      'server CPU µs / delivery',
      'throughput ÷ raw',
      'CPU / delivery ÷ raw',
      'server CPU (sat.)',
      'load-gen CPU (sat.)',
      'half-saturation rate: offered → delivered msg/s',
      'p50',
      'p99',
      'max',
      'server CPU (fixed)',
      'load-gen CPU (fixed)',
    ],
    rows,
  );
  const targets = targetsOf(runs);
  const targetTable = table(
    ['Parley target', 'needed', 'measured', 'verdict'],
    targets.map((t) => [t.label, t.need, Number.isFinite(t.ratio) ? fmt(t.ratio, 2) : 'n/a', t.met ? 'met' : '**MISSED**']),
  );
  const detail = table(
    ['server', 'setup', 'server RSS after run', 'server event-loop delay p99 (fixed rate)', 'latency samples', 'worst scheduler tick lateness'],
    runs.map((run) => [LABELS[run.mode], `${fmt(run.setupSeconds, 1)} s`, `${fmt(run.fixed.serverRss / 2 ** 20)} MiB`, ms(run.fixed.serverLoopP99Ms), fmt(run.fixed.samples), ms(run.fixed.maxTickLateMs)]),
  );
  const parley = runs.find((run) => run.mode === 'parley');
  const markdown = [
    `#### ${fmt(size)} subscribers`,
    '',
    main,
    '',
    targetTable,
    '',
    detail,
    '',
    `- **Bounded by** (saturation): ${runs.map(limiter).join('; ')}.`,
    `- **Correctness**: ${runs.map(describe).join('. ')}.`,
    parley?.problems.length ? `- **Parley log** (warn and above): ${fmt(parley.problems.length)} lines, first: \`${parley.problems[0]!.slice(0, 300)}\`` : '',
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
  return { markdown, targets };
}

function report(o: Settings, results: Map<number, Run[]>, seconds: number): FanoutBenchResult {
  const cpu = cpus();
  const sections: string[] = [];
  const allTargets: Target[] = [];
  let problems = 0;
  for (const [size, runs] of results) {
    const { markdown, targets } = sizeSection(size, runs);
    sections.push(markdown);
    allTargets.push(...targets);
    for (const run of runs) problems += problemsOf(run);
  }
  const met = allTargets.filter((t) => t.met).length;
  const pass = met === allTargets.length && problems === 0;
  const markdown = [
    '### Server: room fan-out',
    '',
    `One room, one publisher and ${[...results.keys()].map((n) => fmt(n)).join(' or ')} subscribers, against: a raw \`ws\` server that frames each published message once and writes that one frame to every subscriber's socket (the practical limit); Parley (\`startServer\` on SQLite, a live room, protobuf; msg.send to \`room:${ROOM_ID}\`, \`message\` pushes); and Socket.IO 4 (WebSocket transport only, \`socket.to(room).emit\`) with a ${PAYLOAD_BYTES}-byte Buffer and with a JSON object of about as many bytes. Each server runs alone in a child process; all clients are in this process.`,
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}. Whole benchmark: ${fmt(seconds)} s.`,
    '',
    `- **Saturation**: the publisher keeps ${o.window} messages in flight; a message is complete when every subscriber has it. ${o.warmupMs / 1000} s ramp-up, ${o.saturationMs / 1000} s measured. Deliveries (one message to one subscriber) are counted at the subscribers; server CPU per delivery is the server process's process.cpuUsage() over the window ÷ deliveries.`,
    `- **Latency**: open loop at half of each server's own saturation (messages/s; the issue's "at half of saturation", so each server runs at its own rate), ${o.rateWarmupMs / 1000} s lead-in, ${o.rateMs / 1000} s measured; p50/p99/max over every delivery of the messages published in the window, publish time (in the payload) to receive time, both on this process's clock. The last subscriber to be served waits for the server to write to all the others and for the load generator to read them: at 5,000 subscribers that queueing is most of the latency.`,
    '- **Load generator**: its CPU share is printed per phase (100 % = one core). The generator decodes every delivery (Parley: every `message` push in full; room_presence and room_count pushes are skipped by their first bytes), so a phase where it is near 100 % measured the generator as much as the server.',
    '',
    ...sections.flatMap((section) => [section, '']),
    `Result: ${met} of ${allTargets.length} targets met${problems ? `; **${fmt(problems)} delivery problems**` : ', no delivery lost or duplicated'}.`,
  ].join('\n');
  const parleyFigures = [...results].map(([size, runs]) => {
    const t = targetsOf(runs);
    const parley = runs.find((run) => run.mode === 'parley');
    return `${fmt(size)}: ${parley ? fmt(parley.saturation.perSec) : 'n/a'} deliveries/s (×raw ${fmt(t[0]!.ratio, 2)}, CPU ×raw ${fmt(t[1]!.ratio, 2)}, ×SIO-bin ${fmt(t[2]!.ratio, 2)}, ×SIO-JSON ${fmt(t[3]!.ratio, 2)})`;
  });
  const summary = `fanout: Parley at ${parleyFigures.join('; ')}: ${met}/${allTargets.length} targets met, ${problems ? `${fmt(problems)} delivery problems` : 'no lost or duplicated deliveries'}: ${pass ? 'targets met' : 'TARGET MISSED'}`;
  return { markdown, pass, summary };
}
