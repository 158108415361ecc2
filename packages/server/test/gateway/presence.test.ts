import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import type { AppConfig } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { createUser } from '../../src/model/users.js';
import { OTHER_APP } from '../helpers/app.js';
import { refusal, TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const { PresenceStatus } = parley.v1;

/** A short resume grace so `disconnected` turns `offline` within the test. */
const GRACE_MS = 300;
const APP: AppConfig = { ...TEST_APP, policy: { ...TEST_APP.policy, resumeGraceMs: GRACE_MS } };

let server: TestServer;

const presenceOf = (userId: string, status: number) => (p: parley.v1.Push) => p.presence?.userId === userId && p.presence.status === status;

async function statusOf(client: TestClient, userId: string): Promise<parley.v1.IPresence> {
  return (await client.request('presenceQuery', { userIds: [userId] })).presences[0];
}

for (const store of ['memory', 'sqlite'] as const) {
  describe(`presence on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store }, APP);
    });
    afterAll(async () => {
      await server.stop();
    });

    it('goes online → disconnected (socket dropped) → offline after the grace, pushing each step to subscribers', async () => {
      const watcher = await server.login('watcher');
      let bob = await server.login('bob');
      await watcher.request('presenceSubscribe', { userIds: ['bob'] });
      expect(await statusOf(watcher, 'bob')).toMatchObject({ userId: 'bob', status: PresenceStatus.PRESENCE_STATUS_ONLINE, sessionCount: 1 });

      bob.terminate();
      await watcher.waitForPush(presenceOf('bob', PresenceStatus.PRESENCE_STATUS_DISCONNECTED));
      expect((await statusOf(watcher, 'bob')).status).toBe(PresenceStatus.PRESENCE_STATUS_DISCONNECTED);
      const offline = await watcher.waitForPush(presenceOf('bob', PresenceStatus.PRESENCE_STATUS_OFFLINE));
      expect(offline.cursor).toBe(0);
      expect(await statusOf(watcher, 'bob')).toMatchObject({ status: PresenceStatus.PRESENCE_STATUS_OFFLINE, sessionCount: 0 });

      bob = await server.login('bob');
      await watcher.waitForPush((p) => presenceOf('bob', PresenceStatus.PRESENCE_STATUS_ONLINE)(p) && watcher.pushes.indexOf(p) > watcher.pushes.indexOf(offline));
      // A logout ends the session at once: no grace period.
      await bob.request('authLogout', {});
      const loggedOut = await watcher.waitForPush((p) => presenceOf('bob', PresenceStatus.PRESENCE_STATUS_OFFLINE)(p) && p !== offline);
      const steps = watcher.pushes.filter((p) => p.presence?.userId === 'bob').map((p) => p.presence?.status);
      expect(steps).toEqual([
        PresenceStatus.PRESENCE_STATUS_DISCONNECTED,
        PresenceStatus.PRESENCE_STATUS_OFFLINE,
        PresenceStatus.PRESENCE_STATUS_ONLINE,
        PresenceStatus.PRESENCE_STATUS_OFFLINE,
      ]);
      expect(loggedOut.presence?.sessionCount).toBe(0);
      watcher.close();
    });

    it('a resume inside the grace period keeps the user online for subscribers', async () => {
      const watcher = await server.login('watcher2');
      const carl = await server.login('carl');
      await watcher.request('presenceSubscribe', { userIds: ['carl'] });
      carl.terminate();
      await watcher.waitForPush(presenceOf('carl', PresenceStatus.PRESENCE_STATUS_DISCONNECTED));
      const again = await TestClient.connect(server.url);
      await again.request('connHello', { app: { appId: APP.id } });
      await again.request('authResume', { resumeToken: carl.login.resumeToken });
      await watcher.waitForPush(presenceOf('carl', PresenceStatus.PRESENCE_STATUS_ONLINE));
      // Past the grace period the resumed session is still online: its grace timer was cancelled.
      await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 100));
      expect((await statusOf(watcher, 'carl')).status).toBe(PresenceStatus.PRESENCE_STATUS_ONLINE);
      expect(watcher.pushes.some(presenceOf('carl', PresenceStatus.PRESENCE_STATUS_OFFLINE))).toBe(false);
      again.close();
      watcher.close();
    });

    it('keeps and pushes a custom status; unsubscribing stops the pushes', async () => {
      const fan = await server.login('fan');
      const star = await server.login('star');
      await createUser(server.context.store, APP.id, { userId: 'other-star' });
      await fan.request('presenceSubscribe', { userIds: ['star', 'other-star'] });
      await star.request('presenceSetCustomStatus', { customStatus: 'in a meeting 📅' });
      const push = await fan.waitForPush((p) => p.presence?.userId === 'star');
      expect(push.presence).toMatchObject({ status: PresenceStatus.PRESENCE_STATUS_ONLINE, customStatus: 'in a meeting 📅' });
      expect(await statusOf(fan, 'star')).toMatchObject({ customStatus: 'in a meeting 📅' });
      // A profile change reaches presence subscribers too (live only: no stream row for them).
      await star.request('userUpdateProfile', { patch: { nickname: 'Star' }, setFields: ['nickname'] });
      const profile = await fan.waitForPush((p) => p.profile?.profile?.userId === 'star');
      expect(profile.cursor).toBe(0);

      await fan.request('presenceUnsubscribe', { userIds: ['star'] });
      await star.request('presenceSetCustomStatus', { customStatus: '' });
      expect((await statusOf(fan, 'star')).customStatus).toBe('');
      // A later push on the same socket proves the unsubscribed one would have arrived by now.
      const barrier = await server.login('other-star');
      await fan.waitForPush(presenceOf('other-star', PresenceStatus.PRESENCE_STATUS_ONLINE));
      expect(fan.pushes.filter((p) => p.presence?.userId === 'star')).toHaveLength(1);
      // Unsubscribing from everything.
      await fan.request('presenceUnsubscribe', { all: true });
      barrier.terminate();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await fan.request('presenceSubscribe', { userIds: ['star'] });
      await star.request('presenceSetCustomStatus', { customStatus: 'back' });
      await fan.waitForPush((p) => p.presence?.userId === 'star' && p.presence.customStatus === 'back');
      expect(fan.pushes.filter((p) => p.presence?.userId === 'other-star').map((p) => p.presence?.status)).toEqual([PresenceStatus.PRESENCE_STATUS_ONLINE]);
      fan.close();
      star.close();
    });

    it('answers unknown for ids of no user and refuses bad input', async () => {
      const quinn = await server.login('quinn');
      await createUser(server.context.store, APP.id, { userId: 'sleeper' });
      const { presences } = await quinn.request('presenceQuery', { userIds: ['quinn', 'nobody-at-all', 'sleeper'] });
      expect(presences.map((p: parley.v1.IPresence) => p.status)).toEqual([
        PresenceStatus.PRESENCE_STATUS_ONLINE,
        PresenceStatus.PRESENCE_STATUS_UNKNOWN,
        PresenceStatus.PRESENCE_STATUS_OFFLINE,
      ]);
      expect((await quinn.request('presenceQuery', { userIds: [] })).presences[0].userId).toBe('quinn');
      const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
      expect(await refusal(quinn.request('presenceQuery', { userIds: ids(501) }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(quinn.request('presenceQuery', { userIds: [''] }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(quinn.request('presenceSubscribe', { userIds: ids(101) }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(quinn.request('presenceSubscribe', { userIds: [] }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(quinn.request('presenceSubscribe', { userIds: ['sleeper', 'nobody-at-all'] }))).toBe(ErrorCode.USER_NOT_FOUND);
      expect(await refusal(quinn.request('presenceSetCustomStatus', { customStatus: 'x'.repeat(257) }))).toBe(ErrorCode.TOO_LARGE);
      quinn.close();
    });
  });
}

describe('presence with friendBroadcast (MaxLeap)', () => {
  let ml: TestServer;
  beforeAll(async () => {
    ml = await startTestServer({}, { ...APP, policy: { ...APP.policy, presenceFriendBroadcast: true, resumeGraceMs: 0 } });
  });
  afterAll(async () => {
    await ml.stop();
  });

  it('pushes transitions to every friend without a subscription, and to nobody else', async () => {
    const ann = await ml.login('ann');
    const ben = await ml.login('ben');
    const stranger = await ml.login('stranger');
    await ann.request('userUpdateProfile', { patch: { allowType: 1 }, setFields: ['allowType'] });
    await ben.request('friendAddDirect', { friendId: 'ann' });
    // No grace period: a dropped socket is offline at once.
    ann.terminate();
    await ben.waitForPush(presenceOf('ann', PresenceStatus.PRESENCE_STATUS_OFFLINE));
    const back = await ml.login('ann');
    await ben.waitForPush(presenceOf('ann', PresenceStatus.PRESENCE_STATUS_ONLINE));
    expect(stranger.pushes.filter((p) => p.presence)).toHaveLength(0);
    back.close();
    ben.close();
    stranger.close();
  });
});

describe('presence across tenants', () => {
  let two: TestServer;
  beforeAll(async () => {
    two = await startTestServer({ apps: [APP, OTHER_APP] }, APP);
  });
  afterAll(async () => {
    await two.stop();
  });

  it('a user of another app is unknown, cannot be subscribed to and gets no pushes', async () => {
    await createUser(two.context.store, OTHER_APP.id, { userId: 'twin' });
    const local = await two.login('local');
    expect((await statusOf(local, 'twin')).status).toBe(PresenceStatus.PRESENCE_STATUS_UNKNOWN);
    expect(await refusal(local.request('presenceSubscribe', { userIds: ['twin'] }))).toBe(ErrorCode.USER_NOT_FOUND);

    // The same id in both apps: the local twin's subscriber sees only the local one.
    await createUser(two.context.store, APP.id, { userId: 'twin' });
    await local.request('presenceSubscribe', { userIds: ['twin'] });
    const remote = await TestClient.connect(two.url);
    await remote.request('connHello', { app: { appId: OTHER_APP.id } });
    const token = issueToken({ appId: OTHER_APP.id, userId: 'twin', kind: 'native', ttlSec: 3600 }, OTHER_APP.native.secret).token;
    await remote.request('authLogin', { credential: { nativeToken: { userId: 'twin', token } } });
    expect((await statusOf(local, 'twin')).status).toBe(PresenceStatus.PRESENCE_STATUS_OFFLINE);
    const localTwin = await two.login('twin');
    await local.waitForPush(presenceOf('twin', PresenceStatus.PRESENCE_STATUS_ONLINE));
    expect(local.pushes.filter((p) => p.presence)).toHaveLength(1);
    remote.close();
    localTwin.close();
    local.close();
  });
});
