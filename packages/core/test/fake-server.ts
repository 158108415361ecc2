import { type EnvelopeInit, ProtobufCodec, type parley } from '@parley/protocol';
import { TransportError } from '../src/errors.js';
import type { Transport, TransportConnection, TransportHandlers, TransportRequest } from '../src/transport.js';

type Reply = { result?: Record<string, unknown>; error?: { code: number; message?: string }; ack?: boolean } | 'silent';

/**
 * An in-process stand-in for parley-server, at the transport seam: it decodes the client's
 * frames with the real codec and answers from a script, so the connection state machine can be
 * driven through refusals, drops, kicks and silence without a network.
 */
export class FakeServer implements Transport {
  readonly codec = new ProtobufCodec();
  connects = 0;
  refuseConnects = 0;
  requests: Array<{ op: string; payload: Record<string, unknown>; idempotencyKey: string }> = [];
  handlers: Partial<Record<string, (payload: Record<string, unknown>) => Reply>> = {};
  #live: { handlers: TransportHandlers; open: boolean } | undefined;

  async connect(_request: TransportRequest, handlers: TransportHandlers): Promise<TransportConnection> {
    this.connects++;
    if (this.refuseConnects > 0) {
      this.refuseConnects--;
      throw new TransportError('refused');
    }
    const live = { handlers, open: true };
    this.#live = live;
    return {
      protocol: this.codec.subprotocol,
      bufferedAmount: 0,
      send: (frame) => {
        if (!live.open) throw new TransportError('closed');
        queueMicrotask(() => this.#receive(frame as Uint8Array));
      },
      close: () => {
        if (!live.open) return;
        live.open = false;
        queueMicrotask(() => handlers.close({ code: 1000, reason: '', wasClean: true }));
      },
    };
  }

  get open(): boolean {
    return this.#live?.open ?? false;
  }

  /** Sends a push to the live connection. */
  push(push: parley.v1.Push.$Properties): void {
    this.#send({ id: 0, push });
  }

  /** Drops the live connection from the server side. */
  drop(code = 1006): void {
    const live = this.#live;
    if (!live?.open) return;
    live.open = false;
    live.handlers.close({ code, reason: 'dropped', wasClean: false });
  }

  #send(envelope: EnvelopeInit): void {
    const live = this.#live;
    if (!live?.open) return;
    live.handlers.frame(this.codec.encode(envelope) as Uint8Array);
  }

  #receive(frame: Uint8Array): void {
    const envelope = this.codec.decode(frame);
    const request = envelope.request;
    if (!request?.op) return;
    const op = request.op;
    const payload = (request as unknown as Record<string, Record<string, unknown>>)[op] ?? {};
    this.requests.push({ op, payload, idempotencyKey: request.idempotencyKey ?? '' });
    const reply = this.handlers[op]?.(payload) ?? defaultReply(op);
    if (reply === 'silent') return;
    if (reply.ack) this.#send({ id: envelope.id, ack: {} });
    if (reply.error) this.#send({ id: envelope.id, error: { code: reply.error.code, message: reply.error.message ?? 'refused' } });
    else this.#send({ id: envelope.id, response: reply.result ?? {} });
  }
}

let sessions = 0;
function defaultReply(op: string): Reply {
  switch (op) {
    case 'connHello':
      return { result: { connHello: { appId: 'test', heartbeatMs: 60_000 } } };
    case 'authLogin':
    case 'authResume':
      sessions++;
      return { result: { [op]: { userId: 'u1', sessionId: `s${sessions}`, resumeToken: 'resume-1', changeCursor: 0 } } };
    case 'syncSnapshot':
      return { result: { syncSnapshot: { cursor: 1 } } };
    case 'syncChanges':
      return { result: { syncChanges: { cursor: 1 } } };
    default:
      return { result: {} };
  }
}
