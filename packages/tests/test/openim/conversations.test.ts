import { type Client, createText } from '@parley/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

interface Item {
  conversationID: string;
  showName: string;
  unreadCount: number;
  recvMsgOpt: number;
  isPinned: boolean;
  draftText: string;
  draftTextTime: number;
  latestMsg: string;
  latestMsgSendTime: number;
}

let h: Harness;
let pages: OpenImPage[] = [];
beforeEach(async () => {
  h = await startOpenImHarness();
  pages = [];
});
afterEach(async () => {
  for (const page of pages) await page.sdk.logout().catch(() => {});
  await h.stop();
});

async function page(userId: string): Promise<OpenImPage> {
  const p = await openimPage(h, userId);
  pages.push(p);
  return p;
}

const say = (from: Client, to: string, text: string) => from.send({ convId: `c2c:${to}`, ...createText(text) });
const data = async (call: Promise<unknown>) => ((await call) as WsResponse).data;
const list = async (p: OpenImPage): Promise<Item[]> => JSON.parse(await data(p.sdk.getAllConversationList())) as Item[];
const ids = (items: Item[]) => items.map((i) => i.conversationID);
const events = (p: OpenImPage, event: string) => p.events.filter((e) => e.event === event);
const changedIds = (p: OpenImPage, event: string) => events(p, event).flatMap((e) => (JSON.parse(e.data) as Item[]).map((i) => i.conversationID));

describe('OpenIM conversations', () => {
  it('orders the list by pin and by message or draft time, pages it, and creates hidden rows on demand', async () => {
    const alice = await page('alice');
    const [bob, carol, dave] = await Promise.all([h.login('bob'), h.login('carol'), h.login('dave')]);
    await h.token('erin');
    await say(bob, 'alice', 'one');
    await say(carol, 'alice', 'two');
    await say(dave, 'alice', 'three');
    await eventually(() => expect(changedIds(alice, 'OnNewConversation').sort()).toEqual(['single_bob', 'single_carol', 'single_dave']));
    expect(ids(await list(alice))).toEqual(['single_dave', 'single_carol', 'single_bob']);
    expect(events(alice, 'OnNewConversation').every((e) => e.operationID === '')).toBe(true);

    await expect(alice.sdk.pinConversation({ conversationID: 'single_bob', isPinned: true })).resolves.toMatchObject({ event: 'PinConversation', errCode: 0, data: '' });
    expect(changedIds(alice, 'OnConversationChanged')).toContain('single_bob');
    await alice.sdk.setConversationDraft({ conversationID: 'single_carol', draftText: 'unsent' });
    const items = await list(alice);
    expect(ids(items)).toEqual(['single_bob', 'single_carol', 'single_dave']);
    expect(items[0]).toMatchObject({ isPinned: true, showName: 'bob', unreadCount: 1 });
    expect(items[1]?.draftText).toBe('unsent');
    expect(items[1]?.draftTextTime).toBeGreaterThan(items[2]?.latestMsgSendTime ?? Number.POSITIVE_INFINITY);
    expect(JSON.parse(items[2]?.latestMsg ?? '')).toMatchObject({ sendID: 'dave' });

    const split = JSON.parse(await data(alice.sdk.getConversationListSplit({ offset: 1, count: 1 }))) as Item[];
    expect(ids(split)).toEqual(['single_carol']);
    expect(JSON.parse(await data(alice.sdk.getConversationListSplit({ offset: 3, count: 5 })))).toEqual([]);

    const before = alice.events.length;
    const erin = JSON.parse(await data(alice.sdk.getOneConversation({ sourceID: 'erin', sessionType: 1 }))) as Item;
    expect(erin).toMatchObject({ conversationID: 'single_erin', userID: 'erin', showName: 'erin', latestMsgSendTime: 0, latestMsg: '', unreadCount: 0 });
    expect(ids(await list(alice))).not.toContain('single_erin');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alice.events.slice(before).map((e) => e.event)).toEqual([]);
    await expect(alice.sdk.getOneConversation({ sourceID: 'nobody-here', sessionType: 1 })).rejects.toMatchObject({ errCode: 301 });
    await expect(alice.sdk.getOneConversation({ sourceID: 'bob', sessionType: 7 })).rejects.toMatchObject({ errCode: 1001 });

    expect(await data(alice.sdk.getConversationIDBySessionType({ sourceID: 'bob', sessionType: 1 }))).toBe('single_bob');
    expect(await data(alice.sdk.getConversationIDBySessionType({ sourceID: 'g1', sessionType: 2 }))).toBe('group_g1');
    const many = JSON.parse(await data(alice.sdk.getMultipleConversation(['single_dave', 'single_erin', 'single_zed']))) as Item[];
    expect(ids(many)).toEqual(['single_dave', 'single_erin']);
  });

  it('keeps a draft on the server across a new login, and clears it with an empty text', async () => {
    const first = await page('alice');
    const bob = await h.login('bob');
    await say(bob, 'alice', 'hi');
    await eventually(() => expect(changedIds(first, 'OnNewConversation')).toEqual(['single_bob']));
    await first.sdk.setConversationDraft({ conversationID: 'single_bob', draftText: 'see you' });
    const changed = events(first, 'OnConversationChanged').map((e) => JSON.parse(e.data) as Item[]);
    expect(changed.at(-1)?.[0]).toMatchObject({ conversationID: 'single_bob', draftText: 'see you' });
    await first.sdk.logout();

    const second = await page('alice');
    expect((await list(second))[0]).toMatchObject({ conversationID: 'single_bob', draftText: 'see you', unreadCount: 1 });
    await second.sdk.setConversationDraft({ conversationID: 'single_bob', draftText: '' });
    expect((await list(second))[0]).toMatchObject({ draftText: '', draftTextTime: 0 });
  });

  it('counts recvMsgOpt 2 per conversation but not in the total; recvMsgOpt 1 stops delivery', async () => {
    const alice = await page('alice');
    const [bob, carol, dave] = await Promise.all([h.login('bob'), h.login('carol'), h.login('dave')]);
    await say(bob, 'alice', 'first');
    await say(carol, 'alice', 'first');
    await eventually(async () => expect(await data(alice.sdk.getTotalUnreadMsgCount())).toBe('2'));

    await alice.sdk.setConversationRecvMessageOpt({ conversationIDList: ['single_bob'], opt: 2 });
    await alice.sdk.setConversationRecvMessageOpt({ conversationIDList: ['single_carol'], opt: 1 });
    const opts = JSON.parse(await data(alice.sdk.getConversationRecvMessageOpt(['single_bob', 'single_carol', 'single_dave'])));
    expect(opts).toEqual([
      { conversationID: 'single_bob', result: 2 },
      { conversationID: 'single_carol', result: 1 },
      { conversationID: 'single_dave', result: 0 },
    ]);
    expect(await data(alice.sdk.getTotalUnreadMsgCount())).toBe('1');
    expect(events(alice, 'OnTotalUnreadMessageCountChanged').at(-1)?.data).toBe('1');

    await say(bob, 'alice', 'second');
    await say(carol, 'alice', 'blocked');
    await say(dave, 'alice', 'control');
    await eventually(async () => expect(ids(await list(alice))).toContain('single_dave'));
    const byId = new Map((await list(alice)).map((i) => [i.conversationID, i]));
    expect(byId.get('single_bob')).toMatchObject({ unreadCount: 2, recvMsgOpt: 2 });
    // Carol's second message does not arrive: the server keeps it from this user, row and all.
    expect(byId.get('single_carol')).toMatchObject({ unreadCount: 1, recvMsgOpt: 1 });
    expect(JSON.parse(String(byId.get('single_carol')?.latestMsg)).content).toBe('first');
    expect(alice.events.filter((e) => e.event === 'OnRecvNewMessage').map((e) => JSON.parse(e.data).content)).not.toContain('blocked');
    expect(await data(alice.sdk.getTotalUnreadMsgCount())).toBe('2');
    await expect(alice.sdk.setConversationRecvMessageOpt({ conversationIDList: ['single_bob'], opt: 5 as never })).rejects.toMatchObject({ errCode: 1001 });
  });

  it('deletes a conversation, and a later message brings it back through OnNewConversation', async () => {
    const alice = await page('alice');
    const bob = await h.login('bob');
    await say(bob, 'alice', 'one');
    await eventually(() => expect(changedIds(alice, 'OnNewConversation')).toEqual(['single_bob']));
    await say(bob, 'alice', 'two');
    await eventually(() => expect(events(alice, 'OnTotalUnreadMessageCountChanged').map((e) => e.data)).toEqual(['1', '2']));
    expect(changedIds(alice, 'OnConversationChanged')).toContain('single_bob');
    expect(changedIds(alice, 'OnNewConversation')).toEqual(['single_bob']);

    const changes = events(alice, 'OnConversationChanged').length;
    await expect(alice.sdk.deleteConversation('single_bob')).resolves.toMatchObject({ event: 'DeleteConversation', errCode: 0, data: '' });
    expect(ids(await list(alice))).toEqual([]);
    expect(events(alice, 'OnTotalUnreadMessageCountChanged').map((e) => e.data)).toEqual(['1', '2', '0']);
    expect(events(alice, 'OnConversationChanged')).toHaveLength(changes);
    await expect(alice.sdk.deleteConversation('single_bob')).rejects.toMatchObject({ errCode: 802 });

    await say(bob, 'alice', 'three');
    await eventually(() => expect(changedIds(alice, 'OnNewConversation')).toEqual(['single_bob', 'single_bob']));
    const back = (JSON.parse(events(alice, 'OnNewConversation').at(-1)?.data ?? '[]') as Item[])[0];
    expect(back).toMatchObject({ conversationID: 'single_bob', unreadCount: 1 });
    expect(events(alice, 'OnTotalUnreadMessageCountChanged').at(-1)?.data).toBe('1');
  });
});
