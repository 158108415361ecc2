import { type Client, type RoomEvents, roomsOf } from '@parley/core';
import { WebSocketTransport } from '@parley/transport-websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, type Harness } from '../helpers/harness.js';
import { HUMMER_APPID, hummerPage, startHummerHarness } from '../helpers/hummer.js';
import { LossyTransport } from '../helpers/lossy.js';

let h: Harness;
beforeAll(async () => {
  // Counts move at once, so a join shows in getChatRoomUserCount without waiting.
  h = await startHummerHarness({ roomCountPushIntervalMs: 0 });
});
afterAll(async () => {
  await h.stop(true);
});

/** A core reference to a Hummer room by its numeric id. */
const byNumber = (roomid: number) => ({ roomId: '', numericId: roomid, region: 'cn', kind: 0 });

/** A core client of `userId` present in the room (what `joinChatRoom` does, without the ChatRoom object). */
async function presentIn(userId: string, roomid: number): Promise<{ client: Client; dismissed: Array<Parameters<RoomEvents['dismissed']>[0]> }> {
  const client = await h.login(userId);
  const handle = await roomsOf(client).join('', { numericId: roomid, region: 'cn' });
  const dismissed: Array<Parameters<RoomEvents['dismissed']>[0]> = [];
  handle.on('dismissed', (change) => dismissed.push(change));
  return { client, dismissed };
}

describe('Hummer chat rooms from the hummer object', () => {
  it('createChatRoom resolves a numeric roomid with the echo fields; the creator owns the room and its basic attributes are stored', async () => {
    const owner = await hummerPage(h, '710001');
    const result = await owner.hummer.createChatRoom({
      region: 'cn',
      attributes: { Name: '测试房间', Description: 'a room', Bulletin: 'welcome', Extention: 'ext', MaxUser: '50', Topic: '闲聊' },
    });
    expect(result).toEqual({ rescode: 0, msg: 'OK', appid: HUMMER_APPID, uid: '710001', roomid: expect.any(Number), props: {} });
    const roomid = result.roomid as number;
    expect(Number.isInteger(roomid) && roomid > 0).toBe(true);
    const second = await owner.hummer.createChatRoom({ region: 'cn', attributes: { Name: 'another' } });
    expect(second.roomid).not.toBe(roomid);

    // Another user's view: the owner, the profile, the custom key; the creator did not join.
    const viewer = await h.login('710002');
    expect(await roomsOf(viewer).managers(byNumber(roomid), 'owner')).toEqual({ owners: ['710001'], admins: [] });
    const room = await roomsOf(viewer).get(byNumber(roomid));
    expect(room).toMatchObject({ ownerId: '710001', name: '测试房间', description: 'a room', bulletin: 'welcome', appExtra: 'ext', maxUsers: 50, region: 'cn' });
    expect(room.customFields).toEqual({ Topic: JSON.stringify('闲聊') });
    expect(await owner.hummer.getChatRoomUserCount({ region: 'cn', roomid })).toMatchObject({ totalCount: 0 });
  });

  it('createChatRoom refuses attributes that are not strings, and a MaxUser that is not a number (1002)', async () => {
    const owner = await hummerPage(h, '710011');
    await expect(owner.hummer.createChatRoom({ region: 'cn', attributes: { Name: 5 } })).rejects.toEqual({ rescode: 1002, msg: expect.any(String) });
    await expect(owner.hummer.createChatRoom({ region: 'cn', attributes: { MaxUser: 'many' } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(owner.hummer.createChatRoom({ region: 'cn', attributes: 'x' })).rejects.toMatchObject({ rescode: 1002 });
  });

  it('getChatRoomUserCount needs no join: 0, then 1 and 2 as users enter; unknown rooms and bad ids fail', async () => {
    const owner = await hummerPage(h, '710021');
    const roomid = (await owner.hummer.createChatRoom({ region: 'cn', attributes: { Name: 'counted' } })).roomid as number;
    const outsider = await hummerPage(h, '710022');
    expect(await outsider.hummer.getChatRoomUserCount({ region: 'cn', roomid })).toEqual({
      rescode: 0,
      msg: 'OK',
      appid: HUMMER_APPID,
      uid: '710022',
      roomid,
      props: {},
      totalCount: 0,
    });
    await presentIn('710023', roomid);
    expect(await outsider.hummer.getChatRoomUserCount({ region: 'cn', roomid })).toMatchObject({ totalCount: 1 });
    await presentIn('710024', roomid);
    await eventually(async () => expect(await outsider.hummer.getChatRoomUserCount({ region: 'cn', roomid })).toMatchObject({ totalCount: 2 }));
    // Without a region the id alone finds it; another region does not.
    expect(await outsider.hummer.getChatRoomUserCount({ roomid })).toMatchObject({ totalCount: 2 });
    await expect(outsider.hummer.getChatRoomUserCount({ region: 'us', roomid })).rejects.toMatchObject({ rescode: 2004 });
    await expect(outsider.hummer.getChatRoomUserCount({ region: 'cn', roomid: 987_654_321 })).rejects.toMatchObject({ rescode: 2004 });
    await expect(outsider.hummer.getChatRoomUserCount({ region: 'cn' })).rejects.toMatchObject({ rescode: 1002 });
  });

  it('dismissChatRoom: refused to others (3000), done by the owner (members are told), then the room is gone (2004)', async () => {
    const owner = await hummerPage(h, '710031');
    const roomid = (await owner.hummer.createChatRoom({ region: 'cn', attributes: { Name: 'short-lived' } })).roomid as number;
    const other = await hummerPage(h, '710032');
    const member = await presentIn('710033', roomid);
    await expect(other.hummer.dismissChatRoom({ region: 'cn', roomid })).rejects.toEqual({ rescode: 3000, msg: expect.any(String) });
    expect(await other.hummer.getChatRoomUserCount({ region: 'cn', roomid })).toMatchObject({ totalCount: 1 });

    expect(await owner.hummer.dismissChatRoom({ region: 'cn', roomid })).toEqual({ rescode: 0, msg: 'OK', appid: HUMMER_APPID, uid: '710031', roomid, props: {} });
    await eventually(() => expect(member.dismissed).toEqual([{ by: '710031' }]));
    await expect(other.hummer.getChatRoomUserCount({ region: 'cn', roomid })).rejects.toMatchObject({ rescode: 2004 });
    await expect(owner.hummer.dismissChatRoom({ region: 'cn', roomid })).rejects.toMatchObject({ rescode: 2004 });
    await expect(owner.hummer.dismissChatRoom({ region: 'cn', roomid: 'abc' })).rejects.toMatchObject({ rescode: 1002 });
  });

  it('room calls before login fail with 1009', async () => {
    const page = await hummerPage(h, '710041', { login: false });
    await expect(page.hummer.createChatRoom({ region: 'cn', attributes: {} })).rejects.toMatchObject({ rescode: 1009 });
    await expect(page.hummer.getChatRoomUserCount({ region: 'cn', roomid: 1 })).rejects.toMatchObject({ rescode: 1009 });
    await expect(page.hummer.dismissChatRoom({ region: 'cn', roomid: 1 })).rejects.toMatchObject({ rescode: 1009 });
  });
});

describe('fetchUserOnlineStatus', () => {
  it('1 online, 0 offline, 2 disconnected inside the grace period, -1 for a uid nobody uses', async () => {
    const asker = await hummerPage(h, '720001');
    await hummerPage(h, '720002');
    const gone = await hummerPage(h, '720003');
    await gone.hummer.logout();
    // A session whose link dropped and does not come back soon: DISCONNECTED while it may resume.
    const lossy = new LossyTransport(new WebSocketTransport({ WebSocket: WebSocket as never }));
    await h.login('720004', { transport: lossy, reconnectBaseMs: 60_000, reconnectMaxMs: 60_000 });
    lossy.cut();

    await eventually(async () => {
      const result = await asker.hummer.fetchUserOnlineStatus({ uids: ['720001', '720002', '720003', '720004', '720999'] });
      expect(result).toEqual({
        rescode: 0,
        msg: 'OK',
        appid: HUMMER_APPID,
        uid: '720001',
        status: { '720001': 1, '720002': 1, '720003': 0, '720004': 2, '720999': -1 },
      });
    });
    expect(await asker.hummer.fetchUserOnlineStatus({ uids: [] })).toMatchObject({ status: {} });
    await expect(asker.hummer.fetchUserOnlineStatus({ uids: '720002' })).rejects.toMatchObject({ rescode: 1002 });
    await expect(asker.hummer.fetchUserOnlineStatus({ uids: [720002] })).rejects.toMatchObject({ rescode: 1002 });
  });
});
