import { type FrameCodec, parley } from '@parley/protocol';
import type { Socket } from 'node:net';
import * as wsModule from 'ws';
import type { WebSocket } from 'ws';

/** `WebSocket.OPEN` (the readyState numbers are fixed by the WebSocket standard). */
const OPEN = 1;
import type { Logger } from '../log.js';
import type { AppRuntime } from '../model/context.js';
import type { Session } from './sessions.js';

/** Close codes of PROTOCOL.md §1. */
export const Close = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  TOO_BIG: 1009,
  BAD_FRAMES: 4001,
  LOGIN_TIMEOUT: 4002,
  KICKED: 4003,
  NO_SUBPROTOCOL: 4008,
  ABUSE: 4029,
} as const;

/** What `conn.hello` established. */
export interface HelloState {
  app: AppRuntime;
  client: parley.v1.ClientInfo;
  /** Which app-level proof the hello carried. */
  proof: 'none' | 'jmessage' | 'maxleap';
  maxleapKeyType?: string;
}

/** Limits of one connection. */
export interface ConnectionLimits {
  maxBufferedBytes: number;
  requestsPerSec: number;
  requestBurst: number;
}

/** Malformed frames without a readable id a connection may send before it is closed. */
const ERROR_BUDGET = 10;
/** Rate-limit refusals before the connection is closed as abusive. */
const RATE_STRIKES = 100;

/**
 * One WebSocket: its codec, limits, liveness, and what it has established so far (hello,
 * session). Every frame leaves through {@link send}, which enforces the send-buffer bound.
 */
export class Connection {
  hello: HelloState | undefined;
  session: Session | undefined;
  lastSeen = Date.now();
  readonly openedAt = Date.now();
  inFlight = 0;
  closed = false;
  private errorBudget = ERROR_BUDGET;
  private tokens: number;
  private refilledAt = Date.now();
  private strikes = 0;

  private childLog: Logger | undefined;

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    readonly codec: FrameCodec,
    private readonly limits: ConnectionLimits,
    private readonly parentLog: Logger,
  ) {
    this.tokens = limits.requestBurst;
  }

  /**
   * This connection's logger (fields: `connId`), made on first use: most connections never
   * log, and a child logger per idle connection costs memory that adds up.
   */
  get log(): Logger {
    this.childLog ??= this.parentLog.child({ connId: this.id });
    return this.childLog;
  }

  /** Encodes and sends; drops the connection when the peer is not reading (bounded memory). */
  send(envelope: parley.v1.IEnvelope): void {
    if (this.closed) return;
    let frame: Uint8Array | string;
    try {
      frame = this.codec.encode(envelope);
    } catch (error) {
      this.log.error('frame encode failed', { error });
      if (envelope.id) this.send({ id: envelope.id, error: { code: parley.v1.ErrorCode.INTERNAL, message: 'the response could not be encoded' } });
      return;
    }
    this.sendFrame(frame);
  }

  /** Sends a pre-encoded frame (pushes built once per user). */
  sendFrame(frame: Uint8Array | string): void {
    if (this.closed) return;
    const size = typeof frame === 'string' ? frame.length * 3 : frame.byteLength;
    if (this.ws.bufferedAmount + size > this.limits.maxBufferedBytes) {
      this.log.warn('send buffer full: dropping the connection', { buffered: this.ws.bufferedAmount });
      this.close(Close.ABUSE, 'send buffer full', true);
      return;
    }
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }

  /**
   * Sends a complete WebSocket frame built once for many connections ({@link webSocketFrame}),
   * straight to the socket: a push to a room of thousands costs one frame build, not one per
   * member. Safe because the server never compresses (`perMessageDeflate: false`), so `ws`
   * queues nothing of its own that this could overtake.
   */
  sendPrepared(frame: Buffer): void {
    if (this.closed || this.ws.readyState !== OPEN) return;
    if (this.ws.bufferedAmount + frame.byteLength > this.limits.maxBufferedBytes) {
      this.log.warn('send buffer full: dropping the connection', { buffered: this.ws.bufferedAmount });
      this.close(Close.ABUSE, 'send buffer full', true);
      return;
    }
    (this.ws as unknown as { _socket: Socket })._socket.write(frame);
  }

  /** Counts a request against the token bucket; false means refuse it. */
  takeToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.limits.requestBurst, this.tokens + ((now - this.refilledAt) / 1000) * this.limits.requestsPerSec);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    if (++this.strikes >= RATE_STRIKES) this.close(Close.ABUSE, 'request rate exceeded', false);
    return false;
  }

  /** Milliseconds until a token is available. */
  retryAfterMs(): number {
    return Math.ceil(((1 - this.tokens) / this.limits.requestsPerSec) * 1000);
  }

  /** Counts an unanswerable bad frame; closes when the budget is spent. */
  spendErrorBudget(): void {
    if (--this.errorBudget <= 0) this.close(Close.BAD_FRAMES, 'too many malformed frames', false);
  }

  /**
   * Closes with a code. `terminate` drops the socket at once: a peer that is not reading would
   * never receive the close frame either.
   */
  close(code: number, reason: string, terminate: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (terminate) {
      this.ws.terminate();
      return;
    }
    this.ws.close(code, reason);
    // A peer that never answers the close handshake is dropped.
    setTimeout(() => this.ws.terminate(), 5000).unref();
  }
}

/** `ws`'s frame builder: its `Sender` export, which its type definitions leave out. */
const buildFrame = (wsModule as unknown as { Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] } }).Sender.frame;

/** The complete binary WebSocket frame (header and payload) of an encoded envelope, for {@link Connection.sendPrepared}. */
export function webSocketFrame(envelope: Uint8Array): Buffer {
  const data = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  return Buffer.concat(buildFrame(data, { fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false }));
}
