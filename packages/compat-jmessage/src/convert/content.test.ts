import type { Message } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { bodyBytes, bodyOf, contentOf, extrasOf, extrasToWire } from './content.js';

const message = (fields: Partial<Message>): Message => ({ convId: 'c2c:bob', clientMsgId: 'c1', serverMsgId: '42', seq: 1, senderId: 'alice', time: 1_700_000_000_123, elements: [], status: 'sent', ...fields });

describe('J content', () => {
  it('extras are JSON on the wire and objects for apps; text that is not JSON stays text', () => {
    const wire = extrasToWire({ a: 1, b: { c: ['d'] }, gone: undefined });
    expect(wire).toEqual({ a: '1', b: '{"c":["d"]}' });
    expect(extrasOf({ ...wire, raw: 'not json' })).toEqual({ a: 1, b: { c: ['d'] }, raw: 'not json' });
  });

  it('receive-only kinds: audio is voice, video has its file and thumb', () => {
    const voice = bodyOf(message({ elements: [{ audio: { media: { mediaId: 'v1', crc32: 9, durationSec: 3, format: 'amr', size: 100 } } }] }));
    expect(voice).toEqual({ msg_type: 'voice', msg_body: { media_id: 'v1', media_crc32: 9, duration: 3, format: 'amr', fsize: 100, extras: {} } });
    const video = bodyOf(message({ elements: [{ video: { media: { mediaId: 'm1', crc32: 1, size: 10, fileName: 'a.mp4', durationSec: 5 }, thumb: { mediaId: 't1', width: 2, height: 3, format: 'jpg', size: 4 } } }] }));
    expect(video).toEqual({
      msg_type: 'video',
      msg_body: { video: { media_id: 'm1', media_crc32: 1, fsize: 10, fname: 'a.mp4' }, duration: 5, thumb: { media_id: 't1', media_crc32: 0, width: 2, height: 3, format: 'jpg', fsize: 4 }, extras: {} },
    });
  });

  it('what J cannot show arrives as text: faces, several elements, revoked messages', () => {
    expect(bodyOf(message({ elements: [{ face: { index: 1 } }], fallbackText: '[smile]' })).msg_body).toEqual({ text: '[Face]', extras: {} });
    expect(bodyOf(message({ elements: [{ text: { text: 'look' } }, { image: { media: { mediaId: 'i' } } }] })).msg_body.text).toBe('look [Image]');
    expect(bodyOf(message({ elements: [{ text: { text: 'gone' } }], state: 1 })).msg_type).toBe('text');
  });

  it('custom bodies: the JSON object, else JSON data, else the three strings; URL-only media keep the URL as media_id', () => {
    expect(bodyOf(message({ elements: [{ custom: { json: '{"a":1}', data: 'x' } }] })).msg_body).toEqual({ a: 1 });
    expect(bodyOf(message({ elements: [{ custom: { data: '{"b":2}' } }] })).msg_body).toEqual({ b: 2 });
    expect(bodyOf(message({ elements: [{ custom: { data: 'plain', description: 'd', extension: 'e' } }] })).msg_body).toEqual({ data: 'plain', description: 'd', extension: 'e' });
    expect(bodyOf(message({ elements: [{ image: { media: { url: 'https://cdn/x.png' } } }] })).msg_body.media_id).toBe('https://cdn/x.png');
  });

  it('the whole content, and the byte count of the size limit', () => {
    const m = message({ elements: [{ text: { text: '😀' } }], sender: { nickname: 'Al', platform: 2 }, senderKind: 3 });
    expect(contentOf(m, { type: 'single', id: 'bob', name: 'Bob', appkey: 'k', fromAppkey: 'k' })).toEqual({
      version: 1,
      target_type: 'single',
      target_id: 'bob',
      target_name: 'Bob',
      target_appkey: 'k',
      from_type: 'admin',
      from_id: 'alice',
      from_name: 'Al',
      from_appkey: 'k',
      from_platform: 'a',
      create_time: 1_700_000_000_123,
      msg_type: 'text',
      msg_body: { text: '😀', extras: {} },
    });
    // {"text":"😀","extras":{}}: 23 bytes of JSON and 4 for the emoji.
    expect(bodyBytes({ msg_type: 'text', msg_body: { text: '😀', extras: {} } })).toBe(27);
  });
});
