import { type OpName, ProtobufCodec, type parley, SUBPROTOCOL_PROTOBUF } from '@parley/protocol';
import WebSocket from 'ws';

/** A refusal as the test sees it. */
export class WireError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly detail: string,
    /** `retry_after_ms` of `RATE_LIMITED` and `UNAVAILABLE` refusals (0 when absent). */
    readonly retryAfterMs = 0,
  ) {
    super(`${code}: ${message}`);
  }
}

type Push = parley.v1.Push;

/**
 * A minimal protocol client over a real WebSocket: requests with ids, collected pushes.
 * The real client SDK comes with a later issue; this speaks the wire directly.
 */
export class TestClient {
  readonly pushes: Push[] = [];
  /** Ids of the requests the server sent an early `ack` for, in arrival order. */
  readonly acks: number[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly codec = new ProtobufCodec();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private waiters: { test: (p: Push) => boolean; resolve: (p: Push) => void }[] = [];
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.onFrame(data));
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        for (const p of this.pending.values()) p.reject(new Error(`closed ${code}`));
        this.pending.clear();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  static async connect(url: string, protocols: string | string[] = SUBPROTOCOL_PROTOBUF): Promise<TestClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/parley/ws`, protocols);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new TestClient(ws);
  }

  private onFrame(data: Buffer): void {
    const envelope = this.codec.decode(data);
    if (envelope.kind === 'push' && envelope.push) {
      const push = envelope.push as Push;
      this.pushes.push(push);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(push)) return true;
        w.resolve(push);
        return false;
      });
      return;
    }
    const pending = this.pending.get(envelope.id);
    if (!pending) return;
    if (envelope.kind === 'ack') {
      this.acks.push(envelope.id);
      return;
    }
    this.pending.delete(envelope.id);
    if (envelope.kind === 'error' && envelope.error) {
      pending.reject(new WireError(envelope.error.code ?? 0, envelope.error.message ?? '', envelope.error.detail ?? '', envelope.error.retryAfterMs ?? 0));
    } else {
      const response = envelope.response as parley.v1.Response;
      pending.resolve(response.result ? response[response.result] : undefined);
    }
  }

  /** Sends one request and resolves its result (rejects with {@link WireError}). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read results loosely; the wire types are checked in the protocol package
  request<T = any>(op: OpName, payload: object, meta: { idempotencyKey?: string; subject?: string } = {}): Promise<T> {
    const id = this.nextId++;
    const frame = this.codec.encode({ id, request: { ...meta, [op]: payload } });
    return this.sendRaw(frame, id) as Promise<T>;
  }

  /** Sends raw bytes; when `id` is given, resolves that id's answer. */
  sendRaw(frame: Uint8Array | string, id?: number): Promise<unknown> {
    const answer = id === undefined ? Promise.resolve(undefined) : new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.ws.send(frame);
    return answer;
  }

  /** Waits for a push matching `test` (already received ones count). */
  waitForPush(test: (p: Push) => boolean, timeoutMs = 5000): Promise<Push> {
    const seen = this.pushes.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a push')), timeoutMs);
      this.waiters.push({
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Message pushes received so far for a conversation, in arrival order. */
  messages(convId?: string): parley.v1.Message[] {
    return this.pushes.filter((p) => p.message?.message && (!convId || p.message.message.convId === convId)).map((p) => p.message?.message as parley.v1.Message);
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/** The error code a request was refused with; fails when it succeeded. */
export async function refusal(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WireError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}
