import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientCode } from '../codes.js';
import { TransportError } from '../errors.js';
import type { Transport, TransportCloseInfo, TransportConnection, TransportHandlers } from '../transport.js';

/**
 * What one test of {@link runTransportTests} gets: a fresh transport and the URLs to use.
 *
 * `url` must point at an echo server that keeps this **contract**:
 * - It accepts the subprotocols `parley.test.a` and `parley.test.b` and picks the first one the
 *   client offers that it supports. When the client offers neither, it refuses the handshake
 *   (for example with HTTP 400).
 * - It echoes every binary frame as binary and every text frame as text, unchanged, in order.
 * - It obeys three text commands, which it does not echo:
 *   - `close:<code>:<reason>`: closes with that code and reason (`close:4003:kicked`);
 *   - `terminate`: drops the TCP connection without a close frame;
 *   - `push:<n>`: sends `n` binary frames whose first 4 bytes are their index `0..n-1`, big-endian.
 * - It answers a client's close frame with the same code and reason (what `ws` and browsers do).
 */
export interface TransportTestContext {
  /** The transport under test. */
  transport: Transport;
  /** `ws:` URL of the echo server described above. */
  url: string;
  /** `ws:` URL where nothing listens (a closed port), for the refused-connection case. */
  refusedUrl: string;
  /** Stops the echo server and frees what `setup` made; runs after every test. */
  teardown?: () => Promise<void>;
}

/** Makes a {@link TransportTestContext}; called before every test. */
export type TransportTestSetup = () => Promise<TransportTestContext>;

const PROTOCOL_A = 'parley.test.a';
const PROTOCOL_B = 'parley.test.b';
const PROTOCOLS = [PROTOCOL_A, PROTOCOL_B];
/** How long a test waits for an expected frame or close before it fails with a clear message. */
const WAIT_MS = 8_000;

type TransportEvent = { kind: 'frame'; data: Uint8Array | string } | { kind: 'close'; info: TransportCloseInfo };

/** Handlers that record every call in order and let a test wait for a condition on them. */
class Recorder {
  readonly events: TransportEvent[] = [];
  readonly #waiters = new Set<() => void>();
  readonly handlers: TransportHandlers = {
    frame: (data) => this.#push({ kind: 'frame', data }),
    close: (info) => this.#push({ kind: 'close', info }),
  };

  get frames(): (Uint8Array | string)[] {
    return this.events.flatMap((e) => (e.kind === 'frame' ? [e.data] : []));
  }

  get closes(): TransportCloseInfo[] {
    return this.events.flatMap((e) => (e.kind === 'close' ? [e.info] : []));
  }

  /** Resolves with the first `n` frames once they have arrived. */
  nextFrames(n: number): Promise<(Uint8Array | string)[]> {
    return this.#waitFor(`${n} frame(s)`, () => {
      const frames = this.frames;
      return frames.length >= n ? frames.slice(0, n) : undefined;
    });
  }

  /** Resolves with the close report once it has arrived. */
  closed(): Promise<TransportCloseInfo> {
    return this.#waitFor('the close report', () => this.closes[0]);
  }

  #push(event: TransportEvent): void {
    this.events.push(event);
    for (const waiter of [...this.#waiters]) waiter();
  }

  #waitFor<T>(what: string, check: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): void => {
        const value = check();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what} (got ${this.events.length} event(s))`));
      }, WAIT_MS);
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(attempt);
      };
      this.#waiters.add(attempt);
      attempt();
    });
  }
}

const encoder = new TextEncoder();

function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

function index(i: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, i);
  return bytes;
}

function indexOf(frame: Uint8Array | string | undefined): number {
  if (!(frame instanceof Uint8Array) || frame.byteLength < 4) return -1;
  return new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
}

/** Byte equality without building a diff of half a megabyte on failure. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function expectTransportFailure(connecting: Promise<TransportConnection>): Promise<void> {
  const outcome = await connecting.then(
    (connection) => {
      connection.close();
      return new Error('connect resolved, expected a TransportError');
    },
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(TransportError);
  expect((outcome as TransportError).code).toBe(ClientCode.TRANSPORT_FAILED);
}

/**
 * The conformance suite of a {@link Transport}: opening (subprotocol agreement, refusal, abort),
 * binary and text frames, ordering, and how a connection ends. `setup` runs before every test and
 * must provide an echo server that keeps the contract of {@link TransportTestContext}.
 *
 * @example
 * runTransportTests(async () => {
 *   const server = await startEchoServer();
 *   return { transport: new WebSocketTransport({ WebSocket }), url: server.url, refusedUrl: server.refusedUrl, teardown: () => server.close() };
 * });
 */
export function runTransportTests(setup: TransportTestSetup): void {
  describe('Transport conformance', { timeout: 20_000 }, () => {
    let context: TransportTestContext;
    let opened: TransportConnection[] = [];

    beforeEach(async () => {
      context = await setup();
      opened = [];
    });

    afterEach(async () => {
      for (const connection of opened) connection.close();
      await context.teardown?.();
    });

    async function connect(recorder = new Recorder(), protocols = PROTOCOLS): Promise<TransportConnection> {
      const connection = await context.transport.connect({ url: context.url, protocols }, recorder.handlers);
      opened.push(connection);
      return connection;
    }

    /**
     * Lets late events of other connections surface: a full round trip on a fresh connection
     * spans several turns of network I/O, without betting on a sleep.
     */
    async function settle(): Promise<void> {
      const recorder = new Recorder();
      const connection = await connect(recorder);
      connection.send('settle');
      await recorder.nextFrames(1);
      connection.close();
      await recorder.closed();
    }

    describe('connect', () => {
      it('resolves with the first offered subprotocol the server supports', async () => {
        expect((await connect(new Recorder(), ['x.unknown', PROTOCOL_B])).protocol).toBe(PROTOCOL_B);
        expect((await connect(new Recorder(), [PROTOCOL_A, PROTOCOL_B])).protocol).toBe(PROTOCOL_A);
      });

      it('rejects with TRANSPORT_FAILED when no subprotocol is agreed, and calls no handler', async () => {
        const recorder = new Recorder();
        await expectTransportFailure(context.transport.connect({ url: context.url, protocols: ['x.unknown'] }, recorder.handlers));
        await settle();
        expect(recorder.events).toEqual([]);
      });

      it('rejects with TRANSPORT_FAILED when nothing listens', async () => {
        const recorder = new Recorder();
        await expectTransportFailure(context.transport.connect({ url: context.refusedUrl, protocols: PROTOCOLS }, recorder.handlers));
        expect(recorder.events).toEqual([]);
      });

      it('rejects with TRANSPORT_FAILED when aborted before the connection opens', async () => {
        const recorder = new Recorder();
        const controller = new AbortController();
        const connecting = context.transport.connect({ url: context.url, protocols: PROTOCOLS, signal: controller.signal }, recorder.handlers);
        controller.abort();
        await expectTransportFailure(connecting);
        await settle();
        expect(recorder.events).toEqual([]);
      });

      it('rejects with TRANSPORT_FAILED when the signal is already aborted', async () => {
        const recorder = new Recorder();
        const signal = AbortSignal.abort();
        await expectTransportFailure(context.transport.connect({ url: context.url, protocols: PROTOCOLS, signal }, recorder.handlers));
        expect(recorder.events).toEqual([]);
      });
    });

    describe('frames', () => {
      it('echoes binary frames as Uint8Array with the same bytes (small, 512 KiB, empty)', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        const sent = [pattern(300, 7), pattern(512 * 1024, 1), new Uint8Array(0)];
        for (const frame of sent) connection.send(frame);
        const received = await recorder.nextFrames(sent.length);
        received.forEach((frame, i) => {
          expect(frame).toBeInstanceOf(Uint8Array);
          const expected = sent[i]!;
          expect((frame as Uint8Array).byteLength).toBe(expected.byteLength);
          expect(sameBytes(frame as Uint8Array, expected)).toBe(true);
        });
      });

      it('echoes text frames as strings (non-ASCII, emoji, empty)', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        const sent = ['hello', 'héllo wörld 👋🏽 — 你好 🇺🇦', ''];
        for (const frame of sent) connection.send(frame);
        expect(await recorder.nextFrames(sent.length)).toEqual(sent);
      });

      it('keeps the order of 1,000 frames, binary and text interleaved', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        for (let i = 0; i < 1000; i++) connection.send(i % 2 === 0 ? index(i) : `text ${i}`);
        const received = await recorder.nextFrames(1000);
        const misplaced = received.findIndex((frame, i) => (i % 2 === 0 ? indexOf(frame) !== i : frame !== `text ${i}`));
        expect(misplaced).toBe(-1);
      });

      it('delivers 1,000 pushed frames in order as Uint8Array', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        connection.send('push:1000');
        const received = await recorder.nextFrames(1000);
        expect(received.every((frame) => frame instanceof Uint8Array)).toBe(true);
        expect(received.findIndex((frame, i) => indexOf(frame) !== i)).toBe(-1);
      });

      it('accepts a Uint8Array that is a view into a larger buffer and sends only its bytes', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        const backing = pattern(64, 3);
        connection.send(backing.subarray(10, 20));
        const [frame] = await recorder.nextFrames(1);
        expect(sameBytes(frame as Uint8Array, backing.slice(10, 20))).toBe(true);
      });
    });

    describe('close', () => {
      it('a client close reports code 1000 exactly once, and no frame after it', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        connection.send('push:200');
        await recorder.nextFrames(1);
        connection.close();
        const info = await recorder.closed();
        expect(info.code).toBe(1000);
        expect(info.wasClean).toBe(true);
        await settle();
        expect(recorder.closes).toHaveLength(1);
        expect(recorder.events.at(-1)?.kind).toBe('close');
      });

      it('a client close with a code and reason reports them', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        connection.close(4001, 'bye');
        expect(await recorder.closed()).toEqual({ code: 4001, reason: 'bye', wasClean: true });
      });

      it("a server close reports the server's code and reason exactly once", async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        connection.send('close:4003:kicked');
        expect(await recorder.closed()).toEqual({ code: 4003, reason: 'kicked', wasClean: true });
        await settle();
        expect(recorder.closes).toHaveLength(1);
      });

      it('a dropped link reports 1006 (not clean) exactly once', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        connection.send(encoder.encode('before'));
        await recorder.nextFrames(1);
        connection.send('terminate');
        const info = await recorder.closed();
        expect(info.code).toBe(1006);
        expect(info.wasClean).toBe(false);
        await settle();
        expect(recorder.closes).toHaveLength(1);
      });

      it('send after close throws TRANSPORT_FAILED', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        connection.close();
        expect(() => connection.send('late')).toThrow(TransportError);
        await recorder.closed();
        expect(() => connection.send(new Uint8Array([1]))).toThrow(TransportError);

        const kicked = new Recorder();
        const other = await connect(kicked);
        other.send('close:4003:kicked');
        await kicked.closed();
        let thrown: unknown;
        try {
          other.send('late');
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(TransportError);
        expect((thrown as TransportError).code).toBe(ClientCode.TRANSPORT_FAILED);
      });

      it('close is idempotent', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        connection.close();
        connection.close();
        connection.close(4000, 'again');
        expect((await recorder.closed()).code).toBe(1000);
        connection.close();
        await settle();
        expect(recorder.closes).toHaveLength(1);
      });

      it('bufferedAmount is a non-negative number while open and after close', async () => {
        const recorder = new Recorder();
        const connection = await connect(recorder);
        expect(connection.bufferedAmount).toBeTypeOf('number');
        connection.send(pattern(256 * 1024, 9));
        expect(connection.bufferedAmount).toBeGreaterThanOrEqual(0);
        connection.close();
        await recorder.closed();
        expect(connection.bufferedAmount).toBeTypeOf('number');
        expect(connection.bufferedAmount).toBeGreaterThanOrEqual(0);
      });
    });
  });
}
