/**
 * The well-behaved pair: two logged-in users who keep chatting while the fuzz streams run, one
 * on each subprotocol. Every request must be answered and every message delivered once.
 */
import { type Envelope, type EnvelopeInit, type FrameCodec, ProtobufCodec, type parley, SUBPROTOCOL_JSON, SUBPROTOCOL_PROTOBUF } from '@parley/protocol';
import { JsonCodec } from '@parley/protocol/json';
import WebSocket from 'ws';
import { issueToken } from '../../../src/auth/index.js';
import type { AppConfig } from '../../../src/config/types.js';

/** A minimal protocol client on either subprotocol that keeps every push it receives. */
export class GoodClient {
  readonly pushes: parley.v1.Push[] = [];
  closeCode: number | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly ws: WebSocket,
    private readonly codec: FrameCodec,
    readonly userId: string,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(isBinary ? data : data.toString('utf8')));
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const p of this.pending.values()) p.reject(new Error(`${userId}: closed with ${code}`));
      this.pending.clear();
    });
  }

  /** Connects, says hello and logs `userId` in with a native token. */
  static async login(url: string, app: AppConfig, userId: string, json: boolean): Promise<GoodClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/parley/ws`, json ? SUBPROTOCOL_JSON : SUBPROTOCOL_PROTOBUF);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const client = new GoodClient(ws, json ? new JsonCodec() : new ProtobufCodec(), userId);
    await client.request('connHello', { app: { appId: app.id }, client: { platform: 5 } });
    const token = issueToken({ appId: app.id, userId, kind: 'native', ttlSec: 3600 }, app.native.secret).token;
    await client.request('authLogin', { credential: { nativeToken: { userId, token } }, platform: 5 });
    return client;
  }

  private onFrame(frame: Buffer | string): void {
    const envelope: Envelope = this.codec.decode(frame);
    if (envelope.kind === 'push' && envelope.push) {
      this.pushes.push(envelope.push as parley.v1.Push);
      return;
    }
    if (envelope.kind === 'ack') return;
    const pending = this.pending.get(envelope.id);
    if (!pending) return;
    this.pending.delete(envelope.id);
    if (envelope.kind === 'error') pending.reject(new Error(`${this.userId}: error ${envelope.error?.code} ${envelope.error?.message}`));
    else {
      const response = envelope.response as parley.v1.Response;
      pending.resolve(response.result ? response[response.result] : undefined);
    }
  }

  /** One request; rejects on an error answer, on close, and after `timeoutMs` without an answer. */
  // biome-ignore lint/suspicious/noExplicitAny: results are read loosely here; the protocol package checks the wire types
  request<T = any>(op: string, payload: object, timeoutMs = 15_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.userId}: ${op} not answered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.ws.send(this.codec.encode({ id, request: { [op]: payload } } as EnvelopeInit));
    });
  }

  /** The client message ids of messages from `peer` that arrived as pushes, in arrival order. */
  receivedFrom(peer: string): string[] {
    return this.pushes
      .map((p) => p.message?.message)
      .filter((m): m is parley.v1.Message => !!m && m.convId === `c2c:${peer}` && m.senderId === peer)
      .map((m) => m.clientMsgId);
  }

  /** The client message ids of `peer`'s messages in the stored conversation, paged from seq 1. */
  async storedFrom(peer: string): Promise<string[]> {
    const ids: string[] = [];
    let fromSeq = 0;
    for (;;) {
      const pulled = await this.request('syncPull', { ranges: [{ convId: `c2c:${peer}`, fromSeq, limit: 100 }] });
      const range = pulled.ranges[0] as parley.v1.PulledRange;
      for (const m of range.messages) if (m.senderId === peer) ids.push(m.clientMsgId ?? "");
      const last = range.messages.at(-1);
      if (!range.hasMore || !last) return ids;
      // from_seq is exclusive.
      fromSeq = Number(last.seq);
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** What the pair sent, and every way it was not served. */
export interface ChatLog {
  sent: Map<string, string[]>;
  failures: string[];
}

/**
 * Alternates sends between `a` and `b` (and a ping now and then) until `done()`, waiting for
 * each answer: a slow or refused answer is a failure of service, not of the fuzz streams.
 */
export async function chat(a: GoodClient, b: GoodClient, done: () => boolean): Promise<ChatLog> {
  const log: ChatLog = { sent: new Map([[a.userId, []], [b.userId, []]]), failures: [] };
  for (let i = 0; !done() && log.failures.length < 5; i++) {
    const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
    const clientMsgId = `chat-${from.userId}-${i}`;
    try {
      const result = await from.request('msgSend', { convId: `c2c:${to.userId}`, clientMsgId, elements: [{ text: { text: `message ${i}` } }] });
      if (!result?.seq || result.duplicate) log.failures.push(`${from.userId}: msgSend ${clientMsgId} answered ${JSON.stringify(result)}`);
      log.sent.get(from.userId)?.push(clientMsgId);
      if (i % 10 === 0) await from.request('connPing', {});
    } catch (error) {
      log.failures.push(String(error));
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return log;
}

/** Waits until `client` has pushes for all of `expected` from `peer` (or the time is up). */
export async function awaitDelivery(client: GoodClient, peer: string, expected: readonly string[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && new Set(client.receivedFrom(peer)).size < new Set(expected).size) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
