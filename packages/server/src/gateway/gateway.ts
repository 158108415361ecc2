import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type FrameCodec, isProtocolError, type OpName, ProtobufCodec, parley, SUBPROTOCOL_JSON, SUBPROTOCOL_PROTOBUF, WireReader } from '@parley/protocol';
import { JsonCodec } from '@parley/protocol/json';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BusMessage } from '../bus/types.js';
import { ErrorCode, invalidParam, isServerError, ServerError } from '../errors.js';
import { checkUserId } from '../model/users.js';
import * as auth from './auth.js';
import { Close, Connection, webSocketFrame } from './connection.js';
import { modelContext, type ServerContext } from './context.js';
import { GUEST_OPS, OPS, type OpCall, PRE_LOGIN, READ_ONLY_OPS } from './dispatch.js';
import { unsafeNumberField } from './numbers.js';
import { RateLimits } from './rate-limits.js';
import type { Session } from './sessions.js';

/** The WebSocket endpoint (PROTOCOL.md §1). */
export const WS_PATH = '/parley/ws';

/** How long an idempotency key's answer is kept (PROTOCOL.md §3). */
const IDEMPOTENCY_TTL_MS = 10 * 60_000;
const IDEMPOTENCY_MAX_ENTRIES = 200_000;

type Answer = { ok: true; op: OpName; result: unknown } | { ok: false; error: parley.v1.IError };

/**
 * The gateway: accepts WebSockets on {@link WS_PATH}, decodes frames, enforces limits,
 * dispatches requests, and writes pushes that arrive on the bus to the sessions they name.
 */
export class Gateway {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly idempotent = new Map<string, { expires: number; answer: Promise<Answer> }>();
  private readonly sweeper: NodeJS.Timeout;
  private draining = false;
  private readonly codecs: Record<string, FrameCodec>;
  /** Request rate limits: the server's per connection, the apps' per connection and per user. */
  readonly rateLimits: RateLimits;

  constructor(private readonly server: ServerContext) {
    const { config } = server;
    this.codecs = {
      [SUBPROTOCOL_PROTOBUF]: new ProtobufCodec({ maxFrameBytes: config.maxFrameBytes }),
      [SUBPROTOCOL_JSON]: new JsonCodec({ maxFrameBytes: config.maxFrameBytes }),
    };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.maxFrameBytes,
      perMessageDeflate: false,
      handleProtocols: (offered) => {
        for (const p of offered) if (p === SUBPROTOCOL_PROTOBUF || p === SUBPROTOCOL_JSON) return p;
        return false;
      },
    });
    this.wss.on('connection', (ws: WebSocket) => this.accept(ws));
    this.rateLimits = new RateLimits(config);
    const interval = Math.max(100, Math.min(config.heartbeatMs, config.loginTimeoutMs, config.sendStallMs || Number.POSITIVE_INFINITY) / 2);
    this.sweeper = setInterval(() => this.sweep(), interval);
    this.sweeper.unref();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Wire into `http.Server`'s `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH || this.draining) {
      socket.end(`HTTP/1.1 ${this.draining ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  private accept(ws: WebSocket): void {
    const codec = this.codecs[ws.protocol];
    const id = randomUUID();
    if (!codec) {
      ws.close(Close.NO_SUBPROTOCOL, 'offer parley.v1.proto or parley.v1.json');
      return;
    }
    const conn = new Connection(id, ws, codec, this.server.config, this.server.log);
    this.connections.add(conn);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(conn, isBinary ? data : data.toString('utf8')));
    ws.on('close', () => this.onClose(conn));
    ws.on('error', (error) => conn.log.debug('socket error', { error }));
  }

  private onClose(conn: Connection): void {
    conn.closed = true;
    this.connections.delete(conn);
    const session = conn.session;
    if (session && this.server.sessions.get(session.id) === session) {
      conn.session = undefined;
      auth.disconnected(this.server, session).catch((error) => conn.log.error('disconnect bookkeeping failed', { error }));
    }
  }

  private onFrame(conn: Connection, frame: Buffer | string): void {
    conn.lastSeen = Date.now();
    let envelope: parley.v1.Envelope;
    try {
      envelope = conn.codec.decode(frame);
    } catch (error) {
      if (isProtocolError(error) && error.requestId) {
        conn.send({ id: error.requestId, error: { code: error.code, message: error.message } });
      } else {
        conn.spendErrorBudget();
      }
      return;
    }
    const request = envelope.request;
    if (!request || envelope.kind !== 'request') {
      // Clients send requests only; anything else is a protocol error.
      if (envelope.id) conn.send({ id: envelope.id, error: { code: ErrorCode.UNKNOWN_VARIANT, message: 'clients send requests only' } });
      else conn.spendErrorBudget();
      return;
    }
    const id = envelope.id;
    if (!id) {
      conn.spendErrorBudget();
      return;
    }
    const op = request.op;
    // Before login only the server's per-connection limit applies: the tenant is not known yet.
    const now = Date.now();
    const refused = this.rateLimits.admit(conn.buckets, conn.session, op, now);
    if (refused) {
      conn.send({ id, error: { code: ErrorCode.RATE_LIMITED, message: refused.message, detail: refused.detail, retryAfterMs: refused.retryAfterMs } });
      conn.rateLimited(now);
      return;
    }
    if (!op) {
      conn.send({ id, error: { code: ErrorCode.UNKNOWN_OPERATION, message: 'unknown operation' } });
      return;
    }
    conn.inFlight++;
    const started = performance.now();
    this.handle(conn, id, op, request as parley.v1.Request)
      .then((answer) => {
        if (answer.ok) conn.send({ id, response: answer.result === undefined ? {} : { [answer.op]: answer.result } });
        else conn.send({ id, error: answer.error });
        // One line per request: connection id (from the child logger) + request id identify it.
        conn.log.debug('request', { reqId: id, op, ms: Math.round((performance.now() - started) * 10) / 10, code: answer.ok ? 0 : answer.error.code });
        if (op === 'authLogout' && answer.ok) conn.close(Close.NORMAL, 'logged out', false);
      })
      .finally(() => {
        conn.inFlight--;
      });
  }

  /** Runs one request to its answer; never rejects. */
  private async handle(conn: Connection, id: number, op: OpName, request: parley.v1.Request): Promise<Answer> {
    const session = conn.session;
    const key = request.idempotencyKey && session && !READ_ONLY_OPS.has(op) && op !== 'msgSend' ? `${session.app.id}\u0000${session.userId}\u0000${request.idempotencyKey}` : '';
    if (key) {
      const cached = this.idempotent.get(key);
      if (cached && cached.expires > Date.now()) return cached.answer;
    }
    const answer = this.run(conn, id, op, request).then(
      (result): Answer => ({ ok: true, op, result }),
      (error: unknown): Answer => ({ ok: false, error: this.toWireError(conn, op, error, request) }),
    );
    if (key) {
      this.idempotent.set(key, { expires: Date.now() + IDEMPOTENCY_TTL_MS, answer });
      if (this.idempotent.size > IDEMPOTENCY_MAX_ENTRIES) this.sweepIdempotent();
    }
    return answer;
  }

  private async run(conn: Connection, id: number, op: OpName, request: parley.v1.Request): Promise<unknown> {
    const payload = request[op as keyof parley.v1.Request];
    const unsafe = unsafeNumberField(payload);
    if (unsafe) throw invalidParam(unsafe, 'integers stay within ±(2^53 − 1) (PROTOCOL.md §2)');
    if (op in PRE_LOGIN) {
      const handler = PRE_LOGIN[op as keyof typeof PRE_LOGIN] as (s: ServerContext, c: Connection, p: unknown) => Promise<unknown>;
      return handler(this.server, conn, payload);
    }
    const session = conn.session;
    if (!session) {
      if (op === 'connPing') return { serverTime: this.server.now() };
      throw new ServerError(ErrorCode.UNAUTHENTICATED, 'log in first');
    }
    let userId = session.userId;
    if (request.subject && request.subject !== session.userId) {
      // §5.2: only a privileged session may act for another user, and not where the app
      // limits user-scoped calls to the logged-in user.
      if (!session.privileged || session.app.policy.restRequiresSession) {
        throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this session may not act for another user', { detail: 'subject' });
      }
      userId = checkUserId(request.subject, 'subject');
    }
    if (request.crossApp) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'cross-app requests are not supported', { detail: 'crossApp' });
    if (session.kind === parley.v1.UserKind.USER_KIND_GUEST && !GUEST_OPS.has(op)) {
      throw new ServerError(ErrorCode.PERMISSION_DENIED, 'guests may not do this');
    }
    const handler = OPS[op];
    if (!handler) throw new ServerError(ErrorCode.NOT_SUPPORTED, `${op} is not served by this server version`);
    // §4.3 early ack: JMessage clients tell "no ack" (onTimeout response_timeout=false) from
    // "ack but no result" (true) and fire onAck. Only their sessions get it, for mutations.
    if (session.shim === parley.v1.Shim.SHIM_JMESSAGE && !READ_ONLY_OPS.has(op)) conn.send({ id, ack: {} });
    const call: OpCall<unknown> = {
      server: this.server,
      conn,
      session,
      ctx: modelContext(this.server, session.app),
      actor: { userId, sessionId: session.id, ...(session.privileged && { privileged: true }) },
      payload,
    };
    return handler(call as OpCall<never>);
  }

  private toWireError(conn: Connection, op: OpName, error: unknown, request: parley.v1.Request): parley.v1.IError {
    if (isServerError(error)) {
      conn.log.debug('request refused', { op, code: error.code, message: error.message });
      return { code: error.code, message: error.message, detail: error.detail, retryAfterMs: error.retryAfterMs };
    }
    if (isProtocolError(error)) return { code: error.code, message: error.message };
    conn.log.error('request failed', { op, idempotencyKey: request.idempotencyKey, error });
    return { code: ErrorCode.INTERNAL, message: 'internal error' };
  }

  /** Writes a bus message to one session of this node. */
  deliverToSession(session: Session, message: BusMessage): void {
    const conn = session.conn;
    if (message.kind === 'kick') {
      if (!message.sessionIds.includes(session.id)) return;
      this.server.sessions.remove(session, 'kicked');
      conn.session = undefined;
      conn.send({ push: { kicked: { reason: message.reason, detail: message.detail } } });
      conn.close(Close.KICKED, 'kicked', false);
      return;
    }
    if (message.kind !== 'push' || message.exceptSessionId === session.id) return;
    if (conn.codec.binary) conn.sendPrepared(framedPush(message.push));
    else conn.send({ push: parley.v1.Push.decode(new WireReader(message.push)) });
  }

  /** Heartbeat and login timeouts, peers that stopped reading, refilled rate buckets. */
  private sweep(): void {
    const now = Date.now();
    const { heartbeatMs, loginTimeoutMs, sendStallMs } = this.server.config;
    for (const conn of this.connections) {
      if (!conn.session && now - conn.openedAt > loginTimeoutMs) {
        conn.close(Close.LOGIN_TIMEOUT, 'log in sooner', false);
      } else if (now - conn.lastSeen > heartbeatMs * 2) {
        conn.log.debug('heartbeat missed: dropping');
        conn.close(Close.GOING_AWAY, 'heartbeat missed', true);
      } else if (sendStallMs > 0 && conn.sendStalled(now, sendStallMs)) {
        conn.dropSlowConsumer('send buffer not draining');
      }
    }
    this.rateLimits.sweep(now);
    if (this.idempotent.size > 0) this.sweepIdempotent();
  }

  private sweepIdempotent(): void {
    const now = Date.now();
    for (const [key, value] of this.idempotent) if (value.expires <= now) this.idempotent.delete(key);
  }

  /**
   * Graceful shutdown: no new connections, a `draining` push to everyone, in-flight requests
   * finish (up to `graceMs`), then every connection closes with 1001.
   */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    for (const conn of this.connections) conn.send({ push: { draining: { retryAfterMs: 1000 } } });
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && [...this.connections].some((c) => c.inFlight > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const conn of this.connections) {
      conn.session = undefined;
      conn.close(Close.GOING_AWAY, 'server shutting down', false);
    }
    clearInterval(this.sweeper);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** Drops every socket at once (tests that simulate a crash). */
  terminateAll(): void {
    for (const conn of this.connections) conn.close(Close.GOING_AWAY, 'terminated', true);
  }
}

/** Wraps an encoded Push in an Envelope frame without re-encoding it: field 5, length-delimited. */
export function pushFrame(push: Uint8Array): Uint8Array {
  let length = push.byteLength;
  const header: number[] = [0x2a];
  while (length > 0x7f) {
    header.push((length & 0x7f) | 0x80);
    length >>>= 7;
  }
  header.push(length);
  const frame = new Uint8Array(header.length + push.byteLength);
  frame.set(header, 0);
  frame.set(push, header.length);
  return frame;
}

/** Push bytes → their complete WebSocket frame, shared by every session one bus message reaches. */
const framedPushes = new WeakMap<Uint8Array, Buffer>();

/**
 * The last push framed: a room's fan-out hands the same push to every member in a row, so a
 * pointer comparison answers all but the first, without hashing into {@link framedPushes}.
 */
let lastPush: Uint8Array | undefined;
let lastFrame: Buffer | undefined;

function framedPush(push: Uint8Array): Buffer {
  if (push === lastPush && lastFrame) return lastFrame;
  let frame = framedPushes.get(push);
  if (!frame) {
    frame = webSocketFrame(pushFrame(push));
    framedPushes.set(push, frame);
  }
  lastPush = push;
  lastFrame = frame;
  return frame;
}
