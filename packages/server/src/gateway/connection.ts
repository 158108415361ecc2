import type { Socket } from 'node:net';
import { type FrameCodec, parley } from '@parley/protocol';
import type { WebSocket } from 'ws';
import * as wsModule from 'ws';
import type { Logger } from '../log.js';
import type { AppRuntime } from '../model/context.js';
import { type ConnectionBuckets, TokenBucket } from './rate-limits.js';
import type { Session } from './sessions.js';

/** `WebSocket.OPEN` (the readyState numbers are fixed by the WebSocket standard). */
const OPEN = 1;

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
}

/** Malformed frames without a readable id a connection may send before it is closed. */
const ERROR_BUDGET = 10;
/**
 * Rate-limit refusals a connection may collect before it is closed as abusive (4029). One is
 * forgiven per second ({@link STRIKES_FORGIVEN_PER_SEC}), so a client that backs off when told is
 * never closed, while one that keeps hammering well past the limit is.
 */
const RATE_STRIKES = 100;
const STRIKES_FORGIVEN_PER_SEC = 1;

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
  /** Request-rate buckets, checked by the gateway's {@link RateLimits}. */
  readonly buckets: ConnectionBuckets = { server: new TokenBucket() };
  private errorBudget = ERROR_BUDGET;
  /** Refusals held against this connection; made at the first one. */
  private strikes: TokenBucket | undefined;
  /** Bytes handed to the socket so far; with `bufferedAmount` it tells whether output drains. */
  private queuedBytes = 0;
  /** The flushed-bytes mark of the last time output was seen draining, and when. */
  private flushedMark = 0;
  private stalledSince = 0;

  private childLog: Logger | undefined;

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    readonly codec: FrameCodec,
    private readonly limits: ConnectionLimits,
    private readonly parentLog: Logger,
  ) {}

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
      this.dropSlowConsumer('send buffer full');
      return;
    }
    this.queuedBytes += typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength;
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
      this.dropSlowConsumer('send buffer full');
      return;
    }
    this.queuedBytes += frame.byteLength;
    (this.ws as unknown as { _socket: Socket })._socket.write(frame);
  }

  /** Output accepted for this peer that the socket has not yet passed to the kernel. */
  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  /**
   * Counts a refused request; a connection that keeps being refused long after it was told
   * (more than {@link RATE_STRIKES} refusals net of one forgiven per second) is closed.
   */
  rateLimited(now: number): void {
    this.strikes ??= new TokenBucket();
    if (this.strikes.level(STRIKES_FORGIVEN_PER_SEC, RATE_STRIKES, now) >= 1) this.strikes.take();
    else this.close(Close.ABUSE, 'request rate exceeded', false);
  }

  /**
   * True when output has waited unsent for `stallMs` without a byte of it draining: the peer
   * stopped reading. Called from the gateway's sweep. "Drained" is measured as bytes queued
   * minus bytes still buffered; `ws` adds frame headers and control frames to the buffer that
   * {@link queuedBytes} does not count, which can only understate progress, never invent it.
   */
  sendStalled(now: number, stallMs: number): boolean {
    const buffered = this.ws.bufferedAmount;
    if (buffered === 0) {
      this.stalledSince = 0;
      return false;
    }
    const flushed = this.queuedBytes - buffered;
    if (this.stalledSince === 0 || flushed > this.flushedMark) {
      this.flushedMark = flushed;
      this.stalledSince = now;
      return false;
    }
    return now - this.stalledSince >= stallMs;
  }

  /**
   * Drops a peer that is not reading: its queued output is freed at once (the socket is
   * destroyed, not closed politely, because a close frame would only queue behind the output the
   * peer is not reading; the peer sees an abnormal close, 1006). Logged with code 4029.
   */
  dropSlowConsumer(reason: string): void {
    if (this.closed) return;
    this.log.warn('slow consumer: dropping the connection', { reason, code: Close.ABUSE, buffered: this.ws.bufferedAmount, limit: this.limits.maxBufferedBytes });
    this.close(Close.ABUSE, reason, true);
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
    // A peer that never answers the close handshake is dropped. The timer goes once the socket
    // closes: it would otherwise keep this connection and its buffers alive for the 5 s.
    const timer = setTimeout(() => this.ws.terminate(), 5000).unref();
    this.ws.once('close', () => clearTimeout(timer));
  }
}

/** `ws`'s frame builder: its `Sender` export, which its type definitions leave out. */
const buildFrame = (wsModule as unknown as { Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] } }).Sender.frame;

/** The complete binary WebSocket frame (header and payload) of an encoded envelope, for {@link Connection.sendPrepared}. */
export function webSocketFrame(envelope: Uint8Array): Buffer {
  const data = Buffer.from(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  return Buffer.concat(buildFrame(data, { fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false }));
}
