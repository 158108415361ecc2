import type { parley } from '@parley/protocol';
import { createNanoEvents } from 'nanoevents';
import type { Client } from '../client.js';
import { ClientCode } from '../codes.js';
import { RequestError } from '../errors.js';
import type { PushFrame } from '../events.js';
import { plain, type Room } from '../model.js';
import { area } from './area.js';
import type { AttrMode, AttrStore } from './attrs.js';
import { RoomAttrs } from './room-attrs.js';
import { type EvictReason, type RoomEmitter, type RoomEvents, RoomHandle, RoomKind, type RoomState } from './room-handle.js';
import { RoomMembers } from './room-members.js';
import { RoomModeration } from './room-moderation.js';
import { applyRoomPush } from './room-push.js';
import { type RoomTarget, roomRef } from './room-ref.js';
import { CUSTOM_MODE, type SearchQuery } from './shared.js';

export type { RoomTarget } from './room-ref.js';

/** Options of {@link RoomsApi.join}. */
export interface JoinOptions {
  /** `RoomKind`; `CHANNEL` enters (and creates) an H channel by its id. @default RoomKind.LIVE */
  kind?: number;
  /** H `roomid` (with `region`) instead of the id. */
  numericId?: number;
  region?: string;
  /** Stored and passed to webhooks only (H `joinProps`). */
  joinProps?: Record<string, string>;
  password?: string;
  /** How many present users to fetch after entering; 0 fetches none. @default 500 */
  initialMembers?: number;
}

/** What {@link RoomsApi.update} takes: profile fields, custom fields (JSON text), a listed room's members. */
export interface RoomPatch extends Partial<Pick<Room, 'name' | 'description' | 'bulletin' | 'appExtra' | 'maxUsers' | 'password' | 'avatar' | 'allowAnonymous' | 'historyPolicy' | 'adminIds'>> {
  customFields?: Record<string, string>;
  /** @default 'merge' */
  customMode?: 'merge' | 'replace' | 'clear' | 'removeKeys';
  removeCustomKeys?: string[];
  /** Replaces a listed room's member list. */
  memberIds?: string[];
}

const PATCH_META = new Set(['customFields', 'customMode', 'removeCustomKeys', 'memberIds']);
const GONE = new Set<number>([ClientCode.NOT_IN_ROOM, ClientCode.ROOM_NOT_FOUND]);

/**
 * Rooms and channels (CAPABILITIES.md §1.9, §2.10, §3.6). `join()` returns a {@link RoomHandle}
 * holding the live state (members, count, mutes, profile, attributes) and the room's events.
 * Handles are counted per room: the client enters a room once and leaves it when its last
 * handle leaves. Room pushes are live only; a session that comes back after the eviction grace
 * (or a new session) is out of its rooms, and the handles report `evicted`.
 */
export class RoomsApi {
  #rooms = new Map<string, RoomState>();
  #entering = new Map<string, Promise<RoomState>>();
  #exiting = new Map<string, Promise<unknown>>();
  readonly #members: RoomMembers;
  readonly #moderation: RoomModeration;
  readonly #attrs: RoomAttrs;

  constructor(private readonly client: Client) {
    this.#members = new RoomMembers(client, this.#rooms);
    this.#moderation = new RoomModeration(client, this.#rooms);
    this.#attrs = new RoomAttrs(client, this.#rooms);
    // The event bus exists before any connection; pushes arrive only once connected.
    client.events.on('push', (push) => this.#onPush(push));
    client.events.on('state', (state) => this.#onState(state));
  }

  /**
   * Creates a live room (owned by the caller) or a listed room (`kind: LISTED`, with `memberIds`).
   * @throws {RequestError} `ALREADY_EXISTS`, `INVALID_PARAM`, `TOO_LARGE`.
   */
  async create(room: Partial<Room>): Promise<Room> {
    return plain((await this.client.request('roomCreate', { room })) ?? {}) as Room;
  }

  /**
   * Dismisses a room (the owner, or app privilege); everyone in it gets `dismissed`.
   * @throws {RequestError} `PERMISSION_DENIED`, `ROOM_NOT_FOUND`.
   */
  async dismiss(target: RoomTarget): Promise<void> {
    const room = this.#ref(target);
    await this.client.request('roomDismiss', { room });
    const state = this.#rooms.get(room.roomId ?? '');
    if (state) this.#close(state, (e) => e.emit('dismissed', { by: this.client.userId }));
  }

  /**
   * A room's profile, owner, online count and (listed rooms) members; entering is not needed.
   * @throws {RequestError} `ROOM_NOT_FOUND`.
   */
  async get(target: RoomTarget): Promise<Room> {
    return plain((await this.client.request('roomGet', { room: this.#ref(target) })) ?? {}) as Room;
  }

  /**
   * Writes profile fields (those given), custom fields and a listed room's member list.
   * @throws {RequestError} `PERMISSION_DENIED`, `INVALID_PARAM`, `NOT_SUPPORTED` (channels).
   */
  async update(target: RoomTarget, patch: RoomPatch): Promise<void> {
    const { customFields, customMode, removeCustomKeys, memberIds, ...fields } = patch;
    const room = this.#ref(target);
    await this.client.request('roomUpdate', {
      room,
      patch: { ...fields, customFields: customFields ?? {}, memberIds: memberIds ?? [] },
      setFields: Object.keys(fields).filter((k) => !PATCH_META.has(k) && fields[k as keyof typeof fields] !== undefined),
      customMode: CUSTOM_MODE[customMode ?? 'merge'],
      removeCustomKeys: removeCustomKeys ?? [],
      replaceMembers: memberIds !== undefined,
    });
    // The server pushes `roomProfile` to everyone but this session: keep the local profile current.
    const state = this.#rooms.get(room.roomId ?? '');
    if (state) state.profile = { ...state.profile, ...fields, ...(memberIds ? { memberIds } : {}) };
  }

  /**
   * Searches rooms (M `searchRooms`).
   * @throws {RequestError} from `room.search`.
   */
  async search(query: SearchQuery): Promise<Room[]> {
    return ((await this.client.request('roomSearch', { ...query }))?.rooms ?? []).map((r) => plain(r));
  }

  /**
   * The listed rooms whose member list includes the caller (M `listRooms`).
   * @throws {RequestError} from `room.listJoined`.
   */
  async listJoined(options: { withDetail?: boolean } = {}): Promise<Room[]> {
    return ((await this.client.request('roomListJoined', { withDetail: options.withDetail ?? false }))?.rooms ?? []).map((r) => plain(r));
  }

  /**
   * Enters a room (or channel) and returns a new handle. A room this client is in already is
   * not entered again: the new handle shares the live state of the others.
   * @throws {RequestError} `ROOM_NOT_FOUND`, `BANNED`, `LIMIT_EXCEEDED` (full), `PERMISSION_DENIED` (password, guests), `NOT_MEMBER` (listed).
   */
  async join(roomId: string, options: JoinOptions = {}): Promise<RoomHandle> {
    const key = roomId || `#${options.region ?? ''}#${options.numericId ?? 0}`;
    let state = this.#rooms.get(roomId);
    if (!state) {
      let entering = this.#entering.get(key);
      if (!entering) {
        entering = this.#enter(roomId, options).finally(() => this.#entering.delete(key));
        this.#entering.set(key, entering);
      }
      state = await entering;
    }
    const emitter = createNanoEvents<RoomEvents>();
    const handle = new RoomHandle(this.client, state, emitter, (h) => this.#release(h));
    state.handles.set(handle, emitter);
    return handle;
  }

  /** Open handles, of one room or of all. */
  handles(roomId?: string): RoomHandle[] {
    const states = roomId === undefined ? [...this.#rooms.values()] : [this.#rooms.get(roomId)].filter((s): s is RoomState => s !== undefined);
    return states.flatMap((s) => [...s.handles.keys()]);
  }

  /**
   * Users present (H `getChatRoomUserCount`); entering is not needed.
   * @throws {RequestError} `ROOM_NOT_FOUND`.
   */
  count(target: RoomTarget): Promise<number> {
    return this.#members.count(target);
  }

  /**
   * A page of present users (listed rooms: the member list), optionally by mark.
   * @default options.count 100
   * @throws {RequestError} `ROOM_NOT_FOUND`, `INVALID_PARAM`.
   */
  listMembers(target: RoomTarget, options: { offset?: number; count?: number; mark?: number } = {}): Promise<{ userIds: string[]; nextOffset: number; completed: boolean }> {
    return this.#members.list(target, options);
  }

  /**
   * Owners and admins (H `getChatRoomManager`), or one role.
   * @throws {RequestError} `ROOM_NOT_FOUND`.
   */
  managers(target: RoomTarget, role: '' | 'owner' | 'admin' = ''): Promise<{ owners: string[]; admins: string[] }> {
    return this.#members.managers(target, role);
  }

  /**
   * Mutes users for `secs` seconds (0: until unmuted); `secsText` is echoed in the push.
   * @throws {RequestError} `PERMISSION_DENIED`, `ROOM_NOT_FOUND`.
   */
  mute(target: RoomTarget, userIds: readonly string[], options: { secs?: number; secsText?: string; reason?: string } = {}): Promise<void> {
    return this.#moderation.mute(target, userIds, options);
  }

  /**
   * Lifts mutes.
   * @throws {RequestError} `PERMISSION_DENIED`, `ROOM_NOT_FOUND`.
   */
  unmute(target: RoomTarget, userIds: readonly string[], options: { secsText?: string; reason?: string } = {}): Promise<void> {
    return this.#moderation.unmute(target, userIds, options);
  }

  /**
   * Users muted now (H `getMutedUserList`).
   * @throws {RequestError} `ROOM_NOT_FOUND`.
   */
  listMuted(target: RoomTarget): Promise<string[]> {
    return this.#moderation.listMuted(target);
  }

  /**
   * Kicks users out; `banSecs` > 0 bars them from entering again that long.
   * @throws {RequestError} `PERMISSION_DENIED`, `ROOM_NOT_FOUND`.
   */
  kick(target: RoomTarget, userIds: readonly string[], options: { banSecs?: number; reason?: string; kickType?: string } = {}): Promise<void> {
    return this.#moderation.kick(target, userIds, options);
  }

  /**
   * Sets or clears a mark (≥ 1000; T `markGroupMemberList`) on present users.
   * @throws {RequestError} `PERMISSION_DENIED`, `INVALID_PARAM`.
   */
  markMembers(target: RoomTarget, userIds: readonly string[], mark: number, enable = true): Promise<void> {
    return this.#moderation.markMembers(target, userIds, mark, enable);
  }

  /**
   * Adds users to, or removes them from, a listed room's member list.
   * @throws {RequestError} `NOT_SUPPORTED` (not listed), `NOT_MEMBER`, `LIMIT_EXCEEDED`.
   */
  editMembers(target: RoomTarget, change: { add?: readonly string[]; remove?: readonly string[] }): Promise<void> {
    return this.#members.edit(target, change);
  }

  /**
   * Member attributes of the users present (H `getUserAttributesList`), by user.
   * @throws {RequestError} `NOT_IN_ROOM`.
   */
  listMemberAttrs(target: RoomTarget): Promise<Record<string, Record<string, string>>> {
    return this.#attrs.listMemberAttrs(target);
  }

  /**
   * Reads the room's attribute store (H `fetchRoomExtraAttributes`; all keys when none are given).
   * @throws {RequestError} `NOT_IN_ROOM`, `NOT_SUPPORTED` (not a live room).
   */
  getAttributes(roomId: string, keys: readonly string[] = []): Promise<AttrStore> {
    return this.#attrs.read(roomId, keys);
  }

  /**
   * Writes the room's attribute store (`init`, `replace`, `upsert`, `delete` keys, `clear`);
   * resolves with the whole store. The others in the room get an `attributes` push.
   * @throws {RequestError} `NOT_IN_ROOM`, `LIMIT_EXCEEDED`, `TOO_LARGE`, `PERMISSION_DENIED`.
   */
  writeAttributes(roomId: string, mode: AttrMode, options: { entries?: Record<string, string>; keys?: readonly string[] } = {}): Promise<AttrStore> {
    return this.#attrs.write(roomId, mode, options);
  }

  #ref(target: RoomTarget): parley.v1.RoomRef.$Properties {
    return roomRef(this.#rooms, target);
  }

  async #enter(roomId: string, options: JoinOptions): Promise<RoomState> {
    await this.#exiting.get(roomId);
    const kind = options.kind ?? RoomKind.LIVE;
    const ref = { roomId, kind, numericId: options.numericId ?? 0, region: options.region ?? '' };
    const result = await this.client.request('roomEnter', { room: ref, joinProps: options.joinProps ?? {}, password: options.password ?? '' });
    const profile = plain(result?.room ?? {}) as Room;
    const id = profile.roomId || roomId;
    const held = this.#rooms.get(id);
    if (held) return held;
    const state: RoomState = {
      roomId: id,
      convId: `${kind === RoomKind.CHANNEL ? 'channel' : 'room'}:${id}`,
      kind: profile.kind ?? kind,
      profile,
      members: new Set(),
      count: result?.count ?? 0,
      muted: new Set(),
      memberAttrs: new Map(),
      attributes: {},
      sessionId: this.client.connection.session?.sessionId ?? '',
      handles: new Map(),
    };
    this.#rooms.set(id, state);
    const limit = options.initialMembers ?? 500;
    if (limit > 0) {
      // Presence pushes that arrive meanwhile are applied already; the page only adds.
      const page = await this.listMembers(id, { count: limit }).catch(() => undefined);
      for (const userId of page?.userIds ?? []) state.members.add(userId);
    }
    return state;
  }

  async #release(handle: RoomHandle): Promise<void> {
    const state = this.#rooms.get(handle.roomId);
    if (!state?.handles.delete(handle) || state.handles.size > 0) return;
    this.#rooms.delete(state.roomId);
    const exit = this.client.request('roomExit', { room: { roomId: state.roomId, kind: state.kind } });
    const settled = exit.catch(() => undefined).finally(() => {
      if (this.#exiting.get(state.roomId) === settled) this.#exiting.delete(state.roomId);
    });
    this.#exiting.set(state.roomId, settled);
    try {
      await exit;
    } catch (error) {
      if (!(error instanceof RequestError && GONE.has(error.code))) throw error;
    }
  }

  /** Closes every handle of a room after telling them why. */
  #close(state: RoomState, tell: (emitter: RoomEmitter) => void): void {
    if (this.#rooms.get(state.roomId) === state) this.#rooms.delete(state.roomId);
    const emitters = [...state.handles.values()];
    state.handles.clear();
    for (const emitter of emitters) tell(emitter);
  }

  #evict(state: RoomState, reason: EvictReason): void {
    this.#close(state, (e) => e.emit('evicted', reason));
  }

  #onState(connection: string): void {
    if (this.#rooms.size === 0) return;
    if (connection === 'idle' || connection === 'kicked' || connection === 'closed') {
      for (const state of [...this.#rooms.values()]) this.#evict(state, 'session');
      return;
    }
    if (connection !== 'ready') return;
    const session = this.client.connection.session;
    const evicted = new Set(session?.evictedRoomIds ?? []);
    for (const state of [...this.#rooms.values()]) {
      if (state.sessionId && session?.sessionId !== state.sessionId) this.#evict(state, 'session');
      else if (evicted.has(state.roomId)) this.#evict(state, 'timeout');
    }
  }

  #onPush(push: PushFrame): void {
    applyRoomPush(this.client, this.#rooms, push, (state, tell) => this.#close(state, tell));
  }
}


/** Rooms and channels: join/leave per instance, live members and counts, moderation, room attributes. One instance per client, made on first use. */
export const roomsOf = /* @__PURE__ */ area((client) => new RoomsApi(client));
