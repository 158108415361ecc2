import { type Transport, type TransportCloseInfo, type TransportConnection, TransportError, type TransportHandlers, type TransportRequest } from '@parley/core/adapter';
import { toFrame } from './frames.js';
import type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';

/** `WebSocket.OPEN`, spelled out because an injected implementation need not carry the constants. */
const OPEN = 1;

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /**
   * The WebSocket implementation: anything with the browser's constructor and event properties,
   * such as `ws` in Node before version 22 (`import WebSocket from 'ws'`).
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructor;
  /**
   * How long `connect` waits for the connection to open. When it runs out, the attempt is closed
   * and `connect` rejects with `TRANSPORT_FAILED`. `Infinity` waits as long as the WebSocket does.
   * @default 15000
   */
  connectTimeoutMs?: number;
}

/**
 * The {@link Transport} over WebSocket, in browsers and in Node.
 *
 * Binary frames arrive as `Uint8Array`, text frames as `string`. `handlers.close` is called
 * exactly once per opened connection, and no frame is delivered after `close()` was called or
 * the close was reported. An attempt that fails before opening only rejects `connect`; it never
 * calls a handler.
 *
 * @example
 * // Browser (or Node 22+): the global WebSocket.
 * const transport = new WebSocketTransport();
 * // Node 20: inject ws.
 * import WebSocket from 'ws';
 * const transport = new WebSocketTransport({ WebSocket });
 */
export class WebSocketTransport implements Transport {
  readonly #WebSocket: WebSocketConstructor;
  readonly #connectTimeoutMs: number;

  /**
   * @throws {TransportError} `TRANSPORT_FAILED` when no WebSocket was given and the runtime has
   * none (Node 20 without `ws`), so a missing dependency shows up where it is configured.
   */
  constructor(options: WebSocketTransportOptions = {}) {
    const implementation = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof implementation !== 'function') {
      throw new TransportError(
        'No WebSocket implementation: this runtime has no global WebSocket. Pass one: ' +
          "`new WebSocketTransport({ WebSocket })` with `import WebSocket from 'ws'` in Node.",
      );
    }
    this.#WebSocket = implementation;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  }

  /**
   * Opens one connection.
   * @throws {TransportError} `TRANSPORT_FAILED` when the URL is invalid, the connection is
   * refused or fails before opening, the server agreed to none of `request.protocols`, the
   * signal aborts, or it is not open within `connectTimeoutMs`.
   */
  connect(request: TransportRequest, handlers: TransportHandlers): Promise<TransportConnection> {
    const { url, protocols, signal } = request;
    return new Promise<TransportConnection>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new TransportError(`WebSocket ${url}: aborted before connecting`, { cause: signal.reason }));
        return;
      }
      let socket: WebSocketLike;
      try {
        socket = new this.#WebSocket(url, protocols.length > 0 ? [...protocols] : undefined);
      } catch (cause) {
        // Invalid URLs and subprotocol names throw synchronously (a SyntaxError in browsers).
        reject(new TransportError(`WebSocket ${url}: cannot connect`, { cause }));
        return;
      }
      socket.binaryType = 'arraybuffer';
      const connection = new WebSocketConnection(socket, handlers);
      let timer: ReturnType<typeof setTimeout> | undefined;

      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (message: string, cause?: unknown): void => {
        if (!connection.connecting) return;
        settle();
        connection.abandon();
        reject(new TransportError(`WebSocket ${url}: ${message}`, cause === undefined ? {} : { cause }));
      };
      const onAbort = (): void => fail('aborted before the connection opened', signal?.reason);

      socket.onopen = () => {
        if (!connection.connecting) return;
        const chosen = socket.protocol;
        // Browsers open even when the server ignores every offered subprotocol; we do not.
        if (protocols.length > 0 && !protocols.includes(chosen)) {
          fail(chosen === '' ? 'the server selected no subprotocol' : `the server selected "${chosen}", which was not offered`);
          return;
        }
        settle();
        connection.opened();
        resolve(connection);
      };
      socket.onmessage = (event) => connection.received(event.data);
      // After open an error is always followed by a close event, which reports the end.
      socket.onerror = (event) => fail(`failed before opening${detailOf(event)}`, causeOf(event));
      socket.onclose = (event) => {
        if (connection.connecting) fail(`closed before opening (code ${event.code})`);
        else connection.ended(event);
      };

      if (Number.isFinite(this.#connectTimeoutMs)) {
        const timeoutMs = this.#connectTimeoutMs;
        timer = setTimeout(() => fail(`not open after ${timeoutMs} ms`), timeoutMs);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

/** One WebSocket; the state gates every handler call so that each happens at most when allowed. */
class WebSocketConnection implements TransportConnection {
  readonly #socket: WebSocketLike;
  readonly #handlers: TransportHandlers;
  #state: ConnectionState = 'connecting';

  constructor(socket: WebSocketLike, handlers: TransportHandlers) {
    this.#socket = socket;
    this.#handlers = handlers;
  }

  get protocol(): string {
    return this.#socket.protocol;
  }

  get bufferedAmount(): number {
    const amount = this.#socket.bufferedAmount;
    return typeof amount === 'number' && amount >= 0 ? amount : 0;
  }

  get connecting(): boolean {
    return this.#state === 'connecting';
  }

  send(frame: Uint8Array | string): void {
    if (this.#state !== 'open' || this.#socket.readyState !== OPEN) {
      throw new TransportError(`send: the connection is ${this.#state === 'open' ? 'closing' : this.#state}`);
    }
    try {
      this.#socket.send(frame);
    } catch (cause) {
      throw new TransportError('send: the WebSocket refused the frame', { cause });
    }
  }

  /**
   * Starts the closing handshake; frames that arrive from now on are dropped.
   * @default code 1000
   * @throws {TransportError} `TRANSPORT_FAILED` when the WebSocket rejects the code or reason
   * (browsers accept only 1000 and 3000–4999, and reasons up to 123 bytes).
   */
  close(code = 1000, reason = ''): void {
    if (this.#state !== 'open') return;
    try {
      this.#socket.close(code, reason);
    } catch (cause) {
      throw new TransportError(`close(${code}): rejected by the WebSocket`, { cause });
    }
    this.#state = 'closing';
  }

  opened(): void {
    this.#state = 'open';
  }

  /** Gives up an attempt that never opened: no handler will be called for it. */
  abandon(): void {
    this.#state = 'closed';
    try {
      this.#socket.close();
    } catch {
      // Already closed or never started: nothing left to release.
    }
  }

  received(data: unknown): void {
    if (this.#state !== 'open') return;
    const frame = toFrame(data);
    if (frame === undefined) {
      // Only an implementation that ignored binaryType gets here (a Blob cannot be read
      // synchronously, and reading it later would reorder frames): end the connection visibly.
      this.#state = 'closing';
      try {
        this.#socket.close(1003, 'unsupported frame data');
      } catch {
        this.#socket.close();
      }
      return;
    }
    call(() => this.#handlers.frame(frame));
  }

  ended(event: TransportCloseInfo): void {
    if (this.#state !== 'open' && this.#state !== 'closing') return;
    this.#state = 'closed';
    const info: TransportCloseInfo = { code: event.code, reason: event.reason, wasClean: event.wasClean };
    call(() => this.#handlers.close(info));
  }
}

/**
 * Runs a handler so that its exception cannot unwind into the WebSocket implementation (in `ws`
 * it would abort parsing the rest of the received data); the exception is rethrown on its own.
 */
function call(handler: () => void): void {
  try {
    handler();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

// Browsers give error events no detail; `ws` gives an ErrorEvent with `message` and `error`.
function detailOf(event: unknown): string {
  const message = (event as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? `: ${message}` : '';
}

function causeOf(event: unknown): unknown {
  return (event as { error?: unknown } | null)?.error ?? event;
}
