/**
 * The cross-vendor scenario driver: the few things every chat API can do, so one scenario runs
 * for every vendor and between vendors (a TIM user and a JMessage user on one server, …). Each
 * compat package implements it in `drivers/<vendor>.ts` with its own vendor API only — the
 * scenarios never reach around it.
 */
import type { Harness } from '../helpers/harness.js';

/** Where a message goes: a user (one-to-one) or a group. */
export type Peer = { user: string } | { group: string };

/** A text message as a vendor app would show it. */
export interface SeenText {
  /** The message id in the vendor's API (the same message has the same id for every vendor). */
  id: string;
  from: string;
  text: string;
  revoked: boolean;
}

/** What a vendor API can do beyond one-to-one texts (JMessage v2 has no history, revoke or unread; Hummer has rooms but no groups). */
export type Feature = 'history' | 'revoke' | 'unread' | 'groups' | 'rooms';

/** The features of a vendor entry that lists none: everything but live rooms, which a driver opts into. */
export const DEFAULT_FEATURES: ReadonlySet<Feature> = new Set<Feature>(['history', 'revoke', 'unread', 'groups']);

/** A live room (T AVChatRoom, H chat room) as the scenarios address it: its id, and the numeric id Hummer uses. */
export interface RoomSpec {
  id: string;
  numericId: number;
}

/** What a vendor with live rooms does in them (feature `rooms`). */
export interface RoomDriver {
  join(room: RoomSpec): Promise<void>;
  /** Sends a text to everyone present; resolves once the server took it. */
  send(room: RoomSpec, text: string): Promise<void>;
  /** Resolves when a text from `from` arrives live in the room. */
  waitForText(room: RoomSpec, from: string, text: string): Promise<SeenText>;
  /** Every text that arrived live in the room so far (duplicates included). */
  received(room: RoomSpec): Promise<SeenText[]>;
  leave(room: RoomSpec): Promise<void>;
}

export interface ChatDriver {
  /** The vendor's name, for test titles. */
  readonly vendor: string;
  readonly userId: string;
  /** Live rooms, when the vendor entry lists the `rooms` feature. */
  readonly rooms?: RoomDriver;
  /**
   * Which id `sendText` and `SeenText.id` carry: the client message id most vendors expose
   * (default), the server's message id (JMessage `msg_id`, Hummer `uuid`), or none (a send that
   * returns no id, as Hummer's). Ids are compared across a pair only when both sides use the same
   * kind and have one.
   */
  readonly idKind?: 'client' | 'server' | 'none';
  /** Sends a text and resolves once the server acknowledged it, with the message's id. */
  sendText(to: Peer, text: string): Promise<string>;
  /** Resolves when a text from `from` with this content arrives live in the conversation with `peer`. */
  waitForText(peer: Peer, from: string, text: string): Promise<SeenText>;
  /** Every text that arrived live in the conversation with `peer` so far, in arrival order (duplicates included). */
  received(peer: Peer): Promise<SeenText[]>;
  /** The whole history of the conversation with `peer`, oldest first, read with the vendor's own paging API. */
  history(peer: Peer): Promise<SeenText[]>;
  /** Revokes (recalls) one of my messages. */
  revoke(peer: Peer, id: string): Promise<void>;
  /** Resolves when the peer's message `id` shows as revoked. */
  waitForRevoked(peer: Peer, id: string): Promise<void>;
  /** Marks the conversation read. */
  markRead(peer: Peer): Promise<void>;
  /** The conversation's unread count as the vendor reports it. */
  unread(peer: Peer): Promise<number>;
  /** Logs out and releases the connection. */
  close(): Promise<void>;
}

/** Logs a user in on the vendor's API against the harness's server. */
export type DriverFactory = (h: Harness, userId: string) => Promise<ChatDriver>;

/** Polls `read` until `accept` passes (drivers' waits), failing after `timeoutMs` with the last value. */
export async function until<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
