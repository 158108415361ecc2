import { parley } from '@parley/protocol';
import { appTopic, type Bus, type BusMessage, userTopic } from '../bus/types.js';
import type { Policy } from '../config/types.js';
import type { AppRuntime } from '../model/context.js';
import { Close, type Connection } from './connection.js';
import { Deadlines } from './deadlines.js';

const { KickReason, Platform } = parley.v1;

/** One logged-in session (CAPABILITIES.md §1.4), bound to the connection that carries it. */
export interface Session {
  readonly id: string;
  readonly app: AppRuntime;
  readonly userId: string;
  readonly tinyId: number;
  readonly kind: number;
  readonly platform: number;
  readonly deviceId: string;
  readonly shim: number;
  readonly credentialKind: string;
  credentialExpiresAt: number;
  readonly resumeToken: string;
  readonly createdAt: number;
  /**
   * App privilege (§5.2): the session may act for other users (`subject`) and use
   * admin-only operations such as `system.send`.
   */
  readonly privileged: boolean;
  conn: Connection;
  /** Buckets of the credential deadlines in {@link SessionRegistry.warnings} and `expiries` (0 = none). */
  warnBucket: number;
  expireBucket: number;
}

/**
 * Why a session left this node's registry. `disconnected` starts the resume grace period (the
 * user may come back with `auth.resume`); every other reason ends the session.
 */
export type SessionEndReason = 'logout' | 'kicked' | 'disconnected' | 'resumedElsewhere' | 'shutdown';

/**
 * Session lifecycle, for presence and rooms. `up` fires after a login or resume has bound the
 * session; `down` after it left the registry.
 */
export interface SessionListener {
  up?(session: Session, resumed: boolean): void;
  down?(session: Session, reason: SessionEndReason): void;
}

/** What the multi-login policy looks at: a session here, or one on another node. */
export interface KickCandidate {
  readonly id: string;
  readonly platform: number;
  readonly deviceId: string;
  readonly createdAt: number;
}

/** A kick decided by the multi-login policy. */
export interface Kick<S extends KickCandidate = Session> {
  session: S;
  reason: number;
}

/**
 * Which existing sessions a new login on `platform` (from `deviceId`) displaces (§5.1
 * `session.multiLogin`, then the Hummer-style `maxTerminalTypes` and `maxDevices` limits):
 * oldest first, so the newest sessions survive.
 */
export function sessionsToKick<S extends KickCandidate>(existing: readonly S[], platform: number, policy: Policy, deviceId = ''): Kick<S>[] {
  if (policy.multiLogin === 'unlimited') return [];
  if (policy.multiLogin === 'kickAll') {
    return existing.map((session) => ({
      session,
      reason: session.platform === platform ? KickReason.KICK_REASON_REPLACED_SAME_PLATFORM : KickReason.KICK_REASON_REPLACED_OTHER_PLATFORM,
    }));
  }
  const kicks: Kick<S>[] = [];
  const same = existing.filter((s) => s.platform === platform).sort((a, b) => a.createdAt - b.createdAt);
  const limit = platform === Platform.PLATFORM_WEB ? policy.webInstances : policy.maxPerPlatform;
  const excess = same.length + 1 - limit;
  if (excess > 0) for (const session of same.slice(0, excess)) kicks.push({ session, reason: KickReason.KICK_REASON_REPLACED_SAME_PLATFORM });
  const kept = () => existing.filter((s) => !kicks.some((k) => k.session === s));
  if (policy.maxTerminalTypes > 0) {
    const displaced = oldestGroupsBeyond(kept(), (s) => String(s.platform), String(platform), policy.maxTerminalTypes);
    for (const session of displaced) kicks.push({ session, reason: KickReason.KICK_REASON_TERMINAL_TYPE_LIMIT });
  }
  if (policy.maxDevices > 0) {
    // A session without a device id counts as a device of its own.
    const displaced = oldestGroupsBeyond(kept(), (s) => s.deviceId || `session:${s.id}`, deviceId || 'session:new', policy.maxDevices);
    for (const session of displaced) kicks.push({ session, reason: KickReason.KICK_REASON_DEVICE_LIMIT });
  }
  return kicks;
}

/**
 * Groups sessions by `keyOf`; when the groups plus the newcomer's exceed `limit`, returns every
 * session of the groups whose newest session is oldest, until the newcomer fits.
 */
function oldestGroupsBeyond<S extends KickCandidate>(sessions: readonly S[], keyOf: (s: S) => string, newKey: string, limit: number): S[] {
  const groups = new Map<string, S[]>();
  for (const session of sessions) {
    const key = keyOf(session);
    if (key === newKey) continue;
    groups.set(key, [...(groups.get(key) ?? []), session]);
  }
  const excess = groups.size + 1 - limit;
  if (excess <= 0) return [];
  const newest = (list: S[]) => Math.max(...list.map((s) => s.createdAt));
  return [...groups.values()]
    .sort((a, b) => newest(a) - newest(b))
    .slice(0, excess)
    .flat();
}

/**
 * The sessions this node holds, by user, and their bus subscriptions: a user's topic is
 * subscribed while at least one of their sessions is here.
 */
export class SessionRegistry {
  private readonly byUser = new Map<string, { sessions: Session[]; unsubscribe: () => void }>();
  private readonly byId = new Map<string, Session>();
  private readonly listeners: SessionListener[] = [];
  /** App topics this node subscribes while it holds at least one session of the app. */
  private readonly byApp = new Map<string, { sessions: Set<Session>; unsubscribe: () => void }>();
  /** What the credential deadlines do (auth.ts sets it when it arms the first one). */
  deadlineHandlers: { warn(session: Session): void; expire(session: Session): void } | undefined;
  /** The `credential_expiring` warnings of this node's sessions; leaving the registry cancels them. */
  readonly warnings = new Deadlines<Session>((session) => this.deadlineHandlers?.warn(session));
  /** The kicks at credential expiry; leaving the registry cancels them. */
  readonly expiries = new Deadlines<Session>((session) => this.deadlineHandlers?.expire(session));

  constructor(
    private readonly bus: Bus,
    private readonly deliver: (session: Session, message: BusMessage) => void,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(sessionId: string): Session | undefined {
    return this.byId.get(sessionId);
  }

  ofUser(app: string, userId: string): Session[] {
    return this.byUser.get(userId + '\u0000' + app)?.sessions ?? [];
  }

  all(): IterableIterator<Session> {
    return this.byId.values();
  }

  /** Registers a lifecycle listener; returns the function that removes it. */
  listen(listener: SessionListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** All sessions of an app on this node. */
  ofApp(app: string): Session[] {
    return [...(this.byApp.get(app)?.sessions ?? [])];
  }

  /** Cancels a session's credential deadlines. */
  cancelDeadlines(session: Session): void {
    this.warnings.remove(session.warnBucket, session);
    this.expiries.remove(session.expireBucket, session);
    session.warnBucket = 0;
    session.expireBucket = 0;
  }

  add(session: Session, resumed = false): void {
    const key = session.userId + '\u0000' + session.app.id;
    let entry = this.byUser.get(key);
    if (!entry) {
      const sessions: Session[] = [];
      const unsubscribe = this.bus.subscribe(userTopic(session.app.id, session.userId), (message) => {
        for (const s of [...sessions]) this.deliver(s, message);
      });
      entry = { sessions, unsubscribe };
      this.byUser.set(key, entry);
    }
    entry.sessions.push(session);
    this.byId.set(session.id, session);
    let app = this.byApp.get(session.app.id);
    if (!app) {
      const sessions = new Set<Session>();
      const unsubscribe = this.bus.subscribe(appTopic(session.app.id), (message) => {
        for (const s of [...sessions]) this.deliver(s, message);
      });
      app = { sessions, unsubscribe };
      this.byApp.set(session.app.id, app);
    }
    app.sessions.add(session);
    for (const listener of this.listeners) listener.up?.(session, resumed);
  }

  remove(session: Session, reason: SessionEndReason): void {
    if (this.byId.get(session.id) !== session) return;
    this.byId.delete(session.id);
    this.cancelDeadlines(session);
    const key = session.userId + '\u0000' + session.app.id;
    const entry = this.byUser.get(key);
    if (!entry) return;
    const index = entry.sessions.indexOf(session);
    if (index >= 0) entry.sessions.splice(index, 1);
    if (entry.sessions.length === 0) {
      entry.unsubscribe();
      this.byUser.delete(key);
    }
    const app = this.byApp.get(session.app.id);
    if (app) {
      app.sessions.delete(session);
      if (app.sessions.size === 0) {
        app.unsubscribe();
        this.byApp.delete(session.app.id);
      }
    }
    for (const listener of this.listeners) listener.down?.(session, reason);
  }
}

/** Pushes `kicked` and closes with 4003 (the client must not reconnect on its own). */
export function kickConnection(conn: Connection, reason: number, detail: string): void {
  conn.send({ push: { kicked: { reason, detail } } });
  conn.close(Close.KICKED, 'kicked', false);
}
