import { RoomChannel } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { contentOf, kvExtraOf, legacyExtraOf, textElements, toExtras } from './convert.js';
import { intParam } from './directory.js';
import { historyMessage } from './history.js';
import { optionalText } from './moderation.js';
import { paramsOf, stringMapParam } from './params.js';

describe('Hummer room message conversion', () => {
  it('kvExtra and the legacy extra travel as JSON extras and come back as the strings sent', () => {
    const extras = toExtras({ name: '张三', n: '1' }, '');
    expect(extras).toEqual({ name: '"张三"', n: '"1"', extra: '""' });
    expect(kvExtraOf({ extras }, true)).toEqual({ name: '张三', n: '1' });
    expect(kvExtraOf({ extras }, false)).toEqual({ name: '张三', n: '1', extra: '' });
    expect(legacyExtraOf({ extras })).toBe('');
    expect(legacyExtraOf({ extras: {} })).toBe('');
    // Extras written by other clients that are not JSON strings stay as they are.
    expect(kvExtraOf({ extras: { a: '{"x":1}', b: 'plain' } }, false)).toEqual({ a: '{"x":1}', b: 'plain' });
  });

  it('a kept text chat is a history item: msgType 0, uuid and timestamp from the server, extra as a string', () => {
    const message = { elements: textElements('hi'), extras: toExtras({ k: 'v' }, 'old'), serverMsgId: '42', time: 1000, senderId: '777888', roomChannel: RoomChannel.TEXT_CHAT };
    expect(contentOf(message)).toBe('hi');
    expect(historyMessage(message as never)).toEqual({ msgType: 0, content: 'hi', uuid: '42', timestamp: 1000, uid: '777888', extra: 'old', kvExtra: { k: 'v' } });
  });

  it('parameters: objects only, lenient numbers, 1002 otherwise', () => {
    expect(paramsOf(undefined)).toEqual({});
    expect(() => paramsOf('x')).toThrow(expect.objectContaining({ rescode: 1002 }));
    expect(stringMapParam({ kv: { a: 1, b: true, c: 'x' } }, 'kv')).toEqual({ a: '1', b: 'true', c: 'x' });
    expect(() => stringMapParam({ kv: { a: {} } }, 'kv')).toThrow(expect.objectContaining({ rescode: 1002 }));
    expect(optionalText({ secs: 600 }, 'secs')).toBe('600');
    expect(intParam({ num: '20' }, 'num', 1)).toBe(20);
    expect(intParam({}, 'pos', 0, 0)).toBe(0);
    expect(() => intParam({ num: 0 }, 'num', 1)).toThrow(expect.objectContaining({ rescode: 1002 }));
  });
});
