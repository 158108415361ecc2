// The server side of server.bench.ts, run in a child process so that its CPU time is measured
// apart from the load generator's. server.bench.ts forks it with
// `node --conditions=@parley/source --import tsx server-child.ts '<json ChildSpec>'`.
//
// - `parley`: `startServer` on SQLite in a fresh data directory and the in-process bus, rate
//   limits off; or, for cluster.bench.ts, on the PostgreSQL store and Redis bus the spec names
//   (several children on one store and bus form a cluster).
// - `raw`: the baseline, a plain `ws` server that forwards frames between clients and does
//   nothing else (no persistence, no protobuf): the practical limit of the hardware.
//
// Protocol with the parent: the child prints one JSON line `{"url": ...}` on stdout once it
// listens. Over IPC it answers `{type: 'stats'}` with its CPU time and memory (after two full
// garbage collections when the message says `gc: true` and the child runs with --expose-gc), and on
// `{type: 'stop'}` closes (and drops the PostgreSQL schema if the spec says so) and exits. Server log lines (level warn and up) go to stderr, which
// the parent collects as problems. The child exits by itself when the parent goes away.
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger, startServer } from '@parley/server';
import { WebSocket, WebSocketServer } from 'ws';

/** What the parent passes as the only argument, as JSON. */
export interface ChildSpec {
  mode: 'parley' | 'raw';
  /** Parley only: the SQLite data directory (fresh, owned by the parent). */
  dataDir?: string;
  /** Parley only: the bench app's id and native secret (admin API and token signing). */
  appId?: string;
  secret?: string;
  /**
   * Parley only: the server's `store`, e.g. `postgres://…?schema=<name>`
   * (see packages/server/src/backends.ts). @default 'sqlite' (in `dataDir`)
   */
  store?: string;
  /** Parley only: the server's `bus`, e.g. `redis://…?prefix=<name>`. @default 'local' */
  bus?: string;
  /**
   * Parley on PostgreSQL only: after the server closed on `stop`, `DROP SCHEMA … CASCADE` the
   * store's `?schema=` (the last node of a cluster to stop does it). A failure is written to
   * stderr and the child exits with 1. @default false
   */
  dropSchemaOnStop?: boolean;
}

/** The part of `pg`'s Client the schema drop uses. */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

/**
 * Drops the `?schema=` of a PostgreSQL store URL. `pg` is a dependency of @parley/server, not
 * of this package, so it is required from the server package's location.
 *
 * @throws {Error} (as a rejection) when the URL names no schema, the name is not a plain
 *   lowercase identifier, or PostgreSQL refuses.
 */
async function dropSchema(storeUrl: string): Promise<void> {
  const url = new URL(storeUrl);
  const schema = url.searchParams.get('schema');
  if (schema === null || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`no droppable ?schema= in the store URL (${schema})`);
  url.searchParams.delete('schema');
  const pg = createRequire(import.meta.resolve('@parley/server'))('pg') as { Client: new (config: { connectionString: string }) => PgClient };
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

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
  /** Raw forwarder: frames whose target was not connected. */
  dropped: number;
  /** Event-loop delay since the previous stats request, ms: how long work waited for the thread. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/**
 * The baseline forwarder. A client's first message (text) is its id; the server answers `ok`.
 * Every later (binary) message is `[target id length: 1 byte][target id: ASCII][payload]` and
 * is sent on, unchanged, to the socket that registered that id.
 */
async function startRawForwarder(): Promise<{ url: string; close(): Promise<void>; dropped(): number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 1 << 20 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const byId = new Map<string, WebSocket>();
  let dropped = 0;
  wss.on('connection', (ws) => {
    let id: string | undefined;
    ws.on('message', (data: Buffer) => {
      if (id === undefined) {
        id = data.toString('utf8');
        byId.set(id, ws);
        ws.send('ok');
        return;
      }
      const length = data[0] ?? 0;
      const target = byId.get(data.toString('latin1', 1, 1 + length));
      if (target && target.readyState === WebSocket.OPEN) target.send(data, { binary: true });
      else dropped++;
    });
    ws.on('close', () => {
      if (id !== undefined && byId.get(id) === ws) byId.delete(id);
    });
    ws.on('error', () => {});
  });
  const address = wss.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected pipe address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec;
  let close: () => Promise<void>;
  let url: string;
  let dropped = () => 0;
  if (spec.mode === 'parley') {
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
        apps: [{ id: spec.appId, native: { apiKey: `${spec.appId}-api-key-0123456789`, secret: spec.secret } }],
        // Load testing: no per-connection rate limit, and receivers that only listen for the
        // whole run are not dropped as silent.
        requestsPerSec: 1e6,
        requestBurst: 1e6,
        heartbeatMs: 600_000,
        shutdownGraceMs: 1000,
      },
      { log },
    );
    url = server.url;
    const store = spec.store;
    close = async () => {
      await server.close();
      if (spec.dropSchemaOnStop && store?.startsWith('postgres')) {
        await dropSchema(store).catch((error: unknown) => {
          throw new Error(`drop schema failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    };
  } else if (spec.mode === 'raw') {
    const raw = await startRawForwarder();
    url = raw.url;
    close = raw.close;
    dropped = raw.dropped;
  } else {
    throw new Error(`unknown mode ${String((spec as { mode?: unknown }).mode)}`);
  }

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
        dropped: dropped(),
        loopDelayP99Ms: lateness(loopDelay.percentile(99)),
        loopDelayMaxMs: lateness(loopDelay.max),
      };
      loopDelay.reset();
      process.send?.(stats);
    } else if (message.type === 'stop') {
      close().then(
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
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`server-child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
