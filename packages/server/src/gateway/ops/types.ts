import type { OpName } from '@parley/protocol';
import { ErrorCode, ServerError } from '../../errors.js';
import type { Actor, ModelContext } from '../../model/context.js';
import type { Connection } from '../connection.js';
import type { ServerContext } from '../context.js';
import type { Session } from '../sessions.js';

/**
 * What a handler of a logged-in op receives. `session` and `conn` are absent when the admin
 * REST API runs the op for an app server (a privileged actor with no connection).
 */
export interface OpCall<P> {
  server: ServerContext;
  conn?: Connection;
  session?: Session;
  ctx: ModelContext;
  actor: Actor;
  payload: P;
}

/**
 * The decoder produces class instances (defaults filled in), while the generated `Request`
 * type only promises the optional `$Properties` shape; each handler names its class.
 */
export type Handler = (call: OpCall<never>) => Promise<unknown>;

/** One family of ops (users, friends, groups, …): its handlers and how the gateway treats them. */
export interface OpFamily {
  ops: { [N in OpName]?: Handler };
  /** Ops that change nothing: answered fresh even when an idempotency key repeats. */
  readOnly?: readonly OpName[];
  /** Ops guests (anonymous viewers, MaxLeap passengers) may call. */
  guest?: readonly OpName[];
  /** Ops that need a live session (the admin REST API cannot run them). */
  sessionOnly?: readonly OpName[];
}

/** The session of a call that needs one. */
export function requireSession<P>(call: OpCall<P>): { session: Session; conn: Connection } {
  if (!call.session || !call.conn) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'this operation needs a live session');
  return { session: call.session, conn: call.conn };
}
