import type { Message } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { extrasOf, extrasToWire, receivedOf, textOf } from './messages.js';

const wire = (over: Partial<Message>): Message => ({
  convId: 'c2c:2',
  clientMsgId: 'c1',
  serverMsgId: '6834302384034808238',
  seq: 3,
  senderId: '777888',
  time: 1_700_000_000_000,
  elements: [{ text: { text: 'hi' } }],
  status: 'sent',
  ...over,
});

describe('P2P/P2C message conversion', () => {
  it('textOf takes TEXT messages only, with a non-empty content', () => {
    expect(textOf({ msgType: 0, content: 'hi' })).toBe('hi');
    expect(textOf({ msgType: '0', content: 'hi' })).toBe('hi');
    for (const bad of [undefined, 'hi', { msgType: 1, content: 'x' }, { msgType: 0, content: '' }, { msgType: 0 }]) {
      expect(() => textOf(bad)).toThrow(expect.objectContaining({ rescode: 1002 }));
    }
  });

  it('appExtras travel as JSON strings and come back as they were; JSON from other vendors stays text', () => {
    const map = { a: 'x', b: '{"not":"parsed"}', c: '' };
    expect(extrasToWire(map)).toEqual({ a: '"x"', b: JSON.stringify('{"not":"parsed"}'), c: '""' });
    expect(extrasOf(extrasToWire(map))).toEqual(map);
    expect(extrasOf({ n: '5', o: '{"k":1}', raw: 'plain', __parley: '{}' })).toEqual({ n: '5', o: '{"k":1}', raw: 'plain' });
    expect(extrasOf(undefined)).toEqual({});
  });

  it('receivedOf shapes {opUid, message, appExtras}; content that is not text shows its fallback', () => {
    expect(receivedOf(wire({ extras: { k: '"v"' } }))).toEqual({
      opUid: '777888',
      message: { msgType: 0, content: 'hi', uuid: '6834302384034808238', timestamp: 1_700_000_000_000, uid: '777888', extra: '', kvExtra: {}, appExtras: { k: 'v' } },
      appExtras: { k: 'v' },
    });
    expect(receivedOf(wire({ elements: [{ image: { media: { url: 'u' } } }] })).message.content).not.toBe('');
  });
});
