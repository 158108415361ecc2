import { CompactCodec } from '@parley/protocol/compact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, type Harness } from '../helpers/harness.js';
import { jmPage, settle, startJmHarness } from '../helpers/jmessage.js';

const codec = new CompactCodec();

/**
 * A `ws` WebSocket that loses `msg.send` traffic on purpose: `lostRequests` of the next sends
 * never leave (the server never sees them), `lostResponses` of the next sends reach the server
 * but their final answer never comes back (the early ack does). What a weak mobile link does.
 */
class LossySocket extends WebSocket {
  static lostRequests = 0;
  static lostResponses = 0;
  static attempts = 0;
  readonly doomed = new Set<number>();

  override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
    const envelope = codec.decode(new Uint8Array(data as Uint8Array));
    if (envelope.request?.op === 'msgSend') {
      LossySocket.attempts++;
      if (LossySocket.lostRequests > 0) {
        LossySocket.lostRequests--;
        return;
      }
      if (LossySocket.lostResponses > 0) {
        LossySocket.lostResponses--;
        this.doomed.add(envelope.id);
      }
    }
    (super.send as (...args: unknown[]) => void)(data, ...rest);
  }
}
const base = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage') as PropertyDescriptor;
Object.defineProperty(LossySocket.prototype, 'onmessage', {
  get(this: LossySocket) {
    return base.get?.call(this);
  },
  set(this: LossySocket, listener: ((event: { data: unknown }) => void) | null) {
    const filtered = listener && ((event: { data: unknown }) => {
      const envelope = codec.decode(new Uint8Array(event.data as ArrayBuffer));
      if (this.doomed.has(envelope.id) && !envelope.ack) {
        this.doomed.delete(envelope.id);
        return;
      }
      listener(event);
    });
    base.set?.call(this, filtered);
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startJmHarness();
});
afterAll(async () => {
  await h.stop(true);
});

const ATTEMPT_MS = 1000;

describe('JMessage retries (5 automatic, idempotent)', () => {
  it('a send whose first answers are lost is retried with the same id and delivered exactly once', async () => {
    const receiver = await jmPage(h, 'jm_retry_rx');
    const sender = await jmPage(h, 'jm_retry_tx', { WebSocket: LossySocket, requestTimeoutMs: ATTEMPT_MS });
    LossySocket.attempts = 0;
    LossySocket.lostResponses = 2;
    const outcome = await settle(sender.jim.sendSingleMsg({ target_username: 'jm_retry_rx', content: 'through the storm' }));
    expect(outcome.kind).toBe('success');
    expect(outcome.acks).toBe(1);
    expect(LossySocket.attempts).toBeGreaterThanOrEqual(3);
    await eventually(() => expect(receiver.msgs).toHaveLength(1));
    expect((receiver.msgs[0] as { msg_id: number }).msg_id).toBe(outcome.data.msg_id);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.msgs).toHaveLength(1);
    receiver.jim.loginOut();
    sender.jim.loginOut();
  });

  it('a send whose first requests never reach the server is delivered once, by a later attempt', async () => {
    const receiver = await jmPage(h, 'jm_retry_rx2');
    const sender = await jmPage(h, 'jm_retry_tx2', { WebSocket: LossySocket, requestTimeoutMs: ATTEMPT_MS });
    LossySocket.attempts = 0;
    LossySocket.lostRequests = 2;
    const outcome = await settle(sender.jim.sendSingleMsg({ target_username: 'jm_retry_rx2', content: 'third time lucky' }));
    expect(outcome.kind).toBe('success');
    expect(LossySocket.attempts).toBeGreaterThanOrEqual(3);
    await eventually(() => expect(receiver.msgs).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.msgs).toHaveLength(1);
    receiver.jim.loginOut();
    sender.jim.loginOut();
  });

  it('after 1 + 5 lost answers onTimeout fires once with response_timeout (the server had it: delivered once); with no ack at all, response_timeout is false', async () => {
    const receiver = await jmPage(h, 'jm_retry_rx3');
    const sender = await jmPage(h, 'jm_retry_tx3', { WebSocket: LossySocket, requestTimeoutMs: ATTEMPT_MS });
    LossySocket.attempts = 0;
    LossySocket.lostResponses = 6;
    const calls: string[] = [];
    const outcome = await settle(
      sender.jim
        .sendSingleMsg({ target_username: 'jm_retry_rx3', content: 'answer lost' })
        .onSuccess(() => calls.push('success'))
        .onFail(() => calls.push('fail'))
        .onTimeout(() => calls.push('timeout')),
    );
    expect(outcome.kind).toBe('timeout');
    expect(outcome.data).toMatchObject({ response_timeout: true, code: 882005 });
    expect(LossySocket.attempts).toBe(6);
    await eventually(() => expect(receiver.msgs).toHaveLength(1));
    LossySocket.lostRequests = 6;
    const silent = await settle(sender.jim.sendSingleMsg({ target_username: 'jm_retry_rx3', content: 'never sent' }));
    expect(silent.data).toMatchObject({ response_timeout: false });
    expect(silent.acks).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.msgs).toHaveLength(1);
    expect(calls).toEqual(['timeout']);
    receiver.jim.loginOut();
    sender.jim.loginOut();
  });
});
