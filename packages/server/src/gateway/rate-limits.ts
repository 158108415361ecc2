import type { OpName } from '@parley/protocol';
import type { ServerConfig } from '../config/types.js';
import type { AppRuntime } from '../model/context.js';
import type { Session } from './sessions.js';

/**
 * A token bucket whose rate and size are passed at each use rather than fixed at creation, so a
 * policy changed at run time through the admin API applies to live connections at once.
 */
export class TokenBucket {
  /** Undefined until first use: a new bucket starts full, whatever its size turns out to be. */
  private tokens: number | undefined;
  private refilledAt = 0;

  /** Refills the bucket up to `now` and answers how many tokens it holds. */
  level(perSec: number, burst: number, now: number): number {
    const tokens = this.tokens === undefined ? burst : Math.min(burst, this.tokens + (Math.max(0, now - this.refilledAt) / 1000) * perSec);
    this.tokens = tokens;
    this.refilledAt = now;
    return tokens;
  }

  /** Takes one token; call after {@link level} said one is there. */
  take(): void {
    if (this.tokens !== undefined) this.tokens -= 1;
  }

  /** True when the bucket would be full at `now`: forgetting it then loses nothing. */
  isFull(perSec: number, burst: number, now: number): boolean {
    return this.level(perSec, burst, now) >= burst;
  }
}

/**
 * The bucket size a policy rate gets when its burst is 0 (the default): two seconds' worth, the
 * ratio of the server defaults (100/s, 200), and never less than one request.
 */
export function burstOf(perSec: number, burst: number): number {
  return burst > 0 ? burst : Math.max(1, Math.ceil(perSec * 2));
}

/** Why a request was refused: the `RATE_LIMITED` error's message, detail and wait. */
export interface RateRefusal {
  /** Names the limit and its value, for people. */
  message: string;
  /** The config or policy key of the limit that refused, for programs. */
  detail: 'requestsPerSec' | 'connRequestsPerSec' | 'userRequestsPerSec' | 'sendRatePerSec';
  /** When a token of that limit is back (the longest wait when several refused). */
  retryAfterMs: number;
}

/** The buckets a connection carries: the server's own limit and its app's per-connection policy. */
export interface ConnectionBuckets {
  readonly server: TokenBucket;
  /** Made on first use: most apps set no per-connection policy, and idle connections add up. */
  app?: TokenBucket;
}

/** A bucket shared by every session of one user on this node. */
interface UserBucket {
  bucket: TokenBucket;
  app: AppRuntime;
}

interface Check {
  bucket: TokenBucket;
  perSec: number;
  burst: number;
  refusal: (perSec: number) => Omit<RateRefusal, 'retryAfterMs'>;
}

/** `Error.retry_after_ms` is a uint32. */
const MAX_RETRY_AFTER_MS = 2 ** 32 - 1;

const rate = (perSec: number) => `${Number(perSec.toPrecision(6))}/s`;

const SERVER_LIMIT = (perSec: number) => ({ detail: 'requestsPerSec', message: `too many requests on this connection (server limit ${rate(perSec)})` }) as const;
const CONN_LIMIT = (perSec: number) => ({ detail: 'connRequestsPerSec', message: `too many requests on this connection (app limit ${rate(perSec)})` }) as const;
const USER_LIMIT = (perSec: number) => ({ detail: 'userRequestsPerSec', message: `too many requests from this user across their sessions (app limit ${rate(perSec)})` }) as const;
const SEND_LIMIT = (perSec: number) => ({ detail: 'sendRatePerSec', message: `too many messages sent by this user (app limit ${rate(perSec)})` }) as const;

/**
 * Every request rate limit of one node (README "Limits"): the server's per-connection bucket
 * (before login the only one, since the tenant is not known yet; after login the ceiling no app
 * can raise), and the app's policies `connRequestsPerSec`, `userRequestsPerSec` (summed over the
 * user's sessions on this node) and `sendRatePerSec` (`msg.send` per user).
 */
export class RateLimits {
  /** Per-user buckets by `app \0 user`; full ones are dropped by {@link sweep}. */
  private readonly users = new Map<string, UserBucket>();
  private readonly senders = new Map<string, UserBucket>();

  constructor(private readonly config: Pick<ServerConfig, 'requestsPerSec' | 'requestBurst'>) {}

  /**
   * Admits one request or says why not. A token is taken from every applicable bucket only when
   * all of them have one, so a refused request costs nothing and changes nothing.
   */
  admit(buckets: ConnectionBuckets, session: Session | undefined, op: OpName | undefined, now: number): RateRefusal | undefined {
    const policy = session?.app.policy;
    if (!policy || (policy.connRequestsPerSec <= 0 && policy.userRequestsPerSec <= 0 && (op !== 'msgSend' || policy.sendRatePerSec <= 0))) {
      // Only the server's bucket applies (the common case): no allocation on the request path.
      const { requestsPerSec, requestBurst } = this.config;
      const tokens = buckets.server.level(requestsPerSec, requestBurst, now);
      if (tokens >= 1) {
        buckets.server.take();
        return undefined;
      }
      return { ...SERVER_LIMIT(requestsPerSec), retryAfterMs: Math.min(MAX_RETRY_AFTER_MS, Math.max(1, Math.ceil(((1 - tokens) / requestsPerSec) * 1000))) };
    }
    const checks: Check[] = [{ bucket: buckets.server, perSec: this.config.requestsPerSec, burst: this.config.requestBurst, refusal: SERVER_LIMIT }];
    if (session) {
      const policy = session.app.policy;
      if (policy.connRequestsPerSec > 0) {
        buckets.app ??= new TokenBucket();
        checks.push({ bucket: buckets.app, perSec: policy.connRequestsPerSec, burst: burstOf(policy.connRequestsPerSec, policy.connRequestBurst), refusal: CONN_LIMIT });
      }
      if (policy.userRequestsPerSec > 0) {
        const bucket = this.bucketOf(this.users, session);
        checks.push({ bucket, perSec: policy.userRequestsPerSec, burst: burstOf(policy.userRequestsPerSec, policy.userRequestBurst), refusal: USER_LIMIT });
      }
      if (op === 'msgSend' && policy.sendRatePerSec > 0) {
        const bucket = this.bucketOf(this.senders, session);
        checks.push({ bucket, perSec: policy.sendRatePerSec, burst: burstOf(policy.sendRatePerSec, 0), refusal: SEND_LIMIT });
      }
    }
    let refused: RateRefusal | undefined;
    for (const check of checks) {
      const tokens = check.bucket.level(check.perSec, check.burst, now);
      if (tokens >= 1) continue;
      // Clamped to the wire's uint32: a tiny configured rate must not wrap the field.
      const retryAfterMs = Math.min(MAX_RETRY_AFTER_MS, Math.max(1, Math.ceil(((1 - tokens) / check.perSec) * 1000)));
      if (!refused || retryAfterMs > refused.retryAfterMs) refused = { ...check.refusal(check.perSec), retryAfterMs };
    }
    if (refused) return refused;
    for (const check of checks) check.bucket.take();
    return undefined;
  }

  /** Forgets per-user buckets that have refilled: a fresh bucket would behave the same. */
  sweep(now: number): void {
    // The app's policy in force now decides: a limit turned off frees its buckets at once.
    for (const [key, { bucket, app }] of this.users) {
      const policy = app.policy;
      if (policy.userRequestsPerSec <= 0 || bucket.isFull(policy.userRequestsPerSec, burstOf(policy.userRequestsPerSec, policy.userRequestBurst), now)) this.users.delete(key);
    }
    for (const [key, { bucket, app }] of this.senders) {
      const policy = app.policy;
      if (policy.sendRatePerSec <= 0 || bucket.isFull(policy.sendRatePerSec, burstOf(policy.sendRatePerSec, 0), now)) this.senders.delete(key);
    }
  }

  /** How many per-user buckets are held (tests check that they are forgotten). */
  get userBucketCount(): number {
    return this.users.size + this.senders.size;
  }

  private bucketOf(map: Map<string, UserBucket>, session: Session): TokenBucket {
    const key = `${session.app.id}\u0000${session.userId}`;
    let entry = map.get(key);
    if (!entry) {
      entry = { bucket: new TokenBucket(), app: session.app };
      map.set(key, entry);
    }
    return entry.bucket;
  }
}
