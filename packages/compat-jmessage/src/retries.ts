import { type RequestOptions, TimeoutError } from '@parley/core';
import type { JmCore } from './core.js';
import type { JmHandle } from './handle.js';

/** How many times a request is sent again after a timeout (jmessage.md §1.4). */
export const RETRIES = 5;

/** Thrown when every attempt timed out; `acked` tells whether any attempt was acknowledged. */
export class RetriesExhausted extends Error {
  constructor(readonly acked: boolean) {
    super('no answer');
  }
}

/**
 * A request with the SDK's retries (jmessage.md §1.4): every attempt that gets no answer in
 * time is sent again, up to {@link RETRIES} more times, with the same idempotency key, so the
 * server does it once. The first acknowledgement reaches the handle's `onAck`.
 * @throws {RetriesExhausted} when every attempt timed out; the request's own error otherwise.
 */
export async function requestWithRetries(core: JmCore, handle: JmHandle, op: never, payload: never, options: RequestOptions = {}): Promise<never> {
  const client = core.client;
  const idempotencyKey = options.idempotencyKey ?? client.options.env.uuid();
  let acked = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return (await client.request(op, payload, {
        ...options,
        idempotencyKey,
        timeoutMs: core.attemptMs,
        onAck: () => {
          acked = true;
          handle.ack({ code: 0, message: 'success' });
        },
      })) as never;
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      acked ||= error.acked;
      if (attempt >= RETRIES) throw new RetriesExhausted(acked);
      core.log('retry', op, attempt + 1);
    }
  }
}
