import type { parley } from '@parley/protocol';
import type { Emitter, Unsubscribe } from 'nanoevents';
import type { Client } from '../client.js';
import { type Element, type Message, type MessageRef, type Room, toMessage } from '../model.js';
import { RoomChannel } from './constants.js';

export { RoomChannel, RoomKind } from './constants.js';

/** A kick (`roomKick`): `banSecs` > 0 bars re-entry that long. */
export interface RoomKick {
  by: string;
  userIds: string[];
  banSecs: number;
  reason: string;
  kickType: string;
}

/** A mute or unmute (`roomMute`); `secsText` is the caller's opaque text, echoed. */
export interface RoomMute {
  by: string;
  userIds: string[];
  secsText: string;
  reason: string;
  muted: boolean;
}

/**
 * Why a handle stopped: `timeout` — the session was away longer than the room's eviction grace
 * (`roomEvicted`); `session` — the session it entered with is gone (a new login after the resume
 * grace, logout, kick or close).
 */
export type EvictReason = 'timeout' | 'session';

/** Events of one {@link RoomHandle}. Subscribe with `room.on(name, listener)`. */
export interface RoomEvents {
  /** A message from someone else (transient ones have `seq` 0). Own sends resolve through `send()`. */
  message(message: Message): void;
  /** Users entered or left (a user leaves with their last session). */
  presence(change: { joined: string[]; left: string[] }): void;
  /** The number of users present (coalesced by the server). */
  count(count: number): void;
  /** Users were kicked; when the caller is among them this handle is closed afterwards. */
  kick(kick: RoomKick): void;
  /** Users were muted or unmuted. */
  mute(mute: RoomMute): void;
  /** The profile changed: `profile` is the whole new profile. */
  profile(change: { by: string; profile: Room; changedFields: string[] }): void;
  /** A member replaced their member attributes (H `setUserAttributes`). */
  memberAttrs(change: { userId: string; attributes: Record<string, string> }): void;
  /** The room's attribute store changed (H extra attributes); `full` is the whole store. */
  attributes(change: parley.v1.AttributesEvent.$Properties): void;
  /** The caller is no longer in the room; the handle is closed. */
  evicted(reason: EvictReason): void;
  /** The room was dismissed; the handle is closed. */
  dismissed(change: { by: string }): void;
}

/** The emitter of one handle. */
export type RoomEmitter = Emitter<RoomEvents>;

/** What every handle of one room shares: the live state the pushes keep current. */
export interface RoomState {
  roomId: string;
  convId: string;
  kind: number;
  profile: Room;
  /** Present users, in the order they were seen. */
  members: Set<string>;
  count: number;
  muted: Set<string>;
  memberAttrs: Map<string, Record<string, string>>;
  attributes: Record<string, string>;
  /** The session the room was entered with: a different one is no longer in it. */
  sessionId: string;
  /** Open handles and their emitters (emitting stays with the rooms API). */
  handles: Map<RoomHandle, RoomEmitter>;
}

/** Options of {@link RoomHandle.send}. */
export interface RoomSendOptions extends Omit<parley.v1.Message.$Properties, 'convId' | 'elements' | 'roomChannel' | 'receiverIds'> {
  /** `RoomChannel`. @default RoomChannel.GROUP */
  channel?: number;
  /** Unicast inside the room: only these users' sessions get it (never kept). */
  receiverIds?: string[];
  /** Not kept and not counted even where the room keeps history. @default false */
  onlineOnly?: boolean;
}

/**
 * One instance's hold on a room (CAPABILITIES.md §6.1 "room membership per instance"). Several
 * handles of one room may exist on one client: they share the live state, and the client leaves
 * the room on the server only when the last of them leaves.
 */
export class RoomHandle {
  /** The conversation id of the room's messages: `room:<id>`, or `channel:<id>` for channels. */
  readonly convId: string;

  constructor(
    private readonly client: Client,
    private readonly state: RoomState,
    private readonly emitter: RoomEmitter,
    private readonly release: (handle: RoomHandle) => Promise<void>,
  ) {
    this.convId = state.convId;
  }

  /** The room's canonical id. */
  get roomId(): string {
    return this.state.roomId;
  }

  /** `RoomKind`. */
  get kind(): number {
    return this.state.kind;
  }

  /** Whether this handle still holds the room (false after leave, kick, eviction or dismissal). */
  get active(): boolean {
    return this.state.handles.has(this);
  }

  /** Users present as far as this client knows: an initial list plus presence pushes. */
  get members(): string[] {
    return [...this.state.members];
  }

  /** Users present: from entering, then `roomCount` pushes. */
  get count(): number {
    return this.state.count;
  }

  /** Whether the caller is muted here (as seen in mute pushes and own moderation). */
  get muted(): boolean {
    return this.state.muted.has(this.client.userId);
  }

  /** Users seen muted since entering. */
  get mutedUserIds(): string[] {
    return [...this.state.muted];
  }

  /** The room's profile as of entering, then `roomProfile` pushes. */
  get profile(): Room {
    return this.state.profile;
  }

  /** The room's attribute values as last read, written or pushed. */
  get attributes(): Record<string, string> {
    return { ...this.state.attributes };
  }

  /** Member attributes seen (pushes, own writes, `rooms.listMemberAttrs`), by user. */
  memberAttrs(): Record<string, Record<string, string>> {
    return Object.fromEntries(this.state.memberAttrs);
  }

  /** Subscribes to an event of this room; returns the unsubscribe function. */
  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /**
   * Sends a message into the room through the outbox. Transient messages resolve with `seq` 0.
   * @throws {RequestError} `NOT_IN_ROOM`, `MUTED`, `BANNED`, `ROOM_NOT_FOUND`.
   */
  send(elements: Element[], options: RoomSendOptions = {}): Promise<Message> {
    const { channel, receiverIds, onlineOnly, flags, ...rest } = options;
    return this.client.send({
      ...rest,
      convId: this.convId,
      elements,
      roomChannel: channel ?? RoomChannel.GROUP,
      ...(receiverIds?.length ? { receiverIds } : {}),
      ...(onlineOnly || flags ? { flags: { ...flags, ...(onlineOnly ? { onlineOnly: true } : {}) } } : {}),
    });
  }

  /**
   * Kept messages of the room (per its history policy), ascending. No anchor starts at the
   * newest (`older`) or the oldest kept (`newer`).
   * @default options.direction 'older', options.limit 20
   * @throws {RequestError} `NOT_IN_ROOM`, `ROOM_NOT_FOUND`.
   */
  async history(options: { anchor?: MessageRef; direction?: 'older' | 'newer'; limit?: number } = {}): Promise<{ messages: Message[]; hasMore: boolean }> {
    const result = await this.client.request('msgHistory', {
      convId: this.convId,
      ...(options.anchor ? { anchor: { convId: this.convId, ...options.anchor } } : {}),
      direction: options.direction === 'newer' ? 1 : 0, // parley.v1.Direction
      limit: options.limit ?? 20,
    });
    return { messages: (result?.messages ?? []).map((m) => toMessage(m)), hasMore: result?.hasMore ?? false };
  }

  /**
   * Replaces the caller's member attributes here (H `setUserAttributes`); the others get a push.
   * @throws {RequestError} `NOT_IN_ROOM`, `TOO_LARGE`, `LIMIT_EXCEEDED`.
   */
  async setMemberAttrs(attributes: Record<string, string>): Promise<void> {
    await this.client.request('roomSetMemberAttrs', { room: { roomId: this.roomId, kind: this.kind }, attributes });
    this.state.memberAttrs.set(this.client.userId, { ...attributes });
  }

  /**
   * Lets go of the room. The client leaves it on the server when no other handle holds it.
   * Resolves at once for a handle that is already closed.
   * @throws {RequestError} from `room.exit`, except `NOT_IN_ROOM` and `ROOM_NOT_FOUND`.
   */
  leave(): Promise<void> {
    return this.release(this);
  }
}
