// The server side of fanout.bench.ts: one room, one publisher, N subscribers, each server in a
// child process of its own so that its CPU time is measured apart from the load generator's.
// fanout.bench.ts forks it through server.bench.ts's `startChild(spec, FANOUT_CHILD_SCRIPT)`.
//
// - `raw`: the practical limit. A plain `ws` server; a socket that connects to `/pub` is the
//   publisher, every other socket a subscriber. Each binary frame of the publisher is framed ONCE
//   (ws's `Sender.frame`, unmasked, opcode 2, fin) into one Buffer, which is then written as is to
//   every subscriber's TCP socket (`ws._socket.write`): no per-subscriber framing, copying or
//   queueing in ws. `Sender.frame` and `_socket` are ws internals (not in @types/ws); ws 8's
//   public API has no way to send one pre-built frame to many sockets. Writing under ws is safe
//   here because the server never sends anything else on those sockets.
// - `socketio-binary` / `socketio-json`: a Socket.IO 4 server (WebSocket transport only, no
//   compression); subscribers join the room `fanout`, the publisher (`auth: {role: 'pub'}`)
//   emits `m`, and the server re-emits the payload with `socket.to('fanout').emit('m', payload)`
//   (Socket.IO encodes a broadcast once and writes the encoded packets to every member). The two
//   modes run the same server; they differ only in what the publisher sends (a Buffer, or a JSON
//   object), so one mode name per table row is all the spec carries.
// - `parley`: `startServer` on SQLite in a fresh data directory with the in-process bus, rate
//   limits off, no room capacity: the bench creates a live room and enters it over the wire.
//
// Protocol with the parent, as scripts/server-child.ts: one JSON line `{"url": ...}` on stdout
// once the server listens; over IPC, `{type: 'stats', gc?}` is answered with a `ChildStats` and
// `{type: 'stop'}` closes the server and exits. Server log lines (warn and up) go to stderr.
// The child exits by itself when the parent goes away.
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger, startServer } from '@parley/server';
import { Server as SocketIoServer } from 'socket.io';
import * as wsModule from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { ChildStats } from './server-child.js';

/** The servers fanout.bench.ts compares. */
export type FanoutMode = 'raw' | 'socketio-binary' | 'socketio-json' | 'parley';

/** What the parent passes as the only argument, as JSON. */
export interface FanoutChildSpec {
  mode: FanoutMode;
  /** Parley only: the SQLite data directory (fresh, owned by the parent). */
  dataDir?: string;
  /** Parley only: the bench app's id and native secret (admin API and token signing). */
  appId?: string;
  secret?: string;
}

/** The Socket.IO room and event every subscriber listens to. */
export const SOCKETIO_ROOM = 'fanout';
export const SOCKETIO_EVENT = 'm';

/** A running server under test. */
interface Running {
  url: string;
  close(): Promise<void>;
  /** Frames that could not be written (raw: the subscriber's socket was not open). */
  dropped(): number;
}

/** ws's frame builder: internal API, typed here because @types/ws does not declare it. */
interface SenderStatics {
  frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[];
}

function listening(server: { once(event: 'listening' | 'error', fn: (error?: Error) => void): unknown }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
}

async function startRaw(): Promise<Running> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 1 << 20 });
  await listening(wss);
  // ws's ESM entry exports Sender by name (the CJS one hangs it on WebSocket).
  const sender = (wsModule as unknown as { Sender: SenderStatics }).Sender;
  const subscribers = new Set<WebSocket>();
  let dropped = 0;
  wss.on('connection', (ws, req) => {
    ws.on('error', () => {});
    if (req.url !== '/pub') {
      subscribers.add(ws);
      ws.on('close', () => subscribers.delete(ws));
      return;
    }
    ws.on('message', (data: Buffer) => {
      // One frame for the whole room: header and payload in one Buffer, written unchanged.
      const frame = Buffer.concat(sender.frame(data, { fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false }));
      for (const subscriber of subscribers) {
        const socket = (subscriber as unknown as { _socket: Socket })._socket;
        if (subscriber.readyState === WebSocket.OPEN && socket.writable) socket.write(frame);
        else dropped++;
      }
    });
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

async function startSocketIo(): Promise<Running> {
  const http = createServer();
  const io = new SocketIoServer(http, { serveClient: false, transports: ['websocket'], perMessageDeflate: false, httpCompression: false, maxHttpBufferSize: 1 << 20 });
  io.on('connection', (socket) => {
    if ((socket.handshake.auth as { role?: string }).role !== 'pub') {
      void socket.join(SOCKETIO_ROOM);
      return;
    }
    // `socket.to(room)` leaves the publisher out, like the other servers.
    socket.on(SOCKETIO_EVENT, (payload: unknown) => {
      socket.to(SOCKETIO_ROOM).emit(SOCKETIO_EVENT, payload);
    });
  });
  http.listen(0, '127.0.0.1');
  await listening(http);
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected pipe address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    dropped: () => 0,
    close: () =>
      new Promise<void>((resolve) => {
        io.disconnectSockets(true);
        void io.close(() => resolve());
      }),
  };
}

async function startParley(spec: FanoutChildSpec): Promise<Running> {
  if (!spec.dataDir || !spec.appId || !spec.secret) throw new Error('parley mode needs dataDir, appId and secret');
  const log = createLogger({ level: 'warn', write: (line) => process.stderr.write(line) });
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      store: 'sqlite',
      bus: 'local',
      dataDir: spec.dataDir,
      logLevel: 'warn',
      devTenant: false,
      apps: [
        {
          id: spec.appId,
          native: { apiKey: `${spec.appId}-api-key-0123456789`, secret: spec.secret },
          // 0 = no capacity limit: 5,000 (and more) may enter the live room. Joins are announced
          // in batches once a second, as a large live room is configured (one push per join per
          // member would make filling the room quadratic).
          policy: { roomMaxUsers: 0, roomPresencePushIntervalMs: 1000 },
        },
      ],
      // Load testing, as server-child.ts: no per-connection rate limit, and subscribers that only
      // listen for the whole run are not dropped as silent.
      requestsPerSec: 1e6,
      requestBurst: 1e6,
      heartbeatMs: 600_000,
      shutdownGraceMs: 1000,
    },
    { log },
  );
  return { url: server.url, dropped: () => 0, close: () => server.close() };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as FanoutChildSpec;
  let running: Running;
  if (spec.mode === 'raw') running = await startRaw();
  else if (spec.mode === 'socketio-binary' || spec.mode === 'socketio-json') running = await startSocketIo();
  else if (spec.mode === 'parley') running = await startParley(spec);
  else throw new Error(`unknown mode ${String((spec as { mode?: unknown }).mode)}`);

  // The same stats as server-child.ts. The histogram records the time between its timer's runs,
  // interval included: subtract it.
  const LOOP_SAMPLE_MS = 2;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loopDelay.enable();
  const lateness = (ns: number) => Math.max(0, ns / 1e6 - LOOP_SAMPLE_MS);
  process.on('message', (message: { type?: string; gc?: boolean }) => {
    if (message.type === 'stats') {
      const cpu = process.cpuUsage();
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
  process.on('disconnect', () => process.exit(0));
  process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fanout-child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
