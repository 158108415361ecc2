import { parley } from '@parley/protocol';
import { type Bus, type BusMessage, roomTopic } from '../bus/types.js';
import type { Directory } from '../cluster/directory.js';
import type { AppRuntime, Deliver } from '../model/context.js';
import { bindRoomPresence, type RoomPresence } from '../model/room-presence.js';
import type { Session, SessionEndReason, SessionListener, SessionRegistry } from './sessions.js';


/** One user in one room on this node. */
interface Member {
  readonly userId: string;
  /** The user's sessions in the room; an away session (disconnected) carries its eviction timer. */
  readonly sessions: Map<string, NodeJS.Timeout | undefined>;
  /** H `joinProps`, kept for webhooks. */
  readonly joinProps: Record<string, string>;
  /** T member marks (≥ 1000). */
  readonly marks: Set<number>;
  /** H `setUserAttributes`: cleared when the user leaves. */
  attrs: Record<string, string>;
  /** The member's own topic (unicasts inside the room). */
  readonly unsubscribe: () => void;
}

/** One room with at least one session on this node. */
interface RoomState {
  readonly app: AppRuntime;
  readonly roomId: string;
  /** By user id, in join order. */
  readonly members: Map<string, Member>;
  readonly unsubscribe: () => void;
  /** `room_count` coalescing: the last count pushed and when, and the pending push. */
  lastCount: number;
  lastCountAt: number;
  countTimer?: NodeJS.Timeout | undefined;
  /** `room_presence` batching (`room.presencePushIntervalMs`): who joined and left since the last push. */
  joined: Set<string>;
  left: Set<string>;
  presenceTimer?: NodeJS.Timeout | undefined;
}

/** The topic of one member's sessions in one room (unicasts inside the room). */
function memberTopic(app: string, roomId: string, userId: string): string {
  return `${roomTopic(app, roomId)}\u0000${userId}`;
}

const roomKey = (app: string, roomId: string) => `${app}\u0000${roomId}`;

/**
 * Room presence of this node (CAPABILITIES.md §1.9, §3.6): which sessions are in which live room
 * or channel, per user with a reference count across sessions, so the others hear of a leave
 * only when the user's last session leaves. A disconnected session stays for
 * `room.evictAfterMs`; a resume in time keeps it, otherwise the user is evicted
 * (`room_presence` left to the room, `room_evicted` to the session when it resumes).
 *
 * Fan-out: the hub subscribes to a room's bus topic while one of its sessions is in the room
 * and hands each message to them; unicasts use a per-member topic.
 *
 * Several nodes: each node records in the cluster directory which users it holds in which
 * room, so `room.count`, `room.listMembers` and `room_count` count every node; kicks and
 * dismissals travel on the room's topic to the other nodes that hold members. Member marks and
 * attributes stay per node.
 */
export class RoomHub implements RoomPresence {
  private readonly rooms = new Map<string, RoomState>();
  /** Rooms (keys) each session is in, present or away. */
  private readonly bySession = new Map<string, Set<string>>();
  /** Rooms a session was evicted from while away, until it resumes or its grace ends. */
  private readonly evicted = new Map<string, { roomIds: string[]; timer: NodeJS.Timeout }>();
  /** Directory writes in order per key (a quick enter-leave must not end up entered). */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly bus: Bus,
    private readonly sessions: SessionRegistry,
    private readonly deliver: Deliver,
    private readonly deliverToSession: (session: Session, message: BusMessage) => void,
    private readonly directory: Directory,
  ) {
    const listener: SessionListener = {
      up: (session, resumed) => this.onUp(session, resumed),
      down: (session, reason) => this.onDown(session, reason),
    };
    sessions.listen(listener);
    bindRoomPresence(deliver, this);
  }

  /**
   * Puts a session in a room. The others hear `room_presence` joined when it is the user's
   * first session there. Resolves with whether this session was already in, once the directory
   * has the entry: the session's resume record lists the room (were this node to die right
   * after the answer, the node the client resumes on must know to tell it that it is out of the
   * room), and other nodes count the user.
   */
  async enter(session: Session, roomId: string, joinProps: Record<string, string>): Promise<boolean> {
    const app = session.app.id;
    const state = this.roomState(session.app, roomId);
    let member = state.members.get(session.userId);
    const first = !member;
    if (!member) {
      member = this.newMember(app, roomId, session.userId, joinProps);
      state.members.set(session.userId, member);
    }
    const alreadyIn = member.sessions.has(session.id);
    this.unevict(session.id, roomId);
    clearTimeout(member.sessions.get(session.id));
    member.sessions.set(session.id, undefined);
    this.index(session.id).add(roomKey(app, roomId));
    const tracked = alreadyIn ? undefined : this.write(`s\u0000${session.id}\u0000${roomId}`, () => this.directory.trackRoom(app, session.resumeToken, roomId, true));
    let listed: Promise<void> | undefined;
    if (first) {
      listed = this.write(`u\u0000${app}\u0000${roomId}\u0000${session.userId}`, () => this.directory.roomJoined(app, roomId, session.userId));
      this.presenceChanged(state, session.userId, true, session.id);
      this.countChanged(state);
    }
    // Other nodes count from the directory: once entered, the user is counted everywhere.
    await Promise.all([tracked, listed]);
    return alreadyIn;
  }

  /** Takes a session out of a room; false when it was not in. */
  exit(session: Session, roomId: string): boolean {
    const key = roomKey(session.app.id, roomId);
    if (!this.bySession.get(session.id)?.has(key)) return false;
    this.leave(key, session.userId, session.id);
    return true;
  }

  /** Rooms this node holds the session in (present or away). */
  roomsOf(sessionId: string): string[] {
    return [...(this.bySession.get(sessionId) ?? [])].map((key) => key.slice(key.indexOf('\u0000') + 1));
  }

  /**
   * `auth.resume`: the rooms the session was evicted from while it was away. Kept until it
   * enters them again or its resume grace ends, since a resume's answer can be lost.
   */
  evictedFrom(sessionId: string): string[] {
    return this.evicted.get(sessionId)?.roomIds ?? [];
  }

  // RoomPresence ------------------------------------------------------------------------------

  isPresent(app: string, roomId: string, userId: string): boolean {
    return this.rooms.get(roomKey(app, roomId))?.members.has(userId) ?? false;
  }

  async count(app: string, roomId: string): Promise<number> {
    return (await this.userIds(app, roomId)).length;
  }

  async userIds(app: string, roomId: string, mark = 0): Promise<string[]> {
    const members = [...(this.rooms.get(roomKey(app, roomId))?.members.values() ?? [])];
    const here = members.filter((m) => mark === 0 || m.marks.has(mark)).map((m) => m.userId);
    if (mark !== 0) return here;
    // This node's members from memory (exact even while its own directory writes are queued),
    // the others' from the directory.
    const local = new Set(members.map((m) => m.userId));
    const everywhere = await this.directory.roomUserIds(app, roomId, this.directory.instance);
    return [...here, ...everywhere.filter((id) => !local.has(id))];
  }

  memberAttrs(app: string, roomId: string): parley.v1.IMemberAttrs[] {
    const members = [...(this.rooms.get(roomKey(app, roomId))?.members.values() ?? [])];
    return members.filter((m) => Object.keys(m.attrs).length > 0).map((m) => ({ userId: m.userId, attributes: m.attrs }));
  }

  setMemberAttrs(app: string, roomId: string, userId: string, attributes: Record<string, string>): boolean {
    const member = this.rooms.get(roomKey(app, roomId))?.members.get(userId);
    if (!member) return false;
    member.attrs = attributes;
    return true;
  }

  mark(app: string, roomId: string, userIds: readonly string[], mark: number, enable: boolean): void {
    const state = this.rooms.get(roomKey(app, roomId));
    for (const userId of userIds) {
      const marks = state?.members.get(userId)?.marks;
      if (enable) marks?.add(mark);
      else marks?.delete(mark);
    }
  }

  evict(app: string, roomId: string, userIds: readonly string[]): void {
    this.bus.publish(roomTopic(app, roomId), { kind: 'room', op: 'evict', userIds, nodeId: this.directory.nodeId });
    this.evictHere(app, roomId, userIds);
  }

  private evictHere(app: string, roomId: string, userIds: readonly string[]): void {
    const state = this.rooms.get(roomKey(app, roomId));
    if (!state) return;
    const left = userIds.filter((userId) => state.members.has(userId));
    for (const userId of left) this.forget(state, userId);
    if (left.length === 0) return;
    this.deliver.toRoom(app, roomId, { roomPresence: { roomId, left } });
    this.countChanged(state);
    this.dropIfEmpty(state);
  }

  drop(app: string, roomId: string): void {
    this.bus.publish(roomTopic(app, roomId), { kind: 'room', op: 'drop', userIds: [], nodeId: this.directory.nodeId });
    this.dropHere(app, roomId);
  }

  private dropHere(app: string, roomId: string): void {
    const state = this.rooms.get(roomKey(app, roomId));
    if (!state) return;
    for (const userId of [...state.members.keys()]) this.forget(state, userId);
    this.dropIfEmpty(state);
  }

  toMembers(app: string, roomId: string, userIds: readonly string[], push: parley.v1.IPush, exceptSessionId?: string): void {
    const bytes = parley.v1.Push.encode(push).finish();
    for (const userId of new Set(userIds)) {
      this.bus.publish(memberTopic(app, roomId, userId), { kind: 'push', push: bytes, ...(exceptSessionId && { exceptSessionId }) });
    }
  }

  // Internals ---------------------------------------------------------------------------------

  /**
   * A user's membership of a room, subscribed to the user's room topic. Built away from
   * `enter`: a handler created there shares its closure context with `session`, and would keep
   * the first session's connection alive for as long as the user stays in the room.
   */
  private newMember(app: string, roomId: string, userId: string, joinProps: Record<string, string>): Member {
    const created: Member = {
      userId,
      sessions: new Map(),
      joinProps,
      marks: new Set(),
      attrs: {},
      unsubscribe: this.bus.subscribe(memberTopic(app, roomId, userId), (message) => this.toSessions(created, message)),
    };
    return created;
  }

  private roomState(app: AppRuntime, roomId: string): RoomState {
    const key = roomKey(app.id, roomId);
    let state = this.rooms.get(key);
    if (!state) {
      const members = new Map<string, Member>();
      const unsubscribe = this.bus.subscribe(roomTopic(app.id, roomId), (message) => {
        if (message.kind === 'room') {
          if (message.nodeId === this.directory.nodeId) return;
          if (message.op === 'evict') this.evictHere(app.id, roomId, message.userIds);
          else this.dropHere(app.id, roomId);
          return;
        }
        // Map iteration tolerates deletions (a kick delivered on the way), so no copy per message.
        for (const member of members.values()) this.toSessions(member, message);
      });
      state = { app, roomId, members, unsubscribe, lastCount: -1, lastCountAt: 0, joined: new Set(), left: new Set() };
      this.rooms.set(key, state);
    }
    return state;
  }

  /** Delivers to a member's connected sessions (away ones are not in the registry). */
  private toSessions(member: Member, message: BusMessage): void {
    for (const id of member.sessions.keys()) {
      const session = this.sessions.get(id);
      if (session) this.deliverToSession(session, message);
    }
  }

  /** The session is in the room again: its eviction from it is no longer news. */
  private unevict(sessionId: string, roomId: string): void {
    const record = this.evicted.get(sessionId);
    if (!record?.roomIds.includes(roomId)) return;
    record.roomIds = record.roomIds.filter((id) => id !== roomId);
    if (record.roomIds.length > 0) return;
    clearTimeout(record.timer);
    this.evicted.delete(sessionId);
  }

  private index(sessionId: string): Set<string> {
    let keys = this.bySession.get(sessionId);
    if (!keys) {
      keys = new Set();
      this.bySession.set(sessionId, keys);
    }
    return keys;
  }

  private unindex(sessionId: string, key: string): void {
    const keys = this.bySession.get(sessionId);
    keys?.delete(key);
    if (keys?.size === 0) this.bySession.delete(sessionId);
  }

  /** One session leaves; the user leaves with their last session (`room_presence` left). */
  private leave(key: string, userId: string, sessionId: string): void {
    this.unindex(sessionId, key);
    const state = this.rooms.get(key);
    const member = state?.members.get(userId);
    if (!state || !member) return;
    const session = this.sessions.get(sessionId);
    if (session) this.write(`s\u0000${sessionId}\u0000${state.roomId}`, () => this.directory.trackRoom(state.app.id, session.resumeToken, state.roomId, false));
    clearTimeout(member.sessions.get(sessionId));
    member.sessions.delete(sessionId);
    if (member.sessions.size > 0) return;
    this.forget(state, userId);
    this.presenceChanged(state, userId, false);
    this.countChanged(state);
    this.dropIfEmpty(state);
  }

  /** Removes a member and every one of its sessions from the room, silently. */
  private forget(state: RoomState, userId: string): void {
    const member = state.members.get(userId);
    if (!member) return;
    const key = roomKey(state.app.id, state.roomId);
    for (const [sessionId, timer] of member.sessions) {
      clearTimeout(timer);
      this.unindex(sessionId, key);
    }
    member.unsubscribe();
    state.members.delete(userId);
    const { app, roomId } = state;
    this.write(`u\u0000${app.id}\u0000${roomId}\u0000${userId}`, () => this.directory.roomLeft(app.id, roomId, userId));
  }

  /**
   * Runs a directory write after the earlier ones of the same key. A failed write (the store
   * is down) only makes other nodes' counts miss this node's change until the next one.
   */
  private write(key: string, fn: () => Promise<void>): Promise<void> {
    const previous = this.writes.get(key) ?? Promise.resolve();
    const next = previous.then(fn).catch(() => {});
    this.writes.set(key, next);
    void next.finally(() => {
      if (this.writes.get(key) === next) this.writes.delete(key);
    });
    return next;
  }

  private dropIfEmpty(state: RoomState): void {
    if (state.members.size > 0) return;
    clearTimeout(state.countTimer);
    if (state.presenceTimer) {
      clearTimeout(state.presenceTimer);
      this.flushPresence(state);
    }
    state.unsubscribe();
    this.rooms.delete(roomKey(state.app.id, state.roomId));
  }

  /**
   * `room_presence` for a user's first join or last leave: at once, or batched over
   * `room.presencePushIntervalMs` (a large room filling up would otherwise cost one push per
   * member per join). A leave and a rejoin inside one batch cancel out.
   */
  private presenceChanged(state: RoomState, userId: string, joined: boolean, exceptSessionId?: string): void {
    const interval = state.app.policy.roomPresencePushIntervalMs;
    if (interval <= 0) {
      const change = joined ? { joined: [userId] } : { left: [userId] };
      this.deliver.toRoom(state.app.id, state.roomId, { roomPresence: { roomId: state.roomId, ...change } }, exceptSessionId);
      return;
    }
    const [add, cancel] = joined ? [state.joined, state.left] : [state.left, state.joined];
    if (!cancel.delete(userId)) add.add(userId);
    if (state.presenceTimer) return;
    state.presenceTimer = setTimeout(() => {
      state.presenceTimer = undefined;
      this.flushPresence(state);
    }, interval);
    state.presenceTimer.unref();
  }

  private flushPresence(state: RoomState): void {
    if (state.joined.size === 0 && state.left.size === 0) return;
    const roomPresence = { roomId: state.roomId, joined: [...state.joined], left: [...state.left] };
    state.joined.clear();
    state.left.clear();
    this.deliver.toRoom(state.app.id, state.roomId, { roomPresence });
  }

  /** `room_count`, coalesced to at most one push per `room.countPushIntervalMs`. */
  private countChanged(state: RoomState): void {
    if (state.countTimer) return;
    const wait = state.lastCountAt + state.app.policy.roomCountPushIntervalMs - Date.now();
    if (wait <= 0) {
      this.pushCount(state);
      return;
    }
    state.countTimer = setTimeout(() => {
      state.countTimer = undefined;
      this.pushCount(state);
    }, wait);
    state.countTimer.unref();
  }

  private pushCount(state: RoomState): void {
    state.lastCountAt = Date.now();
    void this.count(state.app.id, state.roomId).then(
      (count) => {
        if (count === state.lastCount) return;
        state.lastCount = count;
        this.deliver.toRoom(state.app.id, state.roomId, { roomCount: { roomId: state.roomId, totalCount: count } });
      },
      () => {},
    );
  }

  /** A resumed session takes its place again in the rooms it had not been evicted from. */
  private onUp(session: Session, resumed: boolean): void {
    if (!resumed) return;
    for (const key of this.bySession.get(session.id) ?? []) {
      const member = this.rooms.get(key)?.members.get(session.userId);
      if (!member?.sessions.has(session.id)) continue;
      clearTimeout(member.sessions.get(session.id));
      member.sessions.set(session.id, undefined);
    }
    const evicted = this.evicted.get(session.id);
    for (const roomId of evicted?.roomIds ?? []) {
      const push = parley.v1.Push.encode({ roomEvicted: { roomId } }).finish();
      this.deliverToSession(session, { kind: 'push', push });
    }
  }

  /**
   * A dropped connection (or one replaced by a resume elsewhere) keeps its rooms for
   * `room.evictAfterMs`; a logout, a kick or a shutdown leaves them at once.
   */
  private onDown(session: Session, reason: SessionEndReason): void {
    const keys = [...(this.bySession.get(session.id) ?? [])];
    if (keys.length === 0) return;
    if (reason !== 'disconnected' && reason !== 'resumedElsewhere') {
      for (const key of keys) this.leave(key, session.userId, session.id);
      return;
    }
    const { roomEvictAfterMs, resumeGraceMs } = session.app.policy;
    // The timers hold ids, not the session: through its connection that would keep the socket
    // and its buffers alive until the eviction.
    const { userId, id: sessionId } = session;
    for (const key of keys) {
      const member = this.rooms.get(key)?.members.get(userId);
      if (!member) continue;
      clearTimeout(member.sessions.get(sessionId));
      const timer = setTimeout(() => this.evictAway(key, userId, sessionId, resumeGraceMs), roomEvictAfterMs);
      timer.unref();
      member.sessions.set(sessionId, timer);
    }
  }

  /** The eviction grace ran out: the session leaves, and learns of it if it resumes. */
  private evictAway(key: string, userId: string, sessionId: string, resumeGraceMs: number): void {
    const state = this.rooms.get(key);
    if (!state) return;
    this.leave(key, userId, sessionId);
    const record = this.evicted.get(sessionId);
    if (record) clearTimeout(record.timer);
    const timer = setTimeout(() => this.evicted.delete(sessionId), resumeGraceMs);
    timer.unref();
    this.evicted.set(sessionId, { roomIds: [...(record?.roomIds ?? []), state.roomId], timer });
  }
}
