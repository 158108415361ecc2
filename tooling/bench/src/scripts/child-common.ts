// What the benchmark servers' child processes (server-child.ts, fanout-child.ts) share: the
// protocol with the parent (server-child-process.ts's startChild), a `ws` server on a free port,
// and Parley configured for load testing.
//
// Protocol with the parent: the child prints one JSON line `{"url": ...}` on stdout once it
// listens. Over IPC it answers `{type: 'stats'}` with its CPU time and memory (after two full
// garbage collections when the message says `gc: true` and the child runs with --expose-gc), and
// on `{type: 'stop'}` closes its server and exits. Server log lines (level warn and up) go to
// stderr, which the parent collects as problems. The child exits by itself when the parent goes
// away.

import type { Server } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { type AppConfig, createLogger, type RunningServer, startServer } from '@parley/server';
import { WebSocketServer } from 'ws';

/** `{type: 'stats'}` answer. */
export interface ChildStats {
  type: 'stats';
  /** process.cpuUsage(), microseconds. */
  user: number;
  system: number;
  rss: number;
  heapUsed: number;
  /** process.memoryUsage().external and .arrayBuffers (Buffers, socket buffers), bytes. */
  external?: number;
  arrayBuffers?: number;
  /** Whether a full garbage collection ran just before the memory was read. */
  collected?: boolean;
  /** Frames the server could not deliver (raw servers: the target was not connected). */
  dropped: number;
  /** Event-loop delay since the previous stats request, ms: how long work waited for the thread. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** A running server under test, as the child serves it to the parent. */
export interface RunningChild {
  url: string;
  close(): Promise<void>;
  /** Frames that could not be delivered (see {@link ChildStats.dropped}). */
  dropped(): number;
}

/** The spec the parent passes as the only argument, as JSON. */
export function readSpec<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

/**
 * Starts the child's server with `start`, then serves the parent (see the module comment). A
 * failure to start is written to stderr as `<name> failed: …` and the child exits with 1.
 */
export function runChild(name: string, start: () => Promise<RunningChild>): void {
  start()
    .then(serveParent)
    .catch((error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}

/** Answers the parent's stats and stop messages and prints the URL line. */
function serveParent(running: RunningChild): void {
  // The histogram records the time between its timer's runs, interval included: subtract it.
  const LOOP_SAMPLE_MS = 2;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loopDelay.enable();
  const lateness = (ns: number) => Math.max(0, ns / 1e6 - LOOP_SAMPLE_MS);
  process.on('message', (message: { type?: string; gc?: boolean }) => {
    if (message.type === 'stats') {
      const cpu = process.cpuUsage();
      // The second pass collects what the first one's finalizers and weak callbacks let go.
      const gc = message.gc ? (globalThis as { gc?: () => void }).gc : undefined;
      gc?.();
      gc?.();
      // PARLEY_BENCH_HEAP_SNAPSHOT=dir: a heap snapshot at every collected reading, to see what
      // a connection holds (compare two with Chrome DevTools' Memory tab).
      const snapshots = process.env.PARLEY_BENCH_HEAP_SNAPSHOT;
      if (gc && snapshots) writeHeapSnapshot(join(snapshots, `child-${process.pid}-${Date.now()}.heapsnapshot`));
      const memory = process.memoryUsage();
      const stats: ChildStats = {
        type: 'stats',
        user: cpu.user,
        system: cpu.system,
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        external: memory.external,
        arrayBuffers: memory.arrayBuffers,
        collected: gc !== undefined,
        dropped: running.dropped(),
        loopDelayP99Ms: lateness(loopDelay.percentile(99)),
        loopDelayMaxMs: lateness(loopDelay.max),
      };
      loopDelay.reset();
      process.send?.(stats);
    } else if (message.type === 'stop') {
      running.close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`close failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    }
  });
  // Never outlive the bench, whatever happened to it.
  process.on('disconnect', () => process.exit(0));
  process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
}

/** Resolves once `server` listens. @throws {Error} (as a rejection) when it fails to. */
export function listening(server: { once(event: 'listening' | 'error', fn: (error?: Error) => void): unknown }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
}

/** `http://127.0.0.1:<port>` of a listening server. @throws {Error} when it listens on a pipe. */
export function httpUrl(server: Pick<Server, 'address'>): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected pipe address');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * A `ws` server on 127.0.0.1 and a free port, no compression, 1 MiB frames at most; `close`
 * terminates every client, then closes the server.
 *
 * @throws {Error} (as a rejection) when it cannot listen.
 */
export async function startWsServer(): Promise<{ wss: WebSocketServer; url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 1 << 20 });
  await listening(wss);
  return {
    wss,
    url: httpUrl(wss),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** What {@link startBenchParley} needs: the spec fields both children's Parley modes carry. */
export interface BenchParleySpec {
  /** The SQLite data directory (fresh, owned by the parent). */
  dataDir?: string;
  /** The bench app's id and native secret (admin API and token signing). */
  appId?: string;
  secret?: string;
  /**
   * The server's `store`, e.g. `postgres://…?schema=<name>` (see packages/server/src/backends.ts).
   * @default 'sqlite' (in `dataDir`)
   */
  store?: string;
  /** The server's `bus`, e.g. `redis://…?prefix=<name>`. @default 'local' */
  bus?: string;
  /**
   * Read every stored row once after start, so the store's page cache holds the data that is
   * already there (the memory benchmark: the users its setup created in another process) and
   * what connections add is measured, not a cold cache filling with old rows. @default false
   */
  warmStore?: boolean;
}

/**
 * `startServer` for load testing on 127.0.0.1 and a free port: log lines of level warn and up to
 * stderr, one app (`policy`, when given, is its policy), no per-connection rate limit, and no
 * heartbeat timeout within a run.
 *
 * @throws {Error} when `dataDir`, `appId` or `secret` is missing, or (as a rejection) when the
 *   server does not start.
 */
export async function startBenchParley(spec: BenchParleySpec, policy?: AppConfig['policy']): Promise<RunningServer> {
  if (!spec.dataDir || !spec.appId || !spec.secret) throw new Error('parley mode needs dataDir, appId and secret');
  const log = createLogger({ level: 'warn', write: (line) => process.stderr.write(line) });
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      store: spec.store ?? 'sqlite',
      bus: spec.bus ?? 'local',
      dataDir: spec.dataDir,
      logLevel: 'warn',
      devTenant: false,
      apps: [{ id: spec.appId, native: { apiKey: `${spec.appId}-api-key-0123456789`, secret: spec.secret }, ...(policy && { policy }) }],
      // Load testing: no per-connection rate limit, and receivers (subscribers) that only listen
      // for the whole run are not dropped as silent.
      requestsPerSec: 1e6,
      requestBurst: 1e6,
      heartbeatMs: 600_000,
      shutdownGraceMs: 1000,
    },
    { log },
  );
  if (spec.warmStore) await server.context.store.list({ prefix: [] });
  return server;
}
