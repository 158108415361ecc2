import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxleapSign, verifyUserSig } from '../../src/auth/index.js';
import { DEV_TENANT_FILE, loadOrCreateDevTenant } from '../../src/config/dev-tenant.js';
import { ConfigError } from '../../src/config/load.js';
import type { AppConfig } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { DEV_CREDENTIALS_PATH } from '../../src/http/dev-credentials.js';
import { createLogger, nullLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { TestClient, WireError } from '../helpers/client.js';
import { startTestServer, TEST_APP } from '../helpers/server.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-devcred-'));
  dirs.push(dir);
  return dir;
}

function post(server: { url: string }, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Response> {
  return fetch(`${server.url}${DEV_CREDENTIALS_PATH}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely
async function credentials(server: { url: string }, vendor: string, userId: string): Promise<any> {
  const res = await post(server, { vendor, userId });
  const body = await res.json();
  expect({ status: res.status, body }).toMatchObject({ status: 200 });
  return body;
}

async function refused(res: Response, status: number, code: number, detail?: string): Promise<void> {
  const body = (await res.json()) as { error: { code: number; detail: string } };
  expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
  if (detail !== undefined) expect(body.error.detail).toBe(detail);
}

async function wireCode(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WireError) return error.code;
    throw error;
  }
  return 0;
}

const clients: TestClient[] = [];
async function connect(server: { url: string }): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  clients.push(client);
  return client;
}

afterAll(() => {
  for (const client of clients) client.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('development sign-in, started as the demo end-to-end tests start it', () => {
  let server: RunningServer;
  let dev: AppConfig;
  const lines: string[] = [];

  beforeAll(async () => {
    const dataDir = tempDir();
    const log = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    server = await startServer(
      { host: '127.0.0.1', port: 0, store: 'sqlite', dataDir, devTenant: true, devCredentials: true, staticDir: dataDir, apps: [], logLevel: 'silent' },
      { log },
    );
    expect(server.devTenant?.created).toBe(true);
    expect(existsSync(join(dataDir, DEV_TENANT_FILE))).toBe(true);
    dev = server.devTenant?.app as AppConfig;
  });
  afterAll(() => server.close());

  it('warns at start that anyone can sign in', () => {
    const warnings = lines.map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(warnings).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'development sign-in is enabled: anyone who can reach this server can sign in as any user of the development tenant',
      }),
    );
  });

  it('native: a token for a new user that logs in over the wire', async () => {
    const answer = await credentials(server, 'native', 'alice');
    expect(answer).toEqual({ appId: 'dev', userId: 'alice', token: expect.stringMatching(/^pt1\./) });
    const client = await connect(server);
    await client.request('connHello', { app: { appId: answer.appId } });
    const login = (await client.request('authLogin', { credential: { nativeToken: { userId: answer.userId, token: answer.token } } })) as {
      userId: string;
      credentialExpiresAt: number;
    };
    expect(login.userId).toBe('alice');
    // 24 hours, give or take the test's own run time.
    expect(Math.abs(Number(login.credentialExpiresAt) - (Date.now() + 86_400_000))).toBeLessThan(60_000);
  });

  it('tim: a UserSig that verifies with the dev secret key and logs in', async () => {
    const answer = await credentials(server, 'tim', 'bob_1');
    expect(answer).toEqual({ SDKAppID: dev.tim?.sdkAppId, userID: 'bob_1', userSig: expect.any(String) });
    const tim = dev.tim as NonNullable<AppConfig['tim']>;
    expect(verifyUserSig(answer.userSig, { sdkAppId: tim.sdkAppId, secretKey: tim.secretKey, userId: 'bob_1' }).userId).toBe('bob_1');
    const client = await connect(server);
    await client.request('connHello', { app: { sdkAppId: answer.SDKAppID } });
    const login = (await client.request('authLogin', { credential: { timUsersig: { userId: answer.userID, userSig: answer.userSig } } })) as { userId: string };
    expect(login.userId).toBe('bob_1');
  });

  it('jmessage: a signed init payload that passes conn.hello and a password that logs in, again and again', async () => {
    // alice exists already (native): she gets a login name and a password too.
    for (const userId of ['carol', 'carol', 'alice']) {
      const answer = await credentials(server, 'jmessage', userId);
      expect(answer).toEqual({
        authPayload: { appkey: dev.jmessage?.appkey, random_str: expect.any(String), timestamp: expect.any(Number), signature: expect.stringMatching(/^[0-9a-f]{32}$/) },
        username: userId,
        password: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const { appkey, random_str: randomStr, timestamp, signature } = answer.authPayload;
      const client = await connect(server);
      await client.request('connHello', { app: { appkey }, proof: { jmessage: { timestamp, randomStr, signature } } });
      const login = (await client.request('authLogin', { credential: { password: { username: answer.username, password: answer.password } } })) as { userId: string };
      expect(login.userId).toBe(userId);
      // The signature is single-use, as the vendor's.
      const replay = await connect(server);
      expect(await wireCode(replay.request('connHello', { app: { appkey }, proof: { jmessage: { timestamp, randomStr, signature } } }))).toBe(ErrorCode.CREDENTIAL_REPLAYED);
    }
    // The password is stable across calls.
    expect((await credentials(server, 'jmessage', 'carol')).password).toBe((await credentials(server, 'jmessage', 'carol')).password);
  });

  it('openim: a token for platform 5 that logs in', async () => {
    const answer = await credentials(server, 'openim', 'dave');
    expect(answer).toEqual({ userID: 'dave', token: expect.stringMatching(/^pt1\./), platformID: 5 });
    const client = await connect(server);
    await client.request('connHello', { app: { appId: 'dev' }, client: { platform: answer.platformID } });
    const login = (await client.request('authLogin', { credential: { openimToken: { userId: answer.userID, token: answer.token } }, platform: answer.platformID })) as { userId: string };
    expect(login.userId).toBe('dave');
  });

  it('hummer: a token that logs in', async () => {
    const answer = await credentials(server, 'hummer', 'erin-2');
    expect(answer).toEqual({ appid: dev.hummer?.appid, uid: 'erin-2', token: expect.stringMatching(/^pt1\./) });
    const client = await connect(server);
    await client.request('connHello', { app: { hummerAppid: answer.appid } });
    const login = (await client.request('authLogin', { credential: { hummerToken: { userId: answer.uid, token: answer.token } } })) as { userId: string };
    expect(login.userId).toBe('erin-2');
  });

  it('maxleap: the app id and JavaScript key, enough for a mode-1 login', async () => {
    const answer = await credentials(server, 'maxleap', 'frank');
    expect(answer).toEqual({ appId: dev.maxleap?.appId, clientId: dev.maxleap?.keys.javascript });
    const client = await connect(server);
    await client.request('connHello', { app: { maxleapAppId: answer.appId }, proof: { maxleapSign: maxleapSign(answer.clientId, Date.now()) } });
    const login = (await client.request('authLogin', { credential: { maxleapUser: { userId: 'frank' } } })) as { userId: string };
    expect(login.userId).toBe('frank');
  });

  it('refuses a bad vendor, user id or body with 400 INVALID_PARAM', async () => {
    await refused(await post(server, { vendor: 'wechat', userId: 'alice' }), 400, ErrorCode.INVALID_PARAM, 'vendor');
    await refused(await post(server, { userId: 'alice' }), 400, ErrorCode.INVALID_PARAM, 'vendor');
    await refused(await post(server, { vendor: 7, userId: 'alice' }), 400, ErrorCode.INVALID_PARAM, 'vendor');
    for (const userId of ['', 'a b', 'x'.repeat(33), 'ünï', 'a/b', 'a.b']) {
      await refused(await post(server, { vendor: 'native', userId }), 400, ErrorCode.INVALID_PARAM, 'userId');
    }
    await refused(await post(server, { vendor: 'native' }), 400, ErrorCode.INVALID_PARAM, 'userId');
    await refused(await post(server, { vendor: 'native', userId: 42 }), 400, ErrorCode.INVALID_PARAM, 'userId');
    await refused(await post(server, { vendor: 'native', userId: 'alice', ttlSec: 1 }), 400, ErrorCode.INVALID_PARAM, 'ttlSec');
    await refused(await post(server, [1, 2]), 400, ErrorCode.INVALID_PARAM, 'body');
    await refused(await post(server, '{"vendor":'), 400, ErrorCode.INVALID_PARAM, 'body');
    await refused(await post(server, { vendor: 'native', userId: 'alice' }, { 'content-type': 'text/plain' }), 400, ErrorCode.INVALID_PARAM, 'content-type');
    // The longest id is fine.
    expect((await credentials(server, 'native', 'x'.repeat(32))).userId).toBe('x'.repeat(32));
  });

  it('answers only POST', async () => {
    const res = await fetch(`${server.url}${DEV_CREDENTIALS_PATH}`);
    expect(res.headers.get('allow')).toBe('POST');
    await refused(res, 405, ErrorCode.NOT_SUPPORTED);
  });
});

describe('development sign-in switched on and off', () => {
  it('works with the development tenant given in apps', async () => {
    const dev = loadOrCreateDevTenant(tempDir()).app;
    const server = await startServer({ host: '127.0.0.1', port: 0, store: 'memory', dataDir: tempDir(), devCredentials: true, apps: [dev] }, { log: nullLogger });
    try {
      expect(server.devTenant).toBeUndefined();
      const answer = await credentials(server, 'native', 'alice');
      const client = await connect(server);
      await client.request('connHello', { app: { appId: 'dev' } });
      expect(((await client.request('authLogin', { credential: { nativeToken: { userId: 'alice', token: answer.token } } })) as { userId: string }).userId).toBe('alice');
    } finally {
      await server.close();
    }
  });

  it('is a JSON 404 with the flag off, for the development tenant too', async () => {
    const server = await startServer({ host: '127.0.0.1', port: 0, store: 'memory', dataDir: tempDir(), devTenant: true, apps: [] }, { log: nullLogger });
    try {
      expect(server.devTenant?.app.id).toBe('dev');
      await refused(await post(server, { vendor: 'native', userId: 'alice' }), 404, ErrorCode.NOT_FOUND);
    } finally {
      await server.close();
    }
  });

  it('is a JSON 404 for a server with configured apps, even with a static directory', async () => {
    const server = await startTestServer({ staticDir: tempDir() });
    try {
      await refused(await post(server, { vendor: 'native', userId: 'alice' }), 404, ErrorCode.NOT_FOUND);
      await refused(await fetch(`${server.url}${DEV_CREDENTIALS_PATH}`), 404, ErrorCode.NOT_FOUND);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start with the flag on for any other apps', async () => {
    const dev = loadOrCreateDevTenant(tempDir()).app;
    for (const apps of [[TEST_APP], [dev, TEST_APP], [{ ...TEST_APP, id: 'prod' }]]) {
      await expect(startServer({ host: '127.0.0.1', port: 0, store: 'memory', dataDir: tempDir(), devCredentials: true, apps }, { log: nullLogger })).rejects.toBeInstanceOf(ConfigError);
    }
    // devTenant with apps configured loads no development tenant, so the flag cannot apply.
    await expect(
      startServer({ host: '127.0.0.1', port: 0, store: 'memory', dataDir: tempDir(), devTenant: true, devCredentials: true, apps: [TEST_APP] }, { log: nullLogger }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});
