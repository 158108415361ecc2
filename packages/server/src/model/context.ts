import type { parley } from '@parley/protocol';
import type { AppConfig, Policy } from '../config/types.js';
import type { ServerStore } from '../store/types.js';

/** How the model hands pushes to the gateway (through the bus) after a commit. */
export interface Deliver {
  /**
   * Sends `push` to every live session of `userId` in `app`, except `exceptSessionId`.
   * Called in commit order, so one user's pushes leave in cursor and seq order.
   */
  toUser(app: string, userId: string, push: parley.v1.IPush, exceptSessionId?: string): void;
}

/** A tenant as the model sees it. */
export interface AppRuntime {
  readonly id: string;
  readonly config: AppConfig;
  readonly policy: Policy;
}

/** Generates server message ids: unique across nodes and restarts, below 2^53. */
export interface IdSource {
  nextServerMsgId(): string;
}

/** Everything a model function needs, per request. */
export interface ModelContext {
  readonly store: ServerStore;
  readonly app: AppRuntime;
  readonly deliver: Deliver;
  readonly ids: IdSource;
  readonly now: () => number;
}

/** Who is acting. */
export interface Actor {
  readonly userId: string;
  /** The session that made the request; it gets the result in its response, not a push. */
  readonly sessionId?: string;
}
