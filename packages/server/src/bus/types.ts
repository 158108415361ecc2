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
    };

export interface Bus {
  /** Delivers to every subscriber of `topic` on every node; fire and forget. */
  publish(topic: string, message: BusMessage): void;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
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
