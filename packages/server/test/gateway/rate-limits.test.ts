import { describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import { validateApps } from '../../src/config/apps.js';
import type { AppConfig, Policy } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { createUser } from '../../src/model/users.js';
import { TestClient, WireError } from '../helpers/client.js';
import { c2c, startTestServer, type TestServer, text } from '../helpers/server.js';

/** A tenant with native credentials only; several users may keep several web sessions. */
function tenant(id: string, policy: Partial<Policy> = {}): AppConfig {
  return { id, native: { apiKey: `${id}-api-key-0123456789`, secret: `${id}-native-secret-0123456789abcdef` }, policy: { webInstances: 10, maxPerPlatform: 10, ...policy } };
}

async function loginTo(server: TestServer, app: AppConfig, userId: string): Promise<TestClient> {
  await createUser(server.context.store, app.id, { userId }, { ifMissing: true });
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: { appId: app.id }, client: { platform: 5 } });
  const token = issueToken({ appId: app.id, userId, kind: 'native', ttlSec: 3600 }, app.native.secret).token;
  await client.request('authLogin', { credential: { nativeToken: { userId, token } }, platform: 5 });
  return client;
}

/**
 * Sends `n` pings at once; answers how many were served and the refusals (a request still
 * pending when the connection closes fails with a plain Error instead).
 */
async function burst(client: TestClient, n: number): Promise<{ served: number; refused: WireError[] }> {
  const results = await Promise.allSettled(Array.from({ length: n }, () => client.request('connPing', {})));
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as WireError] : []));
  return { served: n - refused.length, refused };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setPolicy(server: TestServer, app: AppConfig, policy: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/admin/v1/apps/${app.id}/config`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.native.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ policy }),
  });
}

describe('request rate limits per tenant policy', () => {
  it('per connection: the app limit counts requests after login only, each connection on its own, and retryAfterMs is honest', async () => {
    const app = tenant('conn', { connRequestsPerSec: 0.5, connRequestBurst: 3 });
    const server = await startTestServer({ apps: [app] }, app);
    try {
      // hello + login come before the tenant is known: they do not touch the app's bucket.
      const a = await loginTo(server, app, 'u');
      const first = await burst(a, 10);
      expect(first.served).toBe(3);
      expect(first.refused).toHaveLength(7);
      for (const e of first.refused) {
        expect(e).toMatchObject({ code: ErrorCode.RATE_LIMITED, detail: 'connRequestsPerSec' });
        expect(e.message).toMatch(/too many requests on this connection \(app limit 0\.5\/s\)/);
        expect(e.retryAfterMs).toBeGreaterThan(0);
        expect(e.retryAfterMs).toBeLessThanOrEqual(2000);
      }
      // A second connection of the same user has its own bucket.
      const b = await loginTo(server, app, 'u');
      expect((await burst(b, 5)).served).toBe(3);
      // Waiting as told is enough.
      const wait = Math.max(...first.refused.map((e) => e.retryAfterMs));
      await sleep(wait + 20);
      expect((await a.request('connPing', {})).serverTime).toBeGreaterThan(0);
      console.log(`per connection (0.5/s, burst 3): 3 of 10 served, 7 refused, retryAfterMs ${wait}; a second connection served 3 of 5`);
      a.close();
      b.close();
    } finally {
      await server.stop();
    }
  });

  it('per user: the budget is shared by all the user’s sessions on the node; other users are not affected', async () => {
    const app = tenant('user', { userRequestsPerSec: 0.5, userRequestBurst: 4 });
    const server = await startTestServer({ apps: [app] }, app);
    try {
      const phone = await loginTo(server, app, 'ann');
      const laptop = await loginTo(server, app, 'ann');
      const bob = await loginTo(server, app, 'bob');
      expect((await burst(phone, 3)).served).toBe(3);
      const shared = await burst(laptop, 3);
      expect(shared.served).toBe(1);
      expect(shared.refused.map((e) => e.detail)).toEqual(['userRequestsPerSec', 'userRequestsPerSec']);
      expect(shared.refused[0]?.message).toMatch(/too many requests from this user across their sessions \(app limit 0\.5\/s\)/);
      // Ann's first connection is refused too now: the bucket is the user's.
      expect((await burst(phone, 1)).refused[0]?.code).toBe(ErrorCode.RATE_LIMITED);
      expect((await burst(bob, 4)).served).toBe(4);
      console.log('per user (0.5/s, burst 4): 3 + 1 served across two sessions, then refused on both; another user served 4 of 4');
      for (const c of [phone, laptop, bob]) c.close();
    } finally {
      await server.stop();
    }
  });

  it('per tenant: two apps on one server keep their own settings, and an admin change reaches live sessions at once', async () => {
    const slow = tenant('slow', { connRequestsPerSec: 0.5, connRequestBurst: 2 });
    const fast = tenant('fast');
    const server = await startTestServer({ apps: [slow, fast] }, slow);
    try {
      const s = await loginTo(server, slow, 'u');
      const f = await loginTo(server, fast, 'u');
      expect((await burst(s, 5)).served).toBe(2);
      expect((await burst(f, 20)).served).toBe(20);
      // Turned on at run time: the live connection's bucket starts full at the new size.
      expect((await setPolicy(server, fast, { connRequestsPerSec: 0.5, connRequestBurst: 1 })).status).toBe(200);
      const limited = await burst(f, 3);
      expect(limited.served).toBe(1);
      expect(limited.refused[0]?.detail).toBe('connRequestsPerSec');
      // And off again.
      expect((await setPolicy(server, fast, { connRequestsPerSec: null, connRequestBurst: null })).status).toBe(200);
      expect((await burst(f, 10)).served).toBe(10);
      // The other app was never touched.
      expect((await burst(s, 1)).served).toBe(0);
      s.close();
      f.close();
    } finally {
      await server.stop();
    }
  });

  it('the server limit: the only one before login (the app is unknown), and a ceiling after it that no policy raises', async () => {
    const app = tenant('ceiling', { connRequestsPerSec: 1000, connRequestBurst: 1000, userRequestsPerSec: 1000, userRequestBurst: 1000 });
    const server = await startTestServer({ apps: [app], requestsPerSec: 0.5, requestBurst: 6 }, app);
    try {
      // Before login: pings are served and counted against the server bucket only, so the
      // app's burst of 1 does not apply to them.
      const early = await TestClient.connect(server.url);
      const before = await burst(early, 8);
      expect(before.served).toBe(6);
      expect(before.refused.map((e) => e.detail)).toEqual(['requestsPerSec', 'requestsPerSec']);
      expect(before.refused[0]?.message).toMatch(/too many requests on this connection \(server limit 0\.5\/s\)/);
      early.close();
      // After login (which took 2 of the 6 tokens): the app allows 1000/s with bursts of 1000,
      // the server still 0.5/s with 6, and the server's bucket decides.
      const client = await loginTo(server, app, 'u');
      const after = await burst(client, 6);
      expect(after.served).toBe(4);
      expect(after.refused.map((e) => e.detail)).toEqual(['requestsPerSec', 'requestsPerSec']);
      client.close();
    } finally {
      await server.stop();
    }
  });

  it('sendRatePerSec: a refused msg.send changes nothing and says which limit; other ops are not counted', async () => {
    const app = tenant('send', { sendRatePerSec: 0.5 });
    const server = await startTestServer({ apps: [app] }, app);
    try {
      const sender = await loginTo(server, app, 'sender');
      const peer = await loginTo(server, app, 'peer');
      const one = await sender.request('msgSend', text(c2c('peer'), 'one', 'cmid-1'));
      expect(one.seq).toBe(1);
      const error = await sender.request('msgSend', text(c2c('peer'), 'two', 'cmid-2')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WireError);
      expect(error).toMatchObject({ code: ErrorCode.RATE_LIMITED, detail: 'sendRatePerSec' });
      const refused = error as WireError;
      expect(refused.message).toMatch(/too many messages sent by this user \(app limit 0\.5\/s\)/);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(2000);
      // Other requests go on.
      expect((await burst(sender, 5)).served).toBe(5);
      // Nothing was stored, pushed or numbered for the refused send.
      await peer.request('connPing', {});
      expect(peer.messages(c2c('sender')).map((m) => m.elements?.[0]?.text?.text)).toEqual(['one']);
      const history = await peer.request('msgHistory', { convId: c2c('sender'), limit: 10 });
      expect(history.messages).toHaveLength(1);
      // The same message sent again when told gets the next seq: the refusal reserved none.
      await sleep(refused.retryAfterMs + 20);
      const two = await sender.request('msgSend', text(c2c('peer'), 'two', 'cmid-2'));
      expect(two.seq).toBe(2);
      sender.close();
      peer.close();
    } finally {
      await server.stop();
    }
  });

  it('a connection that keeps hammering long after being told is closed with 4029; one that backs off is not', async () => {
    const app = tenant('hammer', { connRequestsPerSec: 0.5, connRequestBurst: 1 });
    const server = await startTestServer({ apps: [app] }, app);
    try {
      const polite = await loginTo(server, app, 'polite');
      const rude = await loginTo(server, app, 'rude');
      const told = await burst(polite, 20);
      expect(told.served).toBe(1);
      const hammered = await burst(rude, 150);
      expect(hammered.served).toBe(1);
      // Refusals are answered up to the strike budget (100), then the close comes.
      const answered = hammered.refused.filter((e) => e instanceof WireError && e.code === ErrorCode.RATE_LIMITED).length;
      expect(answered).toBeGreaterThanOrEqual(100);
      expect(await rude.closed).toMatchObject({ code: 4029, reason: 'request rate exceeded' });
      await sleep(Math.max(...told.refused.map((e) => e.retryAfterMs)) + 20);
      expect((await polite.request('connPing', {})).serverTime).toBeGreaterThan(0);
      expect(polite.closeCode).toBeUndefined();
      console.log(`hammering: ${answered} RATE_LIMITED answers, then close 4029; a client refused 19 times that waited was served`);
      polite.close();
    } finally {
      await server.stop();
    }
  });

  it('refuses bad settings with a message naming the key, at start and through the admin API, changing nothing', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ connRequestsPerSec: -1 }, /policy\.connRequestsPerSec: must be between 0 and 1000000, got -1/],
      [{ userRequestsPerSec: 'fast' }, /policy\.userRequestsPerSec: expected a number/],
      [{ connRequestBurst: 1.5 }, /policy\.connRequestBurst: expected an integer/],
      [{ userRequestBurst: -2 }, /policy\.userRequestBurst: must be between 0 and 1000000/],
      [{ userRequestBurst: 2_000_000 }, /policy\.userRequestBurst: must be between 0 and 1000000/],
    ];
    const app = tenant('checks', { connRequestsPerSec: 0.5, connRequestBurst: 2 });
    // At start: the config loader checks every app's policy.
    for (const [policy, message] of bad) expect(() => validateApps([tenant('bad', policy as Partial<Policy>)])).toThrow(message);
    const server = await startTestServer({ apps: [app] }, app);
    try {
      const client = await loginTo(server, app, 'u');
      for (const [policy, message] of bad) {
        const res = await setPolicy(server, app, policy);
        expect(res.status).toBe(400);
        const body = (await res.json()) as { error: { code: number; message: string; detail: string } };
        expect(body.error.code).toBe(ErrorCode.INVALID_PARAM);
        expect(body.error.message).toMatch(message);
        expect(body.error.detail).toBe(`policy.${Object.keys(policy)[0]}`);
      }
      expect(server.context.tenants.get(app.id)?.policy).toMatchObject({ connRequestsPerSec: 0.5, connRequestBurst: 2, userRequestsPerSec: 0, userRequestBurst: 0 });
      expect((await burst(client, 4)).served).toBe(2);
      client.close();
    } finally {
      await server.stop();
    }
  });
});
