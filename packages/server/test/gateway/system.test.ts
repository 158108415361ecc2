import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxleapSign } from '../../src/auth/index.js';
import { ErrorCode } from '../../src/errors.js';
import { TestClient, WireError } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const { SystemScope, NoticeKind } = parley.v1;
const ml = TEST_APP.maxleap as NonNullable<typeof TEST_APP.maxleap>;

let server: TestServer;

async function refusal(promise: Promise<unknown>): Promise<{ code: number; detail: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WireError) return { code: error.code, detail: error.detail };
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A session with app privilege (§5.2): a MaxLeap client-key sign, `allowClientKeyAdmin` on by default. */
async function loginPrivileged(userId: string): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: { maxleapAppId: ml.appId }, proof: { maxleapSign: maxleapSign(ml.keys.client ?? '', Date.now()) } });
  await client.request('authLogin', { credential: { maxleapUser: { userId } } });
  return client;
}

/** The custom notice of a `notice` push or a stored system entry. */
function noticeOf(message: parley.v1.IMessage | null | undefined): parley.v1.INoticeElem | null | undefined {
  return message?.elements?.[0]?.notice;
}

const hello = (text: string) => [{ text: { text } }];

/** A `notice` push of a custom notice (groups and friends send notices of their own). */
const isCustom = (p: parley.v1.Push): boolean => noticeOf(p.notice?.message)?.kind === NoticeKind.NOTICE_CUSTOM;

for (const store of ['memory', 'sqlite'] as const) {
  describe(`system.send on the ${store} store`, () => {
    let admin: TestClient;

    beforeAll(async () => {
      server = await startTestServer({ store });
      admin = await loginPrivileged('ml-admin');
    });
    afterAll(async () => {
      admin.close();
      await server.stop();
    });

    it('scope user: a custom notice in the user system log, pushed live and in its history', async () => {
      const alice = await server.login('sys-alice');
      const second = await server.login('sys-alice');
      await admin.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-alice', elements: hello('welcome'), ts: 1_700_000_000_000 });
      for (const session of [alice, second]) {
        const push = await session.waitForPush(isCustom);
        const message = push.notice?.message;
        expect(message?.convId).toBe('system');
        expect(message?.seq).toBe(1);
        expect(message?.senderId).toBe('');
        expect(message?.clientTime).toBe(1_700_000_000_000);
        expect(noticeOf(message)?.kind).toBe(NoticeKind.NOTICE_CUSTOM);
        expect(noticeOf(message)?.scope).toBe(SystemScope.SYSTEM_SCOPE_USER);
        expect(noticeOf(message)?.elements?.[0]?.text?.text).toBe('welcome');
        expect(push.cursor).toBeGreaterThan(0);
      }
      const history = await alice.request('msgHistory', { convId: 'system' });
      expect(history.messages).toHaveLength(1);
      expect(history.messages[0].fallbackText).toBe('welcome');
      const list = await alice.request('convList', {});
      expect(list.conversations.map((c: { convId: string }) => c.convId)).toContain('system');
      alice.close();
      second.close();
    });

    it('scope user: MaxLeap {media, body} content travels as content_json', async () => {
      const bob = await server.login('sys-bob');
      const content = JSON.stringify({ media: 0, body: 'SYSTEM_MESSAGE_BODY' });
      await admin.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-bob', contentJson: content, ts: 42 });
      const push = await bob.waitForPush(isCustom);
      expect(noticeOf(push.notice?.message)?.data).toBe(content);
      expect(push.notice?.message?.fallbackText).toBe('SYSTEM_MESSAGE_BODY');
      expect(push.notice?.message?.clientTime).toBe(42);
      bob.close();
    });

    it('scope group: each member gets a notice in their own system log', async () => {
      const owner = await server.login('sys-owner');
      const members = ['sys-m1', 'sys-m2'];
      const clients = await Promise.all(members.map((m) => server.login(m)));
      const outsider = await server.login('sys-outsider');
      await owner.request('groupCreate', { group: { groupId: `sys-group-${store}`, name: 'g' }, members: members.map((userId) => ({ userId })) });
      await admin.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_GROUP, targetId: `sys-group-${store}`, elements: hello('group news') });
      for (const client of [owner, ...clients]) {
        const push = await client.waitForPush(isCustom);
        expect(push.notice?.message?.convId).toBe('system');
        expect(noticeOf(push.notice?.message)?.groupId).toBe(`sys-group-${store}`);
        expect(noticeOf(push.notice?.message)?.scope).toBe(SystemScope.SYSTEM_SCOPE_GROUP);
        const history = await client.request('msgHistory', { convId: 'system' });
        const custom = history.messages.filter((m: parley.v1.IMessage) => noticeOf(m)?.kind === NoticeKind.NOTICE_CUSTOM);
        expect(custom.map((m: parley.v1.IMessage) => noticeOf(m)?.elements?.[0]?.text?.text)).toEqual(['group news']);
      }
      await outsider.request('connPing', {});
      expect(outsider.pushes.filter(isCustom)).toHaveLength(0);
      for (const client of [owner, outsider, ...clients]) client.close();
    });

    it('scope room: sessions present in the room get it live; nothing is stored', async () => {
      const roomId = `sys-room-${store}`;
      const host = await server.login('sys-host');
      const viewer = await server.login('sys-viewer');
      const away = await server.login('sys-away');
      await host.request('roomCreate', { room: { roomId, name: 'live' } });
      await viewer.request('roomEnter', { room: { roomId } });
      await admin.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_ROOM, targetId: roomId, elements: hello('on air') });
      const push = await viewer.waitForPush(isCustom);
      expect(noticeOf(push.notice?.message)?.roomId).toBe(roomId);
      expect(noticeOf(push.notice?.message)?.elements?.[0]?.text?.text).toBe('on air');
      expect(push.notice?.message?.seq).toBe(0);
      await away.request('connPing', {});
      expect(away.pushes.filter(isCustom)).toHaveLength(0);
      const history = await viewer.request('msgHistory', { convId: 'system' });
      expect(history.messages).toHaveLength(0);
      expect((await refusal(admin.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_ROOM, targetId: 'no-such-room', elements: hello('x') }))).code).toBe(ErrorCode.ROOM_NOT_FOUND);
      for (const client of [host, viewer, away]) client.close();
    });

    it('scope room on a listed (MaxLeap) room: members online get it without entering', async () => {
      const owner = await server.login(`sys-lr-owner-${store}`);
      const member = await server.login(`sys-lr-member-${store}`);
      const stranger = await server.login(`sys-lr-stranger-${store}`);
      const room = await owner.request('roomCreate', { room: { kind: 1, name: 'club', memberIds: [owner.userId, member.userId] } });
      await admin.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_ROOM, targetId: room.roomId, elements: hello('club news') });
      const push = await member.waitForPush(isCustom);
      expect(noticeOf(push.notice?.message)?.elements?.[0]?.text?.text).toBe('club news');
      await stranger.request('connPing', {});
      expect(stranger.pushes.filter(isCustom)).toHaveLength(0);
      for (const client of [owner, member, stranger]) client.close();
    });

    it('scope all: one broadcast entry, one push per live session, found by an offline user after login', async () => {
      await server.login('sys-offline').then((c) => c.close());
      const online = await server.login('sys-online');
      const before = await online.request('syncChanges', { cursor: 0 });
      await admin.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_ALL, elements: hello('maintenance at noon') });
      const push = await online.waitForPush(isCustom);
      expect(push.notice?.message?.convId).toBe('system:all');
      expect(push.notice?.message?.seq).toBe(1);
      expect(noticeOf(push.notice?.message)?.scope).toBe(SystemScope.SYSTEM_SCOPE_ALL);
      await online.request('connPing', {});
      expect(online.pushes.filter(isCustom)).toHaveLength(1);
      // The privileged sender's own session is a live session of the app too.
      await admin.waitForPush((p) => p.notice?.message?.convId === 'system:all');

      // Offline: the change stream announces the new broadcast head on the next read.
      const late = await server.login('sys-offline');
      const changes = await late.request('syncChanges', { cursor: 0 });
      const head = changes.changes.find((c: parley.v1.IChangeEntry) => c.systemHead != null);
      expect(head?.systemHead?.broadcastSeq).toBe(1);
      const pulled = await late.request('syncPull', { ranges: [{ convId: 'system:all', fromSeq: 0 }] });
      expect(pulled.ranges[0].maxSeq).toBe(1);
      expect(noticeOf(pulled.ranges[0].messages[0])?.elements?.[0]?.text?.text).toBe('maintenance at noon');
      const history = await late.request('msgHistory', { convId: 'system:all' });
      expect(history.messages).toHaveLength(1);
      // Read once, the stream does not announce the same head again.
      const again = await late.request('syncChanges', { cursor: changes.cursor });
      expect(again.changes.filter((c: parley.v1.IChangeEntry) => c.systemHead != null)).toHaveLength(0);
      // The online user's stream carries it too (idempotent with the live push).
      const onlineChanges = await online.request('syncChanges', { cursor: before.cursor });
      expect(onlineChanges.changes.find((c: parley.v1.IChangeEntry) => c.systemHead != null)?.systemHead?.broadcastSeq).toBe(1);
      // Nobody writes to the broadcast log with msg.send.
      expect((await refusal(late.request('msgSend', { convId: 'system:all', elements: hello('me too') }))).code).toBe(ErrorCode.PERMISSION_DENIED);
      late.close();
      online.close();
    });

    it('refuses a session without app privilege', async () => {
      const plain = await server.login('sys-plain');
      const denied = await refusal(plain.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_ALL, elements: hello('x') }));
      expect(denied.code).toBe(ErrorCode.PERMISSION_DENIED);
      expect((await refusal(plain.request('systemSend', { scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-plain', elements: hello('x') }))).code).toBe(
        ErrorCode.PERMISSION_DENIED,
      );
      const history = await plain.request('msgHistory', { convId: 'system' });
      expect(history.messages).toHaveLength(0);
      plain.close();
    });

    it('refuses bad input with typed errors and stores nothing', async () => {
      const target = await server.login('sys-target');
      const cases: [object, number, string][] = [
        [{ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-target' }, ErrorCode.INVALID_PARAM, 'elements'],
        [{ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: '', elements: hello('x') }, ErrorCode.INVALID_PARAM, 'targetId'],
        [{ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'nobody-here', elements: hello('x') }, ErrorCode.USER_NOT_FOUND, 'targetId'],
        [{ scope: SystemScope.SYSTEM_SCOPE_GROUP, targetId: 'no-such-group', elements: hello('x') }, ErrorCode.GROUP_NOT_FOUND, 'targetId'],
        [{ scope: SystemScope.SYSTEM_SCOPE_ALL, targetId: 'sys-target', elements: hello('x') }, ErrorCode.INVALID_PARAM, 'targetId'],
        [{ scope: 9, targetId: 'sys-target', elements: hello('x') }, ErrorCode.INVALID_PARAM, 'scope'],
        [{ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-target', contentJson: '{not json' }, ErrorCode.INVALID_PARAM, 'contentJson'],
        [{ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-target', contentJson: '[1]' }, ErrorCode.INVALID_PARAM, 'contentJson'],
        [{ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-target', elements: [{ groupTip: { text: 'forged' } }] }, ErrorCode.INVALID_PARAM, 'elements[0]'],
        [{ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-target', elements: hello('x'.repeat(12_001)) }, ErrorCode.TOO_LARGE, 'elements[0]'],
        [{ scope: SystemScope.SYSTEM_SCOPE_USER, targetId: 'sys-target', elements: hello('x'), ts: -1 }, ErrorCode.INVALID_PARAM, 'ts'],
      ];
      for (const [payload, code, detail] of cases) {
        const error = await refusal(admin.request('systemSend', payload));
        expect({ payload, code: error.code, detail: error.detail }).toEqual({ payload, code, detail });
      }
      const history = await target.request('msgHistory', { convId: 'system' });
      expect(history.messages).toHaveLength(0);
      target.close();
    });
  });
}
