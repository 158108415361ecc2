import { describe, expect, it } from 'vitest';
import { OpenImError } from '../errors.js';
import type { Entry, Item } from './message-elem.js';
import { type ItemView, messageItem, revokeTipEntry } from './message-item.js';
import { contentOfItem, snapshotOfItem } from './message-parse.js';

const view: ItemView = { self: 'alice', profile: (id) => (id === 'alice' ? { nickname: 'Alice', avatar: 'a.png' } : undefined), now: () => 1_000 };

const entry = (over: Partial<Entry>): Entry => ({
  convId: 'c2c:bob',
  clientMsgId: 'c1',
  serverMsgId: 's1',
  seq: 3,
  senderId: 'bob',
  time: 5_000,
  clientTime: 4_000,
  elements: [{ text: { text: 'hi' } }],
  status: 'sent',
  ...over,
});

/** A MessageItem through the parser and back: what a peer receives of what the app sent. */
const roundTrip = (item: Item): Item => messageItem({ ...entry({ senderId: 'alice' }), ...contentOfItem(item, 'alice') }, view);

describe('messageItem', () => {
  it('fills every field, with the elems of other types zero-valued', () => {
    const item = messageItem(entry({ sender: { nickname: 'Bob', avatar: 'b.png', platform: 2 }, cloudCustomData: 'x', isRead: true }), view);
    expect(item).toMatchObject({
      clientMsgID: 'c1',
      serverMsgID: 's1',
      createTime: 4_000,
      sendTime: 5_000,
      sessionType: 1,
      sendID: 'bob',
      recvID: 'alice',
      groupID: '',
      msgFrom: 100,
      contentType: 101,
      content: 'hi',
      platformID: 2,
      senderNickname: 'Bob',
      senderFaceUrl: 'b.png',
      seq: 3,
      isRead: true,
      status: 2,
      ex: 'x',
      attachedInfo: '',
      offlinePush: { title: '', desc: '', ex: '', iOSPushSound: '', iOSBadgeCount: false },
    });
    expect(item.pictureElem).toEqual({ sourcePath: '', sourcePicture: { uuid: '', type: '', size: 0, width: 0, height: 0, url: '' }, bigPicture: expect.any(Object), snapshotPicture: expect.any(Object) });
    expect(item.mergeElem).toEqual({ title: '', abstractList: null, multiMessage: null });
    expect(item.quoteElem).toEqual({ text: '', quoteMessage: null });
    expect(item.atElem).toEqual({ text: '', atUserList: null, isAtSelf: false });
    expect(item.faceElem).toEqual({ index: 0, data: '' });
  });

  it('addresses messages as the viewer sees them', () => {
    expect(messageItem(entry({ senderId: 'alice' }), view)).toMatchObject({ sessionType: 1, sendID: 'alice', recvID: 'bob', senderNickname: 'Alice', senderFaceUrl: 'a.png' });
    expect(messageItem(entry({ convId: 'group:g1' }), view)).toMatchObject({ sessionType: 2, recvID: 'alice', groupID: 'g1' });
    expect(messageItem(entry({ convId: '', senderId: 'alice', status: 'pending' }), view)).toMatchObject({ sessionType: 0, recvID: '', groupID: '', status: 1 });
    expect(messageItem(entry({ status: 'failed' }), view).status).toBe(3);
    expect(messageItem(entry({ deletedForSelf: true }), view).status).toBe(4);
    // Own messages are "read" once the peer read them.
    expect(messageItem(entry({ senderId: 'alice', isRead: true }), view).isRead).toBe(false);
    expect(messageItem(entry({ senderId: 'alice', isPeerRead: true }), view).isRead).toBe(true);
  });

  it('shows mentions as 106 with isAtSelf for the mentioned viewer', () => {
    const item = messageItem(entry({ mentions: { userIds: ['alice', 'carol'] } }), view);
    expect(item).toMatchObject({ contentType: 106, atElem: { text: 'hi', atUserList: ['alice', 'carol'], isAtSelf: true } });
    expect(JSON.parse(item.content as string)).toEqual({ text: 'hi', atUserList: ['alice', 'carol'], isAtSelf: false });
    expect(messageItem(entry({ mentions: { userIds: ['carol'] } }), view).atElem).toMatchObject({ isAtSelf: false });
  });

  it('shows a revoke as the 111 tip, whether from the tip entry or the revoked original', () => {
    const target = { serverMsgId: 's1', clientMsgId: 'c1', senderId: 'bob', seq: 3 };
    const fromEntry = messageItem(entry({ clientMsgId: 'revoke:s1', serverMsgId: 's9', seq: 4, hidden: true, elements: [{ revokeTip: { target, revokedBy: 'bob', revokedAt: 9_000 } }] }), view);
    expect(fromEntry).toMatchObject({ clientMsgID: 'revoke:s1', contentType: 111, content: 'c1', status: 2, sendID: 'bob', seq: 4 });
    const fromOriginal = messageItem(entry({ state: 1, revokedBy: 'bob', revokedAt: 9_000 }), view);
    expect(fromOriginal).toMatchObject({ clientMsgID: 'revoke:s1', contentType: 111, content: 'c1', sendTime: 9_000, sendID: 'bob', status: 2 });
    expect(messageItem(revokeTipEntry('c2c:bob', target, 'bob', 9_000, 4), view)).toMatchObject({ clientMsgID: 'revoke:s1', content: 'c1', seq: 4 });
    // Other control entries are "filtered".
    expect(messageItem(entry({ hidden: true, elements: [{ receipt: { refs: [{ clientMsgId: 'c1' }] } }] }), view)).toMatchObject({ contentType: 112, content: '["c1"]', status: 6 });
  });

  it('renders content other vendors send', () => {
    expect(messageItem(entry({ elements: [{ text: { text: 'a' } }, { face: { index: 1 } }], fallbackText: 'a [Face]' }), view)).toMatchObject({ contentType: 101, content: 'a [Face]' });
    expect(messageItem(entry({ elements: [{ modify: { version: 2 } }], fallbackText: 'x' }), view)).toMatchObject({ contentType: 101, content: 'x' });
    const image = messageItem(entry({ elements: [{ image: { media: { url: 'o.png', width: 100, height: 80, size: 9, mime: 'image/png', renditions: [{ kind: 1, url: 'l.png', width: 50 }, { kind: 2, url: 't.png', width: 10 }] } } }] }), view);
    expect(image.pictureElem).toMatchObject({ sourcePicture: { url: 'o.png', type: 'png', width: 100, size: 9 }, bigPicture: { url: 'l.png', width: 50 }, snapshotPicture: { url: 't.png', width: 10 } });
    const tip = messageItem(entry({ convId: 'group:g1', clientMsgId: '', senderId: 'carol', elements: [{ groupTip: { tip: 12, operatorId: 'carol', userIds: ['bob'], text: 'carol created the group' } }] }), view);
    expect(tip).toMatchObject({ clientMsgID: 's1', contentType: 1501, msgFrom: 200, notificationElem: { defaultTips: 'carol created the group' } });
    expect(JSON.parse((tip.notificationElem as { detail: string }).detail)).toMatchObject({ opUserID: 'carol', userIDList: ['bob'] });
    const muted = messageItem(entry({ convId: 'group:g1', elements: [{ groupTip: { tip: 7, memberChanges: [{ userId: 'bob', muteUntil: 5_000 }] } }] }), view);
    expect(muted.contentType).toBe(1512);
  });
});

describe('contentOfItem', () => {
  const pic = (n: string) => ({ uuid: `${n}-id`, type: 'jpg', size: 10, width: 4, height: 3, url: `https://x/${n}.jpg` });

  it('round-trips every sendable kind', () => {
    const picture = { sourcePath: '', sourcePicture: pic('s'), bigPicture: pic('b'), snapshotPicture: pic('t') };
    expect(roundTrip({ contentType: 102, pictureElem: picture }).pictureElem).toEqual({ ...picture, bigPicture: { ...pic('b'), uuid: '' } });
    const sound = { uuid: 'u', soundPath: '', sourceUrl: 'https://x/a.mp3', dataSize: 5, duration: 3 };
    expect(roundTrip({ contentType: 103, soundElem: sound }).soundElem).toEqual(sound);
    const video = { videoPath: '', videoUUID: 'v', videoUrl: 'https://x/v.mp4', videoType: 'mp4', videoSize: 9, duration: 2, snapshotPath: '', snapshotUUID: 'vs', snapshotSize: 1, snapshotUrl: 'https://x/v.jpg', snapshotWidth: 6, snapshotHeight: 4 };
    expect(roundTrip({ contentType: 104, videoElem: video }).videoElem).toEqual(video);
    const file = { filePath: '', uuid: 'f', sourceUrl: 'https://x/f.pdf', fileName: 'f.pdf', fileSize: 7 };
    expect(roundTrip({ contentType: 105, fileElem: file }).fileElem).toEqual(file);
    expect(roundTrip({ contentType: 109, locationElem: { description: 'd', longitude: 1.5, latitude: -2 } }).locationElem).toEqual({ description: 'd', longitude: 1.5, latitude: -2 });
    expect(roundTrip({ contentType: 110, customElem: { data: 'x', description: 'y', extension: 'z' } }).customElem).toEqual({ data: 'x', description: 'y', extension: 'z' });
    expect(roundTrip({ contentType: 115, faceElem: { index: 2, data: 'd' } }).faceElem).toEqual({ index: 2, data: 'd' });
    expect(roundTrip({ contentType: 108, content: '{"c":1}' })).toMatchObject({ contentType: 108, content: '{"c":1}' });
    expect(roundTrip({ contentType: 106, atElem: { text: 't', atUserList: ['bob'], isAtSelf: false } })).toMatchObject({ contentType: 106, atElem: { text: 't', atUserList: ['bob'] } });
  });

  it('embeds quoted and merged messages as MessageItems', () => {
    const quoted = { clientMsgID: 'q1', serverMsgID: 'sq', sendID: 'bob', recvID: 'alice', sessionType: 1, contentType: 101, content: 'orig', seq: 2, sendTime: 7 };
    const quote = roundTrip({ contentType: 114, quoteElem: { text: 'reply', quoteMessage: quoted } });
    expect(quote.quoteElem).toMatchObject({ text: 'reply', quoteMessage: { clientMsgID: 'q1', content: 'orig', sendID: 'bob', recvID: 'alice', sessionType: 1, seq: 2, sendTime: 7 } });
    const merger = roundTrip({ contentType: 107, mergeElem: { title: 'T', abstractList: ['bob: orig'], multiMessage: [quoted] } });
    expect(merger.mergeElem).toMatchObject({ title: 'T', abstractList: ['bob: orig'], multiMessage: [{ clientMsgID: 'q1', content: 'orig' }] });
    expect(snapshotOfItem(quoted, 'alice')).toMatchObject({ convId: 'c2c:bob', senderId: 'bob', clientMsgId: 'q1' });
  });

  it('reads the elem from content when the item carries only that, and refuses what cannot be sent', () => {
    expect(contentOfItem({ contentType: 109, content: JSON.stringify({ description: 'p', longitude: 3, latitude: 4 }) }, 'alice').elements).toEqual([{ location: { description: 'p', longitude: 3, latitude: 4 } }]);
    expect(() => contentOfItem({ contentType: 111, content: 'c1' }, 'alice')).toThrow(OpenImError);
    expect(() => contentOfItem({ contentType: 113, content: 'typing' }, 'alice')).toThrow(expect.objectContaining({ errCode: 202 }));
  });
});
