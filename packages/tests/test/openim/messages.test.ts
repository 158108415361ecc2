import { type Client, groupsOf } from '@parley/core';
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

const data = async (call: Promise<unknown>): Promise<Item> => JSON.parse(((await call) as WsResponse).data) as Item;
/** The chat messages a page received (group notifications, contentType ≥ 1000, left out). */
const received = (page: OpenImPage) => (page.seen('OnRecvNewMessage') as Item[]).filter((m) => m.contentType < 1000);
const pic = (name: string) => ({ uuid: `${name}-uuid`, type: 'png', size: 120, width: 40, height: 30, url: `https://cdn.example.com/${name}.png` });

/** One message of every kind alice can create, keyed by what it is. */
async function everyKind(page: OpenImPage, quoted: string): Promise<Array<[string, Item]>> {
  const sdk = page.sdk;
  return [
    ['text', await data(sdk.createTextMessage('hello'))],
    ['at', await data(sdk.createTextAtMessage({ text: '@bob hi', atUserIDList: ['bob'] }))],
    ['image', await data(sdk.createImageMessage({ sourcePicture: pic('src'), bigPicture: pic('big'), snapshotPicture: pic('snap') }))],
    ['sound', await data(sdk.createSoundMessage({ uuid: 's1', soundPath: '', sourceUrl: 'https://cdn.example.com/a.mp3', dataSize: 2048, duration: 7 }))],
    [
      'video',
      await data(
        sdk.createVideoMessage({ videoPath: '', duration: 12, videoType: 'mp4', snapshotPath: '', videoUUID: 'v1', videoUrl: 'https://cdn.example.com/v.mp4', videoSize: 9000, snapshotUUID: 'v1s', snapshotSize: 300, snapshotUrl: 'https://cdn.example.com/v.png', snapshotWidth: 64, snapshotHeight: 48 }),
      ),
    ],
    ['file', await data(sdk.createFileMessage({ filePath: '', fileName: 'report.pdf', uuid: 'f1', sourceUrl: 'https://cdn.example.com/report.pdf', fileSize: 4096 }))],
    ['merger', await data(sdk.createMergerMessage({ messageList: [JSON.parse(quoted)], title: 'Chat of alice', summaryList: ['alice: first'] }))],
    ['forward', await data(sdk.createForwardMessage(quoted))],
    ['face', await data(sdk.createFaceMessage({ index: 3, data: 'smile' }))],
    ['location', await data(sdk.createLocationMessage({ description: 'Office', longitude: 116.4, latitude: 39.9 }))],
    ['custom', await data(sdk.createCustomMessage({ data: '{"k":1}', extension: 'ext', description: 'desc' }))],
    ['quote', await data(sdk.createQuoteMessage({ text: 'replying', message: quoted }))],
    ['card', await data(sdk.createCardMessage('{"userID":"carol"}'))],
  ];
}

/** Checks the receiver's copy against the sent one: same id, type, content and elem. */
function expectSame(got: Item, sent: Item): void {
  expect(got).toMatchObject({ clientMsgID: sent.clientMsgID, serverMsgID: sent.serverMsgID, contentType: sent.contentType, sendID: sent.sendID, status: 2, seq: sent.seq });
  const elems = ['pictureElem', 'soundElem', 'videoElem', 'fileElem', 'faceElem', 'locationElem', 'customElem'] as const;
  for (const key of elems) expect(got[key]).toEqual(sent[key]);
  if (sent.contentType === 101 || sent.contentType === 108) expect(got.content).toBe(sent.content);
}

describe('OpenIM messages: create, send, receive', () => {
  it('creates every kind locally, sends it to a peer, and the peer receives it once, in order', async () => {
    const first = await data(alice.sdk.createTextMessage('first'));
    expect(first).toMatchObject({ contentType: 101, content: 'first', status: 1, sendID: 'alice', sessionType: 0, recvID: '', groupID: '', msgFrom: 100, platformID: 5, isRead: false });
    expect(first.clientMsgID).toMatch(/^[0-9a-f]{32}$/);
    expect(first.createTime).toBe(first.sendTime);
    expect(first.pictureElem).toMatchObject({ sourcePicture: { url: '', width: 0 } });
    const sentFirst = await data(alice.sdk.sendMessage({ recvID: 'bob', groupID: '', message: JSON.stringify(first) }));
    expect(sentFirst).toMatchObject({ clientMsgID: first.clientMsgID, status: 2, sessionType: 1, recvID: 'bob', content: 'first' });
    expect(sentFirst.serverMsgID).not.toBe('');
    expect(sentFirst.seq).toBeGreaterThan(0);

    const kinds = await everyKind(alice, JSON.stringify(sentFirst));
    expect(kinds.map(([, m]) => m.contentType)).toEqual([101, 106, 102, 103, 104, 105, 107, 101, 115, 109, 110, 114, 108]);
    const forward = kinds[7]?.[1] as Item;
    expect(forward).toMatchObject({ status: 2, seq: 0, content: 'first' });
    expect(forward.clientMsgID).not.toBe(first.clientMsgID);
    const sent: Item[] = [];
    for (const [, message] of kinds) sent.push(await data(alice.sdk.sendMessageNotOss({ recvID: 'bob', groupID: '', message: JSON.stringify(message) })));

    await eventually(() => expect(received(bob)).toHaveLength(kinds.length + 1));
    const got = received(bob);
    expect(got.map((m) => m.clientMsgID)).toEqual([sentFirst, ...sent].map((m) => m.clientMsgID));
    for (const [i, m] of sent.entries()) expectSame(got[i + 1] as Item, m);
    for (const m of got) expect(m).toMatchObject({ sessionType: 1, recvID: 'bob', groupID: '', msgFrom: 100 });
    expect(bob.events.filter((e) => e.event === 'OnRecvNewMessage').every((e) => e.operationID === '0')).toBe(true);
    // The receiver sees details of each kind.
    const byType = new Map(got.map((m) => [m.contentType, m]));
    expect(byType.get(106)?.atElem).toEqual({ text: '@bob hi', atUserList: ['bob'], isAtSelf: true });
    expect(byType.get(102)?.pictureElem).toMatchObject({ sourcePicture: pic('src'), bigPicture: { url: pic('big').url }, snapshotPicture: pic('snap') });
    expect(byType.get(103)?.soundElem).toEqual({ uuid: 's1', soundPath: '', sourceUrl: 'https://cdn.example.com/a.mp3', dataSize: 2048, duration: 7 });
    expect(byType.get(107)?.mergeElem).toMatchObject({ title: 'Chat of alice', abstractList: ['alice: first'], multiMessage: [{ clientMsgID: first.clientMsgID, content: 'first', contentType: 101 }] });
    expect(byType.get(114)?.quoteElem).toMatchObject({ text: 'replying', quoteMessage: { clientMsgID: first.clientMsgID, content: 'first' } });
    expect(byType.get(108)?.content).toBe('{"userID":"carol"}');
    expect(byType.get(115)?.faceElem).toEqual({ index: 3, data: 'smile' });
    expect(JSON.parse(byType.get(110)?.content ?? '{}')).toEqual({ data: '{"k":1}', description: 'desc', extension: 'ext' });

    // The other way round; and neither page hears its own sends.
    const reply = await data(bob.sdk.createTextMessage('back at you'));
    await bob.sdk.sendMessage({ recvID: 'alice', groupID: '', message: JSON.stringify(reply) });
    await eventually(() => expect(received(alice).map((m) => m.content)).toEqual(['back at you']));
    expect(received(alice)[0]).toMatchObject({ sendID: 'bob', recvID: 'alice', sessionType: 1 });
    expect(received(bob).some((m) => m.sendID === 'bob')).toBe(false);
    expect(alice.seen('OnProgress')).toContainEqual({ progress: 100 });
  });

  it('sends a MessageItem it never created, and delivers group messages to every member', async () => {
    const owner: Client = await h.login('carol');
    const { group } = await groupsOf(owner).create({ name: 'club', members: ['alice', 'bob'] });
    const groupID = group.groupId as string;
    // A MessageItem written by hand (another client made it): parsed, sent under its own id.
    const foreign = { clientMsgID: 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0', contentType: 109, content: '', locationElem: { description: 'Park', longitude: 2.35, latitude: 48.85 }, status: 1, sendID: 'alice' };
    const sent = await data(alice.sdk.sendMessage({ recvID: '', groupID, message: JSON.stringify(foreign) }));
    expect(sent).toMatchObject({ clientMsgID: foreign.clientMsgID, status: 2, sessionType: 2, groupID, recvID: '', contentType: 109, locationElem: foreign.locationElem });
    await eventually(() => expect(received(bob)).toHaveLength(1));
    // The group's creation reached the members as a 1501 notification from the system.
    expect((bob.seen('OnRecvNewMessage') as Item[])[0]).toMatchObject({ contentType: 1501, msgFrom: 200, groupID, sessionType: 2 });
    expect(received(bob)[0]).toMatchObject({ clientMsgID: foreign.clientMsgID, sessionType: 2, groupID, recvID: 'bob', sendID: 'alice', locationElem: foreign.locationElem });
    await eventually(() => expect(owner.messages(`group:${groupID}`).some((m) => m.clientMsgId === foreign.clientMsgID)).toBe(true));

    // Messages from a core client (another vendor) show in OpenIM terms.
    await owner.send({ convId: `group:${groupID}`, elements: [{ text: { text: 'from core' } }] });
    await owner.send({ convId: `group:${groupID}`, elements: [{ image: { media: { kind: 1, url: 'https://cdn.example.com/c.png', width: 8, height: 6 } } }] });
    await owner.send({ convId: `group:${groupID}`, elements: [{ text: { text: 'a' } }, { text: { text: 'b' } }], fallbackText: 'a b' });
    await eventually(() => expect(received(bob).length).toBeGreaterThanOrEqual(4));
    const [, text, image, multi] = received(bob);
    expect(text).toMatchObject({ contentType: 101, content: 'from core', sendID: 'carol', groupID });
    expect(image).toMatchObject({ contentType: 102, pictureElem: { sourcePicture: { url: 'https://cdn.example.com/c.png', width: 8, height: 6 } } });
    expect(multi).toMatchObject({ contentType: 101, content: 'a b' });
    expect(received(alice).map((m) => m.sendID)).toEqual(['carol', 'carol', 'carol']);
  });

  it("announces the user's own sends from another device, once each", async () => {
    const otherDevice = await h.login('alice');
    const sent = await otherDevice.send({ convId: 'c2c:bob', elements: [{ text: { text: 'from my phone' } }] });
    await eventually(() => expect(received(alice)).toHaveLength(1));
    expect(received(alice)[0]).toMatchObject({ clientMsgID: sent.clientMsgId, sendID: 'alice', recvID: 'bob', sessionType: 1, content: 'from my phone' });
    await eventually(() => expect(received(bob)).toHaveLength(1));
    // A later message pulls nothing twice.
    await otherDevice.send({ convId: 'c2c:bob', elements: [{ text: { text: 'again' } }] });
    await eventually(() => expect(received(alice).map((m) => m.content)).toEqual(['from my phone', 'again']));
  });

  it('refuses bad sends and creations with the vendor codes', async () => {
    const msg = ((await alice.sdk.createTextMessage('x')) as WsResponse).data;
    await expect(alice.sdk.sendMessage({ recvID: '', groupID: '', message: msg })).rejects.toMatchObject({ errCode: 201, errMsg: 'recvID && groupID not be allowed', event: 'SendMessage' });
    await expect(alice.sdk.sendMessage({ recvID: 'bob', groupID: '', message: 'not json' })).rejects.toMatchObject({ errCode: 1001 });
    await expect(alice.sdk.createTextMessage(42 as never)).rejects.toMatchObject({ errCode: 1001, event: 'CreateTextMessage' });
    await expect(alice.sdk.createImageMessageFromFullPath('/tmp/a.png')).rejects.toMatchObject({ errCode: 804 });
    await expect(alice.sdk.sendMessage({ recvID: '', groupID: 'no-such-group', message: msg })).rejects.toMatchObject({ errCode: expect.any(Number) });
    // Only a sent message can be forwarded: "" with errCode 0.
    expect(await alice.sdk.createForwardMessage(msg)).toMatchObject({ errCode: 0, data: '' });
    const owner = await h.login('carol');
    const { group } = await groupsOf(owner).create({ name: 'closed', members: ['bob'] });
    await expect(alice.sdk.sendMessage({ recvID: '', groupID: group.groupId as string, message: msg })).rejects.toMatchObject({ errCode: 208 });
  });
});
