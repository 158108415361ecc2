import { groupsOf } from '@parley/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

type Item = Record<string, unknown> & { clientMsgID: string; contentType: number; content: string; status: number };

let h: Harness;
let alice: OpenImPage;
let bob: OpenImPage;
beforeEach(async () => {
  h = await startOpenImHarness();
  alice = await openimPage(h, 'alice');
  bob = await openimPage(h, 'bob');
});
afterEach(() => h.stop());

const data = async <T = Item>(call: Promise<unknown>): Promise<T> => JSON.parse(((await call) as WsResponse).data) as T;

async function sendText(page: OpenImPage, text: string, to: { recvID?: string; groupID?: string }): Promise<Item> {
  const message = ((await page.sdk.createTextMessage(text)) as WsResponse).data;
  return data(page.sdk.sendMessage({ recvID: to.recvID ?? '', groupID: to.groupID ?? '', message }));
}

const history = (page: OpenImPage, params: { userID?: string; groupID?: string; count?: number }) =>
  data<Item[]>(page.sdk.getHistoryMessageList({ userID: '', groupID: '', startClientMsgID: '', count: 20, ...params }));
const contents = (items: Item[]) => items.filter((m) => m.contentType < 1000).map((m) => m.content);

describe('OpenIM read marks and typing', () => {
  it('marks a single chat read with [], sends receipts for listed messages, and refuses a second receipt', async () => {
    const bobCore = await h.login('bob');
    const m1 = await sendText(alice, 'one', { recvID: 'bob' });
    const m2 = await sendText(alice, 'two', { recvID: 'bob' });
    await eventually(() => expect(bobCore.conversation('c2c:alice')?.unreadCount).toBe(2));

    // Receipts: the sender hears of them; the unread count stays.
    expect(await bob.sdk.markC2CMessageAsRead({ userID: 'alice', msgIDList: [m1.clientMsgID] })).toMatchObject({ errCode: 0, data: '', event: 'MarkC2CMessageAsRead' });
    await eventually(() => expect(alice.seen('OnRecvC2CReadReceipt')).toHaveLength(1));
    const [receipts] = alice.seen('OnRecvC2CReadReceipt') as Array<Array<Record<string, unknown>>>;
    expect(receipts).toEqual([{ uid: 'bob', msgIDList: [m1.clientMsgID], readTime: expect.any(Number), msgFrom: 100, contentType: 112, sessionType: 1 }]);
    expect(alice.events.find((e) => e.event === 'OnRecvC2CReadReceipt')?.operationID).toBe('0');
    await expect(bob.sdk.markC2CMessageAsRead({ userID: 'alice', msgIDList: [m1.clientMsgID] })).rejects.toMatchObject({ errCode: 201, errMsg: 'message has been marked read' });
    await expect(bob.sdk.markC2CMessageAsRead({ userID: 'alice', msgIDList: ['0123456789abcdef0123456789abcdef'] })).rejects.toMatchObject({ errCode: 201 });
    // One unknown id among others does not spoil the rest.
    await bob.sdk.markC2CMessageAsRead({ userID: 'alice', msgIDList: ['0123456789abcdef0123456789abcdef', m2.clientMsgID] });
    await eventually(() => expect(alice.seen('OnRecvC2CReadReceipt')).toHaveLength(2));
    expect(bobCore.conversation('c2c:alice')?.unreadCount).toBe(2);

    // [] clears the conversation's unread count, without a receipt.
    expect(await bob.sdk.markC2CMessageAsRead({ userID: 'alice', msgIDList: [] })).toMatchObject({ errCode: 0, data: '' });
    await eventually(() => expect(bobCore.conversation('c2c:alice')?.unreadCount).toBe(0));
    expect(alice.seen('OnRecvC2CReadReceipt')).toHaveLength(2);
    await expect(bob.sdk.markC2CMessageAsRead({ userID: '', msgIDList: [] })).rejects.toMatchObject({ errCode: 1001 });
    await expect(bob.sdk.markC2CMessageAsRead({ userID: 'alice', msgIDList: 'nope' as never })).rejects.toMatchObject({ errCode: 1001 });
  });

  it('marks group conversations read and sends typing to the peer as a 113 message', async () => {
    const owner = await h.login('carol');
    const { group } = await groupsOf(owner).create({ name: 'club', members: ['alice', 'bob'] });
    const groupID = group.groupId as string;
    const bobCore = await h.login('bob');
    await sendText(alice, 'g1', { groupID });
    await eventually(() => expect(bobCore.conversation(`group:${groupID}`)?.unreadCount).toBeGreaterThan(0));
    expect(await bob.sdk.markGroupMessageHasRead(groupID)).toMatchObject({ errCode: 0, event: 'MarkGroupMessageHasRead' });
    await eventually(() => expect(bobCore.conversation(`group:${groupID}`)?.unreadCount).toBe(0));
    await sendText(alice, 'g2', { groupID });
    await eventually(() => expect(bobCore.conversation(`group:${groupID}`)?.unreadCount).toBe(1));
    await bob.sdk.markMessageAsReadByConID({ conversationID: `group_${groupID}`, msgIDList: [] });
    await eventually(() => expect(bobCore.conversation(`group:${groupID}`)?.unreadCount).toBe(0));

    expect(await alice.sdk.typingStatusUpdate({ recvID: 'bob', msgTip: 'typing...' })).toMatchObject({ errCode: 0, data: '' });
    await eventually(() => expect((bob.seen('OnRecvNewMessage') as Item[]).some((m) => m.contentType === 113)).toBe(true));
    const typing = (bob.seen('OnRecvNewMessage') as Item[]).find((m) => m.contentType === 113);
    expect(typing).toMatchObject({ content: 'typing...', sendID: 'alice', recvID: 'bob', sessionType: 1 });
    // Never stored.
    expect((await history(bob, { userID: 'alice' })).some((m) => m.contentType === 113)).toBe(false);
    await expect(alice.sdk.typingStatusUpdate({ recvID: '', msgTip: 'x' })).rejects.toMatchObject({ errCode: 1001 });
  });
});

describe('OpenIM local storage (per-user server state)', () => {
  it('deletes, inserts and clears for this user only, and it survives a new login', async () => {
    const a = await sendText(alice, 'a', { recvID: 'bob' });
    await sendText(alice, 'b', { recvID: 'bob' });
    await sendText(bob, 'c', { recvID: 'alice' });
    expect(await alice.sdk.deleteMessageFromLocalStorage(JSON.stringify(a))).toMatchObject({ errCode: 0, data: '', event: 'DeleteMessageFromLocalStorage' });
    const note = ((await alice.sdk.createTextMessage('a note')) as WsResponse).data;
    const inserted = await data(alice.sdk.insertSingleMessageToLocalStorage({ message: note, recvID: 'bob', sendID: 'alice' }));
    expect(inserted).toMatchObject({ content: 'a note', sendID: 'alice', recvID: 'bob', sessionType: 1, status: 2 });
    expect(inserted.clientMsgID).not.toBe(JSON.parse(note).clientMsgID);
    expect((alice.seen('OnRecvNewMessage') as Item[]).map((m) => m.content)).toEqual(['c']);

    // A new page of alice (a reload): the store is the server's.
    await alice.sdk.logout();
    const again = await openimPage(h, 'alice');
    expect(contents(await history(again, { userID: 'bob' }))).toEqual(['b', 'c', 'a note']);
    expect(contents(await history(bob, { userID: 'alice' }))).toEqual(['a', 'b', 'c']);
    const search = await data<{ totalCount: number; searchResultItems: Array<Record<string, unknown>> }>(again.sdk.searchLocalMessages({ sourceID: 'bob', sessionType: 1, keywordList: ['b'] }));
    expect(search).toMatchObject({ totalCount: 1, searchResultItems: [{ conversationID: 'single_bob', conversationType: 1, messageCount: 1, messageList: [{ content: 'b', sendID: 'alice' }] }] });
    // By content type, newest first; the deleted message is gone.
    const byType = await data<{ searchResultItems: Array<{ messageList: Item[] }> }>(again.sdk.searchLocalMessages({ sourceID: '', sessionType: 1, keywordList: [], messageTypeList: [101] }));
    expect(byType.searchResultItems[0]?.messageList.map((m) => m.content)).toEqual(['c', 'b']);
    await expect(again.sdk.searchLocalMessages({ sourceID: 'bob', sessionType: 1, keywordList: [] })).rejects.toMatchObject({ errCode: 1001 });

    expect(await again.sdk.clearC2CHistoryMessage('bob')).toMatchObject({ errCode: 0, data: '', event: 'ClearC2CHistoryMessage' });
    await again.sdk.logout();
    const third = await openimPage(h, 'alice');
    expect(contents(await history(third, { userID: 'bob' }))).toEqual([]);
    expect(contents(await history(bob, { userID: 'alice' }))).toEqual(['a', 'b', 'c']);
    // New messages after a clear show again.
    await sendText(bob, 'd', { recvID: 'alice' });
    expect(contents(await history(third, { userID: 'bob' }))).toEqual(['d']);
    await expect(third.sdk.insertSingleMessageToLocalStorage({ message: 'x', recvID: 'bob', sendID: 'alice' })).rejects.toMatchObject({ errCode: 1001 });
    await expect(third.sdk.setOneConversationPrivateChat({ conversationID: 'single_bob', isPrivate: true })).rejects.toMatchObject({ errCode: 804 });
  });

  it('inserts into groups, clears groups and deletes every conversation', async () => {
    const owner = await h.login('carol');
    const { group } = await groupsOf(owner).create({ name: 'club', members: ['alice', 'bob'] });
    const groupID = group.groupId as string;
    await sendText(bob, 'hello group', { groupID });
    await sendText(bob, 'hello alice', { recvID: 'alice' });
    const note = ((await alice.sdk.createCustomMessage({ data: 'tip', extension: '', description: 'local' })) as WsResponse).data;
    const inserted = await data(alice.sdk.insertGroupMessageToLocalStorage({ message: note, groupID, sendID: 'bob' }));
    expect(inserted).toMatchObject({ contentType: 110, sendID: 'bob', groupID, sessionType: 2, customElem: { data: 'tip', description: 'local', extension: '' } });
    expect(contents(await history(alice, { groupID }))).toEqual(['hello group', inserted.content]);
    expect(contents(await history(bob, { groupID }))).toEqual(['hello group']);
    expect(await alice.sdk.clearGroupHistoryMessage(groupID)).toMatchObject({ errCode: 0 });
    expect(contents(await history(alice, { groupID }))).toEqual([]);
    expect(contents(await history(alice, { userID: 'bob' }))).toEqual(['hello alice']);
    expect(await alice.sdk.deleteAllMsgFromLocalAndSvr()).toMatchObject({ errCode: 0, event: 'DeleteAllMsgFromLocalAndSvr' });
    expect(contents(await history(alice, { userID: 'bob' }))).toEqual([]);
    expect(contents(await history(bob, { userID: 'alice' }))).toEqual(['hello alice']);
  });
});
