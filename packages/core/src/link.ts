import type { Envelope, EnvelopeInit, OpName } from '@parley/protocol';
import type { Codec } from './codec.js';
import { ClientCode } from './codes.js';
import { ConnectionError, RequestError, TransportError } from './errors.js';
import type { Transport, TransportCloseInfo, TransportConnection } from './transport.js';

/** Request metadata carried by the wire's `Request` fields 1–3. */
export interface RequestMeta {
  idempotencyKey?: string;
  subject?: string;
  crossApp?: string;
}

/** The callbacks of one request in flight on a link. */
export interface InFlight {
  readonly op: OpName;
  ack(): void;
  settle(error: Error | undefined, result?: unknown): void;
}

/** What a link reports to its owner. */
export interface LinkHandlers {
  push(envelope: Envelope): void;
  /** The link ended. `inFlight` holds the requests that got no answer on it. */
  closed(info: TransportCloseInfo, inFlight: InFlight[]): void;
}

/**
 * One open connection: frames in and out through the codec, requests correlated by envelope
 * id, acks and pushes dispatched. A link never reconnects; its owner opens a new one.
 */
export class Link {
  #connection: TransportConnection | undefined;
  #inFlight = new Map<number, InFlight>();
  #nextId = 1;
  #ended = false;
  /** Time of the last frame received (any frame counts as a sign of life). */
  lastFrameAt: number;

  private constructor(
    private readonly codec: Codec,
    private readonly handlers: LinkHandlers,
    private readonly now: () => number,
  ) {
    this.lastFrameAt = now();
  }

  /**
   * Opens a link.
   * @throws {TransportError} when the transport cannot open it.
   */
  static async open(transport: Transport, codec: Codec, url: string, handlers: LinkHandlers, now: () => number, signal?: AbortSignal): Promise<Link> {
    const link = new Link(codec, handlers, now);
    const connection = await transport.connect(
      { url, protocols: [codec.subprotocol], ...(signal && { signal }) },
      { frame: (data) => link.#frame(data), close: (info) => link.#end(info) },
    );
    if (link.#ended) throw new TransportError('the connection closed while opening');
    link.#connection = connection;
    return link;
  }

  get open(): boolean {
    return !this.#ended;
  }

  /**
   * Sends one request; the callbacks receive its ack and its single outcome.
   * @throws {ConnectionError} `NOT_CONNECTED` when the link has ended.
   */
  send(op: OpName, payload: unknown, meta: RequestMeta, inFlight: InFlight): number {
    const connection = this.#connection;
    if (this.#ended || !connection) throw new ConnectionError(ClientCode.NOT_CONNECTED, 'the connection is closed');
    const id = this.#allocateId();
    const envelope: EnvelopeInit = { id, request: { ...meta, [op]: payload ?? {} } };
    const frame = this.codec.encode(envelope);
    this.#inFlight.set(id, inFlight);
    try {
      connection.send(frame);
    } catch (error) {
      this.#inFlight.delete(id);
      throw error;
    }
    return id;
  }

  /** Forgets a request (it timed out): a late answer is ignored. */
  forget(id: number): void {
    this.#inFlight.delete(id);
  }

  /**
   * Closes the link at once and reports it as closed with `code`, without waiting for the
   * transport (a dead TCP connection can take minutes to report its end).
   */
  abandon(code: number, reason: string): void {
    const connection = this.#connection;
    this.#end({ code, reason, wasClean: false });
    try {
      connection?.close(code === 1000 || (code >= 3000 && code < 5000) ? code : 4000, reason);
    } catch {
      // Closing an already broken connection may throw; it is gone either way.
    }
  }

  /** Closes the link normally (logout, client close). */
  close(code = 1000, reason = ''): void {
    this.abandon(code, reason);
  }

  #allocateId(): number {
    // Ids are unique among in-flight requests; wrap well before uint32 overflow and skip 0 (pushes).
    for (;;) {
      const id = this.#nextId;
      this.#nextId = id >= 0x7fffffff ? 1 : id + 1;
      if (!this.#inFlight.has(id)) return id;
    }
  }

  #frame(data: Uint8Array | string): void {
    if (this.#ended) return;
    this.lastFrameAt = this.now();
    let envelope: Envelope;
    try {
      envelope = this.codec.decode(data);
    } catch {
      // PROTOCOL.md §6: a frame this client cannot decode (a newer server's push) is ignored.
      return;
    }
    const id = envelope.id;
    if (envelope.push) {
      this.handlers.push(envelope);
      return;
    }
    const pending = this.#inFlight.get(id);
    if (!pending) return;
    if (envelope.ack) {
      pending.ack();
      return;
    }
    this.#inFlight.delete(id);
    if (envelope.error) {
      const e = envelope.error;
      pending.settle(new RequestError(pending.op, e.code ?? 0, e.message ?? '', e.detail ?? '', e.retryAfterMs ?? 0));
    } else {
      const response = envelope.response as unknown as Record<string, unknown> | null | undefined;
      pending.settle(undefined, response?.[pending.op] ?? undefined);
    }
  }

  #end(info: TransportCloseInfo): void {
    if (this.#ended) return;
    this.#ended = true;
    const orphans = [...this.#inFlight.values()];
    this.#inFlight.clear();
    this.handlers.closed(info, orphans);
  }
}
