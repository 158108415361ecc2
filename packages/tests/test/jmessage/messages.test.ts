import { type Client, contactsOf, groupsOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { JM_APPKEY, type JmPage, jmPage, ok, settle, startJmHarness } from '../helpers/jmessage.js';

/** A 4×3 red PNG. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWP4z8AARwgWOgcA9TEL9UV+YsgAAAAASUVORK5CYII=', 'base64'));
/** Files of this tenant are capped at 4096 bytes (`880210` past it). */
const MAX_FILE = 4096;

let h: Harness;
let a: JmPage;
let b: JmPage;
/** A native user of the same tenant who owns the test groups (J users are its members). */
let owner: Client;
let gid: number;

beforeAll(async () => {
  h = await startJmHarness({ mediaMaxFileBytes: MAX_FILE });
  a = await jmPage(h, 'jm_m_a');
  b = await jmPage(h, 'jm_m_b');
  owner = await h.login('jm_m_owner');
  const { group } = await groupsOf(owner).create({ name: 'Tea Room', members: ['jm_m_a', 'jm_m_b'] });
  gid = Number(group.groupId);
});
afterAll(async () => {
  a?.jim.loginOut();
  b?.jim.loginOut();
  await h.stop(true);
});

type Item = Record<string, unknown> & { content: { msg_type: string; msg_body: Record<string, unknown> } & Record<string, unknown>; messages: Array<Record<string, unknown>> };

/** The next `onMsgReceive` payload of a page, after the `seen` it had before. */
async function nextMsg(page: JmPage, seen: number): Promise<Item> {
  await eventually(() => expect(page.msgs.length).toBeGreaterThan(seen));
  return page.msgs[seen] as Item;
}

function formWith(name: string, bytes: Uint8Array<ArrayBuffer>, type: string): FormData {
  const fd = new FormData();
  fd.append(name, new File([bytes], name, { type }));
  return fd;
}

describe('JMessage messages', () => {
  it('1:1 text both ways: send success (data, msg) and the hybrid onMsgReceive payload', async () => {
    const seenB = b.msgs.length;
    const sent = await ok(a.jim.sendSingleMsg({ target_username: 'jm_m_b', target_nickname: 'Bee', content: 'hello b' }));
    expect(sent.data).toEqual({ code: 0, message: 'success', msg_id: expect.any(Number), ctime_ms: expect.any(Number), target_username: 'jm_m_b' });
    expect(sent.data.msg_id).toBeGreaterThan(0);
    const content = (sent.msg as { content: Record<string, unknown> }).content;
    expect(content).toEqual({
      version: 1,
      target_type: 'single',
      target_id: 'jm_m_b',
      target_name: 'Bee',
      target_appkey: JM_APPKEY,
      from_type: 'user',
      from_id: 'jm_m_a',
      from_name: '',
      from_appkey: JM_APPKEY,
      from_platform: 'web',
      create_time: sent.data.ctime_ms,
      msg_type: 'text',
      msg_body: { text: 'hello b', extras: {} },
    });

    const got = await nextMsg(b, seenB);
    const item = got.messages[0] as Item;
    expect(item).toEqual({
      ctime_ms: sent.data.ctime_ms,
      msg_type: 3,
      msg_id: sent.data.msg_id,
      msg_level: 0,
      from_username: 'jm_m_a',
      from_appkey: JM_APPKEY,
      content: { ...content, target_name: 'Bee' },
      need_receipt: false,
      custom_notification: { enabled: false },
    });
    // The first item's fields are also at the top level.
    expect(got).toMatchObject({ msg_type: 3, msg_id: sent.data.msg_id, from_username: 'jm_m_a', content: { msg_body: { text: 'hello b' } } });
    expect(got.content.msg_body.text).toBe('hello b');

    // The other way, without target_nickname: the target name falls back to the stored nickname ('' here).
    const seenA = a.msgs.length;
    await ok(b.jim.sendSingleMsg({ target_username: 'jm_m_a', content: 'hello a' }));
    const back = await nextMsg(a, seenA);
    expect(back.content).toMatchObject({ target_id: 'jm_m_a', target_name: '', from_id: 'jm_m_b', msg_body: { text: 'hello a' } });
    // Own sends are never delivered back.
    expect(b.msgs.slice(seenB + 1)).toEqual([]);
  });

  it('extras travel in msg_body.extras, for text and for other kinds', async () => {
    const extras = { k: 'v', n: 1, nested: { list: [1, 'two'] } };
    const seen = b.msgs.length;
    const sent = await ok(a.jim.sendSingleMsg({ target_username: 'jm_m_b', content: 'with extras', extras }));
    expect((sent.msg as Item).content.msg_body).toEqual({ text: 'with extras', extras });
    expect((await nextMsg(b, seen)).content.msg_body).toEqual({ text: 'with extras', extras });
    await ok(a.jim.sendSingleLocation({ target_username: 'jm_m_b', latitude: 1, longitude: 2, scale: 3, label: 'here', extras: { tag: 'loc' } }));
    expect((await nextMsg(b, seen + 1)).content.msg_body).toEqual({ latitude: 1, longitude: 2, scale: 3, label: 'here', extras: { tag: 'loc' } });
  });

  it('custom messages take `custom` or the misspelt `custome`; the object is the msg_body', async () => {
    const seen = b.msgs.length;
    const one = await ok(a.jim.sendSingleCustom({ target_username: 'jm_m_b', custom: { kind: 'card', id: 7 } }));
    expect((one.msg as Item).content).toMatchObject({ msg_type: 'custom', msg_body: { kind: 'card', id: 7 } });
    await ok(a.jim.sendSingleCustom({ target_username: 'jm_m_b', custome: { typo: true } }));
    expect((await nextMsg(b, seen)).content).toMatchObject({ msg_type: 'custom', msg_body: { kind: 'card', id: 7 } });
    expect((await nextMsg(b, seen + 1)).content.msg_body).toEqual({ typo: true });
    expect((await settle(a.jim.sendSingleCustom({ target_username: 'jm_m_b' }))).data).toEqual({ code: 880002, message: 'invalid parameter' });
  });

  it('locations accept numbers as strings', async () => {
    const seen = b.msgs.length;
    await ok(a.jim.sendSingleLocation({ target_username: 'jm_m_b', target_nickname: 'Bee', latitude: '31.2304', longitude: '121.4737', scale: '15', label: 'Shanghai' }));
    const got = await nextMsg(b, seen);
    expect(got.content).toMatchObject({ msg_type: 'location', msg_body: { latitude: 31.2304, longitude: 121.4737, scale: 15, label: 'Shanghai', extras: {} } });
  });

  it('images and files come from a FormData; getResource turns the media_id into a URL that serves the bytes', async () => {
    const seen = b.msgs.length;
    const pic = await ok(a.jim.sendSinglePic({ target_username: 'jm_m_b', image: formWith('red.png', PNG, 'image/png') }));
    const body = (pic.msg as Item).content.msg_body;
    expect((pic.msg as Item).content.msg_type).toBe('image');
    expect(body).toEqual({ media_id: expect.any(String), media_crc32: expect.any(Number), width: 4, height: 3, format: 'png', fsize: PNG.length, extras: {} });
    const got = await nextMsg(b, seen);
    expect(got.content).toMatchObject({ msg_type: 'image', msg_body: body });
    const resource = await ok(b.jim.getResource({ 'media_id ': body.media_id }));
    expect(resource.data).toEqual({ code: 0, message: 'success', url: expect.stringMatching(/^http/) });
    const res = await fetch(resource.data.url as string);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);

    const text = new TextEncoder().encode('some notes\n');
    const file = await ok(a.jim.sendSingleFile({ target_username: 'jm_m_b', file: formWith('notes.txt', text, 'text/plain'), extras: { v: 2 } }));
    expect((file.msg as Item).content).toMatchObject({ msg_type: 'file', msg_body: { media_id: expect.any(String), fsize: text.length, fname: 'notes.txt', extras: { v: 2 } } });
    const gotFile = await nextMsg(b, seen + 1);
    expect(gotFile.content.msg_body).toMatchObject({ fname: 'notes.txt', fsize: text.length });
    const fileUrl = (await ok(b.jim.getResource({ media_id: gotFile.content.msg_body.media_id }))).data.url as string;
    expect(await (await fetch(fileUrl)).text()).toBe('some notes\n');

    expect((await settle(b.jim.getResource({ media_id: 'no-such-media' }))).data.code).toBe(880005);
    expect((await settle(a.jim.sendSingleFile({ target_username: 'jm_m_b', file: new FormData() }))).data).toEqual({ code: 880005, message: 'file not exist' });
    const big = formWith('big.bin', new Uint8Array(MAX_FILE + 1), 'application/octet-stream');
    expect((await settle(a.jim.sendSingleFile({ target_username: 'jm_m_b', file: big }))).data).toEqual({ code: 880210, message: 'file size exceed the limit' });
  });

  it('group text with at_list: [] is @all, a list mentions those users, none mentions nobody; tips are not messages', async () => {
    const seen = b.msgs.length;
    const all = await ok(a.jim.sendGroupMsg({ target_gid: gid, target_gname: 'Tea', content: 'hi all', at_list: [] }));
    expect(all.data).toEqual({ code: 0, message: 'success', msg_id: expect.any(Number), ctime_ms: expect.any(Number), target_gid: gid });
    expect((all.msg as Item).content).toMatchObject({ target_type: 'group', target_id: String(gid), target_name: 'Tea', msg_type: 'text' });
    const got = await nextMsg(b, seen);
    expect(got).toMatchObject({ msg_type: 4, from_gid: gid, from_username: 'jm_m_a', at_list: [], content: { target_type: 'group', target_id: String(gid), msg_body: { text: 'hi all' } } });
    expect(got.messages[0]).toMatchObject({ from_gid: gid, at_list: [] });

    await ok(a.jim.sendGroupMsg({ target_gid: String(gid), content: 'hi b', at_list: [{ username: 'jm_m_b' }] }));
    const listed = await nextMsg(b, seen + 1);
    expect(listed.at_list).toEqual([{ username: 'jm_m_b', appkey: JM_APPKEY }]);
    // Without target_gname the stored group name is used.
    expect(listed.content.target_name).toBe('Tea Room');

    await ok(a.jim.sendGroupMsg({ target_gid: gid, content: 'plain' }));
    const plain = await nextMsg(b, seen + 2);
    expect(plain).not.toHaveProperty('at_list');
    // The group's creation and membership tips (owner's entries) never reach onMsgReceive.
    expect(b.msgs.filter((m) => m.msg_type === 4).map((m) => m.from_username)).toEqual(['jm_m_a', 'jm_m_a', 'jm_m_a']);
  });

  it('group custom through sendGroupMsg({custom}) and sendGroupCustom', async () => {
    const seen = b.msgs.length;
    await ok(a.jim.sendGroupMsg({ target_gid: gid, target_gname: 'Tea', custom: { via: 'sendGroupMsg' } }));
    await ok(a.jim.sendGroupCustom({ target_gid: gid, custome: { via: 'sendGroupCustom' } }));
    expect((await nextMsg(b, seen)).content).toMatchObject({ msg_type: 'custom', msg_body: { via: 'sendGroupMsg' } });
    expect((await nextMsg(b, seen + 1)).content).toMatchObject({ msg_type: 'custom', msg_body: { via: 'sendGroupCustom' } });
  });

  it('emoji round-trip; the 7 KB limit counts bytes', async () => {
    const seen = b.msgs.length;
    const text = '😀🎉 party 𝄞';
    await ok(a.jim.sendSingleMsg({ target_username: 'jm_m_b', content: text, extras: { e: '🎉' } }));
    expect((await nextMsg(b, seen)).content.msg_body).toEqual({ text, extras: { e: '🎉' } });
    await ok(a.jim.sendGroupMsg({ target_gid: gid, content: text }));
    expect((await nextMsg(b, seen + 1)).content.msg_body.text).toBe(text);
    // 1,800 emoji are 3,600 UTF-16 units but 7,200 bytes.
    expect((await settle(a.jim.sendSingleMsg({ target_username: 'jm_m_b', content: '😀'.repeat(1800) }))).data).toEqual({ code: 880206, message: 'length of message exceed limit' });
    await ok(a.jim.sendSingleMsg({ target_username: 'jm_m_b', content: 'x'.repeat(7000) }));
  });

  it('refusals: unknown user 880203 (also another appkey), unknown group 880204, not a member 880205, muted 880212', async () => {
    expect((await settle(a.jim.sendSingleMsg({ target_username: 'jm_nobody_here', content: 'x' }))).data).toEqual({ code: 880203, message: 'target user not exist' });
    expect((await settle(a.jim.sendSingleMsg({ target_username: 'jm_m_b', content: 'x', appkey: 'another-app' }))).data.code).toBe(880203);
    await ok(a.jim.sendSingleMsg({ target_username: 'jm_m_b', content: 'own appkey', appkey: JM_APPKEY }));
    expect((await settle(a.jim.sendGroupMsg({ target_gid: 987654321, content: 'x' }))).data).toEqual({ code: 880204, message: 'target group not exist' });
    const { group } = await groupsOf(owner).create({ name: 'Closed' });
    expect((await settle(a.jim.sendGroupMsg({ target_gid: Number(group.groupId), content: 'x' }))).data).toEqual({ code: 880205, message: 'user not in group' });
    const { group: quiet } = await groupsOf(owner).create({ name: 'Quiet', members: ['jm_m_a'] });
    await groupsOf(owner).mute(quiet.groupId ?? '', 'jm_m_a', 600);
    expect((await settle(a.jim.sendGroupLocation({ target_gid: Number(quiet.groupId), latitude: 1, longitude: 1, scale: 1, label: 'x' }))).data.code).toBe(880212);
    expect((await settle(a.jim.sendSingleMsg({ target_username: 'jm_m_b' }))).data.code).toBe(880002);
  });

  it('getConversation lists 1:1 (key = the peer tinyId) and group (key = gid) conversations', async () => {
    const [profile] = await contactsOf(owner).getProfiles(['jm_m_b']);
    const tinyId = Number(profile?.tinyId);
    expect(tinyId).toBeGreaterThan(0);
    const result = await ok(a.jim.getConversation());
    const conversations = result.data.conversations as Array<Record<string, unknown>>;
    expect(conversations).toContainEqual({ name: 'jm_m_b', nickname: '', avatar: '', type: 3, key: tinyId, username: 'jm_m_b', appkey: JM_APPKEY, unread_msg_count: expect.any(Number), mtime: expect.any(Number) });
    expect(conversations).toContainEqual({ name: 'Tea Room', nickname: '', avatar: '', type: 4, key: gid, gid, appkey: JM_APPKEY, unread_msg_count: expect.any(Number), mtime: expect.any(Number) });
    expect(conversations.every((c) => c.type === 3 || c.type === 4)).toBe(true);
  });
});
