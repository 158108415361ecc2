// The clients of fanout.bench.ts: one publisher and `subscribers` receivers per server under test
// (raw ws, Socket.IO with binary or JSON payloads, Parley), reporting to the load generator
// (fanout-load.ts) through {@link FanoutHooks}.
import { ProtobufCodec } from '@parley/protocol';
import { io as connectSocketIo, type Socket as SocketIoClient } from 'socket.io-client';
import type WebSocket from 'ws';
import { pool, sleep } from './common.js';
import { openSocket, ParleyDriver, parleyRequest, SETUP_CONCURRENCY } from './drivers.js';
import type { FanoutMode } from './scripts/fanout-child.js';

/** The row label of each server in reports and progress lines. */
export const LABELS: Record<FanoutMode, string> = {
  raw: 'raw ws, one pre-built frame (baseline)',
  'socketio-binary': 'Socket.IO 4 room, Buffer payload',
  'socketio-json': 'Socket.IO 4 room, JSON-object payload',
  parley: 'Parley (live room, protobuf)',
};
/** The Parley live room every subscriber enters. */
export const ROOM_ID = 'fanout';
/** Parley request ids: 1–2 hello and login, 3–4 room.create and room.enter, msg.send `FIRST_SEND_ID + n`. */
const FIRST_SEND_ID = 10;
/** Payload size: the message text, padded. */
export const PAYLOAD_BYTES = 40;

/** What a driver reports to the load generator (fanout-load.ts's Fanout). */
export interface FanoutHooks {
  delivered(subscriber: number, n: number, sentAt: number, at: number): void;
  /** Parley: msg.send `n` answered with an error. */
  failed(n: number, code: number): void;
  /** A frame that names no sent message. */
  stray(): void;
  /** A connection closed while the benchmark was running. */
  closed(): void;
}

/** A way of publishing to, and receiving from, one server under test. */
export interface FanoutDriver {
  connect(subscribers: number, hooks: FanoutHooks): Promise<void>;
  publish(n: number, sentAt: number): void;
  close(): void;
}

/** `t=<publish time>;n=<message number>;`, padded: the payload of the raw and Parley messages. */
const payloadText = (n: number, sentAt: number) => `t=${sentAt.toFixed(3)};n=${n};`.padEnd(PAYLOAD_BYTES, '.');

/** Reads a {@link payloadText} and hands its number and publish time to `deliver` (or calls `stray`). */
function parsePayload(text: string, deliver: (n: number, sentAt: number) => void, stray: () => void): void {
  const at = text.indexOf(';n=');
  if (!text.startsWith('t=') || at < 0) stray();
  else deliver(Number.parseInt(text.slice(at + 3), 10), Number.parseFloat(text.slice(2, at)));
}

/** Raw ws: the publisher on `/pub`, subscribers on `/sub`; frames carry the text as bytes. */
export class RawFanout implements FanoutDriver {
  private publisher?: WebSocket;
  private readonly all: WebSocket[] = [];
  private closing = false;

  constructor(private readonly url: string) {}

  async connect(subscribers: number, hooks: FanoutHooks): Promise<void> {
    const base = this.url.replace(/^http/, 'ws');
    await pool([...Array(subscribers).keys()], SETUP_CONCURRENCY, async (i) => {
      const ws = await openSocket(`${base}/sub`);
      ws.on('message', (data: Buffer) => {
        const at = performance.now();
        parsePayload(data.toString('latin1'), (n, sentAt) => hooks.delivered(i, n, sentAt, at), hooks.stray);
      });
      this.all.push(ws);
    });
    this.publisher = await openSocket(`${base}/pub`);
    this.all.push(this.publisher);
    for (const ws of this.all) ws.on('close', () => this.closing || hooks.closed());
  }

  publish(n: number, sentAt: number): void {
    this.publisher!.send(Buffer.from(payloadText(n, sentAt), 'latin1'), { binary: true });
  }

  close(): void {
    this.closing = true;
    for (const ws of this.all) ws.terminate();
  }
}

/** Socket.IO: subscribers join the room on connect; the payload is a Buffer or a JSON object. */
export class SocketIoFanout implements FanoutDriver {
  private publisher?: SocketIoClient;
  private readonly all: SocketIoClient[] = [];
  private closing = false;

  constructor(
    private readonly url: string,
    private readonly json: boolean,
  ) {}

  private open(role: 'pub' | 'sub'): Promise<SocketIoClient> {
    const socket = connectSocketIo(this.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { role } });
    this.all.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  async connect(subscribers: number, hooks: FanoutHooks): Promise<void> {
    await pool([...Array(subscribers).keys()], SETUP_CONCURRENCY, async (i) => {
      const socket = await this.open('sub');
      socket.on('m', (payload: Buffer | { t: number; n: number }) => {
        const at = performance.now();
        if (Buffer.isBuffer(payload)) parsePayload(payload.toString('latin1'), (n, sentAt) => hooks.delivered(i, n, sentAt, at), hooks.stray);
        else if (typeof payload?.n === 'number' && typeof payload.t === 'number') hooks.delivered(i, payload.n, payload.t, at);
        else hooks.stray();
      });
    });
    this.publisher = await this.open('pub');
    for (const socket of this.all) socket.on('disconnect', () => this.closing || hooks.closed());
  }

  publish(n: number, sentAt: number): void {
    if (!this.json) {
      this.publisher!.emit('m', Buffer.from(payloadText(n, sentAt), 'latin1'));
      return;
    }
    // About as many bytes of JSON as the other servers' payload.
    const head = `{"t":${sentAt.toFixed(3)},"n":${n},"p":""}`;
    this.publisher!.emit('m', { t: Number(sentAt.toFixed(3)), n, p: '.'.repeat(Math.max(0, PAYLOAD_BYTES - head.length)) });
  }

  close(): void {
    this.closing = true;
    for (const socket of this.all) socket.disconnect();
  }
}

/**
 * Parley: users and native tokens from the admin API and hello + login (drivers.ts's
 * {@link ParleyDriver}); the publisher creates the live room `fanout` and enters it, then every
 * subscriber enters it; messages are msg.send to `room:fanout`, received as `message` pushes.
 */
export class ParleyFanout implements FanoutDriver {
  private readonly codec = new ProtobufCodec();
  private publisher?: WebSocket;
  private readonly all: WebSocket[] = [];
  private closing = false;
  /** Pushes other than messages (room_presence while the room fills up, room_count). */
  otherPushes = 0;
  /** Setup steps, seconds: tokens, logins and room.enter, waiting out the room_presence pushes. */
  readonly setup = { tokens: 0, enter: 0, settle: 0 };

  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  async connect(subscribers: number, hooks: FanoutHooks): Promise<void> {
    const driver = new ParleyDriver(this.url, this.secret);
    const width = String(subscribers).length;
    const ids = Array.from({ length: subscribers }, (_, i) => `s${String(i).padStart(width, '0')}`);
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const seconds = (now - t) / 1000;
      t = now;
      return seconds;
    };
    const tokens = await driver.issueTokens(['publisher', ...ids]);
    this.setup.tokens = lap();
    const publisher = await driver.login(this.url, 'publisher', tokens.get('publisher')!);
    this.publisher = publisher;
    this.all.push(publisher);
    await parleyRequest(this.codec, publisher, 3, { roomCreate: { room: { roomId: ROOM_ID } } }, 'room.create');
    await parleyRequest(this.codec, publisher, 4, { roomEnter: { room: { roomId: ROOM_ID } } }, 'room.enter (publisher)');
    publisher.on('message', (data: Buffer) => {
      const envelope = this.codec.decode(data);
      if (envelope.kind === 'error') hooks.failed(envelope.id - FIRST_SEND_ID, envelope.error?.code ?? 0);
    });
    await pool(ids, SETUP_CONCURRENCY, async (userId) => {
      const ws = await driver.login(this.url, userId, tokens.get(userId)!);
      this.all.push(ws);
      const i = Number(userId.slice(1));
      ws.on('message', (data: Buffer) => {
        const at = performance.now();
        if (!this.isMessagePush(data)) return;
        const message = this.codec.decode(data).push?.message?.message;
        if (!message) hooks.stray();
        else parsePayload(message.elements?.[0]?.text?.text ?? '', (n, sentAt) => hooks.delivered(i, n, sentAt, at), hooks.stray);
      });
      await parleyRequest(this.codec, ws, 3, { roomEnter: { room: { roomId: ROOM_ID } } }, `room.enter (${userId})`);
    });
    this.setup.enter = lap();
    for (const ws of this.all) ws.on('close', () => this.closing || hooks.closed());
  }

  /**
   * Whether a frame is a `message` push, read from its first bytes: every subscriber gets a
   * room_presence push per later entrant (N²/2 of them while the room fills), and decoding them
   * all would make the setup the load generator's bottleneck. A push is field 5 of the
   * Envelope (tag 0x2a, then its length); a `message` event is Push field 20 (tag 0xa2 0x01),
   * room_presence and room_count are fields 60 and 61 (0xe2 0x03, 0xea 0x03). Anything else is
   * decoded in full.
   */
  private isMessagePush(data: Buffer): boolean {
    // Not a push: the answer to room.enter (pushes carry no id, so the push field comes first).
    if (data[0] !== 0x2a) return false;
    let i = 1;
    while (i < data.length && data[i]! & 0x80) i++;
    i++;
    if (data[i + 1] === 0x03 && (data[i] === 0xe2 || data[i] === 0xea)) {
      this.otherPushes++;
      return false;
    }
    return true;
  }

  /** Resolves once no other push has arrived for `quietMs` (the room_presence storm is over). */
  async settle(quietMs = 500, maxMs = 120_000): Promise<void> {
    const deadline = performance.now() + maxMs;
    let last = -1;
    const start = performance.now();
    while (this.otherPushes !== last && performance.now() < deadline) {
      last = this.otherPushes;
      await sleep(quietMs);
    }
    this.setup.settle = (performance.now() - start - quietMs) / 1000;
  }

  publish(n: number, sentAt: number): void {
    this.publisher!.send(
      this.codec.encode({
        id: FIRST_SEND_ID + n,
        request: { msgSend: { convId: `room:${ROOM_ID}`, clientMsgId: String(n), elements: [{ text: { text: payloadText(n, sentAt) } }] } },
      }),
    );
  }

  close(): void {
    this.closing = true;
    for (const ws of this.all) ws.terminate();
  }
}

