import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genUserSig, issueToken, jmessageSignature, maxleapSign } from '../../src/auth/index.js';
import { DEV_CREDENTIALS_PATH } from '../../src/http/dev-credentials.js';
import { createLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { OTHER_APP, TEST_APP } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';

/**
 * Every credential the server sees or issues during logins of each kind, admin calls, media
 * access and development sign-in, gathered as the test produces them; the captured log (at
 * `debug`, the most verbose level) must contain none of them.
 */
const secrets = new Map<string, string>();
const lines: string[] = [];
let server: RunningServer;
let dev: RunningServer;
let devDir: string;

/** Records a secret; tokens are also checked by their last 16 characters (the MAC). */
function secret(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length < 6) throw new Error(`${name}: no secret to record (${JSON.stringify(value)})`);
  secrets.set(name, value);
  if (value.length > 24) secrets.set(`${name} (tail)`, value.slice(-16));
  return value;
}

for (const [name, value] of Object.entries({
  'native secret': TEST_APP.native.secret,
  'native apiKey': TEST_APP.native.apiKey,
  'TIM secret key': TEST_APP.tim?.secretKey,
  'JMessage master secret': TEST_APP.jmessage?.masterSecret,
  'OpenIM secret': TEST_APP.openim?.secret,
  'Hummer token secret': TEST_APP.hummer?.tokenSecret,
  'MaxLeap client key': TEST_APP.maxleap?.keys.client,
  'MaxLeap JavaScript key': TEST_APP.maxleap?.keys.javascript,
  'other app secret': OTHER_APP.native.secret,
})) {
  secret(name, value);
}

async function hello(app: object, proof?: object): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app, ...(proof && { proof }), client: { platform: 5 } });
  return client;
}

/** Runs a login that may be refused; the refusal is logged too, which is the point. */
async function attempt(client: TestClient, credential: object): Promise<{ resumeToken?: string } | undefined> {
  return client.request('authLogin', { credential, platform: 5 }).catch(() => undefined);
}

function adminCall(path: string, body: unknown, secretValue = TEST_APP.native.secret, kind?: string): Promise<Response> {
  return fetch(`${server.url}/admin/v1/apps/${TEST_APP.id}/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secretValue}`, 'content-type': 'application/json', ...(kind && { 'x-parley-secret-kind': kind }) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  server = await startServer({ host: '127.0.0.1', port: 0, store: 'memory', dataDir: mkdtempSync(join(tmpdir(), 'parley-logs-')), apps: [TEST_APP, OTHER_APP] }, { log });
  devDir = mkdtempSync(join(tmpdir(), 'parley-logs-dev-'));
  dev = await startServer({ host: '127.0.0.1', port: 0, store: 'memory', dataDir: devDir, devTenant: true, devCredentials: true, apps: [] }, { log });
});
afterAll(async () => {
  await server.close();
  await dev.close();
  rmSync(devDir, { recursive: true, force: true });
});

describe('no secrets in logs', () => {
  it('logs none of the credentials of logins of every kind, admin calls, media access and development sign-in', async () => {
    // Admin calls with each kind of app secret, right and wrong, that issue credentials and set passwords.
    for (const userId of ['alice', 'bob', 'jm-user']) expect((await adminCall('users', { userId })).status).toBe(201);
    const native = secret('admin-issued native token', ((await (await adminCall('tokens', { userId: 'alice' })).json()) as { token: string }).token);
    const openim = secret('admin-issued OpenIM token', ((await (await adminCall('tokens', { userId: 'alice', kind: 'openim' }, TEST_APP.openim?.secret, 'openim')).json()) as { token: string }).token);
    const userSig = secret('admin-issued UserSig', ((await (await adminCall('usersig', { userId: 'alice' }, TEST_APP.tim?.secretKey, 'tim')).json()) as { userSig: string }).userSig);
    secret('reset password', 'reset-password-7f3a9c');
    await (await adminCall('users/resetPassword', { userId: 'bob', password: 'reset-password-7f3a9c' })).arrayBuffer();
    secret('imported password', 'imported-password-c81d02');
    await (await adminCall('users/import', { users: [{ userId: 'carol', username: 'carol', password: 'imported-password-c81d02' }] })).arrayBuffer();
    secret('wrong admin secret', 'wrong-admin-secret-55aa');
    expect((await adminCall('tokens', { userId: 'alice' }, 'wrong-admin-secret-55aa')).status).toBe(403);
    expect((await adminCall('tokens', { userId: 'alice' }, TEST_APP.jmessage?.masterSecret, 'jmessage')).status).toBe(200);

    // Logins: native, TIM, OpenIM, Hummer, JMessage password, MaxLeap (user, passenger, app), anonymous; refused ones too.
    const logins: TestClient[] = [];
    const nativeClient = await hello({ appId: TEST_APP.id });
    const login = await attempt(nativeClient, { nativeToken: { userId: 'alice', token: native } });
    const resume = secret('resume token', login?.resumeToken);
    logins.push(nativeClient);
    const forgedToken = secret('forged native token', `${native.slice(0, -6)}AAAAAA`);
    logins.push(await hello({ appId: TEST_APP.id }));
    await attempt(logins[1] as TestClient, { nativeToken: { userId: 'alice', token: forgedToken } });

    const tim = await hello({ sdkAppId: TEST_APP.tim?.sdkAppId });
    await attempt(tim, { timUsersig: { userId: 'alice', userSig } });
    const foreignSig = secret('UserSig for another user', genUserSig({ sdkAppId: TEST_APP.tim?.sdkAppId ?? 0, secretKey: TEST_APP.tim?.secretKey ?? '', userId: 'bob', expireSec: 60 }));
    await attempt(await hello({ sdkAppId: TEST_APP.tim?.sdkAppId }), { timUsersig: { userId: 'alice', userSig: foreignSig } });
    logins.push(tim);

    logins.push(await hello({ appId: TEST_APP.id }));
    await attempt(logins.at(-1) as TestClient, { openimToken: { userId: 'alice', token: openim } });
    const hummerToken = secret('Hummer token', issueToken({ appId: TEST_APP.id, userId: 'alice', kind: 'hummer', ttlSec: 600 }, TEST_APP.hummer?.tokenSecret ?? '').token);
    logins.push(await hello({ hummerAppid: TEST_APP.hummer?.appid }));
    await attempt(logins.at(-1) as TestClient, { hummerToken: { userId: 'alice', token: hummerToken } });

    const jm = TEST_APP.jmessage ?? { appkey: '', masterSecret: '' };
    const timestamp = Date.now();
    const randomStr = randomBytes(12).toString('hex');
    const signature = secret('JMessage init signature', jmessageSignature(jm.appkey, timestamp, randomStr, jm.masterSecret));
    const jmClient = await TestClient.connect(server.url);
    const helloResult = await jmClient.request('connHello', { app: { appkey: jm.appkey }, proof: { jmessage: { timestamp, randomStr, signature } } });
    secret('JMessage proof ticket', helloResult.proofTicket);
    secret('registered password', 'jm-password-0c4e1b');
    await jmClient.request('accountRegister', { username: 'jm_logged', password: 'jm-password-0c4e1b' });
    await attempt(jmClient, { password: { username: 'jm_logged', password: 'jm-password-0c4e1b' } });
    const md5 = secret('password MD5', createHash('md5').update('jm-password-0c4e1b').digest('hex'));
    await attempt(await hello({ appkey: jm.appkey }, { ticket: helloResult.proofTicket }), { password: { username: 'jm_logged', password: md5, isMd5: true } });
    secret('wrong password', 'wrong-password-9d2f');
    await attempt(await hello({ appId: TEST_APP.id }), { password: { username: 'jm_logged', password: 'wrong-password-9d2f' } });
    logins.push(jmClient);

    const ml = TEST_APP.maxleap ?? { appId: '', keys: {} };
    const sign = maxleapSign(ml.keys.client ?? '', Date.now());
    secret('MaxLeap sign', sign.split(',')[0]);
    logins.push(await hello({ maxleapAppId: ml.appId }, { maxleapSign: sign }));
    await attempt(logins.at(-1) as TestClient, { maxleapUser: { userId: 'ml-user' } });
    const appSign = maxleapSign(ml.keys.javascript ?? '', Date.now());
    logins.push(await hello({ maxleapAppId: ml.appId }, { maxleapSign: appSign }));
    await attempt(logins.at(-1) as TestClient, { maxleapUser: { passenger: { id: 'ml-guest' } } });
    logins.push(await hello({ maxleapAppId: ml.appId }, { maxleapSign: maxleapSign(ml.keys.javascript ?? '', Date.now()) }));
    await attempt(logins.at(-1) as TestClient, { maxleapUser: {} });
    secret('forged MaxLeap sign', 'f'.repeat(32));
    await hello({ maxleapAppId: ml.appId }, { maxleapSign: `${'f'.repeat(32)},${Date.now()}` }).catch(() => undefined);
    logins.push(await hello({ appId: TEST_APP.id }));
    await attempt(logins.at(-1) as TestClient, { anonymous: {} });

    // Resume the native session from a new connection.
    nativeClient.terminate();
    await nativeClient.closed;
    const resumer = await hello({ appId: TEST_APP.id });
    await resumer.request('authResume', { resumeToken: resume }).catch(() => undefined);
    logins.push(resumer);

    // Media: a ticket, uploads by header and by query, downloads by signed URL and by token, forged ones.
    const ticket = await resumer.request('mediaUploadTicket', { kind: 0, fileName: 'a.txt', mime: 'text/plain', size: 5 });
    secret('upload ticket', ticket.token);
    const uploaded = await fetch(server.url + ticket.uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${ticket.token}` }, body: 'hello' });
    const media = (await uploaded.json()) as { url: string };
    secret('media URL signature', new URL(media.url, server.url).searchParams.get('sig'));
    const byQuery = await resumer.request('mediaUploadTicket', { kind: 0, fileName: 'b.txt', mime: 'text/plain', size: 5 });
    secret('upload ticket in a query', byQuery.token);
    await (await fetch(`${server.url}${byQuery.uploadUrl}?token=${byQuery.token}`, { method: 'POST', body: 'hello' })).arrayBuffer();
    await (await fetch(server.url + media.url)).arrayBuffer();
    await (await fetch(server.url + media.url.split('?')[0], { headers: { authorization: `Bearer ${native}` } })).arrayBuffer();
    secret('forged media signature', 'forgedSignature0123456789abcdefABCDEF');
    await (await fetch(`${server.url}${media.url.split('?')[0]}?exp=0&sig=forgedSignature0123456789abcdefABCDEF`)).arrayBuffer();

    // Development sign-in: every vendor's credential it hands out.
    for (const vendor of ['native', 'tim', 'jmessage', 'openim', 'hummer', 'maxleap']) {
      const res = await fetch(dev.url + DEV_CREDENTIALS_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vendor, userId: 'dev-user' }) });
      const answer = (await res.json()) as Record<string, unknown> & { authPayload?: { signature: string } };
      for (const key of ['token', 'userSig', 'password', 'clientId']) if (answer[key] !== undefined) secret(`dev ${vendor} ${key}`, answer[key]);
      if (answer.authPayload) secret(`dev ${vendor} signature`, answer.authPayload.signature);
    }
    const devApp = dev.context.tenants.all()[0]?.config;
    secret('dev native secret', devApp?.native.secret);
    secret('dev TIM secret key', devApp?.tim?.secretKey);

    for (const client of logins) client.close();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const text = lines.join('');
    const leaked = [...secrets].filter(([, value]) => text.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
    // The capture saw the traffic it claims to have seen.
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages.filter((m) => m === 'logged in').length).toBeGreaterThanOrEqual(8);
    expect(messages.filter((m) => m === 'http request').length).toBeGreaterThanOrEqual(20);
    expect(messages).toContain('request refused');
    expect(messages).toContain('session resumed');
    expect(text).toContain('"path":"/parley/media/test"');
    console.log(`log secrets: ${lines.length} lines at debug searched for ${secrets.size} secrets, none found`);
  });
});

describe('the logger redacts secrets inside text', () => {
  function capture(): { log: ReturnType<typeof createLogger>; text: () => string } {
    const out: string[] = [];
    return { log: createLogger({ level: 'debug', write: (line) => out.push(line) }), text: () => out.join('') };
  }

  it('removes URL passwords, secret query parameters and Authorization credentials from values, messages and errors', () => {
    const { log, text } = capture();
    log.info('connecting to postgres://parley:pg-pass-111@db:5432/parley', { url: 'redis://:bus-pass-222@redis:6379/0', list: ['nats://u:nats-pass-333@n:4222'] });
    log.warn('request', { path: '/parley/media/app/id?exp=1&sig=SIGVALUE444', next: 'https://x.example/cb?access_token=TOKEN555&state=ok' });
    log.error('failed', { err: new Error('cannot connect to postgresql://admin:err-pass-666@10.0.0.1/db'), header: 'Bearer abcdEFGH777xyz', basic: 'Basic dXNlcjpwYXNzODg4' });
    const written = text();
    for (const value of ['pg-pass-111', 'bus-pass-222', 'nats-pass-333', 'SIGVALUE444', 'TOKEN555', 'err-pass-666', 'abcdEFGH777xyz', 'dXNlcjpwYXNzODg4']) {
      expect(written).not.toContain(value);
    }
    // What is not secret stays readable.
    expect(written).toContain('postgres://parley:[redacted]@db:5432/parley');
    expect(written).toContain('exp=1&sig=[redacted]');
    expect(written).toContain('state=ok');
    expect(written).toContain('Bearer [redacted]');
  });

  it('leaves ordinary text alone', () => {
    const { log, text } = capture();
    log.info('a media download needs a signed URL or a bearer token', { path: '/admin/v1/apps/acme/tokens', user: 'alice@example.com', ratio: 'a=b' });
    expect(text()).toContain('a media download needs a signed URL or a bearer token');
    expect(text()).toContain('alice@example.com');
    expect(text()).toContain('"ratio":"a=b"');
  });
});
