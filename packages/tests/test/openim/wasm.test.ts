import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, openimToken, startOpenImHarness, type WsResponse } from '../helpers/openim.js';
import { dataOf, type WasmPage, wasmPage } from './wasm-page.js';

interface Message {
  clientMsgID: string;
  sessionType: number;
  sendID: string;
  recvID: string;
  contentType: number;
  senderPlatformID: number;
  textElem?: { content: string };
  content: string;
}
interface Conversation {
  conversationID: string;
  conversationType: number;
  userID: string;
  latestMsg: string;
  unreadCount: number;
}
interface Page {
  messageList: Message[];
  isEnd: boolean;
  lastMinSeq: number;
  errCode: number;
  errMsg: string;
}

let h: Harness;
let pages: Array<WasmPage | OpenImPage> = [];
beforeEach(async () => {
  h = await startOpenImHarness();
  pages = [];
});
afterEach(async () => {
  for (const page of pages) await page.sdk.logout().catch(() => {});
  await h.stop();
});

async function v3(userId: string, options: { login?: boolean } = {}): Promise<WasmPage> {
  const page = await wasmPage(h, userId, options);
  pages.push(page);
  return page;
}
async function v2(userId: string): Promise<OpenImPage> {
  const page = await openimPage(h, userId);
  pages.push(page);
  return page;
}

/** Sends a text from a 3.x page; resolves the sent message. */
async function sendText(page: WasmPage, text: string, to: { recvID?: string; groupID?: string }): Promise<Message> {
  const message = await dataOf<Message>(page.sdk.createTextMessage(text));
  return dataOf<Message>(page.sdk.sendMessage({ recvID: to.recvID ?? '', groupID: to.groupID ?? '', message: message as never }));
}

describe('getSDK() (@openim/wasm-client-sdk 3.8)', () => {
  it('logs in with wsAddr and answers with object data and 3.x login statuses', async () => {
    const alice = await v3('alice', { login: false });
    expect(await dataOf(alice.sdk.getLoginStatus())).toBe(1);
    const token = await openimToken(h, 'alice');
    await expect(alice.sdk.login({ userID: 'alice', token, platformID: 5, apiAddr: '', wsAddr: h.url }, 'op-1')).resolves.toMatchObject({ event: 'Login', errCode: 0, data: '', operationID: 'op-1' });
    expect(await dataOf(alice.sdk.getLoginStatus())).toBe(3);
    await expect(alice.sdk.getLoginUserID('op-2')).resolves.toMatchObject({ event: 'Getloginuserid', data: 'alice', operationID: 'op-2' });
    const self = await dataOf<Record<string, unknown>>(alice.sdk.getSelfUserInfo());
    expect(self).toMatchObject({ userID: 'alice', globalRecvMsgOpt: 0, addFriendPermission: 0 });
    expect(alice.events.map((e) => e.event)).toContain('OnConnecting');
    await alice.sdk.logout();
    expect(await dataOf(alice.sdk.getLoginStatus())).toBe(1);
    await expect(alice.sdk.getAllConversationList()).rejects.toMatchObject({ errCode: 10004 });
  });

  it('refuses a forged token with the 3.x token code, and a missing wsAddr as an argument error', async () => {
    const bob = await v3('bob', { login: false });
    const token = await openimToken(h, 'bob');
    await expect(bob.sdk.login({ userID: 'bob', token: `${token.slice(0, -4)}AAAA`, platformID: 5, apiAddr: '', wsAddr: h.url })).rejects.toMatchObject({ event: 'Login', errCode: 1502 });
    await expect(bob.sdk.login({ userID: 'bob', token, platformID: 5, apiAddr: h.url, wsAddr: '' })).rejects.toMatchObject({ errCode: 10002 });
  });

  it('exchanges text with a 2.x page both ways: objects on the 3.x side, JSON strings on the 2.x side', async () => {
    const alice = await v3('alice');
    const bob = await v2('bob');
    const sent = await sendText(alice, 'hello from 3.x', { recvID: 'bob' });
    expect(sent).toMatchObject({ sendID: 'alice', recvID: 'bob', sessionType: 1, contentType: 101, textElem: { content: 'hello from 3.x' }, senderPlatformID: 5 });
    await eventually(() => expect(bob.seen('OnRecvNewMessage')).toContainEqual(expect.objectContaining({ clientMsgID: sent.clientMsgID, content: 'hello from 3.x', sessionType: 1 })));

    const created = JSON.parse(((await bob.sdk.createTextMessage('hi from 2.x')) as WsResponse).data) as Record<string, unknown>;
    await bob.sdk.sendMessage({ recvID: 'alice', groupID: '', message: JSON.stringify(created) });
    await eventually(() => expect(alice.seen<Message>('OnRecvNewMessage').map((m) => m.textElem?.content)).toContain('hi from 2.x'));
    const received = alice.seen<Message>('OnRecvNewMessage').find((m) => m.textElem?.content === 'hi from 2.x');
    expect(received).toMatchObject({ sendID: 'bob', recvID: 'alice', sessionType: 1, content: '{"content":"hi from 2.x"}' });
    expect(received).not.toHaveProperty('platformID');
    expect(alice.seen<Message[]>('OnRecvNewMessages').flat().map((m) => m.clientMsgID)).toContain(received?.clientMsgID);

    const conversations = await dataOf<Conversation[]>(alice.sdk.getAllConversationList());
    const single = conversations.find((c) => c.userID === 'bob');
    expect(single).toMatchObject({ conversationID: 'si_alice_bob', conversationType: 1 });
    expect(JSON.parse(single?.latestMsg ?? '')).toMatchObject({ textElem: { content: 'hi from 2.x' } });
    expect(await dataOf(alice.sdk.getConversationIDBySessionType({ sourceID: 'bob', sessionType: 1 }))).toBe('si_alice_bob');
    expect(await dataOf(alice.sdk.getTotalUnreadMsgCount())).toBeTypeOf('number');
    await alice.sdk.markConversationMessageAsRead('si_alice_bob');
    await eventually(async () => expect(await dataOf(alice.sdk.getTotalUnreadMsgCount())).toBe(0));
  });

  it('pages history with getAdvancedHistoryMessageList, oldest first, isEnd at the start', async () => {
    const alice = await v3('alice');
    await h.token('bob');
    for (const n of [1, 2, 3, 4, 5]) await sendText(alice, `m${n}`, { recvID: 'bob' });
    const first = await dataOf<Page>(alice.sdk.getAdvancedHistoryMessageList({ conversationID: 'si_alice_bob', startClientMsgID: '', count: 2, viewType: 0 }));
    expect(first.messageList.map((m) => m.textElem?.content)).toEqual(['m4', 'm5']);
    expect(first).toMatchObject({ isEnd: false, errCode: 0, errMsg: '' });
    expect(first.lastMinSeq).toBeGreaterThan(0);
    const second = await dataOf<Page>(alice.sdk.getAdvancedHistoryMessageList({ conversationID: 'si_alice_bob', startClientMsgID: first.messageList[0]?.clientMsgID ?? '', count: 2, viewType: 0 }));
    expect(second.messageList.map((m) => m.textElem?.content)).toEqual(['m2', 'm3']);
    const last = await dataOf<Page>(alice.sdk.getAdvancedHistoryMessageList({ conversationID: 'si_alice_bob', startClientMsgID: second.messageList[0]?.clientMsgID ?? '', count: 2, viewType: 0 }));
    expect(last.messageList.map((m) => m.textElem?.content)).toEqual(['m1']);
    expect(last.isEnd).toBe(true);
  });

  it('revokes by conversation and message ID; a 3.x peer hears OnNewRecvMessageRevoked once', async () => {
    const alice = await v3('alice');
    const bob = await v3('bob');
    const sent = await sendText(alice, 'oops', { recvID: 'bob' });
    await eventually(() => expect(bob.seen<Message>('OnRecvNewMessage').map((m) => m.clientMsgID)).toContain(sent.clientMsgID));
    await expect(alice.sdk.revokeMessage({ conversationID: 'si_alice_bob', clientMsgID: sent.clientMsgID })).resolves.toMatchObject({ event: 'Revokemessage', data: '' });
    await eventually(() => expect(bob.seen<{ clientMsgID: string }>('OnNewRecvMessageRevoked').map((r) => r.clientMsgID)).toEqual([sent.clientMsgID]));
    expect(bob.seen<Message>('OnRecvNewMessage').every((m) => m.contentType !== 2101 && m.contentType !== 111)).toBe(true);
  });

  it('refuses the methods this server does not serve with 10301, each under its own name', async () => {
    const alice = await v3('alice');
    await expect(alice.sdk.signalingGetRoomByGroupID('g1', 'op-s')).rejects.toMatchObject({ event: 'Signalinggetroombygroupid', errCode: 10301, operationID: 'op-s' });
    await expect(alice.sdk.getUserStatus()).rejects.toMatchObject({ errCode: 10301 });
    await expect(alice.sdk.setConversation({ conversationID: 'si_alice_bob', isMarked: true })).rejects.toMatchObject({ errCode: 10301 });
    expect(typeof alice.sdk.createConversationGroup).toBe('function');
  });
});
