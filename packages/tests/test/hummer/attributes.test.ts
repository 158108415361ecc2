/** Room attributes of the Hummer ChatRoom: basic attributes and managers, user attributes, extra attributes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { HUMMER_APPID, type HummerPage, hummerPage, type RoomPage, roomOf, startHummerHarness } from '../helpers/hummer.js';

const OWNER = '777666';
const MEMBER = '888999';
const THIRD = '123456';

let h: Harness;
let owner: HummerPage;
let member: HummerPage;
let third: HummerPage;

beforeAll(async () => {
  // The vendor's demo tests 32 keys against 33: a Hummer tenant's attribute stores take 32.
  h = await startHummerHarness({ attrMaxKeys: 32 });
  owner = await hummerPage(h, OWNER);
  member = await hummerPage(h, MEMBER);
  third = await hummerPage(h, THIRD);
});
afterAll(async () => {
  await h.stop(true);
});

/** A new room of OWNER's (`hummer.createChatRoom`), with these basic attributes. */
async function createRoom(attributes: Record<string, string> = {}): Promise<number> {
  const created = await owner.hummer.createChatRoom({ region: 'cn', attributes });
  return created.roomid as number;
}

/** Joined ChatRooms of the three pages in a new room owned by OWNER. */
async function threeInRoom(attributes: Record<string, string> = {}): Promise<{ roomid: number; o: RoomPage; m: RoomPage; t: RoomPage }> {
  const roomid = await createRoom(attributes);
  return { roomid, o: await roomOf(owner, roomid), m: await roomOf(member, roomid), t: await roomOf(third, roomid) };
}

/** Waits for `name` on every room page, then checks that each saw it exactly once. */
async function onceEach(pages: RoomPage[], name: string): Promise<unknown[]> {
  await eventually(() => {
    for (const p of pages) expect(p.seen(name).length).toBeGreaterThanOrEqual(1);
  });
  await new Promise((r) => setTimeout(r, 150));
  for (const p of pages) expect(p.seen(name)).toHaveLength(1);
  return pages.map((p) => p.seen(name)[0]);
}

const clearEvents = (...pages: RoomPage[]) => {
  for (const p of pages) p.events.length = 0;
};

describe('Hummer ChatRoom basic attributes and managers', () => {
  it('getChatRoomAttributes works without joining: the documented keys, all strings, with the echo fields', async () => {
    const roomid = await createRoom({ Name: '张三的房间', Description: 'desc', Bulletin: '公告', Extention: 'extra' });
    const room = third.hummer.createChatRoomInstance({ region: 'cn', roomid });
    const result = await room.getChatRoomAttributes();
    expect(result).toMatchObject({ rescode: 0, msg: 'OK', appid: HUMMER_APPID, roomid, uid: THIRD, props: {} });
    expect(result.attributes).toEqual({
      Roomid: String(roomid),
      Name: '张三的房间',
      Description: 'desc',
      Bulletin: '公告',
      Owner: OWNER,
      Passwd: '',
      MaxUser: '100000',
      AppExtra: 'extra',
      Appid: String(HUMMER_APPID),
    });
    await expect(third.hummer.createChatRoomInstance({ region: 'cn', roomid: 987654 }).getChatRoomAttributes()).rejects.toMatchObject({ rescode: 2004 });
  });

  it('updateChatRoomAttributes merges the listed keys (Extention is AppExtra, other keys kept); everyone in the room, the owner included, gets ChatRoomAttributesUpdated once', async () => {
    const { roomid, o, m, t } = await threeInRoom({ Name: 'before', Bulletin: 'keep me' });
    clearEvents(o, m, t);
    const result = await o.room.updateChatRoomAttributes({ attributes: { Name: '新名字', Description: '描述', Extention: 'ext', topic: '话题' } });
    expect(result).toMatchObject({ rescode: 0, msg: 'OK', appid: HUMMER_APPID, roomid, uid: OWNER });
    const events = (await onceEach([o, m, t], 'ChatRoomAttributesUpdated')) as Array<{ uid: string; attributes: Record<string, string>; content: string }>;
    for (const event of events) {
      expect(event.uid).toBe(OWNER);
      expect(event.attributes).toMatchObject({ Roomid: String(roomid), Name: '新名字', Description: '描述', Bulletin: 'keep me', AppExtra: 'ext', topic: '话题', Owner: OWNER });
      expect(JSON.parse(event.content)).toEqual(event.attributes);
    }
    const { attributes } = await m.room.getChatRoomAttributes();
    expect(attributes).toMatchObject({ Name: '新名字', Description: '描述', Bulletin: 'keep me', AppExtra: 'ext', topic: '话题' });
    expect(attributes).not.toHaveProperty('Extention');
    // A second update merges again: the earlier custom key stays.
    await o.room.updateChatRoomAttributes({ attributes: { AppExtra: 'app', mood: 'ok', Roomid: '1', Owner: MEMBER } });
    const after = (await m.room.getChatRoomAttributes()).attributes as Record<string, string>;
    expect(after).toMatchObject({ AppExtra: 'app', topic: '话题', mood: 'ok', Roomid: String(roomid), Owner: OWNER });
  });

  it('the owner may update without joining; a member may not (3000); bad attributes are 1002', async () => {
    const { roomid, m, t } = await threeInRoom();
    clearEvents(m, t);
    const outside = owner.hummer.createChatRoomInstance({ region: 'cn', roomid });
    await outside.updateChatRoomAttributes({ attributes: { Bulletin: 'from outside' } });
    const [event] = (await onceEach([m, t], 'ChatRoomAttributesUpdated')) as Array<{ uid: string; attributes: Record<string, string> }>;
    expect(event).toMatchObject({ uid: OWNER, attributes: { Bulletin: 'from outside' } });
    await expect(m.room.updateChatRoomAttributes({ attributes: { Name: 'mine now' } })).rejects.toEqual({ rescode: 3000, msg: expect.any(String) });
    await expect(outside.updateChatRoomAttributes({})).rejects.toMatchObject({ rescode: 1002 });
    await expect(outside.updateChatRoomAttributes({ attributes: { Name: 1 } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(outside.updateChatRoomAttributes({ attributes: { MaxUser: 'many' } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(outside.updateChatRoomAttributes({ attributes: { Roomid: '5' } })).rejects.toMatchObject({ rescode: 1002 });
    expect((await outside.getChatRoomAttributes()).attributes).toMatchObject({ Name: expect.not.stringMatching('mine now') });
  });

  it('getChatRoomManager({roler: "owner"}) lists the creator; without roler every role; an unknown roler is 1002', async () => {
    const roomid = await createRoom();
    const room = member.hummer.createChatRoomInstance({ region: 'cn', roomid });
    expect(await room.getChatRoomManager({ roler: 'owner' })).toMatchObject({ rescode: 0, msg: 'OK', roomid, admins: { owner: [OWNER] } });
    expect((await room.getChatRoomManager({ roler: 'owner' })).admins).toEqual({ owner: [OWNER] });
    expect((await room.getChatRoomManager()).admins).toEqual({ owner: [OWNER], admin: [] });
    await expect(room.getChatRoomManager({ roler: 'boss' })).rejects.toMatchObject({ rescode: 1002 });
  });
});

describe('Hummer ChatRoom user attributes', () => {
  it('setUserAttributes replaces the caller\'s own attributes; everyone, the caller included, gets UserAttributesSet once; getUserAttributesList maps uid → attributes', async () => {
    const { roomid, o, m, t } = await threeInRoom();
    clearEvents(o, m, t);
    expect(await o.room.setUserAttributes({ attributes: { name: '张三' } })).toMatchObject({ rescode: 0, msg: 'OK', roomid });
    expect(await onceEach([o, m, t], 'UserAttributesSet')).toEqual([0, 1, 2].map(() => ({ uid: OWNER, attributes: { name: '张三' } })));
    clearEvents(o, m, t);
    await m.room.setUserAttributes({ attributes: { topic: '张三好', mood: 'x' } });
    await onceEach([o, m, t], 'UserAttributesSet');
    clearEvents(o, m, t);
    await m.room.setUserAttributes({ attributes: { topic: '张三好' } });
    expect((await onceEach([o, m, t], 'UserAttributesSet'))[0]).toEqual({ uid: MEMBER, attributes: { topic: '张三好' } });
    const list = await t.room.getUserAttributesList();
    expect(list).toMatchObject({ rescode: 0, msg: 'OK', roomid });
    expect(list.users).toEqual({ [OWNER]: { name: '张三' }, [MEMBER]: { topic: '张三好' } });
  });

  it('user attributes need a joined room (2004) and a map of strings (1002); they go when the user leaves', async () => {
    const { roomid, m } = await threeInRoom();
    const outside = third.hummer.createChatRoomInstance({ region: 'cn', roomid });
    await expect(outside.setUserAttributes({ attributes: { a: 'b' } })).rejects.toMatchObject({ rescode: 2004 });
    await expect(m.room.setUserAttributes({ attributes: ['a'] })).rejects.toMatchObject({ rescode: 1002 });
    await expect(m.room.setUserAttributes({ attributes: { a: 1 } })).rejects.toMatchObject({ rescode: 1002 });
    await m.room.setUserAttributes({ attributes: { a: 'b' } });
    const o = await roomOf(owner, roomid, { join: false });
    expect((await o.room.getUserAttributesList()).users).toEqual({ [MEMBER]: { a: 'b' } });
    await m.room.leaveChatRoom();
    await eventually(async () => expect((await o.room.getUserAttributesList()).users).toEqual({}));
  });
});

describe('Hummer ChatRoom extra attributes', () => {
  it('set replaces, update upserts, delete removes extraKeys, clear removes all, fetch reads; each change is one event per member with its own payload shape', async () => {
    const { roomid, o, m, t } = await threeInRoom();
    clearEvents(o, m, t);

    expect(await m.room.setRoomExtraAttributes({ extraAttributes: { a: '1', b: '2' } })).toMatchObject({ rescode: 0, msg: 'OK', roomid, uid: MEMBER });
    expect(await onceEach([o, m, t], 'RoomExtraAttributesSet')).toEqual([0, 1, 2].map(() => ({ lastUpdateUid: MEMBER, attributes: { a: '1', b: '2' } })));

    const before = Date.now() - 5000;
    await o.room.updateRoomExtraAttributes({ extraAttributes: { b: '3', c: '4' } });
    const updated = (await onceEach([o, m, t], 'RoomExtraAttributesUpdated')) as Array<{ uid: string; lasttimeTs: number; extraAttributes: Record<string, string> }>;
    for (const event of updated) {
      expect(event).toEqual({ uid: OWNER, lasttimeTs: expect.any(Number), extraAttributes: { b: '3', c: '4' } });
      expect(event.lasttimeTs).toBeGreaterThan(before);
    }

    expect(await t.room.fetchRoomExtraAttributes({ extraKeys: ['a', 'c', 'nope'] })).toMatchObject({ rescode: 0, msg: 'OK', roomid, extraAttributes: { a: '1', c: '4' }, attributes: { a: '1', c: '4' } });
    expect((await t.room.fetchRoomExtraAttributes({ extraKeys: [] })).extraAttributes).toEqual({ a: '1', b: '3', c: '4' });
    expect((await t.room.fetchRoomExtraAttributes()).extraAttributes).toEqual({ a: '1', b: '3', c: '4' });

    await t.room.deleteRoomExtraAttributes({ extraKeys: ['a'] });
    const deleted = (await onceEach([o, m, t], 'RoomExtraAttributesDeleted')) as Array<Record<string, unknown>>;
    for (const event of deleted) expect(event).toEqual({ uid: THIRD, lasttimeTs: expect.any(Number), extraAttributes: { b: '3', c: '4' } });

    // Set replaces the whole map.
    clearEvents(o, m, t);
    await m.room.setRoomExtraAttributes({ extraAttributes: { z: '26' } });
    expect((await onceEach([o, m, t], 'RoomExtraAttributesSet'))[1]).toEqual({ lastUpdateUid: MEMBER, attributes: { z: '26' } });
    expect((await o.room.fetchRoomExtraAttributes({ extraKeys: [] })).extraAttributes).toEqual({ z: '26' });

    expect(await o.room.clearRoomExtraAttributes({})).toMatchObject({ rescode: 0, msg: 'OK' });
    const cleared = (await onceEach([o, m, t], 'RoomExtraAttributesCleared')) as Array<Record<string, unknown>>;
    for (const event of cleared) expect(event).toEqual({ uid: OWNER, lasttimeTs: expect.any(Number), extraAttributes: {} });
    expect((await m.room.fetchRoomExtraAttributes({ extraKeys: [] })).extraAttributes).toEqual({});
    // No other attribute event arrived: each change was one event of its own kind. (Presence
    // events are left out: the coalesced UserCountUpdated of the three joins comes up to
    // room.countPushIntervalMs after them, so it may land in this window.)
    for (const p of [o, m, t]) {
      const attributeEvents = p.events.filter((e) => e.name.startsWith('RoomExtraAttributes')).map((e) => e.name);
      expect(attributeEvents, JSON.stringify(p.events)).toEqual(['RoomExtraAttributesSet', 'RoomExtraAttributesCleared']);
    }
  });

  it('two joined ChatRoom objects of one room on one hummer each get the caller\'s own change once; an unjoined one gets none', async () => {
    const { roomid, o, m } = await threeInRoom();
    const second = await roomOf(owner, roomid);
    const unjoined = await roomOf(owner, roomid, { join: false });
    clearEvents(o, m);
    await o.room.updateRoomExtraAttributes({ extraAttributes: { k: 'v' } });
    await o.room.setUserAttributes({ attributes: { seat: '1' } });
    await unjoined.room.updateChatRoomAttributes({ attributes: { Name: 'renamed' } });
    for (const name of ['RoomExtraAttributesUpdated', 'UserAttributesSet', 'ChatRoomAttributesUpdated']) await onceEach([o, second, m], name);
    expect((second.seen('ChatRoomAttributesUpdated')[0] as { attributes: Record<string, string> }).attributes.Name).toBe('renamed');
    expect(unjoined.events).toEqual([]);
  });

  it('refusals: not joined 2004; bad params and keys outside [a-zA-Z0-9_-] 1002; 33 keys 2006; an over-long value 2007', async () => {
    const { roomid, m } = await threeInRoom();
    const outside = third.hummer.createChatRoomInstance({ region: 'cn', roomid });
    await expect(outside.setRoomExtraAttributes({ extraAttributes: { a: '1' } })).rejects.toMatchObject({ rescode: 2004 });
    await expect(outside.fetchRoomExtraAttributes({ extraKeys: [] })).rejects.toMatchObject({ rescode: 2004 });
    await expect(outside.clearRoomExtraAttributes()).rejects.toMatchObject({ rescode: 2004 });
    await expect(m.room.setRoomExtraAttributes({})).rejects.toMatchObject({ rescode: 1002 });
    await expect(m.room.setRoomExtraAttributes({ extraAttributes: { a: 1 } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(m.room.updateRoomExtraAttributes({ extraAttributes: {} })).rejects.toMatchObject({ rescode: 1002 });
    await expect(m.room.updateRoomExtraAttributes({ extraAttributes: { 名字: 'x' } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(m.room.updateRoomExtraAttributes({ extraAttributes: { 'a b': 'x' } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(m.room.deleteRoomExtraAttributes({ extraKeys: [] })).rejects.toMatchObject({ rescode: 1002 });
    await expect(m.room.deleteRoomExtraAttributes({ extraKeys: 'a' })).rejects.toMatchObject({ rescode: 1002 });
    await expect(m.room.fetchRoomExtraAttributes({ extraKeys: [1] })).rejects.toMatchObject({ rescode: 1002 });
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key_${i}`, String(i)]));
    expect(await m.room.setRoomExtraAttributes({ extraAttributes: keys(32) })).toMatchObject({ rescode: 0 });
    await expect(m.room.setRoomExtraAttributes({ extraAttributes: keys(33) })).rejects.toMatchObject({ rescode: 2006 });
    await expect(m.room.updateRoomExtraAttributes({ extraAttributes: { one_more: 'x' } })).rejects.toMatchObject({ rescode: 2006 });
    await expect(m.room.updateRoomExtraAttributes({ extraAttributes: { key_0: 'x'.repeat(5000) } })).rejects.toMatchObject({ rescode: 2007 });
    expect(Object.keys((await m.room.fetchRoomExtraAttributes({ extraKeys: [] })).extraAttributes as object)).toHaveLength(32);
  });

  it('before login every attribute call fails with 1009', async () => {
    const page = await hummerPage(h, '246810', { login: false });
    const room = page.hummer.createChatRoomInstance({ region: 'cn', roomid: 1 });
    const calls = [() => room.getChatRoomAttributes(), () => room.fetchRoomExtraAttributes({ extraKeys: [] }), () => room.setUserAttributes({ attributes: {} }), () => room.getChatRoomManager({ roler: 'owner' })];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ rescode: 1009 });
  });
});
