/**
 * The fan-out seam between nodes. A handler that commits a change publishes what each
 * affected user must receive; every node's gateway subscribes to the users it holds sessions
 * for. The in-process bus serves one node; a later issue puts Redis or NATS behind the same
 * interface without touching the handlers.
 *
 * Payloads are bytes (an encoded `parley.v1.Push`, not a frame), so they cross process
 * boundaries as they are, and a node wraps them into a frame once per codec.
 */

/** What travels on a user topic. */
export type BusMessage =
  | {
      readonly kind: 'push';
      /** A protobuf-encoded `parley.v1.Push`. */
      readonly push: Uint8Array;
      /** The session that caused it gets its result in its response instead. */
      readonly exceptSessionId?: string;
    }
  | {
      readonly kind: 'kick';
      readonly sessionIds: readonly string[];
      /** `parley.v1.KickReason`. */
      readonly reason: number;
      readonly detail: string;
    }
  | {
      /**
       * On a room's topic: users leave the room on every node (`evict`, a kick), or everyone
       * does (`drop`, a dismissal). The node that decided it has applied it already.
       */
      readonly kind: 'room';
      readonly op: 'evict' | 'drop';
      readonly userIds: readonly string[];
      /** The deciding node, which skips its own message. */
      readonly nodeId: number;
    }
  | {
      /**
       * On {@link clusterTopic}: a node's bus link was down, so some of its publishes may be
       * lost; every node tells its sessions to catch up through sync.
       */
      readonly kind: 'resync';
      /** The node that lost its link (for logs). */
      readonly nodeId: number;
    };

export interface Bus {
  /** A short name for logs: `local`, `redis`, `nats`. */
  readonly kind: string;
  /** Connects; resolves once the bus can publish and subscribe. Idempotent. */
  open(): Promise<void>;
  /**
   * Delivers to every subscriber of `topic` on every node; fire and forget. While the link is
   * down a distributed bus drops the message (and counts it): the link listeners then make
   * clients catch up through sync, so nothing depends on a publish arriving.
   */
  publish(topic: string, message: BusMessage): void;
  /**
   * Returns the unsubscribe function. On a distributed bus the subscription becomes active
   * asynchronously: await {@link Bus.settled} before relying on it.
   */
  subscribe(topic: string, handler: (message: BusMessage) => void): () => void;
  /**
   * Resolves once every `subscribe` issued so far is active: a message published (by any
   * node) after it resolves reaches those handlers. Rejects only when the bus is closed.
   */
  settled(): Promise<void>;
  /**
   * Link health: `false` when the connection to the bus is lost, `true` when it is back with
   * every subscription restored (not for the first connection). Returns the remover.
   */
  onLink(listener: (up: boolean) => void): () => void;
  close(): Promise<void>;
}

/** The topic every node subscribes to for cluster-wide messages (`resync`). */
export function clusterTopic(): string {
  return 'c';
}

/** The topic of one user's sessions. */
export function userTopic(app: string, userId: string): string {
  return `u\u0000${app}\u0000${userId}`;
}

/** The topic of every session of an app (system broadcasts). */
export function appTopic(app: string): string {
  return `a\u0000${app}`;
}

/**
 * The topic of one room's present members. A node subscribes while one of its sessions is in
 * the room, and hands each message to its sessions in that room.
 */
export function roomTopic(app: string, roomId: string): string {
  return `r\u0000${app}\u0000${roomId}`;
}
