import { chatOf, contactsOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, textOf } from '../helpers/harness.js';
import { startTimHarness, timPage } from '../helpers/tim.js';
import { type Conv, find, latest, listed, listOf, say } from './conversation-helpers.js';

// Conversation groups, deletion, history clearing, profiles and argument validation.

let h: Harness;
beforeAll(async () => {
  h = await startTimHarness();
});
afterAll(() => h.stop());

describe('TIM conversation groups', () => {
  it('creates, fills, renames, empties and deletes a conversation group, with their events', async () => {
    const bob = await h.login('cf-bob');
    const carol = await h.login('cf-carol');
    const page = await timPage(h, 'cf-alice');
    const { TIM, tim } = page;
    await say(bob, 'c2c:cf-alice', 'b');
    await say(carol, 'c2c:cf-alice', 'c');
    await eventually(() => expect(listed(page)).toHaveLength(2));

    const created = await tim.createConversationGroup({ conversationIDList: ['C2Ccf-bob', 'C2Ccf-nobody'], groupName: 'work' });
    expect(created.data).toEqual({ successConversationIDList: ['C2Ccf-bob'], failureConversationIDList: [expect.objectContaining({ conversationID: 'C2Ccf-nobody', code: 2500 })] });
    expect(page.seen(TIM.EVENT.CONVERSATION_GROUP_LIST_UPDATED).at(-1)).toEqual(['work']);
    await eventually(() => {
      const inGroup = latest<{ groupName: string; conversationList: Conv[] }>(page, TIM.EVENT.CONVERSATION_IN_GROUP_UPDATED);
      expect(inGroup?.groupName).toBe('work');
      expect(inGroup?.conversationList.map((c) => c.conversationID)).toEqual(['C2Ccf-bob']);
    });
    expect((await tim.getConversationGroupList()).data).toEqual(['work']);
    expect((await listOf(page, { groupName: 'work' })).map((c) => c.conversationID)).toEqual(['C2Ccf-bob']);
    await eventually(() => expect(find(page, 'C2Ccf-bob')?.conversationGroupList).toEqual(['work']));

    const added = await tim.addConversationsToGroup({ conversationIDList: ['C2Ccf-carol'], groupName: 'work' });
    expect(added.data).toEqual({ successConversationIDList: ['C2Ccf-carol'], failureConversationIDList: [] });
    expect(latest<{ conversationList: Conv[] }>(page, TIM.EVENT.CONVERSATION_IN_GROUP_UPDATED)?.conversationList.map((c) => c.conversationID).sort()).toEqual(['C2Ccf-bob', 'C2Ccf-carol']);

    expect(await tim.renameConversationGroup({ oldName: 'work', newName: 'job' })).toEqual({ code: 0, data: {} });
    expect(latest(page, TIM.EVENT.CONVERSATION_GROUP_LIST_UPDATED)).toEqual(['job']);
    await eventually(() => expect(find(page, 'C2Ccf-carol')?.conversationGroupList).toEqual(['job']));

    const removed = await tim.deleteConversationsFromGroup({ conversationIDList: ['C2Ccf-bob'], groupName: 'job' });
    expect(removed.data).toEqual({ successConversationIDList: ['C2Ccf-bob'], failureConversationIDList: [] });
    expect(latest<{ groupName: string; conversationList: Conv[] }>(page, TIM.EVENT.CONVERSATION_IN_GROUP_UPDATED)).toMatchObject({ groupName: 'job', conversationList: [expect.objectContaining({ conversationID: 'C2Ccf-carol' })] });

    await tim.deleteConversationGroup('job');
    expect(latest(page, TIM.EVENT.CONVERSATION_GROUP_LIST_UPDATED)).toEqual([]);
    expect((await tim.getConversationGroupList()).data).toEqual([]);
    await eventually(() => expect(find(page, 'C2Ccf-carol')?.conversationGroupList).toEqual([]));
  });
});

describe('TIM conversation removal', () => {
  it('deletes a conversation keeping its history (string form) or clearing it (object form)', async () => {
    const bob = await h.login('cd-bob');
    const page = await timPage(h, 'cd-alice');
    const { tim } = page;
    await say(bob, 'c2c:cd-alice', 'a');
    await say(bob, 'c2c:cd-alice', 'b');
    await eventually(() => expect(find(page, 'C2Ccd-bob')?.unreadCount).toBe(2));

    expect(await tim.deleteConversation('C2Ccd-bob')).toEqual({ code: 0, data: { conversationID: 'C2Ccd-bob' } });
    expect((await listOf(page)).map((c) => c.conversationID)).toEqual([]);
    await eventually(() => expect(listed(page)).toEqual([]));
    await expect(tim.deleteConversation('C2Ccd-bob')).rejects.toMatchObject({ code: 2500 });

    // The next message brings it back; the history was kept.
    await say(bob, 'c2c:cd-alice', 'c');
    await eventually(() => expect(find(page, 'C2Ccd-bob')?.lastMessage.messageForShow).toBe('c'));
    const twin = await h.login('cd-alice');
    const kept = (await chatOf(twin).history('c2c:cd-bob')).messages.filter((m) => !m.hidden).map(textOf);
    expect(kept).toEqual(['a', 'b', 'c']);

    expect(await tim.deleteConversation({ conversationIDList: ['C2Ccd-bob', 'C2Ccd-nobody'] })).toEqual({ code: 0, data: { conversationIDList: ['C2Ccd-bob'] } });
    await eventually(() => expect(listed(page)).toEqual([]));
    await say(bob, 'c2c:cd-alice', 'd');
    await eventually(() => expect(find(page, 'C2Ccd-bob')?.lastMessage.messageForShow).toBe('d'));
    const fresh = await h.login('cd-alice');
    expect((await chatOf(fresh).history('c2c:cd-bob')).messages.filter((m) => !m.hidden).map(textOf)).toEqual(['d']);
    await expect(tim.deleteConversation({ conversationIDList: ['C2Ccd-nobody'] })).rejects.toMatchObject({ code: 2500 });
  });

  it('clears a conversation’s history: unread count and last message go', async () => {
    const bob = await h.login('ch-bob');
    const page = await timPage(h, 'ch-alice');
    const { tim } = page;
    await say(bob, 'c2c:ch-alice', 'x');
    await eventually(() => expect(find(page, 'C2Cch-bob')?.unreadCount).toBe(1));
    expect(await tim.clearHistoryMessage('C2Cch-bob')).toEqual({ code: 0, data: { conversationID: 'C2Cch-bob' } });
    expect(tim.getTotalUnreadMessageCount()).toBe(0);
    await eventually(() => expect(find(page, 'C2Cch-bob')).toMatchObject({ unreadCount: 0, lastMessage: { messageForShow: '', lastSequence: 0 } }));
    await expect(tim.clearHistoryMessage('C2Cch-nobody')).rejects.toMatchObject({ code: 2500 });
  });
});

describe('TIM conversation profile and validation', () => {
  it('gets a conversation’s profile, making one for an existing user; 2501 for a user who does not exist', async () => {
    const bob = await h.login('cv-bob');
    await contactsOf(bob).updateProfile({ nickname: 'Bob P' });
    await h.token('cv-dan');
    const page = await timPage(h, 'cv-alice');
    const { TIM, tim } = page;
    await say(bob, 'c2c:cv-alice', 'hi');
    await eventually(() => expect(find(page, 'C2Ccv-bob')).toBeDefined());

    const known = await tim.getConversationProfile('C2Ccv-bob');
    expect(known.data.conversation).toBe(find(page, 'C2Ccv-bob'));
    expect(known.data.conversation).toMatchObject({ conversationID: 'C2Ccv-bob', unreadCount: 1, userProfile: { userID: 'cv-bob', nick: 'Bob P' } });

    const made = await tim.getConversationProfile('C2Ccv-dan');
    expect(made.data.conversation).toMatchObject({ conversationID: 'C2Ccv-dan', type: TIM.TYPES.CONV_C2C, unreadCount: 0, userProfile: { userID: 'cv-dan' } });

    await expect(tim.getConversationProfile('C2Ccv-nobody-at-all')).rejects.toMatchObject({ code: 2501 });
    // A group the user is not in has no conversation to make.
    await expect(tim.getConversationProfile('GROUPno-such-group')).rejects.toMatchObject({ code: 2500 });
  });

  it('throws synchronously for invalid arguments, as tim-js-sdk does', async () => {
    const page = await timPage(h, 'cx-alice');
    const { TIM } = page;
    const tim = page.tim as unknown as Record<string, (...args: unknown[]) => unknown>;
    const bad: Array<[string, unknown]> = [
      ['getConversationProfile', 'nonsense'],
      ['getConversationProfile', 42],
      ['deleteConversation', 'nonsense'],
      ['deleteConversation', { conversationIDList: [] }],
      ['deleteConversation', { conversationIDList: ['C2Ca'], clearHistoryMessage: 'yes' }],
      ['clearHistoryMessage', ''],
      ['pinConversation', { conversationID: 'C2Ca', isPinned: 'yes' }],
      ['pinConversation', { conversationID: 'X', isPinned: true }],
      ['setMessageRemindType', { groupID: 'g', messageRemindType: 'Loud' }],
      ['setMessageRemindType', { messageRemindType: TIM.TYPES.MSG_REMIND_DISCARD }],
      ['setAllMessageRead', { scope: 'everything' }],
      ['setConversationCustomData', { conversationIDList: ['C2Ca'], customData: 'x'.repeat(257) }],
      ['markConversation', { conversationIDList: ['C2Ca'], markType: 0, enableMark: true }],
      ['markConversation', { conversationIDList: 'C2Ca', markType: 1, enableMark: true }],
      ['createConversationGroup', { conversationIDList: ['C2Ca'], groupName: '' }],
      ['createConversationGroup', { conversationIDList: ['C2Ca'], groupName: 'x'.repeat(33) }],
      ['renameConversationGroup', { oldName: 'a' }],
      ['deleteConversationGroup', undefined],
      ['addConversationsToGroup', { conversationIDList: ['C2Ca'] }],
    ];
    for (const [method, arg] of bad) {
      expect(() => tim[method]?.(arg), `${method}(${JSON.stringify(arg)})`).toThrow('Params validate failed.');
    }
  });
});
