import { describe, expect, it } from 'vitest';
import { applyMessage, TimMessage } from './message.js';

describe('TimMessage', () => {
  it('keeps its element list out of JSON and Object.keys, but exposes it as elements', () => {
    const m = applyMessage(
      { convId: 'c2c:bob', clientMsgId: '1-2-3', serverMsgId: 's1', seq: 4, senderId: 'alice', time: 5000, elements: [{ text: { text: 'hi' } }], status: 'sent' },
      { userId: 'alice' },
    ) as TimMessage;
    expect(m).toBeInstanceOf(TimMessage);
    expect(Object.keys(m)).not.toContain('_elements');
    expect(JSON.parse(JSON.stringify(m))).not.toHaveProperty('_elements');
    expect(m.elements).toEqual([{ type: 'TIMTextElem', content: { text: 'hi' } }]);
    expect(m).toMatchObject({ ID: '1-2-3', type: 'TIMTextElem', payload: { text: 'hi' }, conversationID: 'C2Cbob', from: 'alice', to: 'bob', flow: 'out', time: 5, random: 3, sequence: 4 });
  });

  it('leaves control entries out', () => {
    expect(applyMessage({ convId: 'c2c:bob', clientMsgId: 'x', serverMsgId: 's', seq: 1, senderId: 'bob', time: 1, elements: [{ typing: { text: '' } }], status: 'sent' }, { userId: 'alice' })).toBeUndefined();
  });
});
