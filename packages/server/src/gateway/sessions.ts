import { parley } from '@parley/protocol';
import type { Policy } from '../config/types.js';
import { type Bus, type BusMessage, userTopic } from '../bus/types.js';
import type { AppRuntime } from '../model/context.js';
import { Close, type Connection } from './connection.js';

const { KickReason, Platform } = parley.v1;

/** The longest setTimeout delay Node accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
  conn: Connection;
  timers: NodeJS.Timeout[];
}

/** A kick decided by the multi-login policy. */
export interface Kick {
  session: Session;
  reason: number;
}

/**
 * Which existing sessions a new login on `platform` displaces (§5.1 `session.multiLogin`):
 * oldest first, so the newest sessions survive.
 */
export function sessionsToKick(existing: readonly Session[], platform: number, policy: Policy): Kick[] {
  if (policy.multiLogin === 'unlimited') return [];
  if (policy.multiLogin === 'kickAll') {
    return existing.map((session) => ({
      session,
      reason: session.platform === platform ? KickReason.KICK_REASON_REPLACED_SAME_PLATFORM : KickReason.KICK_REASON_REPLACED_OTHER_PLATFORM,
    }));
  }
  const same = existing.filter((s) => s.platform === platform).sort((a, b) => a.createdAt - b.createdAt);
  const limit = platform === Platform.PLATFORM_WEB ? policy.webInstances : policy.maxPerPlatform;
  const excess = same.length + 1 - limit;
  return excess > 0 ? same.slice(0, excess).map((session) => ({ session, reason: KickReason.KICK_REASON_REPLACED_SAME_PLATFORM })) : [];
}

/**
 * The sessions this node holds, by user, and their bus subscriptions: a user's topic is
 * subscribed while at least one of their sessions is here.
 */
export class SessionRegistry {
  private readonly byUser = new Map<string, { sessions: Session[]; unsubscribe: () => void }>();
  private readonly byId = new Map<string, Session>();

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

  add(session: Session): void {
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
  }

  remove(session: Session): void {
    if (this.byId.get(session.id) !== session) return;
    this.byId.delete(session.id);
    for (const timer of session.timers) clearTimeout(timer);
    session.timers = [];
    const key = session.userId + '\u0000' + session.app.id;
    const entry = this.byUser.get(key);
    if (!entry) return;
    const index = entry.sessions.indexOf(session);
    if (index >= 0) entry.sessions.splice(index, 1);
    if (entry.sessions.length === 0) {
      entry.unsubscribe();
      this.byUser.delete(key);
    }
  }
}

/** Pushes `kicked` and closes with 4003 (the client must not reconnect on its own). */
export function kickConnection(conn: Connection, reason: number, detail: string): void {
  conn.send({ push: { kicked: { reason, detail } } });
  conn.close(Close.KICKED, 'kicked', false);
}

/** Schedules `fn` at `at` (ms since the epoch) unless that is too far away for a timer. */
export function timerAt(at: number, fn: () => void): NodeJS.Timeout | undefined {
  const delay = at - Date.now();
  if (delay > MAX_TIMER_MS) return undefined;
  const timer = setTimeout(fn, Math.max(0, delay));
  timer.unref();
  return timer;
}
