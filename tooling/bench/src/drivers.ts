// The load generator's two ways of talking to a server under test in server.bench.ts (and
// cluster.bench.ts, server-memory.ts): Parley over protobuf (admin API users and tokens, hello +
// login, msg.send) and the raw `ws` forwarder (the baseline), plus the socket helpers they and
// the fan-out drivers share.
import { ProtobufCodec, SUBPROTOCOL_PROTOBUF } from '@parley/protocol';
import WebSocket from 'ws';
import { pool } from './common.js';
import type { Driver, Hooks, Pair } from './load.js';

/** The app id every benchmarked Parley server is configured with. */
export const APP_ID = 'bench';
/** Request ids of msg.send are `FIRST_SEND_ID + n`; 1 and 2 are conn.hello and auth.login. */
const FIRST_SEND_ID = 10;
/** Setup concurrency (admin API calls, logins). */
export const SETUP_CONCURRENCY = 50;

/** Opens a WebSocket (no compression) and resolves once it is open. @throws {Error} (as a rejection) when it cannot connect. */
export function openSocket(url: string, protocol?: string): Promise<WebSocket> {
  const ws = protocol ? new WebSocket(url, protocol, { perMessageDeflate: false }) : new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** Waits for the next frame on `ws` that `accept` takes (returns non-undefined for). */
export function nextFrame<T>(ws: WebSocket, accept: (data: Buffer) => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), 30_000);
    const onMessage = (data: Buffer) => {
      try {
        const value = accept(data);
        if (value !== undefined) done(undefined, value);
      } catch (error) {
        done(error);
      }
    };
    const onClose = (code: number) => done(new Error(`closed (${code}) while waiting for ${what}`));
    function done(error: unknown, value?: T) {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if (error) reject(error);
      else resolve(value as T);
    }
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

/** A request as the codec takes it (the `request` of an envelope). */
export type ParleyRequest = NonNullable<Parameters<ProtobufCodec['encode']>[0]['request']>;

/**
 * Sends request `id` on `ws` and resolves once it is answered (acks are skipped).
 *
 * @param what - Names the request in errors; `who` (a user id), when given, is added to a refusal.
 * @throws {Error} (as a rejection) when the answer is an error, the socket closes, or no answer
 *   comes within 30 s.
 */
export async function parleyRequest(codec: ProtobufCodec, ws: WebSocket, id: number, request: ParleyRequest, what: string, who?: string): Promise<void> {
  const answer = nextFrame(
    ws,
    (data) => {
      const envelope = codec.decode(data);
      if (envelope.id !== id || envelope.kind === 'ack') return undefined;
      if (envelope.kind === 'error') throw new Error(`${what}${who === undefined ? '' : ` for ${who}`} refused: ${envelope.error?.code} ${envelope.error?.message}`);
      return true;
    },
    what,
  );
  ws.send(codec.encode({ id, request }));
  await answer;
}

/** Options of {@link ParleyDriver} beyond the server's URL and secret. */
export interface ParleyDriverOptions {
  /** The row label in reports. @default 'Parley (SQLite)' */
  label?: string;
  /**
   * Where receivers connect, when not to the same server as senders (another node of a
   * cluster). Users and tokens are always created through `url`'s admin API. @default url
   */
  receiverUrl?: string;
}

/** Parley over `parley.v1.proto`: hello, login with a native token, msg.send, `message` pushes. */
export class ParleyDriver implements Driver {
  readonly label: string;
  readonly needsAck = true;
  private readonly codec = new ProtobufCodec();
  private readonly sockets = new Map<Pair, { sender: WebSocket; receiver: WebSocket; convId: string }>();
  private readonly receiverUrl: string;
  private closing = false;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    options: ParleyDriverOptions = {},
  ) {
    this.label = options.label ?? 'Parley (SQLite)';
    this.receiverUrl = options.receiverUrl ?? url;
  }

  private async admin<T>(action: 'users' | 'tokens', body: object): Promise<T> {
    const res = await fetch(`${this.url}/admin/v1/apps/${APP_ID}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`admin ${action} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  /**
   * Creates `userIds` and issues each a native token through the admin API.
   *
   * @throws {Error} (as a rejection) when the admin API refuses.
   */
  async issueTokens(userIds: readonly string[]): Promise<Map<string, string>> {
    const tokens = new Map<string, string>();
    await pool(userIds, SETUP_CONCURRENCY, async (userId) => {
      await this.admin('users', { userId });
      const { token } = await this.admin<{ token: string }>('tokens', { userId, kind: 'native', ttlSec: 3600 });
      tokens.set(userId, token);
    });
    return tokens;
  }

  /**
   * Opens a socket to `url` and logs `userId` in; resolves once auth.login has answered.
   *
   * @throws {Error} (as a rejection) when the socket does not open or hello or login is refused.
   */
  async login(url: string, userId: string, token: string): Promise<WebSocket> {
    const ws = await openSocket(`${url.replace(/^http/, 'ws')}/parley/ws`, SUBPROTOCOL_PROTOBUF);
    await parleyRequest(this.codec, ws, 1, { connHello: { app: { appId: APP_ID }, client: { platform: 5 } } }, 'conn.hello', userId);
    await parleyRequest(this.codec, ws, 2, { authLogin: { credential: { nativeToken: { userId, token } }, platform: 5 } }, 'auth.login', userId);
    return ws;
  }

  async connect(pairs: Pair[], hooks: Hooks): Promise<void> {
    const users = pairs.flatMap((p) => [p.senderId, p.receiverId]);
    const tokens = await this.issueTokens(users);
    const receivers = new Set(pairs.map((p) => p.receiverId));
    const logged = new Map<string, WebSocket>();
    await pool(users, SETUP_CONCURRENCY, async (userId) => {
      logged.set(userId, await this.login(receivers.has(userId) ? this.receiverUrl : this.url, userId, tokens.get(userId)!));
    });
    for (const pair of pairs) {
      const sender = logged.get(pair.senderId)!;
      const receiver = logged.get(pair.receiverId)!;
      this.sockets.set(pair, { sender, receiver, convId: `c2c:${pair.receiverId}` });
      sender.on('message', (data: Buffer) => {
        const envelope = this.codec.decode(data);
        const n = envelope.id - FIRST_SEND_ID;
        if (envelope.kind === 'response') hooks.acked(pair, n);
        else if (envelope.kind === 'error') hooks.failed(pair, n, envelope.error?.code ?? 0);
        // Early acks and pushes to the sender (none expected) need nothing.
      });
      receiver.on('message', (data: Buffer) => {
        const at = performance.now();
        const envelope = this.codec.decode(data);
        const message = envelope.kind === 'push' ? envelope.push?.message?.message : undefined;
        if (!message) return;
        const clientMsgId = message.clientMsgId ?? '';
        const dot = clientMsgId.indexOf('.');
        if (message.senderId !== pair.senderId || clientMsgId.slice(0, dot) !== String(pair.index)) return hooks.stray();
        hooks.delivered(pair, Number(clientMsgId.slice(dot + 1)), message.elements?.[0]?.text?.text ?? '', at);
      });
      for (const ws of [sender, receiver]) {
        ws.on('close', () => {
          if (!this.closing) hooks.closed();
        });
      }
    }
  }

  send(pair: Pair, n: number, text: string): void {
    const { sender, convId } = this.sockets.get(pair)!;
    sender.send(
      this.codec.encode({
        id: FIRST_SEND_ID + n,
        request: { msgSend: { convId, clientMsgId: `${pair.index}.${n}`, elements: [{ text: { text } }] } },
      }),
    );
  }

  close(): void {
    this.closing = true;
    for (const { sender, receiver } of this.sockets.values()) {
      sender.terminate();
      receiver.terminate();
    }
  }
}

/** The baseline: `[id length][id][payload]` frames through the raw forwarder. */
export class RawDriver implements Driver {
  readonly label = 'raw ws forwarder (baseline)';
  readonly needsAck = false;
  private readonly sockets = new Map<Pair, { sender: WebSocket; header: Buffer }>();
  private readonly all: WebSocket[] = [];
  private closing = false;

  constructor(private readonly url: string) {}

  /**
   * Opens a socket and registers `id` with the forwarder; resolves once it answered `ok`.
   *
   * @throws {Error} (as a rejection) when the socket does not open or no answer comes.
   */
  async register(id: string): Promise<WebSocket> {
    const ws = await openSocket(this.url.replace(/^http/, 'ws'));
    const ok = nextFrame(ws, (data) => (data.toString() === 'ok' ? true : undefined), 'registration');
    ws.send(id);
    await ok;
    this.all.push(ws);
    return ws;
  }

  async connect(pairs: Pair[], hooks: Hooks): Promise<void> {
    const users = pairs.flatMap((p) => [p.senderId, p.receiverId]);
    const sockets = new Map<string, WebSocket>();
    await pool(users, SETUP_CONCURRENCY, async (id) => {
      sockets.set(id, await this.register(id));
    });
    for (const pair of pairs) {
      const target = Buffer.from(pair.receiverId, 'latin1');
      const header = Buffer.concat([Buffer.from([target.length]), target]);
      this.sockets.set(pair, { sender: sockets.get(pair.senderId)!, header });
      sockets.get(pair.receiverId)!.on('message', (data: Buffer) => {
        const at = performance.now();
        const text = data.toString('latin1', header.length);
        const p = text.indexOf(';p=');
        const nAt = text.indexOf(';n=', p);
        if (Number(text.slice(p + 3, nAt)) !== pair.index) return hooks.stray();
        hooks.delivered(pair, Number.parseInt(text.slice(nAt + 3), 10), text, at);
      });
    }
    for (const ws of this.all) {
      ws.on('close', () => {
        if (!this.closing) hooks.closed();
      });
    }
  }

  send(pair: Pair, _n: number, text: string): void {
    const { sender, header } = this.sockets.get(pair)!;
    const frame = Buffer.allocUnsafe(header.length + text.length);
    header.copy(frame, 0);
    frame.write(text, header.length, 'latin1');
    sender.send(frame, { binary: true });
  }

  close(): void {
    this.closing = true;
    for (const ws of this.all) ws.terminate();
  }
}

