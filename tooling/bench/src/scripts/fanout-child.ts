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
// Protocol with the parent: scripts/child-common.ts, as for scripts/server-child.ts.
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import * as wsModule from 'ws';
import { WebSocket } from 'ws';
import { type BenchParleySpec, httpUrl, listening, type RunningChild, readSpec, runChild, startBenchParley, startWsServer } from './child-common.js';

/** The servers fanout.bench.ts compares. */
export type FanoutMode = 'raw' | 'socketio-binary' | 'socketio-json' | 'parley';

/**
 * What the parent passes as the only argument, as JSON. The {@link BenchParleySpec} fields are
 * for `parley` only (always SQLite and the in-process bus).
 */
export interface FanoutChildSpec extends Pick<BenchParleySpec, 'dataDir' | 'appId' | 'secret'> {
  mode: FanoutMode;
}

/** The Socket.IO room and event every subscriber listens to. */
export const SOCKETIO_ROOM = 'fanout';
export const SOCKETIO_EVENT = 'm';

/** ws's frame builder: internal API, typed here because @types/ws does not declare it. */
interface SenderStatics {
  frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[];
}

async function startRaw(): Promise<RunningChild> {
  const { wss, url, close } = await startWsServer();
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
  return { url, close, dropped: () => dropped };
}

async function startSocketIo(): Promise<RunningChild> {
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
  return {
    url: httpUrl(http),
    dropped: () => 0,
    close: () =>
      new Promise<void>((resolve) => {
        io.disconnectSockets(true);
        void io.close(() => resolve());
      }),
  };
}

async function startParley(spec: FanoutChildSpec): Promise<RunningChild> {
  // 0 = no capacity limit: 5,000 (and more) may enter the live room. Joins are announced in
  // batches once a second, as a large live room is configured (one push per join per member
  // would make filling the room quadratic).
  const server = await startBenchParley(spec, { roomMaxUsers: 0, roomPresencePushIntervalMs: 1000 });
  return { url: server.url, dropped: () => 0, close: () => server.close() };
}

/** Starts the server `spec` names. */
async function start(spec: FanoutChildSpec): Promise<RunningChild> {
  if (spec.mode === 'raw') return startRaw();
  if (spec.mode === 'socketio-binary' || spec.mode === 'socketio-json') return startSocketIo();
  if (spec.mode === 'parley') return startParley(spec);
  throw new Error(`unknown mode ${String((spec as { mode?: unknown }).mode)}`);
}

runChild('fanout-child', () => start(readSpec<FanoutChildSpec>()));
