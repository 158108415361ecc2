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
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ProtobufCodec, SUBPROTOCOL_PROTOBUF } from '@parley/protocol';
import WebSocket from 'ws';
import { fmt, table } from './harness.js';
import type { ChildSpec, ChildStats } from './scripts/server-child.js';
import { kib, type MemoryFigures, measureIdleMemory, memoryMarkdown, memoryRatio } from './server-memory.js';
import { climbLadder, DEFAULT_LADDER_RATES, describeSustained, judgeLadders, type Ladder, ladderMarkdown } from './server-rates.js';

/** Options of {@link runServerBench}; every field has a default (the full run). */
export interface ServerBenchOptions {
  /** Connected clients, half senders, half receivers. @default 1000 */
  clients?: number;
  /** Messages in flight per sender during saturation. @default 4 */
  window?: number;
  /** Saturation: unmeasured ramp-up, then the measured time. @default 3000, 15000 */
  warmupMs?: number;
  saturationMs?: number;
  /** Fixed-rate phase: total messages per second. @default 5000 */
  targetRate?: number;
  /** Fixed rate: unmeasured lead-in, then the measured time. @default 2000, 10000 */
  rateWarmupMs?: number;
  rateMs?: number;
  /** The fixed-rate scheduler's tick. @default 5 */
  tickMs?: number;
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
  /** Progress lines while running. @default console.log */
  progress?: (line: string) => void;
}

/** The full run, or a shrunken one with `PARLEY_BENCH_QUICK=1`. */
export function serverBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerBenchOptions {
  if (!env.PARLEY_BENCH_QUICK || env.PARLEY_BENCH_QUICK === '0') return {};
  return { clients: 200, warmupMs: 1000, saturationMs: 5000, rateWarmupMs: 1000, rateMs: 4000, stepWarmupMs: 500, stepMs: 1500, idleClients: 1000 };
}

export interface ServerBenchResult {
  markdown: string;
  pass: boolean;
  /** One line for the summary. */
  summary: string;
}

/** The app id every benchmarked Parley server is configured with. */
export const APP_ID = 'bench';
/** Request ids of msg.send are `FIRST_SEND_ID + n`; 1 and 2 are conn.hello and auth.login. */
const FIRST_SEND_ID = 10;
/** Setup concurrency (admin API calls, logins). */
const SETUP_CONCURRENCY = 50;
/** How long a phase may take to deliver what is still in flight when it stops sending. */
export const DRAIN_TIMEOUT_MS = 15_000;
/** Flags per message in {@link Pair.flags}. */
const ACKED = 1;
const FAILED = 2;

const CHILD_SCRIPT = fileURLToPath(new URL('./scripts/server-child.ts', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Child processes

/** A server under test in a child process (scripts/server-child.ts). */
export interface ChildHandle {
  readonly url: string;
  /** stderr lines of the child: server warnings and errors. */
  readonly problems: string[];
  /**
   * CPU time and memory now. With `gc: true` the child runs two full garbage collections first
   * (children are started with --expose-gc), so heapUsed and rss hold what is still referenced.
   */
  stats(options?: { gc?: boolean }): Promise<ChildStats>;
  stop(): Promise<void>;
  kill(): void;
}

const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/**
 * Forks scripts/server-child.ts with `spec` and resolves once it listens.
 *
 * @param script - The child to fork; scripts/fanout-child.ts speaks the same protocol. @default scripts/server-child.ts
 * @throws {Error} (as a rejection) when the child exits or does not listen within 60 s.
 */
export async function startChild(spec: ChildSpec | { readonly mode: string }, script: string = CHILD_SCRIPT): Promise<ChildHandle> {
  // tooling/bench depends on tsx; resolve it here so the child finds it whatever its cwd.
  const tsx = import.meta.resolve('tsx');
  // PARLEY_BENCH_CPU_PROF=<dir>: the servers write V8 CPU profiles there (open in Chrome DevTools).
  const profileDir = process.env.PARLEY_BENCH_CPU_PROF;
  const child = fork(script, [JSON.stringify(spec)], {
    execArgv: ['--conditions=@parley/source', '--expose-gc', '--import', tsx, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  liveChildren.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      liveChildren.delete(child);
      resolve();
    });
  });
  const problems: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.trim()) problems.push(line);
  });
  const waiting: { resolve: (stats: ChildStats) => void; reject: (error: Error) => void }[] = [];
  child.on('message', (message: ChildStats) => {
    if (message.type === 'stats') waiting.shift()?.resolve(message);
  });
  child.once('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${spec.mode} server exited (${signal ?? code}): ${problems.slice(-3).join(' | ')}`));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${spec.mode} server did not start in 60 s: ${problems.join(' | ')}`)), 60_000);
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const parsed = JSON.parse(line) as { url?: string };
      if (parsed.url) {
        clearTimeout(timer);
        resolve(parsed.url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.mode} server exited with ${code} before listening: ${problems.join(' | ')}`));
    });
  });
  return {
    url,
    problems,
    stats: (options = {}) =>
      new Promise<ChildStats>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${spec.mode} server is gone: ${problems.slice(-3).join(' | ')}`));
        waiting.push({ resolve, reject });
        child.send({ type: 'stats', gc: options.gc === true });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Load generator

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

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) await fn(items[nextIndex++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Opens a WebSocket (no compression) and resolves once it is open. @throws {Error} (as a rejection) when it cannot connect. */
export function openSocket(url: string, protocol?: string): Promise<WebSocket> {
  const ws = protocol ? new WebSocket(url, protocol, { perMessageDeflate: false }) : new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** Waits for the next frame on `ws` that `accept` takes (returns non-undefined for). */
export function nextFrame<T>(ws: WebSocket, accept: (data: Buffer) => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), 30_000);
    const onMessage = (data: Buffer) => {
      try {
        const value = accept(data);
        if (value !== undefined) done(undefined, value);
      } catch (error) {
        done(error);
      }
    };
    const onClose = (code: number) => done(new Error(`closed (${code}) while waiting for ${what}`));
    function done(error: unknown, value?: T) {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if (error) reject(error);
      else resolve(value as T);
    }
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

/** Options of {@link ParleyDriver} beyond the server's URL and secret. */
export interface ParleyDriverOptions {
  /** The row label in reports. @default 'Parley (SQLite)' */
  label?: string;
  /**
   * Where receivers connect, when not to the same server as senders (another node of a
   * cluster). Users and tokens are always created through `url`'s admin API. @default url
   */
  receiverUrl?: string;
}

/** Parley over `parley.v1.proto`: hello, login with a native token, msg.send, `message` pushes. */
export class ParleyDriver implements Driver {
  readonly label: string;
  readonly needsAck = true;
  private readonly codec = new ProtobufCodec();
  private readonly sockets = new Map<Pair, { sender: WebSocket; receiver: WebSocket; convId: string }>();
  private readonly receiverUrl: string;
  private closing = false;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    options: ParleyDriverOptions = {},
  ) {
    this.label = options.label ?? 'Parley (SQLite)';
    this.receiverUrl = options.receiverUrl ?? url;
  }

  private async admin<T>(action: 'users' | 'tokens', body: object): Promise<T> {
    const res = await fetch(`${this.url}/admin/v1/apps/${APP_ID}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`admin ${action} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  /**
   * Creates `userIds` and issues each a native token through the admin API.
   *
   * @throws {Error} (as a rejection) when the admin API refuses.
   */
  async issueTokens(userIds: readonly string[]): Promise<Map<string, string>> {
    const tokens = new Map<string, string>();
    await pool(userIds, SETUP_CONCURRENCY, async (userId) => {
      await this.admin('users', { userId });
      const { token } = await this.admin<{ token: string }>('tokens', { userId, kind: 'native', ttlSec: 3600 });
      tokens.set(userId, token);
    });
    return tokens;
  }

  /**
   * Opens a socket to `url` and logs `userId` in; resolves once auth.login has answered.
   *
   * @throws {Error} (as a rejection) when the socket does not open or hello or login is refused.
   */
  async login(url: string, userId: string, token: string): Promise<WebSocket> {
    const ws = await openSocket(`${url.replace(/^http/, 'ws')}/parley/ws`, SUBPROTOCOL_PROTOBUF);
    const answer = (id: number, what: string) =>
      nextFrame(
        ws,
        (data) => {
          const envelope = this.codec.decode(data);
          if (envelope.id !== id || envelope.kind === 'ack') return undefined;
          if (envelope.kind === 'error') throw new Error(`${what} for ${userId} refused: ${envelope.error?.code} ${envelope.error?.message}`);
          return envelope;
        },
        what,
      );
    const hello = answer(1, 'conn.hello');
    ws.send(this.codec.encode({ id: 1, request: { connHello: { app: { appId: APP_ID }, client: { platform: 5 } } } }));
    await hello;
    const login = answer(2, 'auth.login');
    ws.send(this.codec.encode({ id: 2, request: { authLogin: { credential: { nativeToken: { userId, token } }, platform: 5 } } }));
    await login;
    return ws;
  }

  async connect(pairs: Pair[], hooks: Hooks): Promise<void> {
    const users = pairs.flatMap((p) => [p.senderId, p.receiverId]);
    const tokens = await this.issueTokens(users);
    const receivers = new Set(pairs.map((p) => p.receiverId));
    const logged = new Map<string, WebSocket>();
    await pool(users, SETUP_CONCURRENCY, async (userId) => {
      logged.set(userId, await this.login(receivers.has(userId) ? this.receiverUrl : this.url, userId, tokens.get(userId)!));
    });
    for (const pair of pairs) {
      const sender = logged.get(pair.senderId)!;
      const receiver = logged.get(pair.receiverId)!;
      this.sockets.set(pair, { sender, receiver, convId: `c2c:${pair.receiverId}` });
      sender.on('message', (data: Buffer) => {
        const envelope = this.codec.decode(data);
        const n = envelope.id - FIRST_SEND_ID;
        if (envelope.kind === 'response') hooks.acked(pair, n);
        else if (envelope.kind === 'error') hooks.failed(pair, n, envelope.error?.code ?? 0);
        // Early acks and pushes to the sender (none expected) need nothing.
      });
      receiver.on('message', (data: Buffer) => {
        const at = performance.now();
        const envelope = this.codec.decode(data);
        const message = envelope.kind === 'push' ? envelope.push?.message?.message : undefined;
        if (!message) return;
        const clientMsgId = message.clientMsgId ?? '';
        const dot = clientMsgId.indexOf('.');
        if (message.senderId !== pair.senderId || clientMsgId.slice(0, dot) !== String(pair.index)) return hooks.stray();
        hooks.delivered(pair, Number(clientMsgId.slice(dot + 1)), message.elements?.[0]?.text?.text ?? '', at);
      });
      for (const ws of [sender, receiver]) {
        ws.on('close', () => {
          if (!this.closing) hooks.closed();
        });
      }
    }
  }

  send(pair: Pair, n: number, text: string): void {
    const { sender, convId } = this.sockets.get(pair)!;
    sender.send(
      this.codec.encode({
        id: FIRST_SEND_ID + n,
        request: { msgSend: { convId, clientMsgId: `${pair.index}.${n}`, elements: [{ text: { text } }] } },
      }),
    );
  }

  close(): void {
    this.closing = true;
    for (const { sender, receiver } of this.sockets.values()) {
      sender.terminate();
      receiver.terminate();
    }
  }
}

/** The baseline: `[id length][id][payload]` frames through the raw forwarder. */
export class RawDriver implements Driver {
  readonly label = 'raw ws forwarder (baseline)';
  readonly needsAck = false;
  private readonly sockets = new Map<Pair, { sender: WebSocket; header: Buffer }>();
  private readonly all: WebSocket[] = [];
  private closing = false;

  constructor(private readonly url: string) {}

  /**
   * Opens a socket and registers `id` with the forwarder; resolves once it answered `ok`.
   *
   * @throws {Error} (as a rejection) when the socket does not open or no answer comes.
   */
  async register(id: string): Promise<WebSocket> {
    const ws = await openSocket(this.url.replace(/^http/, 'ws'));
    const ok = nextFrame(ws, (data) => (data.toString() === 'ok' ? true : undefined), 'registration');
    ws.send(id);
    await ok;
    this.all.push(ws);
    return ws;
  }

  async connect(pairs: Pair[], hooks: Hooks): Promise<void> {
    const users = pairs.flatMap((p) => [p.senderId, p.receiverId]);
    const sockets = new Map<string, WebSocket>();
    await pool(users, SETUP_CONCURRENCY, async (id) => {
      sockets.set(id, await this.register(id));
    });
    for (const pair of pairs) {
      const target = Buffer.from(pair.receiverId, 'latin1');
      const header = Buffer.concat([Buffer.from([target.length]), target]);
      this.sockets.set(pair, { sender: sockets.get(pair.senderId)!, header });
      sockets.get(pair.receiverId)!.on('message', (data: Buffer) => {
        const at = performance.now();
        const text = data.toString('latin1', header.length);
        const p = text.indexOf(';p=');
        const nAt = text.indexOf(';n=', p);
        if (Number(text.slice(p + 3, nAt)) !== pair.index) return hooks.stray();
        hooks.delivered(pair, Number.parseInt(text.slice(nAt + 3), 10), text, at);
      });
    }
    for (const ws of this.all) {
      ws.on('close', () => {
        if (!this.closing) hooks.closed();
      });
    }
  }

  send(pair: Pair, _n: number, text: string): void {
    const { sender, header } = this.sockets.get(pair)!;
    const frame = Buffer.allocUnsafe(header.length + text.length);
    header.copy(frame, 0);
    frame.write(text, header.length, 'latin1');
    sender.send(frame, { binary: true });
  }

  close(): void {
    this.closing = true;
    for (const ws of this.all) ws.terminate();
  }
}

/** CPU and delivery counters at one instant, for the difference over a measured window. */
interface Snapshot {
  wallMs: number;
  delivered: number;
  /** This process (load generator), microseconds. */
  genCpuUs: number;
  server: ChildStats;
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
export interface RateFigures extends PhaseFigures {
  rate: number;
  sentInWindow: number;
  reached: boolean;
  p50: number;
  p99: number;
  max: number;
  samples: number;
  /** Worst lateness of a scheduler tick, ms: how far the generator itself fell behind. */
  maxTickLateMs: number;
  /** Messages not sent on time because too many were in flight. */
  throttled: number;
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
      const flags = new Uint8Array(pair.flags.length * 2);
      flags.set(pair.flags);
      pair.flags = flags;
      const receipts = new Uint8Array(pair.receipts.length * 2);
      receipts.set(pair.receipts);
      pair.receipts = receipts;
    }
    pair.inFlight++;
    this.outstanding++;
    const sentAt = performance.now();
    if (sentAt >= this.recordFrom && sentAt < this.recordTo) this.sentInWindow++;
    this.driver.send(pair, n, messageText(pair.index, n, sentAt));
  }

  private async snapshot(): Promise<Snapshot> {
    const wallMs = performance.now();
    const delivered = this.deliveredCount;
    const cpu = process.cpuUsage();
    const server = await this.child.stats();
    return { wallMs, delivered, genCpuUs: cpu.user + cpu.system, server };
  }

  private figures(a: Snapshot, b: Snapshot): PhaseFigures {
    const seconds = (b.wallMs - a.wallMs) / 1000;
    const delivered = b.delivered - a.delivered;
    const serverCpuMs = (b.server.user + b.server.system - a.server.user - a.server.system) / 1000;
    return {
      seconds,
      delivered,
      perSec: delivered / seconds,
      serverCpuMs,
      serverShare: serverCpuMs / 1000 / seconds,
      genShare: (b.genCpuUs - a.genCpuUs) / 1e6 / seconds,
      serverRss: b.server.rss,
      serverLoopP99Ms: b.server.loopDelayP99Ms,
      serverLoopMaxMs: b.server.loopDelayMaxMs,
    };
  }

  /** Waits until nothing is in flight (or the drain times out). */
  private async drain(timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.outstanding > 0 && performance.now() < deadline) await sleep(20);
    this.undrained += this.outstanding;
  }

  /** Saturation: `window` messages in flight per sender. */
  async saturate(window: number, warmupMs: number, measureMs: number): Promise<PhaseFigures> {
    this.mode = 'window';
    this.window = window;
    for (const pair of this.pairs) while (pair.inFlight < window) this.sendNext(pair);
    await sleep(warmupMs);
    const a = await this.snapshot();
    await sleep(measureMs);
    const b = await this.snapshot();
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
    // Nothing unbounded: at most 5 s worth of messages may be in flight.
    const cap = Math.max(1000, rate * 5);
    let sent = 0;
    let rr = 0;
    let throttled = 0;
    let lastTick = start;
    let maxTickLateMs = 0;
    const tick = () => {
      const now = performance.now();
      maxTickLateMs = Math.max(maxTickLateMs, now - lastTick - tickMs);
      lastTick = now;
      const due = Math.floor(((now - start) * rate) / 1000);
      while (sent < due) {
        if (this.outstanding >= cap) {
          throttled += due - sent;
          sent = due;
          break;
        }
        this.sendNext(this.pairs[rr]!);
        rr = (rr + 1) % this.pairs.length;
        sent++;
      }
    };
    const timer = setInterval(tick, tickMs);
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
    await this.drain(drainTimeoutMs);
    this.recordFrom = this.recordTo = Number.POSITIVE_INFINITY;
    const figures = this.figures(a, b);
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN);
    return {
      ...figures,
      rate,
      sentInWindow: this.sentInWindow,
      // Reached: the receivers got (nearly) the offered rate during the measured window.
      reached: figures.perSec >= rate * 0.97 && throttled === 0,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
      samples: sorted.length,
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

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The benchmark

interface ServerRun {
  label: string;
  setupSeconds: number;
  saturation: PhaseFigures;
  fixed: RateFigures;
  ladder: Ladder;
  verdict: Verdict;
  problems: string[];
  dropped: number;
}

/** The resolved options of {@link runServerBench}. */
type Resolved = Required<Omit<ServerBenchOptions, 'progress'>>;

/** Everything in a verdict that is not exactly-once delivery: 0 means a clean run. */
export function verdictProblems(v: Verdict): number {
  let errors = 0;
  for (const count of v.errors.values()) errors += count;
  return v.missed + v.duplicates + v.unanswered + errors + v.stray + v.closed + v.undrained;
}

async function measure(
  kind: 'parley' | 'raw',
  o: Resolved,
  progress: (line: string) => void,
  cleanups: (() => Promise<void> | void)[],
  fixedRateFor: (saturation: number) => number,
): Promise<ServerRun> {
  const secret = randomBytes(24).toString('hex');
  let dataDir: string | undefined;
  if (kind === 'parley') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
    dataDir = dir;
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  }
  const spec: ChildSpec = kind === 'parley' ? { mode: 'parley', dataDir: dataDir!, appId: APP_ID, secret } : { mode: 'raw' };
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
  const o = {
    clients: options.clients ?? 1000,
    window: options.window ?? 4,
    warmupMs: options.warmupMs ?? 3000,
    saturationMs: options.saturationMs ?? 15_000,
    targetRate: options.targetRate ?? 5000,
    rateWarmupMs: options.rateWarmupMs ?? 2000,
    rateMs: options.rateMs ?? 10_000,
    tickMs: options.tickMs ?? 5,
    p99TargetMs: options.p99TargetMs ?? 25,
    ladderRates: options.ladderRates ?? DEFAULT_LADDER_RATES,
    stepWarmupMs: options.stepWarmupMs ?? 1000,
    stepMs: options.stepMs ?? 2000,
    ladderRatioTarget: options.ladderRatioTarget ?? 0.5,
    ladderP99TargetMs: options.ladderP99TargetMs ?? 10,
    idleClients: options.idleClients ?? 2000,
    memoryRatioTarget: options.memoryRatioTarget ?? 1.25,
  };
  const progress = options.progress ?? ((line: string) => console.log(line));
  const started = performance.now();
  const cleanups: (() => Promise<void> | void)[] = [];
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
  return report(o, parley, raw, memory, fixedRate, seconds);
}

/** Runs and empties `cleanups`, last in first out; a failing one is logged, not thrown. */
export async function runCleanups(cleanups: (() => Promise<void> | void)[]): Promise<void> {
  // Last in, first out: clients before their server, servers before their data directories.
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop()!;
    try {
      await cleanup();
    } catch (error) {
      console.error('server bench cleanup failed:', error);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report

/** Report formats: milliseconds, a share of one core, bytes in MiB. */
export const ms = (value: number) => (Number.isFinite(value) ? `${fmt(value, 1)} ms` : 'n/a');
export const pct = (share: number) => `${fmt(share * 100)} %`;
export const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;

/** One sentence on a verdict (`dropped`: frames the raw forwarder could not deliver). */
export function describeVerdict(v: Verdict, dropped: number, needsAck: boolean): string {
  const errors = [...v.errors].map(([code, count]) => `${fmt(count)} × error ${code}`);
  const issues = [
    v.missed && `${fmt(v.missed)} missed`,
    v.duplicates && `${fmt(v.duplicates)} duplicates`,
    v.unanswered && `${fmt(v.unanswered)} sends never answered`,
    ...errors,
    v.stray && `${fmt(v.stray)} stray frames`,
    v.closed && `${fmt(v.closed)} connections dropped`,
    v.undrained && `${fmt(v.undrained)} still in flight after the ${DRAIN_TIMEOUT_MS / 1000} s drain`,
    dropped && `${fmt(dropped)} frames dropped by the forwarder`,
  ].filter(Boolean);
  const base = needsAck
    ? `${fmt(v.sent)} sends, ${fmt(v.acked)} acknowledged, ${fmt(v.delivered)} received`
    : `${fmt(v.sent)} sent, ${fmt(v.delivered)} received`;
  return `${base}: ${issues.length ? `**${issues.join(', ')}**` : needsAck ? 'every acknowledged send received exactly once' : 'every message received exactly once'}.`;
}

function report(o: Resolved, parley: ServerRun, raw: ServerRun, memory: { parley: MemoryFigures; raw: MemoryFigures }, fixedRate: number, seconds: number): ServerBenchResult {
  const pairs = Math.floor(o.clients / 2);
  const cpuPer1k = (run: ServerRun) => (run.saturation.serverCpuMs / run.saturation.delivered) * 1000;
  const atTarget = fixedRate === o.targetRate;
  const latencyMet = atTarget && parley.fixed.reached && parley.fixed.p99 < o.p99TargetMs;
  const parleyProblems = verdictProblems(parley.verdict);
  const rawProblems = verdictProblems(raw.verdict) + raw.dropped;
  const correct = parleyProblems === 0 && rawProblems === 0;
  const ladder = judgeLadders(parley.ladder, raw.ladder, o.ladderRatioTarget, o.ladderP99TargetMs);
  const memRatio = memoryRatio(memory.parley, memory.raw);
  const memoryMet = memRatio <= o.memoryRatioTarget;
  const missed = [
    !latencyMet && `p99 < ${o.p99TargetMs} ms at ${fmt(o.targetRate)} msg/s`,
    !ladder.ratioMet && `sustained-rate ratio ≥ ${o.ladderRatioTarget}`,
    !ladder.latencyMet && `sustained p99 ≤ ${o.ladderP99TargetMs} ms at 5,000 msg/s`,
    !memoryMet && `memory per idle connection ≤ ${o.memoryRatioTarget}× raw`,
  ].filter((m): m is string => typeof m === 'string');
  const pass = missed.length === 0 && correct;

  const row = (run: ServerRun) => [
    run.label,
    fmt(run.saturation.perSec),
    fmt(cpuPer1k(run), 1),
    pct(run.saturation.genShare),
    `${fmt(run.fixed.rate)} → ${fmt(run.fixed.perSec)}${run.fixed.reached ? '' : ' (not reached)'}`,
    ms(run.fixed.p50),
    ms(run.fixed.p99),
    ms(run.fixed.max),
    pct(run.fixed.genShare),
  ];
  const mainTable = table(
    ['server', 'msgs/s (saturation)', 'server CPU ms per 1k msgs', 'load-gen CPU (saturation)', 'fixed rate: offered → delivered msg/s', 'p50', 'p99', 'max', 'load-gen CPU (fixed rate)'],
    [
      row(parley),
      row(raw),
      [
        '**ratio Parley / raw**',
        fmt(parley.saturation.perSec / raw.saturation.perSec, 2),
        fmt(cpuPer1k(parley) / cpuPer1k(raw), 1),
        '',
        '',
        `${fmt(parley.fixed.p50 / raw.fixed.p50, 1)}×`,
        `${fmt(parley.fixed.p99 / raw.fixed.p99, 1)}×`,
        '',
        '',
      ],
    ],
  );
  const detail = (run: ServerRun) => [
    run.label,
    `${fmt(run.setupSeconds, 1)} s`,
    pct(run.saturation.serverShare),
    pct(run.fixed.serverShare),
    `${mib(run.saturation.serverRss)} / ${mib(run.fixed.serverRss)}`,
    `${ms(run.fixed.serverLoopP99Ms)} / ${ms(run.fixed.serverLoopMaxMs)}`,
    fmt(run.fixed.samples),
    `${fmt(run.fixed.maxTickLateMs, 1)} ms`,
  ];
  const detailTable = table(
    ['server', 'setup (connect + login)', 'server CPU (saturation)', 'server CPU (fixed rate)', 'server RSS after saturation / fixed rate', 'server event-loop delay p99 / max (fixed rate)', 'latency samples', 'worst scheduler tick lateness'],
    [detail(parley), detail(raw)],
  );

  const targetLine = atTarget
    ? `p99 < ${o.p99TargetMs} ms at ${fmt(o.targetRate)} msg/s: ${latencyMet ? `met (p99 ${ms(parley.fixed.p99)})` : `**MISSED** (p99 ${ms(parley.fixed.p99)}${parley.fixed.reached ? '' : `, and only ${fmt(parley.fixed.perSec)} msg/s delivered`})`}.`
    : `p99 < ${o.p99TargetMs} ms at ${fmt(o.targetRate)} msg/s: **MISSED**, ${fmt(o.targetRate)} msg/s is beyond Parley's saturation (${fmt(parley.saturation.perSec)} msg/s) here, so the fixed-rate phase ran at 50 % of it, ${fmt(fixedRate)} msg/s, for both servers.`;
  const limiter = (run: ServerRun) => {
    const { serverShare, genShare } = run.saturation;
    const name = run === parley ? "Parley's saturation" : "the raw forwarder's";
    if (genShare >= 0.9) return `${name} was bounded by the load generator (${pct(genShare)} of a core; the server used ${pct(serverShare)})`;
    if (serverShare >= 0.9) return `${name} was bounded by the server process (${pct(serverShare)} of a core; the generator used ${pct(genShare)}, so the second core had room to spare)`;
    return `${name} was bounded by neither process (server ${pct(serverShare)}, generator ${pct(genShare)} of a core) but by the ${o.window} messages in flight per sender`;
  };
  const cpu = cpus();
  const markdown = [
    '### Server: 1:1 messages with SQLite persistence',
    '',
    `${fmt(o.clients)} connected WebSocket clients (${fmt(pairs)} sender → receiver pairs, one C2C conversation each) against Parley (\`startServer\`, SQLite store, rate limits off, protobuf) and against a raw \`ws\` forwarder (no persistence, no protobuf: \`[target id][payload]\` frames passed on unchanged), measured in the same run.`,
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}. Whole benchmark: ${fmt(seconds)} s.`,
    '',
    mainTable,
    '',
    `- **Saturation**: each sender keeps ${o.window} messages in flight (in flight until the receiver has it and, for Parley, the msg.send response has arrived); ${o.warmupMs / 1000} s ramp-up, then ${o.saturationMs / 1000} s measured; messages/s are counted at the receivers.`,
    `- **Fixed rate**: ${fmt(fixedRate)} msg/s over all senders, open loop (a ${o.tickMs} ms tick sends whatever is due, round robin); ${o.rateWarmupMs / 1000} s lead-in, then ${o.rateMs / 1000} s measured. Latency is receive time − send time of the messages sent in the measured window, both read from the load generator's clock; the send time travels in the 40-byte message text. The server's event-loop delay (below) shows how long its work waited for its one thread in that window.`,
    `- **Target** (fixed-rate phase): ${targetLine}`,
    `- **Correctness**, Parley: ${describeVerdict(parley.verdict, parley.dropped, true)} Raw forwarder: ${describeVerdict(raw.verdict, raw.dropped, false)}`,
    parley.problems.length
      ? `- **Server log** (warn and above): ${fmt(parley.problems.length)} lines, first: \`${parley.problems[0]!.slice(0, 300)}\``
      : '- Server log (warn and above): empty.',
    '',
    detailTable,
    '',
    `**How the load generator shares the machine.** Everything runs on this ${cpu.length}-core machine. Each server under test runs in its own child process, whose CPU time (process.cpuUsage, read over IPC at the start and end of each measured window) gives "server CPU". The load generator is the benchmark process itself: all ${fmt(o.clients)} clients in one Node.js event loop, encoding every msg.send and decoding every response and push, with its own CPU use printed for each phase (load-gen CPU, as a share of one core; 100 % = one core busy, ${cpu.length * 100} % = the whole machine). Both are single-threaded JavaScript, so each tops out near 100 %, and on ${cpu.length} cores the generator saturates about as early as the server: a figure taken while the generator is near 100 % measures the generator as much as the server, and its latencies include the generator's own queueing (the "worst scheduler tick lateness" column shows how late its timer ran). In this run, ${limiter(parley)}; ${limiter(raw)}.`,
    '',
    ladderMarkdown(
      parley.ladder,
      raw.ladder,
      { parley: parley.label, raw: raw.label },
      { stepWarmupMs: o.stepWarmupMs, stepMs: o.stepMs, clients: o.clients, ratioTarget: o.ladderRatioTarget, p99TargetMs: o.ladderP99TargetMs },
    ),
    '',
    memoryMarkdown(memory.parley, memory.raw, o.memoryRatioTarget),
    '',
    `Result: ${pass ? 'all targets met, no message lost or duplicated' : [!correct && 'CORRECTNESS FAILURE', missed.length > 0 && `TARGET MISSED (${missed.join('; ')})`].filter(Boolean).join('; ')}.`,
  ].join('\n');
  const at5k = ladder.parleyAt ? `p99 ${ms(ladder.parleyAt.p99)} at 5,000 msg/s${ladder.parleyAt.sustained ? '' : ' (not sustained)'}` : 'no 5,000 msg/s step';
  const summary = `server: Parley ${fmt(parley.saturation.perSec)} msg/s (raw ws ${fmt(raw.saturation.perSec)}, ratio ${fmt(parley.saturation.perSec / raw.saturation.perSec, 2)}), p99 ${ms(parley.fixed.p99)} at ${fmt(fixedRate)} msg/s${atTarget ? '' : ' (50 % of saturation)'}; sustained ${describeSustained(parley.ladder)} vs ${describeSustained(raw.ladder)} msg/s (ratio ${Number.isFinite(ladder.ratio) ? fmt(ladder.ratio, 2) : 'n/a'}), ${at5k}; ${kib(memory.parley.rssPerConn)} vs ${kib(memory.raw.rssPerConn)} RSS per idle connection (${Number.isFinite(memRatio) ? `${fmt(memRatio, 2)}×` : 'ratio n/a'}); ${parleyProblems === 0 ? 'no lost or duplicated messages' : `${fmt(parleyProblems)} delivery problems`}: ${pass ? 'targets met' : 'TARGET MISSED'}`;
  return { markdown, pass, summary };
}
