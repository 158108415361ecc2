import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import type { AppConfig } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { ADMIN_PATHS } from '../../src/http/admin.js';
import { TestClient, WireError } from '../helpers/client.js';
import { c2c, startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

const { KickReason, NoticeKind, SystemScope } = parley.v1;

/** A second tenant on the same server: its secret must not open the first one's API. */
const OTHER: AppConfig = { id: 'other', native: { apiKey: 'other-api-key-0123', secret: 'other-native-secret-0123456789' } };
const SECRET = TEST_APP.native.secret;

let server: TestServer;

interface CallOptions {
  method?: string;
  secret?: string | null;
  headers?: Record<string, string>;
  app?: string;
}

/** An admin API call; `body` as a string is sent unchanged (malformed JSON tests). */
function api(path: string, body?: unknown, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const secret = options.secret === undefined ? SECRET : options.secret;
  if (secret !== null) headers.authorization = `Bearer ${secret}`;
  return fetch(`${server.url}/admin/v1/apps/${options.app ?? TEST_APP.id}/${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely
async function ok(res: Response, status = 200): Promise<any> {
  const body = await res.json();
  expect({ status: res.status, body }).toMatchObject({ status });
  return body;
}

async function refused(res: Response, status: number, code: number, detail?: string): Promise<void> {
  const body = (await res.json()) as { error: { code: number; detail: string; message: string } };
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
  throw new Error('expected a refusal');
}

/** Logs a user of `app` in with a native token (the user must exist). */
async function loginTo(app: AppConfig, userId: string): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: { appId: app.id }, client: { platform: 5 } });
  const token = issueToken({ appId: app.id, userId, kind: 'native', ttlSec: 3600 }, app.native.secret).token;
  await client.request('authLogin', { credential: { nativeToken: { userId, token } }, platform: 5 });
  return client;
}

describe('the admin REST API', () => {
  beforeAll(async () => {
    server = await startTestServer({ apps: [TEST_APP, OTHER] });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('authentication', () => {
    it('refuses no secret, a wrong one and another app’s', async () => {
      await refused(await api('config', undefined, { secret: null }), 401, ErrorCode.UNAUTHENTICATED);
      await refused(await api('config', undefined, { secret: 'wrong' }), 403, ErrorCode.PERMISSION_DENIED);
      await refused(await api('config', undefined, { secret: OTHER.native.secret }), 403, ErrorCode.PERMISSION_DENIED);
      await refused(await api('ops/convList?subject=a', {}, { secret: OTHER.native.secret }), 403, ErrorCode.PERMISSION_DENIED);
      await refused(await api('config', undefined, { app: 'nope' }), 404, ErrorCode.APP_UNKNOWN);
      await ok(await api('config', undefined, { app: OTHER.id, secret: OTHER.native.secret }));
    });

    it('accepts the app’s vendor secrets when x-parley-secret-kind names them', async () => {
      await ok(await api('config', undefined, { secret: TEST_APP.openim?.secret ?? '', headers: { 'x-parley-secret-kind': 'openim' } }));
      await ok(await api('config', undefined, { secret: TEST_APP.tim?.secretKey ?? '', headers: { 'x-parley-secret-kind': 'tim' } }));
      await ok(await api('config', undefined, { secret: TEST_APP.jmessage?.masterSecret ?? '', headers: { 'x-parley-secret-kind': 'jmessage' } }));
      // A secret of another kind, or a kind the app has no secret of, is refused.
      await refused(await api('config', undefined, { secret: TEST_APP.openim?.secret ?? '', headers: { 'x-parley-secret-kind': 'tim' } }), 403, ErrorCode.PERMISSION_DENIED);
      await refused(await api('config', undefined, { secret: TEST_APP.openim?.secret ?? '' }), 403, ErrorCode.PERMISSION_DENIED);
      await refused(await api('config', undefined, { secret: 'x', headers: { 'x-parley-secret-kind': 'maxleap-master' } }), 403, ErrorCode.PERMISSION_DENIED);
      await refused(await api('config', undefined, { headers: { 'x-parley-secret-kind': 'jwt' } }), 400, ErrorCode.INVALID_PARAM, 'x-parley-secret-kind');
    });
  });

  describe('ops/:opName', () => {
    it('runs msgSend as the subject: the peer and the subject’s own session receive it', async () => {
      const alice = await server.login('op-alice');
      const bob = await server.login('op-bob');
      const sent = await ok(await api('ops/msgSend?subject=op-alice', text(c2c('op-bob'), 'from the app server')));
      expect(sent).toMatchObject({ seq: 1 });
      expect(typeof sent.serverMsgId).toBe('string');
      const received = await bob.waitForPush((p) => p.message?.message?.seq === 1);
      expect(received.message?.message?.senderId).toBe('op-alice');
      expect(received.message?.message?.elements?.[0]?.text?.text).toBe('from the app server');
      const own = await alice.waitForPush((p) => p.message?.message?.seq === 1);
      expect(own.message?.message?.convId).toBe(c2c('op-bob'));
      const list = await ok(await api('ops/convList?subject=op-alice', {}));
      expect(list.conversations[0]).toMatchObject({ convId: c2c('op-bob'), maxSeq: 1 });
      expect(list.conversations[0].lastMessage.elements[0].text.text).toBe('from the app server');
      alice.close();
      bob.close();
    });

    it('answers 404 for unknown, pre-login and session-only ops, and 405 for GET', async () => {
      await refused(await api('ops/noSuchOp?subject=a', {}), 404, ErrorCode.NOT_SUPPORTED, 'opName');
      await refused(await api('ops/authLogin?subject=a', {}), 404, ErrorCode.NOT_SUPPORTED, 'opName');
      await refused(await api('ops/authLogout?subject=a', {}), 404, ErrorCode.NOT_SUPPORTED, 'opName');
      await refused(await api('ops/convList?subject=a'), 405, ErrorCode.NOT_SUPPORTED);
      await refused(await api('no/such/route', {}), 404, ErrorCode.NOT_FOUND);
    });

    it('refuses a missing subject, malformed JSON and payloads off the schema, changing nothing', async () => {
      await server.login('op-carol').then((c) => c.close());
      await server.login('op-dave').then((c) => c.close());
      await refused(await api('ops/msgSend', text(c2c('op-dave'), 'x')), 400, ErrorCode.INVALID_PARAM, 'subject');
      await refused(await api('ops/msgSend?subject=op-carol', '{"convId":'), 400, ErrorCode.INVALID_PARAM, 'body');
      await refused(await api('ops/msgSend?subject=op-carol', '[1]'), 400, ErrorCode.INVALID_PARAM, 'body');
      await refused(await api('ops/msgSend?subject=op-carol', { convId: c2c('op-dave'), elements: 5 }), 400, ErrorCode.INVALID_PARAM, 'body');
      await refused(await api('ops/msgSend?subject=op-carol', { convId: c2c('op-dave'), elements: [] }), 400, ErrorCode.INVALID_PARAM, 'elements');
      await refused(await api('ops/msgSend?subject=op-carol', text(c2c('op-dave'), 'x'), { headers: { 'content-type': 'text/plain' } }), 400, ErrorCode.INVALID_PARAM, 'content-type');
      const list = await ok(await api('ops/convList?subject=op-carol', {}));
      expect(list.conversations ?? []).toHaveLength(0);
    });

    it('runs system.send with app privilege, and keeps the broadcast log to its app', async () => {
      await server.login('bc-reader').then((c) => c.close());
      await ok(await api('ops/systemSend?subject=app-server', { scope: SystemScope.SYSTEM_SCOPE_ALL, elements: [{ text: { text: 'to all of test' } }] }));
      const reader = await loginTo(TEST_APP, 'bc-reader');
      const mine = await reader.request('syncPull', { ranges: [{ convId: 'system:all' }] });
      expect(mine.ranges[0].messages.length).toBeGreaterThan(0);
      reader.close();
      await ok(await api('users', { userId: 'bc-stranger' }, { app: OTHER.id, secret: OTHER.native.secret }), 201);
      const stranger = await loginTo(OTHER, 'bc-stranger');
      const theirs = await stranger.request('syncPull', { ranges: [{ convId: 'system:all' }] });
      expect(theirs.ranges[0]).toMatchObject({ maxSeq: 0 });
      expect(theirs.ranges[0].messages ?? []).toHaveLength(0);
      const history = await stranger.request('msgHistory', { convId: 'system:all' });
      expect(history.messages ?? []).toHaveLength(0);
      stranger.close();
    });
  });

  describe('accounts', () => {
    it('disable kicks live sessions and refuses logins until enable', async () => {
      const user = await server.login('acc-disabled');
      const answer = await ok(await api('users/disable', { userId: 'acc-disabled' }));
      expect(answer.kickedSessionIds).toEqual([user.login.sessionId]);
      const kicked = await user.waitForPush((p) => p.kicked != null);
      expect(kicked.kicked?.reason).toBe(KickReason.KICK_REASON_ACCOUNT_DISABLED);
      expect((await user.closed).code).toBe(4003);
      expect(await wireCode(loginTo(TEST_APP, 'acc-disabled'))).toBe(ErrorCode.USER_DISABLED);
      await ok(await api('users/enable', { userId: 'acc-disabled' }));
      (await loginTo(TEST_APP, 'acc-disabled')).close();
      await refused(await api('users/disable', { userId: 'acc-nobody' }), 404, ErrorCode.USER_NOT_FOUND, 'userId');
      await refused(await api('users/disable', { userID: 'acc-disabled' }), 400, ErrorCode.INVALID_PARAM, 'userID');
    });

    it('delete ends the account for good', async () => {
      const user = await server.login('acc-deleted');
      await ok(await api('users/delete', { userId: 'acc-deleted' }));
      expect((await user.waitForPush((p) => p.kicked != null)).kicked?.reason).toBe(KickReason.KICK_REASON_ACCOUNT_DELETED);
      expect(await wireCode(loginTo(TEST_APP, 'acc-deleted'))).toBe(ErrorCode.USER_DISABLED);
      await refused(await api('users/enable', { userId: 'acc-deleted' }), 404, ErrorCode.USER_NOT_FOUND);
      await refused(await api('users', { userId: 'acc-deleted' }), 409, ErrorCode.ALREADY_EXISTS);
    });

    it('kick ends the named sessions only, and they cannot resume', async () => {
      const first = await server.login('acc-kick');
      const second = await server.login('acc-kick');
      const answer = await ok(await api('kick', { userId: 'acc-kick', sessionIds: [first.login.sessionId] }));
      expect(answer.kickedSessionIds).toEqual([first.login.sessionId]);
      expect((await first.waitForPush((p) => p.kicked != null)).kicked?.reason).toBe(KickReason.KICK_REASON_ADMIN_KICK);
      await first.closed;
      await second.request('connPing', {});
      const again = await TestClient.connect(server.url);
      await again.request('connHello', { app: { appId: TEST_APP.id } });
      expect(await wireCode(again.request('authResume', { resumeToken: first.login.resumeToken }))).toBe(ErrorCode.UNAUTHENTICATED);
      again.close();
      expect((await ok(await api('kick', { userId: 'acc-kick' }))).kickedSessionIds).toEqual([second.login.sessionId]);
    });

    it('forbidSend refuses the user’s sends until lifted', async () => {
      const user = await server.login('acc-muted');
      await server.login('acc-peer').then((c) => c.close());
      await user.request('msgSend', text(c2c('acc-peer'), 'before'));
      expect((await ok(await api('users/forbidSend', { userId: 'acc-muted' }))).adminForbidType).toBe(1);
      expect(await wireCode(user.request('msgSend', text(c2c('acc-peer'), 'during')))).toBe(ErrorCode.PERMISSION_DENIED);
      await refused(await api('ops/msgSend?subject=acc-muted', text(c2c('acc-peer'), 'via admin')), 403, ErrorCode.PERMISSION_DENIED);
      await ok(await api('users/forbidSend', { userId: 'acc-muted', forbid: false }));
      expect((await user.request('msgSend', text(c2c('acc-peer'), 'after'))).seq).toBe(2);
      user.close();
    });

    it('imports a batch, answering per account; a bad item refuses the whole batch', async () => {
      await refused(await api('users/import', { users: [{ userId: 'imp-x' }, { userId: '' }] }), 400, ErrorCode.INVALID_PARAM, 'users[1].userId');
      await refused(await api('users/import', { users: [] }), 400, ErrorCode.INVALID_PARAM, 'users');
      const first = await ok(await api('users/import', { users: [{ userId: 'imp-a', nickname: 'A' }] }));
      expect(first.results[0]).toMatchObject({ userId: 'imp-a', ok: true });
      const answer = await ok(await api('users/import', { users: [{ userId: 'imp-a' }, { userId: 'imp-b' }, { userId: 'imp-x' }] }));
      expect(answer.results.map((r: { userId: string; ok: boolean }) => [r.userId, r.ok])).toEqual([
        ['imp-a', false],
        ['imp-b', true],
        ['imp-x', true],
      ]);
      expect(answer.results[0].error.code).toBe(ErrorCode.ALREADY_EXISTS);
    });

    it('update writes a profile through user.updateProfile, and the profile shows the send ban', async () => {
      await ok(await api('users', { userId: 'acc-profile' }), 201);
      const updated = await ok(await api('users/update', { userId: 'acc-profile', patch: { nickname: 'Renamed' }, setFields: ['nickname'] }));
      expect(updated.nickname).toBe('Renamed');
      await ok(await api('users/forbidSend', { userId: 'acc-profile' }));
      const profiles = await ok(await api('ops/userGetProfiles?subject=acc-profile', { userIds: ['acc-profile'] }));
      expect(profiles.profiles[0]).toMatchObject({ nickname: 'Renamed', adminForbidType: 1 });
      await refused(await api('users/update', { userId: 'acc-profile', patch: 'x' }), 400, ErrorCode.INVALID_PARAM, 'body');
    });

    it('resetPassword kicks live sessions', async () => {
      await ok(await api('users', { userId: 'acc-pw', username: 'acc-pw-name', password: 'old-password' }), 201);
      const user = await loginTo(TEST_APP, 'acc-pw');
      await ok(await api('users/resetPassword', { userId: 'acc-pw', password: 'new-password' }));
      expect((await user.waitForPush((p) => p.kicked != null)).kicked?.reason).toBe(KickReason.KICK_REASON_PASSWORD_CHANGED);
      await refused(await api('users/resetPassword', { userId: 'acc-pw' }), 400, ErrorCode.INVALID_PARAM, 'password');
    });
  });

  describe('messages, revoke and friends', () => {
    it('sends as a user (the sender’s own sessions get it) and as the system (a custom notice)', async () => {
      const from = await server.login('msg-from');
      const to = await server.login('msg-to');
      const sent = await ok(await api('messages', { from: 'msg-from', message: text(c2c('msg-to'), 'hello') }));
      expect(sent.seq).toBe(1);
      await from.waitForPush((p) => p.message?.message?.seq === 1);
      await to.waitForPush((p) => p.message?.message?.seq === 1);
      await ok(await api('messages', { message: text(c2c('msg-to'), 'from the system') }));
      const notice = await to.waitForPush((p) => p.notice?.message?.elements?.[0]?.notice?.kind === NoticeKind.NOTICE_CUSTOM);
      expect(notice.notice?.message?.elements?.[0]?.notice?.elements?.[0]?.text?.text).toBe('from the system');
      await refused(await api('messages', { message: text('system', 'x') }), 400, ErrorCode.INVALID_PARAM, 'message.convId');
      await refused(await api('messages', { from: 'msg-from' }), 400, ErrorCode.INVALID_PARAM, 'message');
      from.close();
      to.close();
    });

    it('config set changes behaviour at once: a revoke window passes; admin revoke ignores it', async () => {
      const sender = await server.login('rv-sender');
      const peer = await server.login('rv-peer');
      const config = await ok(await api('config', { policy: { revokeWindowSec: 1 } }));
      expect(config.policy.revokeWindowSec).toBe(1);
      expect(config.overrides).toEqual({ revokeWindowSec: 1 });
      const sent = await sender.request('msgSend', text(c2c('rv-peer'), 'regret'));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await wireCode(sender.request('msgRevoke', { ref: { serverMsgId: sent.serverMsgId } }))).toBe(ErrorCode.REVOKE_WINDOW_PASSED);
      const revoked = await ok(await api('revoke', { ref: { serverMsgId: sent.serverMsgId }, reason: 'moderation' }));
      expect(revoked.tipSeq).toBe(sent.seq + 1);
      const push = await peer.waitForPush((p) => p.messageRevoked != null);
      expect(push.messageRevoked?.ref?.serverMsgId).toBe(sent.serverMsgId);
      await refused(await api('revoke', { ref: { serverMsgId: '123' } }), 400, ErrorCode.MESSAGE_NOT_FOUND);
      await refused(await api('revoke', { reason: 'x' }), 400, ErrorCode.INVALID_PARAM, 'ref');
      expect((await ok(await api('config', { policy: { revokeWindowSec: null } }))).policy.revokeWindowSec).toBe(120);
      sender.close();
      peer.close();
    });

    it('refuses a bad policy and changes nothing', async () => {
      await refused(await api('config', { policy: { revokeWindowSec: -1 } }), 400, ErrorCode.INVALID_PARAM, 'policy.revokeWindowSec');
      await refused(await api('config', { policy: { noSuchKey: 1 } }), 400, ErrorCode.INVALID_PARAM);
      await refused(await api('config', { revokeWindowSec: 1 }), 400, ErrorCode.INVALID_PARAM, 'revokeWindowSec');
      const config = await ok(await api('config'));
      expect(config.overrides).toEqual({});
      expect(config.policy.revokeWindowSec).toBe(120);
    });

    it('adds and removes friends as the app server', async () => {
      await server.login('fr-a').then((c) => c.close());
      const b = await server.login('fr-b');
      await ok(await api('friends/add', { userId: 'fr-a', friendId: 'fr-b' }));
      const friends = await ok(await api('ops/friendList?subject=fr-a', {}));
      expect(friends.friends.map((f: { friendId: string }) => f.friendId)).toEqual(['fr-b']);
      const event = await b.waitForPush((p) => p.friend != null);
      expect(event.friend?.by).toBe('admin');
      await ok(await api('friends/remove', { userId: 'fr-a', friendId: 'fr-b' }));
      expect((await ok(await api('ops/friendList?subject=fr-a', {}))).friends ?? []).toHaveLength(0);
      await refused(await api('friends/add', { userId: 'fr-a' }), 400, ErrorCode.INVALID_PARAM, 'friendId');
      b.close();
    });
  });
});

describe('run-time policy on SQLite', () => {
  it('survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-admin-'));
    try {
      server = await startTestServer({ store: 'sqlite', dataDir });
      await ok(await api('config', { policy: { revokeWindowSec: 5, maxTextBytes: 100 } }));
      await server.stop();
      server = await startTestServer({ store: 'sqlite', dataDir });
      const config = await ok(await api('config'));
      expect(config.overrides).toEqual({ revokeWindowSec: 5, maxTextBytes: 100 });
      const client = await server.login('cfg-user');
      expect(await wireCode(client.request('msgSend', text(c2c('cfg-user'), 'x'.repeat(101))))).toBe(ErrorCode.TOO_LARGE);
      client.close();
      await server.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('openapi.yaml', () => {
  it('documents every admin route, and no other', () => {
    const spec = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
    const documented = [...spec.matchAll(/^ {2}\/(\S+):$/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...ADMIN_PATHS, 'ops/{opName}'].sort());
    // Both methods of config are documented under it.
    expect(spec).toMatch(/^ {2}\/config:\n {4}get:[\s\S]*?^ {4}post:/m);
  });
});
