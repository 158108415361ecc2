import { createServer, type Server, type Socket } from 'node:net';
import { ClientCode, type TransportCloseInfo, TransportError, type TransportHandlers } from '@parley/core';
import WS from 'ws';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { type WebSocketConstructor, type WebSocketLike, WebSocketTransport } from '../src/index.js';

/** A scripted WebSocket: the test decides when it opens, what arrives and how it ends. */
class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  binaryType = 'blob';
  readyState = 0;
  protocol = '';
  bufferedAmount = 0;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly closeCalls: unknown[][] = [];
  readonly sent: (string | Uint8Array)[] = [];

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }

  close(...args: unknown[]): void {
    this.closeCalls.push(args);
    if (this.readyState < 2) this.readyState = 2;
  }

  open(protocol: string): void {
    this.protocol = protocol;
    this.readyState = 1;
    this.onopen?.({});
  }

  message(data: unknown): void {
    this.onmessage?.({ data });
  }

  end(info: TransportCloseInfo): void {
    this.readyState = 3;
    this.onclose?.(info);
  }
}

function recorder(): TransportHandlers & { frames: (Uint8Array | string)[]; closes: TransportCloseInfo[] } {
  const frames: (Uint8Array | string)[] = [];
  const closes: TransportCloseInfo[] = [];
  return { frames, closes, frame: (data) => frames.push(data), close: (info) => closes.push(info) };
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  expect((error as TransportError).code).toBe(ClientCode.TRANSPORT_FAILED);
  return error as TransportError;
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeWebSocket.instances = [];
});

describe('WebSocketTransport options', () => {
  it('throws TRANSPORT_FAILED when there is no WebSocket implementation', () => {
    vi.stubGlobal('WebSocket', undefined);
    expect(() => new WebSocketTransport()).toThrow(TransportError);
    expect(() => new WebSocketTransport()).toThrow(/No WebSocket implementation/);
  });

  it('uses globalThis.WebSocket by default, offering the protocols in order', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const connecting = new WebSocketTransport().connect({ url: 'ws://example.test/', protocols: ['a', 'b'] }, recorder());
    const socket = FakeWebSocket.instances[0]!;
    expect(socket.protocols).toEqual(['a', 'b']);
    expect(socket.binaryType).toBe('arraybuffer');
    socket.open('b');
    expect((await connecting).protocol).toBe('b');
  });

  it('accepts the DOM WebSocket and ws constructors (types)', () => {
    expectTypeOf(WS).toExtend<WebSocketConstructor>();
    expectTypeOf<typeof globalThis.WebSocket>().toExtend<WebSocketConstructor>();
  });

  describe('connectTimeoutMs', () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    });

    it('rejects and closes the attempt when the handshake never completes', async () => {
      // A TCP server that accepts and then never answers the HTTP upgrade.
      let accepted: (socket: Socket) => void = () => {};
      const connected = new Promise<Socket>((resolve) => {
        accepted = resolve;
      });
      server = createServer((socket) => accepted(socket));
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');

      const handlers = recorder();
      const transport = new WebSocketTransport({ WebSocket: WS, connectTimeoutMs: 200 });
      const connecting = transport.connect({ url: `ws://127.0.0.1:${address.port}`, protocols: ['parley.test.a'] }, handlers);
      const socket = await connected;
      const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.resume();

      expect((await failure(connecting)).message).toMatch(/not open after 200 ms/);
      await socketClosed;
      expect(handlers.frames).toEqual([]);
      expect(handlers.closes).toEqual([]);
    });
  });
});

describe('WebSocketTransport with a scripted WebSocket', () => {
  const transport = new WebSocketTransport({ WebSocket: FakeWebSocket });

  it('rejects and closes when the server selected no subprotocol although some were offered', async () => {
    const handlers = recorder();
    const connecting = transport.connect({ url: 'ws://example.test/', protocols: ['parley.test.a'] }, handlers);
    const socket = FakeWebSocket.instances[0]!;
    socket.open('');
    expect((await failure(connecting)).message).toMatch(/no subprotocol/);
    expect(socket.closeCalls).toHaveLength(1);
    socket.end({ code: 1000, reason: '', wasClean: true });
    expect(handlers.closes).toEqual([]);
  });

  it('opens without a subprotocol when none was offered', async () => {
    const connecting = transport.connect({ url: 'ws://example.test/', protocols: [] }, recorder());
    const socket = FakeWebSocket.instances[0]!;
    expect(socket.protocols).toBeUndefined();
    socket.open('');
    expect((await connecting).protocol).toBe('');
  });

  it('rejects an invalid URL the constructor throws on', async () => {
    class Throwing extends FakeWebSocket {
      constructor(url: string) {
        super(url);
        throw new SyntaxError(`invalid URL ${url}`);
      }
    }
    const error = await failure(new WebSocketTransport({ WebSocket: Throwing }).connect({ url: 'nope', protocols: [] }, recorder()));
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('hands Node Buffers, ArrayBuffers and fragment arrays as plain Uint8Array', async () => {
    const handlers = recorder();
    const connecting = transport.connect({ url: 'ws://example.test/', protocols: ['p'] }, handlers);
    const socket = FakeWebSocket.instances[0]!;
    socket.open('p');
    await connecting;
    socket.message(Buffer.from([1, 2, 3]));
    socket.message(new Uint8Array([4, 5]).buffer);
    socket.message([Buffer.from([6]), Buffer.from([7, 8])]);
    socket.message('text');
    expect(handlers.frames.map((f) => (typeof f === 'string' ? f : [...f]))).toEqual([[1, 2, 3], [4, 5], [6, 7, 8], 'text']);
    for (const frame of handlers.frames.slice(0, 3)) {
      expect(frame).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(frame)).toBe(false);
    }
  });

  it('reports an error after open through the close event that follows, once, and nothing after', async () => {
    const handlers = recorder();
    const connecting = transport.connect({ url: 'ws://example.test/', protocols: ['p'] }, handlers);
    const socket = FakeWebSocket.instances[0]!;
    socket.open('p');
    const connection = await connecting;
    socket.onerror?.({ message: 'boom' });
    expect(handlers.closes).toEqual([]);
    socket.end({ code: 1006, reason: '', wasClean: false });
    socket.message('late');
    socket.end({ code: 1006, reason: '', wasClean: false });
    expect(handlers.closes).toEqual([{ code: 1006, reason: '', wasClean: false }]);
    expect(handlers.frames).toEqual([]);
    expect(() => connection.send('x')).toThrow(TransportError);
  });

  it('drops frames that arrive after close() was called', async () => {
    const handlers = recorder();
    const connecting = transport.connect({ url: 'ws://example.test/', protocols: ['p'] }, handlers);
    const socket = FakeWebSocket.instances[0]!;
    socket.open('p');
    const connection = await connecting;
    connection.close(4000, 'done');
    expect(socket.closeCalls).toEqual([[4000, 'done']]);
    socket.message('in flight');
    socket.end({ code: 4000, reason: 'done', wasClean: true });
    expect(handlers.frames).toEqual([]);
    expect(handlers.closes).toEqual([{ code: 4000, reason: 'done', wasClean: true }]);
  });
});
