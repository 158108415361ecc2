import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import type { AppConfig } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { createUser } from '../../src/model/users.js';
import { refusal, TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

let server: TestServer;

/** A second tenant: rooms of one app are invisible to the other. */
const OTHER_APP: AppConfig = { id: 'other', native: { apiKey: 'other-api-key-0123456789', secret: 'other-native-secret-0123456789abcdef' }, policy: {} };

const ROOM_KIND_LISTED = 1;
const ROOM_KIND_CHANNEL = 2;

/** Every push sent to these clients before the call has arrived when it resolves. */
async function settle(...clients: TestClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.request('connPing', {})));
}

async function loginOther(userId: string): Promise<TestClient> {
  await createUser(server.context.store, OTHER_APP.id, { userId }, { ifMissing: true });
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: { appId: OTHER_APP.id } });
  const token = issueToken({ appId: OTHER_APP.id, userId, kind: 'native', ttlSec: 3600 }, OTHER_APP.native.secret).token;
  await client.request('authLogin', { credential: { nativeToken: { userId, token } } });
  return client;
}

async function guest(): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: { appId: TEST_APP.id } });
  await client.request('authLogin', { credential: { anonymous: {} } });
  return client;
}

const image = (convId: string) => ({ convId, elements: [{ image: { imageFormat: 1, sizes: [{ url: 'https://example.com/a.png' }] } }] });

for (const store of ['memory', 'sqlite'] as const) {
  describe(`rooms on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store, apps: [TEST_APP, OTHER_APP] });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('creates live rooms with numeric ids and reads them by either id; ids are unique across rooms and groups', async () => {
      const owner = await server.login('cr-owner');
      const room = await owner.request('roomCreate', { room: { roomId: 'cr-room', name: 'Lobby', region: 'cn', customFields: { theme: '"dark"' }, password: 'pw' } });
      expect(room).toMatchObject({ roomId: 'cr-room', ownerId: 'cr-owner', name: 'Lobby', historyPolicy: 'none', password: 'pw' });
      expect(room.numericId).toBeGreaterThan(0);
      const byNumber = await owner.request('roomGet', { room: { numericId: room.numericId, region: 'cn' } });
      expect(byNumber.roomId).toBe('cr-room');
      expect(await refusal(owner.request('roomGet', { room: { numericId: room.numericId, region: 'us' } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      const second = await owner.request('roomCreate', { room: { name: 'Second' } });
      expect(second.numericId).toBe(room.numericId + 1);
      // The password is for managers only.
      const viewer = await server.login('cr-viewer');
      expect((await viewer.request('roomGet', { room: { roomId: 'cr-room' } })).password ?? '').toBe('');

      expect(await refusal(owner.request('roomCreate', { room: { roomId: 'cr-room' } }))).toBe(ErrorCode.ALREADY_EXISTS);
      await owner.request('groupCreate', { group: { groupId: 'cr-group', name: 'g' } });
      expect(await refusal(owner.request('roomCreate', { room: { roomId: 'cr-group' } }))).toBe(ErrorCode.ALREADY_EXISTS);
      expect(await refusal(owner.request('roomEnter', { room: { roomId: 'cr-group', kind: ROOM_KIND_CHANNEL } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      owner.close();
      viewer.close();
    });

    it('refuses bad input without creating anything', async () => {
      const owner = await server.login('bad-owner');
      expect(await refusal(owner.request('roomCreate', { room: { kind: ROOM_KIND_CHANNEL } }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('roomCreate', { room: { roomId: 'bad-1', historyPolicy: 'forever' } }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('roomCreate', { room: { roomId: 'bad-2', customFields: { x: 'not json' } } }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('roomCreate', { room: { roomId: 'x'.repeat(65) } }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('roomCreate', { room: { roomId: 'bad-3', name: 'n'.repeat(200) } }))).toBe(ErrorCode.TOO_LARGE);
      expect(await refusal(owner.request('roomCreate', { room: { roomId: 'bad-4', adminIds: ['nobody-here'] } }))).toBe(ErrorCode.USER_NOT_FOUND);
      for (const id of ['bad-1', 'bad-2', 'bad-3', 'bad-4']) expect(await refusal(owner.request('roomGet', { room: { roomId: id } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(owner.request('roomGet', { room: {} }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('roomCount', {}))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('roomEnter', { room: { roomId: 'no-such-room' } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      owner.close();
    });

    it('broadcasts to everyone present and unicasts to one member; outsiders cannot send', async () => {
      const owner = await server.login('msg-owner');
      const { roomId } = await owner.request('roomCreate', { room: { name: 'talk' } });
      const bob = await server.login('msg-bob');
      const carol = await server.login('msg-carol');
      const outsider = await server.login('msg-out');
      for (const c of [owner, bob, carol]) await c.request('roomEnter', { room: { roomId } });
      const convId = `room:${roomId}`;
      const sent = await bob.request('msgSend', text(convId, 'hello room'));
      expect(sent.seq ?? 0).toBe(0);
      expect(sent.serverMsgId).toBeTruthy();
      for (const c of [owner, carol]) {
        const got = await c.waitForPush((p) => p.message?.message?.serverMsgId === sent.serverMsgId);
        expect(got.message?.message).toMatchObject({ convId, senderId: 'msg-bob' });
      }
      // Unicast inside the room: only the receiver's sessions in the room.
      const dm = await owner.request('msgSend', { ...text(convId, 'psst'), receiverIds: ['msg-carol'] });
      await carol.waitForPush((p) => p.message?.message?.serverMsgId === dm.serverMsgId);
      await settle(bob, outsider);
      expect(bob.pushes.some((p) => p.message?.message?.serverMsgId === dm.serverMsgId)).toBe(false);
      expect(outsider.pushes.some((p) => p.message)).toBe(false);
      expect(await refusal(outsider.request('msgSend', text(convId, 'let me in')))).toBe(ErrorCode.NOT_IN_ROOM);
      expect(await refusal(owner.request('msgSend', text('room:no-such-room', 'x')))).toBe(ErrorCode.ROOM_NOT_FOUND);
      // Idempotent by client message id.
      const again = await bob.request('msgSend', text(convId, 'once', 'cmid-1'));
      const repeat = await bob.request('msgSend', text(convId, 'once', 'cmid-1'));
      expect(repeat).toMatchObject({ serverMsgId: again.serverMsgId, duplicate: true });
      for (const c of [owner, bob, carol, outsider]) c.close();
    });

    it('keeps history per policy: none keeps nothing, text:N keeps text messages only', async () => {
      const owner = await server.login('h-owner');
      const none = await owner.request('roomCreate', { room: { name: 'no history' } });
      const kept = await owner.request('roomCreate', { room: { name: 'text history', historyPolicy: 'text:7' } });
      expect(kept.historyPolicy).toBe('text:7');
      const reader = await server.login('h-reader');
      for (const c of [owner, reader]) {
        await c.request('roomEnter', { room: { roomId: none.roomId } });
        await c.request('roomEnter', { room: { roomId: kept.roomId } });
      }
      expect((await owner.request('msgSend', text(`room:${none.roomId}`, 'gone'))).seq ?? 0).toBe(0);
      expect((await owner.request('msgSend', text(`room:${kept.roomId}`, 'first'))).seq).toBe(1);
      expect((await owner.request('msgSend', image(`room:${kept.roomId}`))).seq ?? 0).toBe(0);
      expect((await owner.request('msgSend', text(`room:${kept.roomId}`, 'second'))).seq).toBe(2);
      const pushed = await reader.waitForPush((p) => p.message?.message?.seq === 2);
      expect(pushed.message?.message?.convId).toBe(`room:${kept.roomId}`);

      const history = await reader.request('msgHistory', { convId: `room:${kept.roomId}`, limit: 10 });
      expect(history.messages.map((m: { elements: { text?: { text: string } }[] }) => m.elements[0]?.text?.text)).toEqual(['first', 'second']);
      expect((await reader.request('msgHistory', { convId: `room:${none.roomId}`, limit: 10 })).messages ?? []).toEqual([]);
      expect((await reader.request('roomGet', { room: { roomId: kept.roomId } })).lastSeq).toBe(2);
      const outsider = await server.login('h-out');
      expect(await refusal(outsider.request('msgHistory', { convId: `room:${kept.roomId}`, limit: 10 }))).toBe(ErrorCode.NOT_IN_ROOM);
      for (const c of [owner, reader, outsider]) c.close();
    });

    it('mutes with an expiry and unmutes; only managers moderate', async () => {
      const owner = await server.login('mu-owner');
      const { roomId } = await owner.request('roomCreate', { room: { name: 'quiet' } });
      const bob = await server.login('mu-bob');
      const carol = await server.login('mu-carol');
      for (const c of [owner, bob, carol]) await c.request('roomEnter', { room: { roomId } });
      const convId = `room:${roomId}`;
      expect(await refusal(carol.request('roomMute', { room: { roomId }, userIds: ['mu-bob'], secs: 60 }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(bob.request('roomMute', { room: { roomId }, userIds: ['mu-owner'], secs: 60 }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(owner.request('roomMute', { room: { roomId }, userIds: [], secs: 60 }))).toBe(ErrorCode.INVALID_PARAM);

      await owner.request('roomMute', { room: { roomId }, userIds: ['mu-bob'], secs: 1, secsText: '1', reason: 'calm down' });
      const event = await carol.waitForPush((p) => Boolean(p.roomMute));
      expect(event.roomMute).toMatchObject({ roomId, by: 'mu-owner', userIds: ['mu-bob'], secsText: '1', reason: 'calm down', muted: true });
      expect((await carol.request('roomListMuted', { room: { roomId } })).userIds).toEqual(['mu-bob']);
      expect(await refusal(bob.request('msgSend', text(convId, 'hey')))).toBe(ErrorCode.MUTED);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await bob.request('msgSend', text(convId, 'free again'))).serverMsgId).toBeTruthy();
      expect((await carol.request('roomListMuted', { room: { roomId } })).userIds ?? []).toEqual([]);

      await owner.request('roomMute', { room: { roomId }, userIds: ['mu-bob'], secs: 0 });
      expect(await refusal(bob.request('msgSend', text(convId, 'hey')))).toBe(ErrorCode.MUTED);
      await owner.request('roomUnmute', { room: { roomId }, userIds: ['mu-bob'] });
      await carol.waitForPush((p) => p.roomMute?.muted === false);
      expect((await bob.request('msgSend', text(convId, 'unmuted'))).serverMsgId).toBeTruthy();
      for (const c of [owner, bob, carol]) c.close();
    });

    it('kicks with a ban: the room hears it, the user leaves and cannot re-enter', async () => {
      const owner = await server.login('k-owner');
      const admin = await server.login('k-admin');
      const { roomId } = await owner.request('roomCreate', { room: { name: 'strict', adminIds: ['k-admin'] } });
      const bob = await server.login('k-bob');
      const carol = await server.login('k-carol');
      for (const c of [owner, admin, bob, carol]) await c.request('roomEnter', { room: { roomId } });
      expect(await refusal(carol.request('roomKick', { room: { roomId }, userIds: ['k-bob'], secs: 60 }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(admin.request('roomKick', { room: { roomId }, userIds: ['k-owner'], secs: 60 }))).toBe(ErrorCode.PERMISSION_DENIED);

      await admin.request('roomKick', { room: { roomId }, userIds: ['k-bob'], secs: 60, reason: 'spam', kickType: '0' });
      const kick = await bob.waitForPush((p) => Boolean(p.roomKick));
      expect(kick.roomKick).toMatchObject({ roomId, by: 'k-admin', userIds: ['k-bob'], banSecs: 60, reason: 'spam', kickType: '0' });
      await carol.waitForPush((p) => (p.roomPresence?.left ?? []).includes('k-bob'));
      expect((await carol.request('roomCount', { room: { roomId } })).totalCount).toBe(3);
      expect(await refusal(bob.request('roomEnter', { room: { roomId } }))).toBe(ErrorCode.BANNED);
      expect(await refusal(bob.request('msgSend', text(`room:${roomId}`, 'back?')))).toBe(ErrorCode.BANNED);

      // A kick without a ban only evicts.
      await owner.request('roomKick', { room: { roomId }, userIds: ['k-carol'] });
      expect(await refusal(carol.request('msgSend', text(`room:${roomId}`, 'x')))).toBe(ErrorCode.NOT_IN_ROOM);
      expect((await carol.request('roomEnter', { room: { roomId } })).alreadyIn).toBe(false);
      for (const c of [owner, admin, bob, carol]) c.close();
    });

    it('updates the profile (managers only) and pushes room_profile; lists managers', async () => {
      const owner = await server.login('u-owner');
      const { roomId } = await owner.request('roomCreate', { room: { name: 'before', adminIds: ['u-owner'], customFields: { a: '1', b: '2' } } });
      const bob = await server.login('u-bob');
      await bob.request('roomEnter', { room: { roomId } });
      expect(await refusal(bob.request('roomUpdate', { room: { roomId }, patch: { name: 'mine' }, setFields: ['name'] }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(owner.request('roomUpdate', { room: { roomId }, patch: { ownerId: 'u-bob' }, setFields: ['ownerId'] }))).toBe(ErrorCode.INVALID_PARAM);
      await owner.request('roomUpdate', { room: { roomId }, patch: { name: 'after', bulletin: 'news', customFields: { b: '3', c: '"x"' } }, setFields: ['name', 'bulletin'] });
      const event = await bob.waitForPush((p) => Boolean(p.roomProfile));
      expect(event.roomProfile).toMatchObject({ roomId, by: 'u-owner', changedFields: ['name', 'bulletin', 'customFields'] });
      expect(event.roomProfile?.profile).toMatchObject({ name: 'after', bulletin: 'news', customFields: { a: '1', b: '3', c: '"x"' } });
      await owner.request('roomUpdate', { room: { roomId }, customMode: 3, removeCustomKeys: ['a'] });
      expect((await bob.request('roomGet', { room: { roomId } })).customFields).toEqual({ b: '3', c: '"x"' });

      expect(await bob.request('roomGetManagers', { room: { roomId }, role: 'owner' })).toMatchObject({ owners: ['u-owner'] });
      expect((await bob.request('roomGetManagers', { room: { roomId } })).admins).toEqual(['u-owner']);
      expect(await refusal(bob.request('roomGetManagers', { room: { roomId }, role: 'king' }))).toBe(ErrorCode.INVALID_PARAM);
      owner.close();
      bob.close();
    });

    it('member attributes (own, replaced, cleared on leave) and marks', async () => {
      const owner = await server.login('ma-owner');
      const { roomId } = await owner.request('roomCreate', { room: { name: 'attrs' } });
      const bob = await server.login('ma-bob');
      expect(await refusal(bob.request('roomSetMemberAttrs', { room: { roomId }, attributes: { a: '1' } }))).toBe(ErrorCode.NOT_IN_ROOM);
      for (const c of [owner, bob]) await c.request('roomEnter', { room: { roomId } });
      await bob.request('roomSetMemberAttrs', { room: { roomId }, attributes: { a: '1', b: '2' } });
      await bob.request('roomSetMemberAttrs', { room: { roomId }, attributes: { c: '3' } });
      const event = await owner.waitForPush((p) => p.roomMemberAttrs?.attributes?.c === '3');
      expect(event.roomMemberAttrs?.userId).toBe('ma-bob');
      expect((await owner.request('roomListMemberAttrs', { room: { roomId } })).members).toEqual([{ userId: 'ma-bob', attributes: { c: '3' } }]);

      expect(await refusal(bob.request('roomMarkMembers', { room: { roomId }, userIds: ['ma-owner'], mark: 1000, enable: true }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(owner.request('roomMarkMembers', { room: { roomId }, userIds: ['ma-bob'], mark: 5, enable: true }))).toBe(ErrorCode.INVALID_PARAM);
      await owner.request('roomMarkMembers', { room: { roomId }, userIds: ['ma-bob'], mark: 1001, enable: true });
      expect((await owner.request('roomListMembers', { room: { roomId }, mark: 1001 })).userIds).toEqual(['ma-bob']);
      const page = await owner.request('roomListMembers', { room: { roomId }, count: 1 });
      expect(page).toMatchObject({ userIds: ['ma-owner'], nextOffset: 1 });

      await bob.request('roomExit', { room: { roomId } });
      expect((await owner.request('roomListMemberAttrs', { room: { roomId } })).members ?? []).toEqual([]);
      owner.close();
      bob.close();
    });

    it('dismisses: everyone present hears room_dismissed and the room is gone', async () => {
      const owner = await server.login('d-owner');
      const { roomId } = await owner.request('roomCreate', { room: { name: 'doomed' } });
      const bob = await server.login('d-bob');
      for (const c of [owner, bob]) await c.request('roomEnter', { room: { roomId } });
      await owner.request('attrWrite', { scope: { roomId }, mode: 2, entries: { k: 'v' } });
      expect(await refusal(bob.request('roomDismiss', { room: { roomId } }))).toBe(ErrorCode.PERMISSION_DENIED);
      await owner.request('roomDismiss', { room: { roomId } });
      const gone = await bob.waitForPush((p) => Boolean(p.roomDismissed));
      expect(gone.roomDismissed).toMatchObject({ roomId, by: 'd-owner' });
      expect(await refusal(bob.request('roomGet', { room: { roomId } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(bob.request('roomEnter', { room: { roomId } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(bob.request('msgSend', text(`room:${roomId}`, 'hello?')))).toBe(ErrorCode.ROOM_NOT_FOUND);
      // The id can be used again, with nothing left over.
      await owner.request('roomCreate', { room: { roomId, name: 'reborn' } });
      await owner.request('roomEnter', { room: { roomId } });
      expect((await owner.request('attrRead', { scope: { roomId } })).entries ?? {}).toEqual({});
      owner.close();
      bob.close();
    });

    it('listed rooms: a member list, delivery to members online, member edits by members', async () => {
      const ann = await server.login('li-ann');
      const ben = await server.login('li-ben');
      const cid = await server.login('li-cid');
      const room = await ann.request('roomCreate', { room: { kind: ROOM_KIND_LISTED, name: 'Book club', memberIds: ['li-ann', 'li-ben'], customFields: { topic: '"books"' } } });
      expect(room.ownerId ?? '').toBe('');
      expect(room.memberIds).toEqual(['li-ann', 'li-ben']);
      expect((await ben.request('roomListJoined', {})).rooms.map((r: { roomId: string }) => r.roomId)).toEqual([room.roomId]);
      expect((await ben.request('roomListJoined', { withDetail: true })).rooms[0].name).toBe('Book club');

      // No entering needed: members online receive it.
      const sent = await ann.request('msgSend', text(`room:${room.roomId}`, 'chapter 1'));
      await ben.waitForPush((p) => p.message?.message?.serverMsgId === sent.serverMsgId);
      expect(await refusal(cid.request('msgSend', text(`room:${room.roomId}`, 'me too')))).toBe(ErrorCode.NOT_MEMBER);
      expect(await refusal(cid.request('roomAddMembers', { room: { roomId: room.roomId }, userIds: ['li-cid'] }))).toBe(ErrorCode.NOT_MEMBER);
      expect(await refusal(cid.request('roomEnter', { room: { roomId: room.roomId } }))).toBe(ErrorCode.NOT_MEMBER);

      await ben.request('roomAddMembers', { room: { roomId: room.roomId }, userIds: ['li-cid'] });
      expect((await cid.request('roomListMembers', { room: { roomId: room.roomId } })).userIds).toEqual(['li-ann', 'li-ben', 'li-cid']);
      await ann.request('roomRemoveMembers', { room: { roomId: room.roomId }, userIds: ['li-ben'] });
      expect((await ben.request('roomListJoined', {})).rooms ?? []).toEqual([]);
      expect(await refusal(ann.request('roomAddMembers', { room: { roomId: room.roomId }, userIds: ['nobody-at-all'] }))).toBe(ErrorCode.USER_NOT_FOUND);

      const found = await ann.request('roomSearch', { filter: { topic: '"books"' } });
      expect(found.rooms.map((r: { roomId: string }) => r.roomId)).toEqual([room.roomId]);
      expect(await refusal(ann.request('roomSearch', { filter: { topic: 'books' } }))).toBe(ErrorCode.INVALID_PARAM);

      // Listed rooms have no owner: dismissing needs app privilege.
      expect(await refusal(ann.request('roomDismiss', { room: { roomId: room.roomId } }))).toBe(ErrorCode.PERMISSION_DENIED);
      const admin = await server.loginPrivileged('li-admin');
      await admin.request('roomDismiss', { room: { roomId: room.roomId } });
      expect((await cid.request('roomListJoined', {})).rooms ?? []).toEqual([]);
      for (const c of [ann, ben, cid, admin]) c.close();
    });

    it('channels are created by entering; they keep no history', async () => {
      const ann = await server.login('ch-ann');
      const ben = await server.login('ch-ben');
      const channel = { roomId: 'ch-news', kind: ROOM_KIND_CHANNEL };
      expect(await refusal(ann.request('roomCount', { room: channel }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      const entered = await ann.request('roomEnter', { room: channel });
      expect(entered.room).toMatchObject({ roomId: 'ch-news', kind: ROOM_KIND_CHANNEL, historyPolicy: 'none' });
      await ben.request('roomEnter', { room: channel });
      const sent = await ann.request('msgSend', text('channel:ch-news', 'breaking'));
      expect(sent.seq ?? 0).toBe(0);
      const got = await ben.waitForPush((p) => p.message?.message?.serverMsgId === sent.serverMsgId);
      expect(got.message?.message?.convId).toBe('channel:ch-news');
      expect((await ann.request('roomCount', { room: channel })).totalCount).toBe(2);
      expect(await refusal(ann.request('roomGet', { room: { roomId: 'ch-news' } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(ann.request('roomUpdate', { room: channel, patch: { name: 'x' }, setFields: ['name'] }))).toBe(ErrorCode.NOT_SUPPORTED);
      ann.close();
      ben.close();
    });

    it('guests enter rooms that admit them, and may not create rooms', async () => {
      const owner = await server.login('g-owner');
      const open = await owner.request('roomCreate', { room: { name: 'open', allowAnonymous: true } });
      const closed = await owner.request('roomCreate', { room: { name: 'closed' } });
      const viewer = await guest();
      expect((await viewer.request('roomEnter', { room: { roomId: open.roomId } })).count).toBe(1);
      expect((await viewer.request('roomCount', { room: { roomId: open.roomId } })).totalCount).toBe(1);
      expect(await refusal(viewer.request('roomEnter', { room: { roomId: closed.roomId } }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(viewer.request('roomCreate', { room: { name: 'mine' } }))).toBe(ErrorCode.PERMISSION_DENIED);
      await viewer.request('roomExit', { room: { roomId: open.roomId } });
      owner.close();
      viewer.close();
    });

    it('refuses entry to a full room and with a wrong password; managers pass', async () => {
      const owner = await server.login('cap-owner');
      const { roomId } = await owner.request('roomCreate', { room: { name: 'tiny', maxUsers: 1, password: 'secret' } });
      const bob = await server.login('cap-bob');
      await owner.request('roomEnter', { room: { roomId } });
      expect(await refusal(bob.request('roomEnter', { room: { roomId }, password: 'secret' }))).toBe(ErrorCode.LIMIT_EXCEEDED);
      await owner.request('roomExit', { room: { roomId } });
      expect(await refusal(bob.request('roomEnter', { room: { roomId }, password: 'guess' }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect((await bob.request('roomEnter', { room: { roomId }, password: 'secret' })).count).toBe(1);
      expect((await owner.request('roomEnter', { room: { roomId } })).count).toBe(2);
      owner.close();
      bob.close();
    });

    it('keeps tenants apart: a room of one app is not found from another', async () => {
      const owner = await server.login('t-owner');
      const room = await owner.request('roomCreate', { room: { roomId: 't-room', name: 'mine' } });
      const stranger = await loginOther('t-owner');
      expect(await refusal(stranger.request('roomGet', { room: { roomId: 't-room' } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(stranger.request('roomGet', { room: { numericId: room.numericId } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(stranger.request('roomEnter', { room: { roomId: 't-room' } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(stranger.request('roomDismiss', { room: { roomId: 't-room' } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(stranger.request('msgSend', text('room:t-room', 'hi')))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect((await owner.request('roomGet', { room: { roomId: 't-room' } })).name).toBe('mine');
      owner.close();
      stranger.close();
    });
  });
}
