/**
 * `@parley/compat-openim` fetches what a chat page does not need to start on first use (issue 13's
 * app budget). Against a real server: a page that logs in, lists, reads history, sends and
 * receives never fetches that part; the first call that needs it does, and keeps its place in
 * the order the app made its calls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

type Item = Record<string, unknown> & { clientMsgID: string; content: string };

let h: Harness;
let bob: OpenImPage;
let alice: OpenImPage;
/** Alice's copy of the package's loader of that part. */
let part: typeof import('../../../compat-openim/src/part.js');
beforeEach(async () => {
  h = await startOpenImHarness();
  bob = await openimPage(h, 'bob');
  // Created last, so that the part resolves in alice's copy of the modules when she first needs it.
  alice = await openimPage(h, 'alice', { preload: false });
  part = await import('../../../compat-openim/src/part.js');
});
afterEach(() => h.stop());

const data = async (call: Promise<unknown>): Promise<unknown> => JSON.parse(((await call) as WsResponse).data);
const texts = (page: OpenImPage) => (page.seen('OnRecvNewMessage') as Item[]).map((m) => m.content);

describe('OpenIM: the part loaded on first use', () => {
  it('is not fetched by what a chat page does to start', async () => {
    const sdk = alice.sdk;
    const { data: message } = await sdk.createTextMessage('hi');
    await sdk.sendMessage({ recvID: 'bob', groupID: '', message });
    await bob.sdk.sendMessage({ recvID: 'alice', groupID: '', message: (await bob.sdk.createTextMessage('hello alice')).data });
    await eventually(() => expect(texts(alice)).toEqual(['hello alice']));
    await eventually(() => expect(alice.seen('OnConversationChanged').length).toBeGreaterThan(0));
    expect(await data(sdk.getAllConversationList())).toEqual([expect.objectContaining({ conversationID: 'single_bob', userID: 'bob' })]);
    expect(await data(sdk.getHistoryMessageList({ userID: 'bob', groupID: '', startClientMsgID: '', count: 20 }))).toEqual([expect.objectContaining({ content: 'hi' }), expect.objectContaining({ content: 'hello alice' })]);
    expect(await data(sdk.getJoinedGroupList())).toEqual([]);
    expect(await data(sdk.getLoginStatus())).toBe(101);
    expect(part.later.get()).toBeUndefined();

    // The first other call fetches it and answers as before.
    expect(await data(sdk.getSelfUserInfo())).toMatchObject({ userID: 'alice' });
    expect(part.later.get()).toBeDefined();
  });

  it('holds back the calls made after one that waits for it: sends reach the peer in call order', async () => {
    const sdk = alice.sdk;
    const draft = (await sdk.createTextMessage('second')).data;
    // A MessageItem this page did not create is parsed, which needs the part; the draft is sent as it is.
    const handMade = JSON.stringify({ clientMsgID: '', contentType: 101, content: 'first', sendID: 'alice' });
    const first = sdk.sendMessage({ recvID: 'bob', groupID: '', message: handMade });
    const second = sdk.sendMessage({ recvID: 'bob', groupID: '', message: draft });
    expect(part.later.get()).toBeUndefined();
    await Promise.all([first, second]);
    await eventually(() => expect(texts(bob)).toEqual(['first', 'second']));
    expect((await data(sdk.getHistoryMessageList({ userID: 'bob', groupID: '', startClientMsgID: '', count: 20 })) as Item[]).map((m) => m.content)).toEqual(['first', 'second']);
  });
});
