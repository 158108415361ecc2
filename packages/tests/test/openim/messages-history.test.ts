import { groupsOf } from '@parley/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

type Item = Record<string, unknown> & { clientMsgID: string; contentType: number; content: string; status: number; sendTime: number };

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

const history = (page: OpenImPage, params: { userID?: string; groupID?: string; startClientMsgID?: string; count: number }) =>
  data<Item[]>(page.sdk.getHistoryMessageList({ userID: '', groupID: '', startClientMsgID: '', ...params }));

describe('OpenIM history and revoke', () => {
  it('pages backwards from the newest, ascending, anchored on clientMsgID; a short page ends it', async () => {
    const sent: Item[] = [];
    for (let i = 0; i < 25; i++) sent.push(await sendText(i % 2 ? bob : alice, `m${i}`, { recvID: i % 2 ? 'alice' : 'bob' }));
    const texts = (items: Item[]) => items.map((m) => m.content);
    const page1 = await history(bob, { userID: 'alice', count: 10 });
    expect(texts(page1)).toEqual(sent.slice(15).map((m) => m.content));
    expect(page1.map((m) => m.sendTime)).toEqual([...page1.map((m) => m.sendTime)].sort((a, b) => a - b));
    const page2 = await history(bob, { userID: 'alice', startClientMsgID: page1[0]?.clientMsgID as string, count: 10 });
    expect(texts(page2)).toEqual(sent.slice(5, 15).map((m) => m.content));
    const page3 = await history(bob, { userID: 'alice', startClientMsgID: page2[0]?.clientMsgID as string, count: 10 });
    expect(texts(page3)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    // Each side sees the same log with its own recvID, and an anchor it was never handed works too.
    expect(page3[0]).toMatchObject({ sendID: 'alice', recvID: 'bob', sessionType: 1, status: 2, contentType: 101 });
    expect(page3[1]).toMatchObject({ sendID: 'bob', recvID: 'alice' });
    const fromAlice = await history(alice, { userID: 'bob', startClientMsgID: sent[3]?.clientMsgID as string, count: 2 });
    expect(texts(fromAlice)).toEqual(['m1', 'm2']);
    await expect(bob.sdk.getHistoryMessageList({ userID: '', groupID: '', startClientMsgID: '', count: 10 })).rejects.toMatchObject({ errCode: 1001 });
    await expect(bob.sdk.getHistoryMessageList({ userID: 'alice', groupID: '', startClientMsgID: '', count: 'x' as never })).rejects.toMatchObject({ errCode: 1001 });
  });

  it('gives group history with recvID = self, and refuses a group one is not in', async () => {
    const owner = await h.login('carol');
    const { group } = await groupsOf(owner).create({ name: 'club', members: ['alice', 'bob'] });
    const groupID = group.groupId as string;
    await sendText(alice, 'g1', { groupID });
    await sendText(bob, 'g2', { groupID });
    const page = (await history(bob, { groupID, count: 20 })).filter((m) => m.contentType < 1000);
    expect(page.map((m) => [m.content, m.sendID, m.recvID, m.groupID, m.sessionType])).toEqual([
      ['g1', 'alice', 'bob', groupID, 2],
      ['g2', 'bob', 'bob', groupID, 2],
    ]);
    const { group: other } = await groupsOf(owner).create({ name: 'other', members: [] });
    await expect(alice.sdk.getHistoryMessageList({ userID: '', groupID: other.groupId as string, startClientMsgID: '', count: 5 })).rejects.toMatchObject({ errCode: 208 });
  });

  it('revokes own sent messages: the peer gets the revoke and the 111 tip; history shows the tip, not the original', async () => {
    const keep = await sendText(alice, 'keep', { recvID: 'bob' });
    const oops = await sendText(alice, 'oops', { recvID: 'bob' });
    await eventually(() => expect(bob.seen('OnRecvNewMessage')).toHaveLength(2));
    // Someone else's message, or one not sent, cannot be revoked.
    const bobCopy = JSON.stringify((bob.seen('OnRecvNewMessage') as Item[])[1]);
    await expect(bob.sdk.revokeMessage(bobCopy)).rejects.toMatchObject({ errCode: 201, errMsg: 'only you send message can be revoked', event: 'RevokeMessage' });
    const draft = ((await alice.sdk.createTextMessage('draft')) as WsResponse).data;
    await expect(alice.sdk.revokeMessage(draft)).rejects.toMatchObject({ errCode: 201, errMsg: 'only send success message can be revoked' });
    await expect(alice.sdk.revokeMessage('{')).rejects.toMatchObject({ errCode: 1001 });

    expect(await alice.sdk.revokeMessage(JSON.stringify(oops))).toMatchObject({ errCode: 0, data: '', event: 'RevokeMessage' });
    await eventually(() => expect(bob.seen('OnRecvMessageRevoked')).toEqual([oops.clientMsgID]));
    await eventually(() => expect(bob.seen('OnRecvNewMessage')).toHaveLength(3));
    const tip = (bob.seen('OnRecvNewMessage') as Item[])[2] as Item;
    expect(tip).toMatchObject({ contentType: 111, content: oops.clientMsgID, sendID: 'alice', recvID: 'bob', sessionType: 1, status: 2 });
    const order = bob.events.filter((e) => e.event === 'OnRecvMessageRevoked' || e.event === 'OnRecvNewMessage').map((e) => e.event);
    expect(order.slice(-2)).toEqual(['OnRecvMessageRevoked', 'OnRecvNewMessage']);
    expect(bob.events.find((e) => e.event === 'OnRecvMessageRevoked')).toMatchObject({ data: oops.clientMsgID, operationID: '0' });
    // The sender hears nothing of its own revoke.
    expect(alice.seen('OnRecvMessageRevoked')).toEqual([]);

    for (const [page, peer] of [
      [alice, 'bob'],
      [bob, 'alice'],
    ] as const) {
      const list = await history(page, { userID: peer, count: 10 });
      expect(list.map((m) => [m.contentType, m.content])).toEqual([
        [101, 'keep'],
        [111, oops.clientMsgID],
      ]);
      expect(list[1]?.clientMsgID).toBe(tip.clientMsgID);
    }
    // A second page anchored on the tip goes on past it.
    const before = await history(bob, { userID: 'alice', startClientMsgID: tip.clientMsgID, count: 10 });
    expect(before.map((m) => m.clientMsgID)).toEqual([keep.clientMsgID]);
  });
});
