import { randomBytes } from 'node:crypto';
import { Api } from 'tls-sig-api-v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueToken, jmessageSignature, maxleapSign } from '../../src/auth/index.js';
import { ErrorCode } from '../../src/errors.js';
import { TestClient, WireError } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const tim = TEST_APP.tim as NonNullable<typeof TEST_APP.tim>;
const jm = TEST_APP.jmessage as NonNullable<typeof TEST_APP.jmessage>;
const ml = TEST_APP.maxleap as NonNullable<typeof TEST_APP.maxleap>;
const hummer = TEST_APP.hummer as NonNullable<typeof TEST_APP.hummer>;

async function hello(appRef: object = { appId: TEST_APP.id }, proof?: object): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: appRef, ...(proof && { proof }) });
  return client;
}

async function code(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WireError) return error.code;
    throw error;
  }
  return 0;
}

function jmProof(overrides: { timestamp?: number; randomStr?: string; secret?: string } = {}) {
  const timestamp = overrides.timestamp ?? Date.now();
  const randomStr = overrides.randomStr ?? randomBytes(12).toString('hex');
  return { jmessage: { timestamp, randomStr, signature: jmessageSignature(jm.appkey, timestamp, randomStr, overrides.secret ?? jm.masterSecret).toUpperCase() } };
}

describe('login proofs over the wire', () => {
  it('TIM: accepts a UserSig from the real tls-sig-api-v2, refuses it expired, forged or for someone else', async () => {
    const sig = new Api(tim.sdkAppId, tim.secretKey).genUserSig('tim-user', 3600);
    const ok = await hello({ sdkAppId: tim.sdkAppId });
    const result = await ok.request('authLogin', { credential: { timUsersig: { userId: 'tim-user', userSig: sig } } });
    expect(result).toMatchObject({ userId: 'tim-user' });
    expect(result.tinyId).toBeGreaterThan(0);
    expect(result.credentialExpiresAt).toBeGreaterThan(Date.now());
    ok.close();

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 2 * 3600_000);
    const old = new Api(tim.sdkAppId, tim.secretKey).genUserSig('tim-user', 60);
    vi.useRealTimers();
    const expired = await hello({ sdkAppId: tim.sdkAppId });
    expect(await code(expired.request('authLogin', { credential: { timUsersig: { userId: 'tim-user', userSig: old } } }))).toBe(ErrorCode.CREDENTIAL_EXPIRED);
    const forged = new Api(tim.sdkAppId, 'f'.repeat(64)).genUserSig('tim-user', 3600);
    expect(await code(expired.request('authLogin', { credential: { timUsersig: { userId: 'tim-user', userSig: forged } } }))).toBe(ErrorCode.SIGNATURE_INVALID);
    expect(await code(expired.request('authLogin', { credential: { timUsersig: { userId: 'someone-else', userSig: sig } } }))).toBe(ErrorCode.SIGNATURE_INVALID);
    expect(await code(expired.request('authLogin', { credential: { timUsersig: { userId: 'tim-user', userSig: 'garbage***' } } }))).toBe(ErrorCode.SIGNATURE_INVALID);
    // Nothing was established: other ops still need a login.
    expect(await code(expired.request('convList', {}))).toBe(ErrorCode.UNAUTHENTICATED);
    expired.close();
  });

  it('JMessage: init signature with a window and replay refusal, register, password logins', async () => {
    const proof = jmProof();
    const client = await hello({ appkey: jm.appkey }, proof);
    await client.request('accountRegister', { username: 'jm_alice', password: 'secret-1' });
    expect(await code(client.request('accountRegister', { username: 'jm_alice', password: 'other' }))).toBe(ErrorCode.ALREADY_EXISTS);
    expect(await code(client.request('authLogin', { credential: { password: { username: 'jm_alice', password: 'wrong' } } }))).toBe(ErrorCode.BAD_PASSWORD);
    expect(await code(client.request('authLogin', { credential: { password: { username: 'jm_nobody', password: 'x' } } }))).toBe(ErrorCode.USER_NOT_FOUND);
    const md5 = (await import('node:crypto')).createHash('md5').update('secret-1').digest('hex');
    const login = await client.request('authLogin', { credential: { password: { username: 'jm_alice', password: md5, isMd5: true } } });
    expect(login.userId).toBe('jm_alice');
    client.close();

    const replay = await TestClient.connect(server.url);
    expect(await code(replay.request('connHello', { app: { appkey: jm.appkey }, proof }))).toBe(ErrorCode.CREDENTIAL_REPLAYED);
    expect(await code(replay.request('connHello', { app: { appkey: jm.appkey }, proof: jmProof({ timestamp: Date.now() - 11 * 60_000 }) }))).toBe(ErrorCode.CREDENTIAL_EXPIRED);
    expect(await code(replay.request('connHello', { app: { appkey: jm.appkey }, proof: jmProof({ secret: 'wrong-secret' }) }))).toBe(ErrorCode.SIGNATURE_INVALID);
    expect(await code(replay.request('connHello', { app: { appkey: 'no-such-appkey' } }))).toBe(ErrorCode.APP_UNKNOWN);
    // Without an app proof, password logins and registration are refused.
    await replay.request('connHello', { app: { appId: TEST_APP.id } });
    expect(await code(replay.request('authLogin', { credential: { password: { username: 'jm_alice', password: 'secret-1' } } }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await code(replay.request('accountRegister', { username: 'jm_bob', password: 'x' }))).toBe(ErrorCode.PERMISSION_DENIED);
    replay.close();
  });

  it('JMessage: the proof ticket of a signed hello stands in for the signature on later connections, for that app only', async () => {
    const first = await TestClient.connect(server.url);
    const result = await first.request('connHello', { app: { appkey: jm.appkey }, proof: jmProof() });
    expect(result.proofTicket).toMatch(/^pt1\./);
    first.close();
    const again = await hello({ appkey: jm.appkey }, { ticket: result.proofTicket });
    await again.request('accountRegister', { username: 'jm_ticket', password: 'secret-2' });
    expect((await again.request('authLogin', { credential: { password: { username: 'jm_ticket', password: 'secret-2' } } })).userId).toBe('jm_ticket');
    again.close();
    // A ticket is reusable (reconnects), but not forgeable, not another kind of token, and not for another app.
    const forged = `${result.proofTicket.slice(0, -4)}AAAA`;
    const probe = await TestClient.connect(server.url);
    expect(await code(probe.request('connHello', { app: { appkey: jm.appkey }, proof: { ticket: forged } }))).toBe(ErrorCode.SIGNATURE_INVALID);
    const upload = issueToken({ appId: TEST_APP.id, userId: 'jmessage', kind: 'upload', ttlSec: 60 }, jm.masterSecret).token;
    expect(await code(probe.request('connHello', { app: { appkey: jm.appkey }, proof: { ticket: upload } }))).toBe(ErrorCode.SIGNATURE_INVALID);
    const expired = issueToken({ appId: TEST_APP.id, userId: 'jmessage', kind: 'proof', ttlSec: 1, nowMs: Date.now() - 10_000 }, jm.masterSecret).token;
    expect(await code(probe.request('connHello', { app: { appkey: jm.appkey }, proof: { ticket: expired } }))).toBe(ErrorCode.CREDENTIAL_EXPIRED);
    // Only a JMessage hello gets a ticket.
    expect((await probe.request('connHello', { app: { appId: TEST_APP.id } })).proofTicket).toBe('');
    probe.close();
  });

  it('OpenIM: tokens from the admin API log in; forged and expired ones do not; unknown users are not created', async () => {
    const auth = { authorization: `Bearer ${TEST_APP.native.secret}`, 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/admin/v1/apps/${TEST_APP.id}/users`, { method: 'POST', headers: auth, body: JSON.stringify({ userId: 'oim-user', nickname: 'O' }) });
    expect(created.status).toBe(201);
    const issued = await fetch(`${server.url}/admin/v1/apps/${TEST_APP.id}/tokens`, { method: 'POST', headers: auth, body: JSON.stringify({ userId: 'oim-user', kind: 'openim' }) });
    const { token } = (await issued.json()) as { token: string };
    const client = await hello();
    expect((await client.request('authLogin', { credential: { openimToken: { userId: 'oim-user', token } } })).userId).toBe('oim-user');
    client.close();

    const other = await hello();
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await code(other.request('authLogin', { credential: { openimToken: { userId: 'oim-user', token: tampered } } }))).toBe(ErrorCode.SIGNATURE_INVALID);
    const expired = issueToken({ appId: TEST_APP.id, userId: 'oim-user', kind: 'openim', ttlSec: 60, nowMs: Date.now() - 120_000 }, TEST_APP.openim?.secret ?? '').token;
    expect(await code(other.request('authLogin', { credential: { openimToken: { userId: 'oim-user', token: expired } } }))).toBe(ErrorCode.CREDENTIAL_EXPIRED);
    const native = issueToken({ appId: TEST_APP.id, userId: 'oim-user', kind: 'native', ttlSec: 60 }, TEST_APP.native.secret).token;
    expect(await code(other.request('authLogin', { credential: { openimToken: { userId: 'oim-user', token: native } } }))).toBe(ErrorCode.SIGNATURE_INVALID);
    const stranger = issueToken({ appId: TEST_APP.id, userId: 'oim-stranger', kind: 'openim', ttlSec: 60 }, TEST_APP.openim?.secret ?? '').token;
    expect(await code(other.request('authLogin', { credential: { openimToken: { userId: 'oim-stranger', token: stranger } } }))).toBe(ErrorCode.USER_NOT_FOUND);
    other.close();
  });

  it('MaxLeap: a sign in hello records the key type; userId logins create the user', async () => {
    const client = await hello({ maxleapAppId: ml.appId }, { maxleapSign: maxleapSign(ml.keys.javascript ?? '', Date.now()) });
    const again = await client.request('connHello', { app: { maxleapAppId: ml.appId }, proof: { maxleapSign: maxleapSign(ml.keys.client ?? '', Date.now()) } });
    expect(again.keyType).toBe('client');
    const login = await client.request('authLogin', { credential: { maxleapUser: { userId: 'ml-user' } } });
    // A passenger proof cannot open a registered user's account.
    const passenger = await hello({ maxleapAppId: ml.appId }, { maxleapSign: maxleapSign(ml.keys.client ?? '', Date.now()) });
    expect(await code(passenger.request('authLogin', { credential: { maxleapUser: { passenger: { id: 'ml-user' } } } }))).toBe(ErrorCode.PERMISSION_DENIED);
    const guest = await passenger.request('authLogin', { credential: { maxleapUser: { passenger: { id: 'ml-passenger-1' } } } });
    expect(guest.userId).toBe('ml-passenger-1');
    expect(login.userId).toBe('ml-user');
    client.close();
    const bad = await TestClient.connect(server.url);
    expect(await code(bad.request('connHello', { app: { maxleapAppId: ml.appId }, proof: { maxleapSign: maxleapSign('not-a-key', Date.now()) } }))).toBe(ErrorCode.SIGNATURE_INVALID);
    await bad.request('connHello', { app: { maxleapAppId: ml.appId } });
    expect(await code(bad.request('authLogin', { credential: { maxleapUser: { userId: 'ml-user' } } }))).toBe(ErrorCode.PERMISSION_DENIED);
    bad.close();
  });

  it('MaxLeap: an instance with no identity logs in as the app itself (privileged), acting only for the users it names', async () => {
    const app = await hello({ maxleapAppId: ml.appId }, { maxleapSign: maxleapSign(ml.keys.javascript ?? '', Date.now()) });
    const login = await app.request('authLogin', { credential: { maxleapUser: {} } });
    expect(login.userId).toBe('__maxleap_app__');
    await (await hello({ maxleapAppId: ml.appId }, { maxleapSign: maxleapSign(ml.keys.client ?? '', Date.now()) })).request('authLogin', { credential: { maxleapUser: { userId: 'ml-named' } } });
    // Acting for a named user works (a privileged session); the app principal is not a person.
    expect(await app.request('friendList', {}, { subject: 'ml-named' })).toBeDefined();
    app.close();
    const oauth = await hello({ maxleapAppId: ml.appId }, { maxleapSign: maxleapSign(ml.keys.javascript ?? '', Date.now()) });
    expect(await code(oauth.request('authLogin', { credential: { maxleapUser: { oauthJson: '{}' } } }))).toBe(ErrorCode.NOT_SUPPORTED);
    oauth.close();
  });

  it('Hummer: a will-expire push before expiry, and a refresh on the live session', async () => {
    const token = issueToken({ appId: TEST_APP.id, userId: 'h-user', kind: 'hummer', ttlSec: 61 }, hummer.tokenSecret).token;
    const client = await hello({ hummerAppid: hummer.appid });
    const login = await client.request('authLogin', { credential: { hummerToken: { userId: 'h-user', token } } });
    // The default lead time is 60 s, so the warning comes about a second after login.
    const warning = await client.waitForPush((p) => p.credentialExpiring !== null && p.credentialExpiring !== undefined, 5000);
    expect(warning.credentialExpiring?.expiresAt).toBe(login.credentialExpiresAt);
    const fresh = issueToken({ appId: TEST_APP.id, userId: 'h-user', kind: 'hummer', ttlSec: 3600 }, hummer.tokenSecret).token;
    const refreshed = await client.request('authRefresh', { credential: { hummerToken: { userId: 'h-user', token: fresh } } });
    expect(refreshed.credentialExpiresAt).toBeGreaterThan(login.credentialExpiresAt);
    const otherUser = issueToken({ appId: TEST_APP.id, userId: 'h-other', kind: 'hummer', ttlSec: 3600 }, hummer.tokenSecret).token;
    expect(await code(client.request('authRefresh', { credential: { hummerToken: { userId: 'h-other', token: otherUser } } }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect((await client.request('connPing', {})).serverTime).toBeGreaterThan(0);
    client.close();
  });

  it('native tokens expire mid-session with a kick carrying the reason', async () => {
    const token = issueToken({ appId: TEST_APP.id, userId: 'short-lived', kind: 'native', ttlSec: 1 }, TEST_APP.native.secret).token;
    const client = await hello();
    await client.request('authLogin', { credential: { nativeToken: { userId: 'short-lived', token } } }).catch((e) => e);
    // The user did not exist (native users are registered by the app server): create and retry.
    const { createUser } = await import('../../src/model/users.js');
    await createUser(server.context.store, TEST_APP.id, { userId: 'short-lived' }, { ifMissing: true });
    await client.request('authLogin', { credential: { nativeToken: { userId: 'short-lived', token } } });
    const kick = await client.waitForPush((p) => p.kicked !== null && p.kicked !== undefined, 3000);
    expect(kick.kicked?.reason).toBe(5); // KICK_REASON_CREDENTIAL_EXPIRED
    expect((await client.closed).code).toBe(4003);
  });

  it('requests before hello or login are refused', async () => {
    const client = await TestClient.connect(server.url);
    expect(await code(client.request('msgSend', { convId: 'c2c:x', elements: [{ text: { text: 'x' } }] }))).toBe(ErrorCode.UNAUTHENTICATED);
    expect(await code(client.request('authLogin', { credential: { anonymous: {} } }))).toBe(ErrorCode.UNAUTHENTICATED);
    expect((await client.request('connPing', {})).serverTime).toBeGreaterThan(0);
    client.close();
  });
});

describe('sessions', () => {
  it('a second web login beyond the limit kicks the oldest with a reason; resume works inside the grace period only', async () => {
    const strict = await startTestServer({}, { ...TEST_APP, policy: { webInstances: 1, resumeGraceMs: 300 } });
    try {
      const first = await strict.login('solo');
      const second = await strict.login('solo');
      expect(second.login.kickedSessionIds).toEqual([first.login.sessionId]);
      const kick = await first.waitForPush((p) => Boolean(p.kicked));
      expect(kick.kicked?.reason).toBe(1); // KICK_REASON_REPLACED_SAME_PLATFORM
      expect((await first.closed).code).toBe(4003);
      // A kicked session cannot be resumed.
      const retry = await TestClient.connect(strict.url);
      await retry.request('connHello', { app: { appId: TEST_APP.id } });
      expect(await code(retry.request('authResume', { resumeToken: first.login.resumeToken }))).toBe(ErrorCode.UNAUTHENTICATED);

      // Drop the second one; resume within the grace period keeps the same session.
      second.terminate();
      await second.closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const resumed = await retry.request('authResume', { resumeToken: second.login.resumeToken });
      expect(resumed.sessionId).toBe(second.login.sessionId);
      retry.terminate();
      await retry.closed;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const late = await TestClient.connect(strict.url);
      await late.request('connHello', { app: { appId: TEST_APP.id } });
      expect(await code(late.request('authResume', { resumeToken: second.login.resumeToken }))).toBe(ErrorCode.UNAUTHENTICATED);
      late.close();
    } finally {
      await strict.stop();
    }
  });

  it('guests (anonymous) cannot send', async () => {
    const client = await hello();
    const login = await client.request('authLogin', { credential: { anonymous: {} } });
    expect(login.userId).toMatch(/^guest_/);
    expect(await code(client.request('msgSend', { convId: 'c2c:alice', elements: [{ text: { text: 'x' } }] }))).toBe(ErrorCode.PERMISSION_DENIED);
    client.close();
  });
});
