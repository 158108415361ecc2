import { JsonCodec } from '@parley/protocol/json';
import { ErrorCode, ServerError } from '../errors.js';
import type { ModelContext } from './context.js';
import type { Message } from './schema.js';

/**
 * Message webhooks to the app server (CAPABILITIES.md §5.2; policies `beforeSendWebhook` and
 * `afterSendWebhook`). Both POST JSON `{event, appId, convId, message}`, the message in the
 * wire's JSON form.
 *
 * - before-send is synchronous: an answer `{"allow": false, "reason": "…"}` refuses the message
 *   with `CONTENT_REJECTED` (T 10016). Any other answer, an error or no answer within
 *   {@link BEFORE_SEND_TIMEOUT_MS} lets it through: a slow or broken hook must not stop the chat.
 * - after-send is fire and forget, once the message is stored.
 */

export const BEFORE_SEND_TIMEOUT_MS = 2000;
const AFTER_SEND_TIMEOUT_MS = 5000;

/** The wire's JSON mapping (the `parley.v1.json` subprotocol), so hooks see what JSON clients see. */
const json = new JsonCodec({ maxFrameBytes: 16 * 1024 * 1024 });

function body(ctx: ModelContext, event: string, convId: string, message: Message): string {
  const frame = JSON.parse(json.encode({ push: { message: { message } } })) as { push: { message: { message: unknown } } };
  return JSON.stringify({ event, appId: ctx.app.id, convId, message: frame.push.message.message });
}

async function post(url: string, payload: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) return undefined;
  return response.json().catch(() => undefined);
}

/** Asks the app's before-send hook about `message` (to `convId` as the sender sees it). */
export async function beforeSend(ctx: ModelContext, convId: string, message: Message): Promise<void> {
  const url = ctx.app.policy.beforeSendWebhook;
  if (!url) return;
  const answer = await post(url, body(ctx, 'beforeSend', convId, message), BEFORE_SEND_TIMEOUT_MS).catch(() => undefined);
  if (answer && typeof answer === 'object' && (answer as { allow?: unknown }).allow === false) {
    const reason = (answer as { reason?: unknown }).reason;
    throw new ServerError(ErrorCode.CONTENT_REJECTED, typeof reason === 'string' && reason ? reason.slice(0, 200) : 'rejected by the app server');
  }
}

/** Tells the app's after-send hook about a stored message; never waits, never throws. */
export function afterSend(ctx: ModelContext, convId: string, message: Message): void {
  const url = ctx.app.policy.afterSendWebhook;
  if (!url) return;
  post(url, body(ctx, 'afterSend', convId, message), AFTER_SEND_TIMEOUT_MS).catch(() => undefined);
}
