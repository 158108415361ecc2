import { createServer } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** The subprotocols of the echo server contract (`TransportTestContext` in `@parley/core/testing`). */
const SUPPORTED = ['parley.test.a', 'parley.test.b'];

/** A running echo server. */
export interface EchoServer {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  /** A `ws:` URL on a port that was free a moment ago (nothing listens there). */
  readonly refusedUrl: string;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

function offered(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function obey(socket: WebSocket, text: string): boolean {
  if (text === 'terminate') {
    socket.terminate();
    return true;
  }
  const close = /^close:(\d+):(.*)$/s.exec(text);
  if (close) {
    socket.close(Number(close[1]), close[2]);
    return true;
  }
  const push = /^push:(\d+)$/.exec(text);
  if (push) {
    for (let i = 0; i < Number(push[1]); i++) {
      const frame = Buffer.alloc(4);
      frame.writeUInt32BE(i);
      socket.send(frame, { binary: true });
    }
    return true;
  }
  return false;
}

/** A port nothing listens on: bind port 0, note the port, release it. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** Starts an echo server that keeps the transport conformance contract, on a free port. */
export async function startEchoServer(): Promise<EchoServer> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // The contract: refuse the handshake when none of our subprotocols is offered.
    verifyClient: (info, done) => {
      if (offered(info.req.headers['sec-websocket-protocol']).some((name) => SUPPORTED.includes(name))) done(true);
      else done(false, 400, 'no supported subprotocol offered');
    },
    handleProtocols: (protocols) => [...protocols].find((name) => SUPPORTED.includes(name)) ?? false,
  });
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      if (!isBinary && obey(socket, data.toString())) return;
      socket.send(data, { binary: isBinary });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `ws://127.0.0.1:${address.port}`,
    refusedUrl: `ws://127.0.0.1:${await unusedPort()}`,
    close: async () => {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
