import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/config/policy.js';
import type { Policy } from '../../src/config/types.js';
import { burstOf, RateLimits, TokenBucket } from '../../src/gateway/rate-limits.js';
import type { Session } from '../../src/gateway/sessions.js';
import type { AppRuntime } from '../../src/model/context.js';

// The gateway's rate limits without a server: the clock is a parameter, so the bucket arithmetic
// (refill, all-or-nothing takes, waits, forgetting) is checked exactly.
describe('RateLimits with an injected clock', () => {
  const appWith = (policy: Partial<Policy>) => ({ id: 'a', config: { id: 'a', native: { apiKey: 'k', secret: 's' } }, policy: { ...DEFAULT_POLICY, ...policy } }) satisfies AppRuntime;
  const sessionOf = (app: AppRuntime, userId: string) => ({ app, userId }) as unknown as Session;
  const buckets = () => ({ server: new TokenBucket(), app: new TokenBucket() });

  it('takes a token from every bucket only when all have one, so a refusal costs nothing', () => {
    // The server bucket holds one token and refills over 1000 s: any token taken is missed.
    const limits = new RateLimits({ requestsPerSec: 0.001, requestBurst: 1 });
    const app = appWith({ userRequestsPerSec: 1, userRequestBurst: 1 });
    const [a, b] = [buckets(), buckets()];
    expect(limits.admit(a, sessionOf(app, 'u'), 'connPing', 0)).toBeUndefined();
    // b's own server token is there, but the user's bucket is empty: refused without touching it.
    for (const t of [0, 100, 500]) expect(limits.admit(b, sessionOf(app, 'u'), 'connPing', t)).toMatchObject({ detail: 'userRequestsPerSec', retryAfterMs: 1000 - t });
    expect(limits.admit(b, sessionOf(app, 'u'), 'connPing', 1000)).toBeUndefined();
  });

  it('answers the longest wait when several limits refuse, and a burst of 0 means two seconds worth', () => {
    const limits = new RateLimits({ requestsPerSec: 1000, requestBurst: 1000 });
    const app = appWith({ connRequestsPerSec: 4, userRequestsPerSec: 0.5, userRequestBurst: 1, sendRatePerSec: 2 });
    const conn = buckets();
    const session = sessionOf(app, 'u');
    // connRequestsPerSec 4 → burst 8; sendRatePerSec 2 → burst 4 (msgSend only).
    expect(limits.admit(conn, session, 'msgSend', 0)).toBeUndefined();
    const refusal = limits.admit(conn, session, 'msgSend', 0);
    expect(refusal).toMatchObject({ detail: 'userRequestsPerSec', retryAfterMs: 2000 });
    expect(refusal?.message).toBe('too many requests from this user across their sessions (app limit 0.5/s)');
    app.policy.userRequestsPerSec = 0; // a run-time change applies at the next request
    for (let i = 0; i < 3; i++) expect(limits.admit(conn, session, 'msgSend', 0)).toBeUndefined();
    expect(limits.admit(conn, session, 'msgSend', 0)).toMatchObject({ detail: 'sendRatePerSec', retryAfterMs: 500 });
    for (let i = 0; i < 4; i++) expect(limits.admit(conn, session, 'connPing', 0)).toBeUndefined();
    expect(limits.admit(conn, session, 'connPing', 0)).toMatchObject({ detail: 'connRequestsPerSec', retryAfterMs: 250 });
    expect([burstOf(0.2, 0), burstOf(5, 0), burstOf(5, 3)]).toEqual([1, 10, 3]);
  });

  it('forgets a user’s buckets once they have refilled, and at once when the limit is turned off', () => {
    const limits = new RateLimits({ requestsPerSec: 1000, requestBurst: 1000 });
    const app = appWith({ userRequestsPerSec: 1, userRequestBurst: 2, sendRatePerSec: 1 });
    limits.admit(buckets(), sessionOf(app, 'u'), 'msgSend', 0);
    limits.admit(buckets(), sessionOf(app, 'v'), 'connPing', 0);
    expect(limits.userBucketCount).toBe(3);
    limits.sweep(500);
    expect(limits.userBucketCount).toBe(3);
    limits.sweep(1000);
    expect(limits.userBucketCount).toBe(0);
    // A bucket in use is kept, until its limit is turned off.
    limits.admit(buckets(), sessionOf(app, 'u'), 'connPing', 1000);
    limits.sweep(1000);
    expect(limits.userBucketCount).toBe(1);
    app.policy.userRequestsPerSec = 0;
    limits.sweep(1000);
    expect(limits.userBucketCount).toBe(0);
  });
});
