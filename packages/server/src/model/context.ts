import type { parley } from '@parley/protocol';
import type { AppConfig, Policy } from '../config/types.js';
import type { ServerStore } from '../store/types.js';
import type { Messaging } from './messaging.js';

/** How the model hands pushes to the gateway (through the bus) after a commit. */
export interface Deliver {
  /**
   * Sends `push` to every live session of `userId` in `app`, except `exceptSessionId`.
   * Called in commit order, so one user's pushes leave in cursor and seq order.
   */
  toUser(app: string, userId: string, push: parley.v1.IPush, exceptSessionId?: string): void;
  /** Sends `push` to every live session of the app, on every node (system broadcasts). */
  toApp(app: string, push: parley.v1.IPush): void;
  /**
   * Sends `push` to every session present in a room, on every node (room messages, room
   * events). Rooms are live only: sessions not in the room never see it.
   */
  toRoom(app: string, roomId: string, push: parley.v1.IPush, exceptSessionId?: string): void;
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
  /** The append path (tips and notices are appended by the families that cause them). */
  readonly messaging: Messaging;
  readonly now: () => number;
}

/** Who is acting. */
export interface Actor {
  readonly userId: string;
  /** The session that made the request; it gets the result in its response, not a push. */
  readonly sessionId?: string;
  /**
   * App privilege (§5.2): the admin REST API, or a privileged session. It bypasses membership
   * and preset rules where the capability model says app privilege may.
   */
  readonly privileged?: boolean;
}
