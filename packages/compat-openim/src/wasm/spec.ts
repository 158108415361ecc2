import type { OpenImCore } from '../core.js';
import type { Kind } from '../dialect.js';
import { OpenImError, paramError } from '../errors.js';
import { conversationIdOf } from '../ids.js';
import { type MethodTable, start } from '../method.js';
import { isObj } from './message.js';

/** The `errCode` 3.x's native SDK gives an operation it does not support (`NotSupportOptError`). */
export const NOT_SUPPORTED = 10301;

/** What a 3.x method adapter runs with: the session, the operationID, and the 2.x methods. */
export interface Ctx {
  readonly core: OpenImCore;
  readonly op: string;
  /** Runs the 2.x method `name` (its area's spec) and resolves its 2.x-shaped result. */
  call(name: string, data?: unknown): Promise<unknown>;
}

/**
 * One method of the 3.x SDK object. Either `via` a 2.x method of the same meaning (with `args`
 * adapting the 3.x parameters and `result` the 2.x result), or a `run` of its own.
 */
export interface WasmSpec {
  /** The 2.x method behind it. */
  via?: string;
  /** The method takes no data argument: its first argument is the operationID. */
  noData?: boolean;
  /** Callable while logged out. */
  ungated?: boolean;
  /** What the result is, for the dialect; default: the 2.x method's kind. */
  kind?: Kind;
  /** The result is text to hand over as it is (a user ID is not a number even when it looks like one). */
  text?: boolean;
  // Properties, not methods: their parameters are checked strictly (no bivariance).
  args?: (data: unknown, ctx: Ctx) => unknown;
  result?: (value: unknown, ctx: Ctx, data: unknown) => unknown;
  run?: (ctx: Ctx, data: unknown) => unknown;
}

export type WasmTable = Record<string, WasmSpec>;

/** The refusal of an operation this server cannot do. */
export function unsupported(what: string): OpenImError {
  return new OpenImError(NOT_SUPPORTED, `${what} is not supported by this server`);
}

/** `data` as an object, or a 1001 parameter error naming the method's parameter. */
export function obj(data: unknown, what = 'params'): Record<string, unknown> {
  if (!isObj(data)) throw paramError(what);
  return data;
}

/** A 3.x conversation ID (or a 2.x one) as the session type and source; 1001 when it names none. */
export function conversationOf(ctx: Ctx, id: unknown): { sessionType: 1 | 2; sourceID: string } {
  const parsed = ctx.core.dialect.parseConversationId(id);
  if (!parsed) throw paramError('conversationID');
  return parsed;
}

/** A 3.x conversation ID as the 2.x one the areas take. */
export function conversationV2(ctx: Ctx, id: unknown): string {
  const { sessionType, sourceID } = conversationOf(ctx, id);
  return conversationIdOf(sessionType, sourceID);
}

/** 3.x session types (3 group) as 2.x's (2 group). */
export function sessionTypeV2(type: unknown): unknown {
  return type === 3 ? 2 : type;
}

/**
 * A minimal 2.x MessageItem naming a message of a conversation, for the 2.x methods that take
 * a whole message where 3.x takes `{ conversationID, clientMsgID }`. 3.x looks the message up
 * itself; here the server is the judge (a message that is not one's own or not sent is refused
 * there), so the item claims a sent message of the caller.
 */
export function messageRef(data: unknown, ctx: Ctx): Record<string, unknown> {
  const { conversationID, clientMsgID } = obj(data);
  if (typeof clientMsgID !== 'string' || clientMsgID === '') throw paramError('clientMsgID');
  const { sessionType, sourceID } = conversationOf(ctx, conversationID);
  return { clientMsgID, sessionType, status: 2, sendID: ctx.core.userId, recvID: sessionType === 1 ? sourceID : '', groupID: sessionType === 2 ? sourceID : '' };
}

/** One page of `items` (`count` ≤ 0: all from `offset`). */
export function page<T>(items: readonly T[], offset: unknown, count: unknown): T[] {
  const from = typeof offset === 'number' && offset > 0 ? offset : 0;
  return typeof count === 'number' && count > 0 ? items.slice(from, from + count) : items.slice(from);
}

/** Applications filtered by their `handleResult` (when the list is not empty), then paged. */
export function applications(value: unknown, data: unknown, keep: (item: Record<string, unknown>) => boolean = () => true): unknown[] {
  const params = isObj(data) ? data : {};
  const results = Array.isArray(params.handleResults) ? params.handleResults : [];
  const items = arrayOf(value).filter((item) => isObj(item) && keep(item) && (results.length === 0 || results.includes(item.handleResult)));
  return page(items, params.offset, params.count);
}

/** The items of a 2.x list result. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Builds the {@link Ctx} over the merged 2.x method table. */
export function context(core: OpenImCore, op: string, table: MethodTable): Ctx {
  return {
    core,
    op,
    call: async (name, data) => {
      const spec = table[name];
      if (!spec) throw unsupported(name);
      return start(core, spec, data, op);
    },
  };
}
