import { describe, expect, it } from 'vitest';
import { TYPES } from '../../constants.js';
import { TimConversation } from '../../convert/conversation.js';
import { filterList } from './list.js';

function conv(conversationID: string, type: string, markList: number[] = [], conversationGroupList: string[] = []): TimConversation {
  return Object.assign(new TimConversation(), { conversationID, type, markList, conversationGroupList });
}

const list = [conv('C2Ca', TYPES.CONV_C2C, [1], ['work']), conv('GROUPg', TYPES.CONV_GROUP, [1, 2]), conv('@TIM#SYSTEM', TYPES.CONV_SYSTEM)];
const ids = (l: TimConversation[]) => l.map((c) => c.conversationID);

describe('getConversationList filters', () => {
  it('returns everything without an argument', () => {
    expect(ids(filterList(list, undefined))).toEqual(['C2Ca', 'GROUPg', '@TIM#SYSTEM']);
  });

  it('keeps the listed conversationIDs, in list order; an empty array keeps none', () => {
    expect(ids(filterList(list, ['@TIM#SYSTEM', 'C2Ca', 'C2Cnobody']))).toEqual(['C2Ca', '@TIM#SYSTEM']);
    expect(filterList(list, [])).toEqual([]);
  });

  it('filters by type (C2C or GROUP only), mark and conversation group', () => {
    expect(ids(filterList(list, { type: TYPES.CONV_GROUP }))).toEqual(['GROUPg']);
    expect(ids(filterList(list, { type: TYPES.CONV_SYSTEM }))).toEqual(['C2Ca', 'GROUPg', '@TIM#SYSTEM']);
    expect(ids(filterList(list, { markType: 2 }))).toEqual(['GROUPg']);
    expect(ids(filterList(list, { groupName: 'work' }))).toEqual(['C2Ca']);
    expect(ids(filterList(list, { type: TYPES.CONV_C2C, markType: 2 }))).toEqual([]);
  });

  it('gives an empty list for anything else', () => {
    expect(filterList(list, 'C2Ca' as never)).toEqual([]);
  });
});
