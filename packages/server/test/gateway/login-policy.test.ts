import { afterEach, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import type { Policy } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { createUser } from '../../src/model/users.js';
import { TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

/** Login policies: accepted proofs, device and terminal-type limits, the hello policy snapshot. */
let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(policy: Partial<Policy>): Promise<TestServer> {
  server = await startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, ...policy } });
  return server;
}

async function login(s: TestServer, userId: string, platform: number, deviceId: string): Promise<TestClient> {
  const client = await TestClient.connect(s.url);
  await client.request('connHello', { app: { appId: TEST_APP.id }, client: { platform, deviceId } });
  const token = issueToken({ appId: TEST_APP.id, userId, kind: 'native', ttlSec: 3600 }, TEST_APP.native.secret).token;
  await client.request('authLogin', { credential: { nativeToken: { userId, token } }, platform, deviceId });
  return client;
}

describe('login policies', () => {
  it('refuses proofs the app does not accept', async () => {
    const s = await start({ credentialKinds: ['tim_usersig'] });
    await s.login('warm-up').catch(() => undefined);
    await expect(login(s, 'alice', 5, 'd1')).rejects.toMatchObject({ code: ErrorCode.PERMISSION_DENIED });
  });

  it('maxDevices kicks the sessions of the least recently used device (Hummer 102)', async () => {
    const s = await start({ maxDevices: 2 });
    await s.login('bob');
    const a = await login(s, 'bob', 1, 'dev-a');
    const b = await login(s, 'bob', 2, 'dev-b');
    const c = await login(s, 'bob', 3, 'dev-c');
    const kicked = await a.waitForPush((p) => p.kicked !== null && p.kicked !== undefined);
    expect(kicked.kicked?.reason).toBe(4); // KICK_REASON_DEVICE_LIMIT
    expect(b.pushes.some((p) => p.kicked)).toBe(false);
    expect(c.pushes.some((p) => p.kicked)).toBe(false);
  });

  it('maxTerminalTypes kicks the oldest platform (Hummer 101)', async () => {
    const s = await start({ maxTerminalTypes: 1, multiLogin: 'kickSamePlatform', maxPerPlatform: 5, webInstances: 5 });
    await createUser(s.context.store, TEST_APP.id, { userId: 'carol' });
    const ios = await login(s, 'carol', 1, 'phone');
    const web = await login(s, 'carol', 5, 'browser');
    expect((await ios.waitForPush((p) => Boolean(p.kicked))).kicked?.reason).toBe(3); // KICK_REASON_TERMINAL_TYPE_LIMIT
    expect(web.pushes.some((p) => p.kicked)).toBe(false);
  });

  it('sends the client-side policies in conn.hello as JSON values', async () => {
    const s = await start({ syncRoamingDepth: 7, offlineReplay: 'events' });
    const client = await TestClient.connect(s.url);
    const hello = await client.request('connHello', { app: { appId: TEST_APP.id } });
    expect(JSON.parse(hello.policy.syncRoamingDepth)).toBe(7);
    expect(JSON.parse(hello.policy.offlineReplay)).toBe('events');
    expect(JSON.parse(hello.policy.maxTextBytes)).toBe(12000);
    expect(hello.policy.beforeSendWebhook).toBeUndefined();
    client.close();
  });
});
