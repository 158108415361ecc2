import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Key } from '../store/types.js';
import type { Actor, AppRuntime, ModelContext } from './context.js';
import { friendIdsOf } from './friends.js';
import { fromJson, toJson } from './schema.js';
import { type Tx, transact } from './tx.js';
import { checkUserId, getUsers } from './users.js';

/**
 * Presence (CAPABILITIES.md §1.5, §2.3, §3.4 `ev.presence`, §5.1 `presence.friendBroadcast`).
 *
 * Status is derived from this node's sessions only: `online` with at least one live session,
 * `disconnected` when every session dropped but one is still inside its resume grace period
 * (`session.resumeGraceMs`), `offline` otherwise, `unknown` for ids that name no user. A user
 * connected only to another node reads as `offline` here: cross-node presence (a shared
 * session directory over the bus) comes with the scale-out issue.
 *
 * Subscriptions (T `subscribeUserStatus`) and the custom status (T `setSelfStatus`) live in
 * the store, so every node and every model function (profile pushes) sees them.
 */

const { PresenceStatus } = parley.v1;

/**
 * Store rows of this module. A subscription is kept twice, by subscriber (to list and drop
 * one's own) and by target (to fan out a change):
 * - `[app, 'psub', 's', subscriberId, targetId]` and `[app, 'psub', 't', targetId, subscriberId]`
 *   → `{ expiresAt }`;
 * - `[app, 'pstat', userId]` → `{ customStatus }`.
 */
const PK = {
  bySubscriber: (app: string, subscriberId: string, targetId: string): Key => [app, 'psub', 's', subscriberId, targetId],
  bySubscriberPrefix: (app: string, subscriberId: string): Key => [app, 'psub', 's', subscriberId],
  byTarget: (app: string, targetId: string, subscriberId: string): Key => [app, 'psub', 't', targetId, subscriberId],
  byTargetPrefix: (app: string, targetId: string): Key => [app, 'psub', 't', targetId],
  status: (app: string, userId: string): Key => [app, 'pstat', userId],
} as const;

/**
 * How long a subscription lasts without being renewed. T keeps subscriptions until they are
 * cancelled, but its SDK subscribes again at every login, so an expiry drops the subscriptions
 * of clients that went away for good without costing live ones anything.
 */
export const SUBSCRIPTION_TTL_MS = 30 * 24 * 3600_000;

/** Limits of §2.3: ids per query and per subscribe request, subscriptions per subscriber. */
export const PRESENCE_LIMITS = { queryIds: 500, subscribeIds: 100, subscriptionsPerUser: 1000, customStatusBytes: 256 } as const;

/**
 * Subscribers read per fan-out. A target with more live subscribers than this notifies only
 * the first ones (in id order); T caps subscriptions far below it.
 */
const MAX_FANOUT_SUBSCRIBERS = 10_000;

interface SubscriptionRow {
  expiresAt: number;
}

/** Ids of the users whose unexpired subscription names `targetId` (profile and presence fan-out). */
export async function subscriberIdsOf(ctx: ModelContext, targetId: string): Promise<string[]> {
  const now = ctx.now();
  const rows = await ctx.store.list({ prefix: PK.byTargetPrefix(ctx.app.id, targetId), limit: MAX_FANOUT_SUBSCRIBERS });
  return rows.filter((row) => fromJson<SubscriptionRow>(row.value).expiresAt > now).map((row) => row.key[row.key.length - 1] as string);
}

/** Checks and de-duplicates a list of target ids. */
function checkIds(ids: readonly string[], max: number, field = 'userIds'): string[] {
  if (ids.length > max) throw invalidParam(field, `at most ${max}`);
  return [...new Set(ids.map((id) => checkUserId(id, field)))];
}

/**
 * `presence.subscribe`: (re)subscribes `actor` to each target for {@link SUBSCRIPTION_TTL_MS}.
 * Expired subscriptions of the subscriber are pruned on the way.
 * @throws ServerError INVALID_PARAM, USER_NOT_FOUND (an id of no user of this app), LIMIT_EXCEEDED
 */
export async function subscribe(ctx: ModelContext, actor: Actor, req: parley.v1.UserIds): Promise<void> {
  const app = ctx.app.id;
  if (req.userIds.length === 0) throw invalidParam('userIds', 'at least one id');
  // Subscribing to oneself is accepted and ignored: one's own changes arrive anyway.
  const targets = checkIds(req.userIds, PRESENCE_LIMITS.subscribeIds).filter((id) => id !== actor.userId);
  const known = await getUsers(ctx.store, app, targets);
  const unknown = targets.find((id) => !known.has(id));
  if (unknown !== undefined) throw new ServerError(ErrorCode.USER_NOT_FOUND, `no such user: ${unknown}`, { detail: 'userIds' });
  await transact(ctx.store, async (tx) => {
    const now = ctx.now();
    const rows = await tx.list({ prefix: PK.bySubscriberPrefix(app, actor.userId) });
    const live = new Set<string>();
    for (const row of rows) {
      const targetId = row.key[row.key.length - 1] as string;
      if (fromJson<SubscriptionRow>(row.value).expiresAt > now) live.add(targetId);
      else dropSubscription(tx, app, actor.userId, targetId);
    }
    for (const id of targets) live.add(id);
    if (live.size > PRESENCE_LIMITS.subscriptionsPerUser) {
      throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${PRESENCE_LIMITS.subscriptionsPerUser} subscriptions`, { detail: 'userIds' });
    }
    const row = toJson({ expiresAt: now + SUBSCRIPTION_TTL_MS } satisfies SubscriptionRow);
    for (const id of targets) {
      tx.set(PK.bySubscriber(app, actor.userId, id), row);
      tx.set(PK.byTarget(app, id, actor.userId), row);
    }
  });
}

/** `presence.unsubscribe`: the listed targets, or every subscription with `all` (or no ids, T `undefined`). */
export async function unsubscribe(ctx: ModelContext, actor: Actor, req: parley.v1.PresenceUnsubscribe): Promise<void> {
  const app = ctx.app.id;
  const listed = checkIds(req.userIds, PRESENCE_LIMITS.subscriptionsPerUser);
  await transact(ctx.store, async (tx) => {
    const targets =
      req.all || listed.length === 0
        ? (await tx.list({ prefix: PK.bySubscriberPrefix(app, actor.userId) })).map((row) => row.key[row.key.length - 1] as string)
        : listed;
    for (const id of targets) dropSubscription(tx, app, actor.userId, id);
  });
}

function dropSubscription(tx: Tx, app: string, subscriberId: string, targetId: string): void {
  tx.delete(PK.bySubscriber(app, subscriberId, targetId));
  tx.delete(PK.byTarget(app, targetId, subscriberId));
}

/** The session fields presence needs; `SessionRegistry`'s sessions have them. */
export interface PresenceSession {
  readonly id: string;
  readonly app: AppRuntime;
  readonly userId: string;
  readonly platform: number;
  readonly deviceId: string;
}

/** A user's sessions on other nodes. */
export interface RemoteSessions {
  readonly connected: number;
  /** Dropped, inside their resume grace. */
  readonly away: number;
}

/** The part of the gateway's session registry presence listens to. */
export interface SessionSource {
  listen(listener: { up?(session: PresenceSession, resumed: boolean): void; down?(session: PresenceSession, reason: string): void }): () => void;
  ofUser(app: string, userId: string): readonly PresenceSession[];
}

/**
 * The per-node presence hub: turns session lifecycle events into status transitions and pushes
 * `presence` to subscribers (and to friends under `presence.friendBroadcast`). One per server.
 */
export class PresenceHub {
  /** Dropped sessions inside their grace period, by user key, with the timer that ends it. */
  private readonly grace = new Map<string, Map<string, NodeJS.Timeout>>();
  /** The last status pushed per user key; absent = offline. */
  private readonly last = new Map<string, number>();
  /** Per-user chain of pushes, so one user's transitions leave in order. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly sessions: SessionSource,
    private readonly contextOf: (app: AppRuntime) => ModelContext,
    private readonly log: Logger,
    /** The user's sessions on other nodes (the cluster directory); none on a lone node. */
    private readonly remote: (app: string, userId: string) => Promise<RemoteSessions> = async () => ({ connected: 0, away: 0 }),
  ) {
    sessions.listen({ up: (s) => this.onUp(s), down: (s, reason) => this.onDown(s, reason) });
  }

  /** This node's view of a user, without the custom status (users that exist are at least `offline`). */
  live(app: string, userId: string): { status: number; sessions: readonly PresenceSession[] } {
    const sessions = this.sessions.ofUser(app, userId);
    if (sessions.length > 0) return { status: PresenceStatus.PRESENCE_STATUS_ONLINE, sessions };
    const grace = this.grace.get(userKey(app, userId));
    return { status: grace && grace.size > 0 ? PresenceStatus.PRESENCE_STATUS_DISCONNECTED : PresenceStatus.PRESENCE_STATUS_OFFLINE, sessions };
  }

  /** A user's status over every node, with the number of connected sessions. */
  async status(app: string, userId: string): Promise<{ status: number; sessionCount: number }> {
    const here = this.live(app, userId);
    const there = await this.remote(app, userId);
    const sessionCount = here.sessions.length + there.connected;
    if (sessionCount > 0) return { status: PresenceStatus.PRESENCE_STATUS_ONLINE, sessionCount };
    const away = here.status === PresenceStatus.PRESENCE_STATUS_DISCONNECTED || there.away > 0;
    return { status: away ? PresenceStatus.PRESENCE_STATUS_DISCONNECTED : PresenceStatus.PRESENCE_STATUS_OFFLINE, sessionCount: 0 };
  }

  /** Recomputes a user's status after sessions changed elsewhere (a dead node's were swept). */
  recompute(app: AppRuntime, userId: string): void {
    this.transition(app, userId);
  }

  /** `presence.query`: the caller's own presence when `userIds` is empty. */
  async query(ctx: ModelContext, actor: Actor, req: parley.v1.UserIds): Promise<parley.v1.IPresences> {
    const ids = req.userIds.length === 0 ? [actor.userId] : checkIds(req.userIds, PRESENCE_LIMITS.queryIds);
    const app = ctx.app.id;
    const [users, statuses, live] = await Promise.all([
      getUsers(ctx.store, app, ids),
      ctx.store.getMany(ids.map((id) => PK.status(app, id))),
      Promise.all(ids.map((id) => this.status(app, id))),
    ]);
    return {
      presences: ids.map((userId, i) => {
        if (!users.has(userId)) return { userId, status: PresenceStatus.PRESENCE_STATUS_UNKNOWN };
        const { status, sessionCount } = live[i] as { status: number; sessionCount: number };
        const row = statuses[i];
        return { userId, status, sessionCount, customStatus: row ? fromJson<{ customStatus: string }>(row.value).customStatus : '' };
      }),
    };
  }

  /** `presence.setCustomStatus` (T `setSelfStatus`): kept until changed; '' clears it. */
  async setCustomStatus(ctx: ModelContext, actor: Actor, req: parley.v1.PresenceSetCustomStatus): Promise<void> {
    const text = req.customStatus;
    if (Buffer.byteLength(text) > PRESENCE_LIMITS.customStatusBytes) {
      throw new ServerError(ErrorCode.TOO_LARGE, `customStatus: at most ${PRESENCE_LIMITS.customStatusBytes} bytes`, { detail: 'customStatus' });
    }
    const key = PK.status(ctx.app.id, actor.userId);
    await transact(ctx.store, async (tx) => {
      if (text === '') tx.delete(key);
      else tx.set(key, toJson({ customStatus: text }));
    });
    this.enqueue(ctx.app, actor.userId, true);
  }

  private onUp(session: PresenceSession): void {
    const key = userKey(session.app.id, session.userId);
    const grace = this.grace.get(key);
    const timer = grace?.get(session.id);
    if (grace && timer) {
      clearTimeout(timer);
      grace.delete(session.id);
      if (grace.size === 0) this.grace.delete(key);
    }
    this.transition(session.app, session.userId);
  }

  private onDown(session: PresenceSession, reason: string): void {
    // The timer below must not close over `session`: through its connection that would keep
    // the socket and its buffers alive for the whole grace period.
    const { app, userId, id: sessionId } = session;
    const graceMs = app.policy.resumeGraceMs;
    // A session resumed on another connection comes back at once: no transition in between.
    if ((reason === 'disconnected' || reason === 'resumedElsewhere') && graceMs > 0) {
      const key = userKey(app.id, userId);
      const grace = this.grace.get(key) ?? new Map<string, NodeJS.Timeout>();
      this.grace.set(key, grace);
      clearTimeout(grace.get(sessionId));
      const timer = setTimeout(() => {
        if (grace.get(sessionId) !== timer) return;
        grace.delete(sessionId);
        if (grace.size === 0 && this.grace.get(key) === grace) this.grace.delete(key);
        this.transition(app, userId);
      }, graceMs);
      timer.unref();
      grace.set(sessionId, timer);
    }
    this.transition(app, userId);
  }

  /** Compares the status with the last one pushed and pushes a change. */
  private transition(app: AppRuntime, userId: string): void {
    this.enqueue(app, userId, false);
  }

  /**
   * After the pushes already queued for the user: reads the status over every node and pushes
   * `presence` when it differs from the last one this node pushed (or always, with `force`).
   * Another node may push the same transition too; subscribers see it twice at worst.
   */
  private enqueue(app: AppRuntime, userId: string, force: boolean): void {
    const key = userKey(app.id, userId);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const step = async (): Promise<void> => {
      const { status, sessionCount } = await this.status(app.id, userId);
      const last = this.last.get(key) ?? PresenceStatus.PRESENCE_STATUS_OFFLINE;
      if (status === last && !force) return;
      if (status === PresenceStatus.PRESENCE_STATUS_OFFLINE) this.last.delete(key);
      else this.last.set(key, status);
      await this.push(app, userId, status, sessionCount);
    };
    const next = previous
      .then(step)
      .catch((error: unknown) => this.log.error('presence push failed', { error, userId }))
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    this.queues.set(key, next);
  }

  private async push(app: AppRuntime, userId: string, status: number, sessionCount: number): Promise<void> {
    const ctx = this.contextOf(app);
    const [subscribers, friends, row] = await Promise.all([
      subscriberIdsOf(ctx, userId),
      app.policy.presenceFriendBroadcast ? friendIdsOf(ctx, userId) : Promise.resolve([]),
      ctx.store.get(PK.status(app.id, userId)),
    ]);
    const customStatus = row ? fromJson<{ customStatus: string }>(row.value).customStatus : '';
    const presence: parley.v1.IPresence = { userId, status, customStatus, sessionCount };
    for (const id of new Set([...subscribers, ...friends])) if (id !== userId) ctx.deliver.toUser(app.id, id, { presence });
  }
}

function userKey(app: string, userId: string): string {
  return `${app}\u0000${userId}`;
}
