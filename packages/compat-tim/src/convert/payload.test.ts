import type { Element } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { TYPES } from '../constants.js';
import { messageForShow } from './group.js';
import { mergerItem, randomOfId, toElement, toPayload } from './payload.js';

const absolute = (u: string) => (u ? `https://cdn.test${u}` : u);

describe('toPayload', () => {
  it('gives each element the vendor’s type and payload fields', () => {
    expect(toPayload({ text: { text: 'hi' } })).toEqual({ type: TYPES.MSG_TEXT, payload: { text: 'hi' } });
    expect(toPayload({ face: { index: 2, data: 'x' } })).toEqual({ type: TYPES.MSG_FACE, payload: { index: 2, data: 'x' } });
    expect(toPayload({ custom: { data: 'd', description: 'e', extension: 'f' } })).toEqual({ type: TYPES.MSG_CUSTOM, payload: { data: 'd', description: 'e', extension: 'f' } });
    expect(toPayload({ location: { description: 'here', longitude: 1.5, latitude: 2.5 } })).toEqual({ type: TYPES.MSG_LOCATION, payload: { description: 'here', longitude: 1.5, latitude: 2.5 } });
    expect(toPayload({ revokeTip: {} } as Element)).toBeUndefined();
  });

  it('lists an image as original, large and small, with absolute URLs and the vendor’s format number', () => {
    const image: Element = { image: { media: { mediaId: 'm1', url: '/media/a.png', width: 4, height: 3, size: 70, mime: 'image/png' } } };
    const converted = toPayload(image, absolute);
    expect(converted?.type).toBe(TYPES.MSG_IMAGE);
    expect(converted?.payload.imageFormat).toBe(3);
    expect(converted?.payload.uuid).toBe('m1');
    expect(converted?.payload.imageInfoArray).toEqual([
      { sizeType: 1, type: 0, size: 70, width: 4, height: 3, imageUrl: 'https://cdn.test/media/a.png', url: 'https://cdn.test/media/a.png' },
      { sizeType: 2, type: 1, size: 70, width: 4, height: 3, imageUrl: 'https://cdn.test/media/a.png', url: 'https://cdn.test/media/a.png' },
      { sizeType: 3, type: 2, size: 70, width: 4, height: 3, imageUrl: 'https://cdn.test/media/a.png', url: 'https://cdn.test/media/a.png' },
    ]);
  });

  it('shows the messages inside a merger the way the vendor lists them', () => {
    const merger: Element = {
      merger: {
        title: 'chat',
        abstracts: ['a: hi'],
        compatibleText: 'upgrade',
        messages: [{ convId: 'c2c:bob', senderId: 'alice', clientMsgId: '144-1700000000-42', seq: 7, time: 1_700_000_000_500, elements: [{ text: { text: 'hi' } }], sender: { nickname: 'Al' } }],
      },
    };
    const converted = toPayload(merger);
    expect(converted?.type).toBe(TYPES.MSG_MERGER);
    expect(converted?.payload).toMatchObject({ title: 'chat', abstractList: ['a: hi'], compatibleText: 'upgrade', downloadKey: '' });
    expect(converted?.payload.messageList).toEqual([
      {
        ID: '144-1700000000-42',
        from: 'alice',
        messageSender: 'alice',
        nick: 'Al',
        avatar: '',
        time: 1_700_000_000,
        clientTime: 0,
        messageSequence: 7,
        clientSequence: 7,
        messageRandom: 42,
        cloudCustomData: '',
        messageBody: [{ type: TYPES.MSG_TEXT, payload: { text: 'hi' } }],
        messageReceiver: 'bob',
        receiverUserID: 'bob',
      },
    ]);
  });
});

describe('mergerItem', () => {
  it('names the group a group message went to', () => {
    expect(mergerItem({ convId: 'group:g1', senderId: 'bob', serverMsgId: 's1', seq: 3, elements: [{ face: { index: 1, data: '' } }] })).toMatchObject({
      ID: 's1',
      from: 'bob',
      messageReceiver: 'g1',
      receiverGroupID: 'g1',
      messageBody: [{ type: TYPES.MSG_FACE, payload: { index: 1, data: '' } }],
    });
  });
});

describe('toElement', () => {
  it('is the reverse of toPayload for what an app can write', () => {
    const elements: Element[] = [{ text: { text: 'hi' } }, { face: { index: 1, data: 'd' } }, { custom: { data: 'a', description: 'b', extension: 'c' } }, { location: { description: 'x', longitude: 3, latitude: 4 } }];
    for (const element of elements) {
      const converted = toPayload(element);
      expect(toElement(converted?.type as string, converted?.payload)).toEqual(element);
    }
  });

  it('rebuilds uploaded media from the payload’s URLs, and nothing without one', () => {
    const image = toPayload({ image: { media: { mediaId: 'm', url: 'https://x/a.png', width: 4, height: 3, size: 9 } } });
    expect(toElement(TYPES.MSG_IMAGE, image?.payload)).toEqual({ image: { media: { kind: 1, mediaId: 'm', url: 'https://x/a.png', width: 4, height: 3, size: 9 } } });
    expect(toElement(TYPES.MSG_FILE, { fileUrl: 'https://x/f', fileName: 'f.txt', fileSize: 3, uuid: '' })).toEqual({ file: { media: { kind: 0, url: 'https://x/f', fileName: 'f.txt', size: 3 } } });
    expect(toElement(TYPES.MSG_AUDIO, { url: '', uuid: '', size: 0, second: 3 })).toBeUndefined();
    expect(toElement(TYPES.MSG_GRP_TIP, {})).toBeUndefined();
  });
});

describe('randomOfId', () => {
  it('takes the random of a TIM-style ID and hashes any other id into 0..1e8', () => {
    expect(randomOfId('144115-1700000000-12345678')).toBe(12345678);
    const hashed = randomOfId('6f1c2a34-uuid');
    expect(hashed).toBe(randomOfId('6f1c2a34-uuid'));
    expect(hashed).toBeGreaterThanOrEqual(0);
    expect(hashed).toBeLessThan(100_000_000);
  });
});

describe('messageForShow', () => {
  it('is the text for text and a label for the rest', () => {
    expect(messageForShow(TYPES.MSG_TEXT, { text: 'yo' })).toBe('yo');
    expect(messageForShow(TYPES.MSG_IMAGE, {})).toBe('[图片]');
    expect(messageForShow(TYPES.MSG_MERGER, {})).toBe('[聊天记录]');
  });
});
