import { roomsOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, type Harness } from '../helpers/harness.js';
import { HUMMER_APPID, type HummerPage, hummerPage, hummerToken, loadHummer, type RoomPage, roomOf, type Seen, startHummerHarness } from '../helpers/hummer.js';

let h: Harness;
let roomid = 0;
beforeAll(async () => {
  // Counts pushed at once; a member whose link is down is evicted after 300 ms.
  h = await startHummerHarness({ roomCountPushIntervalMs: 0, roomEvictAfterMs: 300 });
  // The room as the app's server would make it: a live room in region cn that keeps text chats.
  const host = await h.login('777666');
  const room = await roomsOf(host).create({ name: 'nginx大讲堂', region: 'cn', historyPolicy: 'text:7' });
  roomid = room.numericId ?? 0;
  await host.logout();
});
afterAll(async () => {
  await h.stop(true);
});

/** A WebSocket whose link can be cut and kept down (the reconnects are refused) until restored. */
function flakyLink() {
  const state = { down: false, sockets: new Set<WebSocket>() };
  class FlakySocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(state.down ? 'ws://127.0.0.1:9/parley/ws' : url, protocols);
      state.sockets.add(this);
    }
  }
  return {
    WebSocket: FlakySocket,
    down() {
      state.down = true;
      for (const socket of state.sockets) socket.terminate();
      state.sockets.clear();
    },
    up() {
      state.down = false;
    },
  };
}

/** A logged-in page whose link {@link flakyLink} controls. */
async function flakyPage(uid: string) {
  const mod = await loadHummer(h);
  const link = flakyLink();
  mod.configure({ WebSocket: link.WebSocket as never });
  const hummer = mod.createHummer({ appid: HUMMER_APPID });
  const events: Seen[] = [];
  const page: HummerPage = { mod, hummer, uid, events, seen: (name) => events.filter((e) => e.name === name).map((e) => e.data) };
  await hummer.login({ region: 'cn', uid, token: await hummerToken(h, uid) });
  return { page, link };
}

const echo = (uid: string) => ({ rescode: 0, msg: 'OK', appid: HUMMER_APPID, uid, roomid, props: {} });
const requestId = expect.stringMatching(/^\d+$/);

let owner: HummerPage;
let ownerRoom: RoomPage;
let alice: RoomPage;
let bob: RoomPage;

describe('Hummer ChatRoom membership, messages, moderation and history', () => {
  it('join: results echo the context; the others get UserOnlineUpdated and UserCountUpdated; 2005 again, 2004 for no room; counts and user-list pages', async () => {
    owner = await hummerPage(h, '777666');
    ownerRoom = await roomOf(owner, roomid, { join: false });
    expect(await ownerRoom.room.joinChatRoom({ joinProps: { from: 'web' } })).toEqual(echo('777666'));
    await expect(ownerRoom.room.joinChatRoom({ joinProps: {} })).rejects.toEqual({ rescode: 2005, msg: expect.any(String) });
    await expect((await roomOf(owner, 987654, { join: false })).room.joinChatRoom({})).rejects.toMatchObject({ rescode: 2004 });

    alice = await roomOf(await hummerPage(h, '888999'), roomid);
    await eventually(() => expect(ownerRoom.seen('UserOnlineUpdated')).toEqual([{ joinUsers: ['888999'], leaveUsers: [] }]));
    await eventually(() => expect(ownerRoom.seen('UserCountUpdated')).toContainEqual({ totalCount: 2 }));
    bob = await roomOf(await hummerPage(h, '123'), roomid);
    await eventually(() => expect(alice.seen('UserOnlineUpdated')).toEqual([{ joinUsers: ['123'], leaveUsers: [] }]));
    await eventually(() => expect(alice.seen('UserCountUpdated').at(-1)).toEqual({ totalCount: 3 }));

    expect(await bob.room.getChatRoomUserCount()).toEqual({ ...echo('123'), totalCount: 3 });
    expect(await bob.room.getUserList({ num: 2, pos: 0 })).toEqual({ ...echo('123'), pos: 0, uids: ['777666', '888999'] });
    expect(await bob.room.getUserList({ num: 2, pos: 1 })).toMatchObject({ pos: 1, uids: ['123'] });
    expect(await bob.room.getUserList({ num: 2, pos: 2 })).toMatchObject({ pos: 2, uids: [] });
    await expect(bob.room.getUserList({ num: 0, pos: 0 })).rejects.toMatchObject({ rescode: 1002 });
  });

  it('GroupMessage, TextChat (extra delivered as {extra}) and SingleUserMessage, to another user and to oneself; the sender sees its own broadcasts', async () => {
    expect(await alice.room.sendGroupMessage({ content: 'js_sdk sendGroupMessage', kvExtra: { name: '张三' } })).toEqual(echo('888999'));
    const group = { uid: '888999', content: 'js_sdk sendGroupMessage', kvExtra: { name: '张三' }, requestId };
    for (const page of [ownerRoom, bob, alice]) await eventually(() => expect(page.seen('GroupMessage')).toEqual([group]));
    const [heard] = ownerRoom.seen('GroupMessage') as Array<{ requestId: string }>;
    expect(alice.seen('GroupMessage')).toEqual([{ ...group, requestId: heard?.requestId }]);

    await bob.room.sendTextChat({ chat: 'js_sdk sendTextChat', kvExtra: { sss: '你好' } });
    await alice.room.sendTextChat({ chat: 'legacy', extra: 'old-mobile', kvExtra: {} });
    const chats = [
      { appid: HUMMER_APPID, uid: '123', roomid, chat: 'js_sdk sendTextChat', extra: { extra: '' }, kvExtra: { sss: '你好' } },
      { appid: HUMMER_APPID, uid: '888999', roomid, chat: 'legacy', extra: { extra: 'old-mobile' }, kvExtra: {} },
    ];
    for (const page of [ownerRoom, bob, alice]) await eventually(() => expect(page.seen('TextChat')).toEqual(chats));
    await expect(alice.room.sendTextChat({ chat: 'x', kvExtra: { extra: 'clash' } })).rejects.toMatchObject({ rescode: 1002 });

    await ownerRoom.room.sendSingleUserMessage({ content: 'psst', receiver: '888999', kvExtra: { k: 'v' } });
    await ownerRoom.room.sendSingleUserMessage({ content: 'js_sdk sendUnicast', receiver: '777666', kvExtra: { name: 'nginx大讲堂' } });
    await eventually(() => expect(alice.seen('SingleUserMessage')).toEqual([{ uid: '777666', receiver: '888999', content: 'psst', kvExtra: { k: 'v' }, requestId }]));
    expect(ownerRoom.seen('SingleUserMessage')).toEqual([{ uid: '777666', receiver: '777666', content: 'js_sdk sendUnicast', kvExtra: { name: 'nginx大讲堂' }, requestId }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(bob.seen('SingleUserMessage')).toEqual([]);

    await expect(alice.room.sendGroupMessage({ kvExtra: {} })).rejects.toMatchObject({ rescode: 1002 });
    const outsider = await roomOf(owner, roomid, { join: false });
    await expect(outsider.room.sendGroupMessage({ content: 'x' })).rejects.toMatchObject({ rescode: 2004 });
  });

  it('mute: owner only (3000); UsersMuted to all; a muted sender gets 3004; getMutedUserList; unMuteUser lifts it', async () => {
    await expect(alice.room.muteUser({ uid: '123', secs: '600', reason: '' })).rejects.toMatchObject({ rescode: 3000 });
    expect(await ownerRoom.room.muteUser({ uid: '123', secs: '600', reason: '' })).toEqual(echo('777666'));
    const muted = { opUid: '777666', tuids: ['123'], secs: '600', reason: '' };
    for (const page of [ownerRoom, alice, bob]) await eventually(() => expect(page.seen('UsersMuted')).toEqual([muted]));
    await expect(bob.room.sendTextChat({ chat: 'hello?' })).rejects.toEqual({ rescode: 3004, msg: expect.any(String) });
    await expect(bob.room.sendGroupMessage({ content: 'hello?' })).rejects.toMatchObject({ rescode: 3004 });
    expect(await alice.room.getMutedUserList()).toEqual({ ...echo('888999'), uids: ['123'] });

    await ownerRoom.room.unMuteUser({ uid: '123', secs: '600', reason: 'ok' });
    for (const page of [ownerRoom, alice, bob]) await eventually(() => expect(page.seen('UsersUnMuted')).toEqual([{ ...muted, reason: 'ok' }]));
    expect(await alice.room.getMutedUserList()).toMatchObject({ uids: [] });
    await bob.room.sendGroupMessage({ content: 'back' });
  });

  it('kick: UserKickedOff to everyone, the kicked user included; they are out, and barred for secs', async () => {
    const carol = await roomOf(await hummerPage(h, '777888'), roomid);
    const dave = await roomOf(await hummerPage(h, '555666'), roomid);
    await expect(alice.room.kickOffUser({ uid: '777888', secs: '3000', reason: 'x' })).rejects.toMatchObject({ rescode: 3000 });
    expect(await ownerRoom.room.kickOffUser({ uid: '777888', secs: '3000', reason: 'js KickOffUser' })).toEqual(echo('777666'));
    const kicked = { admin: '777666', tuids: ['777888'], secs: 3000, reason: 'js KickOffUser', kicktype: 0 };
    for (const page of [ownerRoom, alice, carol]) await eventually(() => expect(page.seen('UserKickedOff')).toEqual([kicked]));
    await eventually(() => expect(alice.seen('UserOnlineUpdated')).toContainEqual({ joinUsers: [], leaveUsers: ['777888'] }));
    await expect(carol.room.sendGroupMessage({ content: 'still here?' })).rejects.toMatchObject({ rescode: 2004 });
    await expect(carol.room.joinChatRoom({})).rejects.toMatchObject({ rescode: 3005 });
    expect((await alice.room.getUserList({ num: 10, pos: 0 })).uids).not.toContain('777888');

    // Without secs the kick bars nothing.
    await ownerRoom.room.kickOffUser({ uid: '555666', reason: '' });
    await eventually(() => expect(dave.seen('UserKickedOff')).toContainEqual({ admin: '777666', tuids: ['555666'], secs: 0, reason: '', kicktype: 0 }));
    expect(await dave.room.joinChatRoom({})).toEqual(echo('555666'));
    expect(await dave.room.leaveChatRoom()).toEqual(echo('555666'));
    await expect(dave.room.leaveChatRoom()).rejects.toMatchObject({ rescode: 2004 });
  });

  it('eviction: a member away past the grace gets ChatRoomUserOffline and must join again (no automatic rejoin)', async () => {
    const { page, link } = await flakyPage('100200');
    const eve = await roomOf(page, roomid);
    await eventually(() => expect(ownerRoom.seen('UserOnlineUpdated')).toContainEqual({ joinUsers: ['100200'], leaveUsers: [] }));
    link.down();
    await eventually(() => expect(ownerRoom.seen('UserOnlineUpdated')).toContainEqual({ joinUsers: [], leaveUsers: ['100200'] }));
    link.up();
    await eventually(() => expect(eve.seen('ChatRoomUserOffline')).toEqual([undefined]), 15_000);
    await eventually(() => expect(page.hummer.getConnectionState()).toBe('CONNECTED'));
    await expect(eve.room.sendGroupMessage({ content: 'x' })).rejects.toMatchObject({ rescode: 2004 });
    expect((await ownerRoom.room.getUserList({ num: 10, pos: 0 })).uids).not.toContain('100200');

    expect(await eve.room.joinChatRoom({})).toEqual(echo('100200'));
    await alice.room.sendGroupMessage({ content: 'welcome back' });
    await eventually(() => expect(eve.seen('GroupMessage')).toContainEqual({ uid: '888999', content: 'welcome back', kvExtra: {}, requestId }));
    await eve.room.leaveChatRoom();
  });

  it('history: text chats only, oldest first, paged both ways with either anchor form; limit clamps to 1..100; 2004 before joining', async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      await alice.room.sendTextChat({ chat: `h${n}`, extra: `e${n}`, kvExtra: { n: String(n) } });
      await alice.room.sendGroupMessage({ content: `g${n}` });
    }
    const newest = await bob.room.fetchHistoryMessages({ msgTypes: [0], anchor: null, direction: 0, limit: 3 });
    expect(newest).toMatchObject({ ...echo('123'), hasMore: true });
    expect(newest.msgs).toBe(newest.messages);
    const [h3, h4, h5] = newest.messages as Array<{ uuid: string; timestamp: number }>;
    expect(newest.messages).toEqual([3, 4, 5].map((n) => ({ msgType: 0, content: `h${n}`, uuid: expect.stringMatching(/^\d+$/), timestamp: expect.any(Number), uid: '888999', extra: `e${n}`, kvExtra: { n: String(n) } })));
    expect(h3 && h4 && h5 && h3.timestamp <= h4.timestamp && h4.timestamp <= h5.timestamp).toBe(true);

    const older = await bob.room.fetchHistoryMessages({ msgTypes: [0], anchor: { uuid: h3?.uuid, timestamp: h3?.timestamp }, direction: 0, limit: 2 });
    expect((older.messages as Array<{ content: string }>).map((m) => m.content)).toEqual(['h1', 'h2']);
    expect(older.hasMore).toBe(true);
    const h1 = (older.messages as Array<{ uuid: string; timestamp: number }>)[0];
    // The vendor demo's flat form.
    const newer = await bob.room.fetchHistoryMessages({ msgTypes: [0], anchorUuid: h1?.uuid, anchorTimestamp: h1?.timestamp, direction: 1, limit: 2 });
    expect((newer.msgs as Array<{ content: string }>).map((m) => m.content)).toEqual(['h2', 'h3']);
    expect(newer.hasMore).toBe(true);
    // An anchor whose uuid is unknown falls back on its timestamp; without one it is 2004.
    const byTime = await bob.room.fetchHistoryMessages({ anchor: { uuid: '999', timestamp: h1?.timestamp }, direction: 0, limit: 10 });
    expect((byTime.messages as Array<{ content: string }>).map((m) => m.content)).toEqual(['js_sdk sendTextChat', 'legacy']);
    await expect(bob.room.fetchHistoryMessages({ anchor: { uuid: '999' }, direction: 0, limit: 10 })).rejects.toMatchObject({ rescode: 2004 });
    const tail = await bob.room.fetchHistoryMessages({ anchor: { uuid: h4?.uuid, timestamp: h4?.timestamp }, direction: 1, limit: 10 });
    expect(tail).toMatchObject({ hasMore: false, messages: [{ content: 'h5' }] });

    const all = await bob.room.fetchHistoryMessages({ msgTypes: [0], anchor: null, direction: 0, limit: 1000 });
    const contents = (all.messages as Array<{ content: string }>).map((m) => m.content);
    expect(contents).toEqual(['js_sdk sendTextChat', 'legacy', 'h1', 'h2', 'h3', 'h4', 'h5']);
    expect(all.hasMore).toBe(false);
    expect((all.messages as Array<{ extra: string }>).slice(0, 2).map((m) => m.extra)).toEqual(['', 'old-mobile']);
    expect(await bob.room.fetchHistoryMessages({ anchor: null, direction: 0, limit: 0 })).toMatchObject({ hasMore: true, messages: [{ content: 'h5' }] });
    expect(await bob.room.fetchHistoryMessages({ msgTypes: [1], anchor: null, direction: 0, limit: 10 })).toMatchObject({ hasMore: false, messages: [] });
    await expect(bob.room.fetchHistoryMessages({ anchor: null, direction: 2, limit: 10 })).rejects.toMatchObject({ rescode: 1002 });
    const outsider = await roomOf(owner, roomid, { join: false });
    await expect(outsider.room.fetchHistoryMessages({ anchor: null, direction: 0, limit: 10 })).rejects.toMatchObject({ rescode: 2004 });
  });

  it('leave: the others get leaveUsers; dismiss: owner only (3000); every member gets ChatRoomDismissed and the room is gone', async () => {
    expect(await alice.room.leaveChatRoom()).toEqual(echo('888999'));
    await eventually(() => expect(bob.seen('UserOnlineUpdated')).toContainEqual({ joinUsers: [], leaveUsers: ['888999'] }));
    await expect(alice.room.sendTextChat({ chat: 'x' })).rejects.toMatchObject({ rescode: 2004 });
    await expect(bob.room.dismissChatRoom()).rejects.toMatchObject({ rescode: 3000 });

    expect(await ownerRoom.room.dismissChatRoom()).toEqual(echo('777666'));
    const dismissed = { roomid, opUid: '777666' };
    for (const page of [ownerRoom, bob]) await eventually(() => expect(page.seen('ChatRoomDismissed')).toEqual([dismissed]));
    expect(alice.seen('ChatRoomDismissed')).toEqual([]);
    await expect(bob.room.sendGroupMessage({ content: 'x' })).rejects.toMatchObject({ rescode: 2004 });
    await expect(bob.room.joinChatRoom({})).rejects.toMatchObject({ rescode: 2004 });
    await expect(bob.room.getChatRoomUserCount()).rejects.toMatchObject({ rescode: 2004 });
  });
});
