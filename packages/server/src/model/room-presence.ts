import type { parley } from '@parley/protocol';
import { ErrorCode, ServerError } from '../errors.js';
import type { Deliver, ModelContext } from './context.js';

/**
 * The seam between the room modules and live presence (CAPABILITIES.md §1.9): who is in a live
 * room or channel now is kept in memory by the gateway's room hub, which implements
 * {@link RoomPresence} and binds it per server; the model reads it through {@link roomPresenceOf}.
 */

/**
 * Who is in which room right now, as the model needs it. The gateway's room hub implements it
 * (one per server) and binds it with {@link bindRoomPresence}: presence is never stored, so a
 * restart empties every room, as a reconnecting client expects (it enters again).
 */
export interface RoomPresence {
  /** Whether the user is in the room (a present session, or one inside the eviction grace). */
  isPresent(app: string, roomId: string, userId: string): boolean;
  /** How many users are in the room, on every node. */
  count(app: string, roomId: string): Promise<number>;
  /**
   * Users present: this node's in join order, then other nodes' (without marks, which stay
   * per node); only those carrying `mark` when it is not 0.
   */
  userIds(app: string, roomId: string, mark?: number): Promise<string[]>;
  /** Per-member attributes of the users present (H `getUserAttributesList`). */
  memberAttrs(app: string, roomId: string): parley.v1.IMemberAttrs[];
  /** Replaces a present member's attributes; false when the user is not present. */
  setMemberAttrs(app: string, roomId: string, userId: string, attributes: Record<string, string>): boolean;
  /** Sets or clears a mark (T `markGroupMemberList`) on the present users among `userIds`. */
  mark(app: string, roomId: string, userIds: readonly string[], mark: number, enable: boolean): void;
  /** Removes users at once (kick): the others hear `room_presence` left. */
  evict(app: string, roomId: string, userIds: readonly string[]): void;
  /** Forgets the room (dismiss): everyone leaves without presence pushes. */
  drop(app: string, roomId: string): void;
  /** Delivers to the sessions of `userIds` that are in the room (unicast inside a room). */
  toMembers(app: string, roomId: string, userIds: readonly string[], push: parley.v1.IPush, exceptSessionId?: string): void;
}

const presences = new WeakMap<Deliver, RoomPresence>();

/**
 * Binds the presence of one server to its `Deliver` (one per server). `ModelContext` carries no
 * per-server room state, and `msg.send` reaches `sendRoomMessage` (`room-messages.ts`) with a context only.
 */
export function bindRoomPresence(deliver: Deliver, presence: RoomPresence): void {
  presences.set(deliver, presence);
}

/** The room presence of the server `ctx` belongs to. */
export function roomPresenceOf(ctx: ModelContext): RoomPresence {
  const presence = presences.get(ctx.deliver);
  if (!presence) throw new ServerError(ErrorCode.INTERNAL, 'no room presence is bound to this server');
  return presence;
}
