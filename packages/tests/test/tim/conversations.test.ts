import { chatOf, contactsOf, GroupType, groupsOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { startTimHarness, timPage } from '../helpers/tim.js';
import { type Conv, find, latest, listed, listOf, say } from './conversation-helpers.js';

// The list, its events and per-conversation settings; conversations-edit.test.ts has the rest.

let h: Harness;
beforeAll(async () => {
  h = await startTimHarness();
});
afterAll(() => h.stop());

describe('TIM conversation list', () => {
  it('announces the full list with unread counts, last messages and peer profiles, and the total unread count', async () => {
    const bob = await h.login('cl-bob');
    await contactsOf(bob).updateProfile({ nickname: 'Bobby' });
    const carol = await h.login('cl-carol');
    const page = await timPage(h, 'cl-alice');
    const { TIM, tim } = page;

    await say(bob, 'c2c:cl-alice', 'one');
    await say(bob, 'c2c:cl-alice', 'two');
    await say(carol, 'c2c:cl-alice', 'hey');
    await eventually(() => {
      expect(listed(page).map((c) => c.conversationID)).toEqual(['C2Ccl-carol', 'C2Ccl-bob']);
      expect(find(page, 'C2Ccl-bob')).toMatchObject({ type: TIM.TYPES.CONV_C2C, unreadCount: 2, lastMessage: { messageForShow: 'two', fromAccount: 'cl-bob', type: TIM.TYPES.MSG_TEXT, payload: { text: 'two' } } });
      expect(find(page, 'C2Ccl-carol')).toMatchObject({ unreadCount: 1, lastMessage: { messageForShow: 'hey' } });
      expect(find(page, 'C2Ccl-bob')?.userProfile).toMatchObject({ userID: 'cl-bob', nick: 'Bobby' });
    });
    expect(find(page, 'C2Ccl-bob')?.lastMessage.lastTime).toBeGreaterThan(1_600_000_000);
    expect(find(page, 'C2Ccl-bob')?.lastMessage.lastTime).toBeLessThan(10_000_000_000);
    await eventually(() => expect(latest(page, TIM.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED)).toBe(3));
    expect(tim.getTotalUnreadMessageCount()).toBe(3);

    const all = await tim.getConversationList();
    expect(all.data).toMatchObject({ isSyncCompleted: true });
    expect((all.data.conversationList as Conv[]).map((c) => c.conversationID)).toEqual(['C2Ccl-carol', 'C2Ccl-bob']);
    // The same instance every time, as tim-js-sdk's list holds its conversations.
    expect((all.data.conversationList as Conv[])[1]).toBe(find(page, 'C2Ccl-bob'));
    expect((await listOf(page, ['C2Ccl-bob', 'C2Ccl-nobody'])).map((c) => c.conversationID)).toEqual(['C2Ccl-bob']);
    expect((await listOf(page, { type: TIM.TYPES.CONV_GROUP })).map((c) => c.conversationID)).toEqual([]);
    expect((await listOf(page, { type: TIM.TYPES.CONV_C2C })).map((c) => c.conversationID)).toEqual(['C2Ccl-carol', 'C2Ccl-bob']);

    // The user reads bob's messages on another device: the row follows through sync.
    const twin = await h.login('cl-alice');
    await eventually(() => expect(twin.conversation('c2c:cl-bob')?.unreadCount).toBe(2));
    await chatOf(twin).markRead('c2c:cl-bob');
    await eventually(() => {
      expect(find(page, 'C2Ccl-bob')?.unreadCount).toBe(0);
      expect(latest(page, TIM.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED)).toBe(1);
    });
    expect(tim.getTotalUnreadMessageCount()).toBe(1);

    await tim.setMessageRead({ conversationID: 'C2Ccl-carol' });
    expect(tim.getTotalUnreadMessageCount()).toBe(0);
    await eventually(() => expect(latest(page, TIM.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED)).toBe(0));

    await say(bob, 'c2c:cl-alice', 'three');
    await say(carol, 'c2c:cl-alice', 'again');
    await eventually(() => expect(latest(page, TIM.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED)).toBe(2));
    const read = await tim.setAllMessageRead({ scope: TIM.TYPES.READ_ALL_C2C_MSG });
    expect(read).toEqual({ code: 0, data: {} });
    expect(tim.getTotalUnreadMessageCount()).toBe(0);
    await eventually(() => {
      expect(find(page, 'C2Ccl-carol')?.unreadCount).toBe(0);
      expect(latest(page, TIM.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED)).toBe(0);
    });
  });

  it('announces the synced list after SDK_READY, and the total when there is one', async () => {
    const bob = await h.login('cs-bob');
    await h.token('cs-alice');
    await say(bob, 'c2c:cs-alice', 'waiting for you');
    const page = await timPage(h, 'cs-alice');
    await eventually(() => {
      expect(listed(page).map((c) => c.conversationID)).toEqual(['C2Ccs-bob']);
      expect(latest(page, page.TIM.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED)).toBe(1);
    });
    const ready = page.events.findIndex((e) => e.name === page.TIM.EVENT.SDK_READY);
    const first = page.events.findIndex((e) => e.name === page.TIM.EVENT.CONVERSATION_LIST_UPDATED);
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(first).toBeGreaterThan(ready);
  });
});

describe('TIM conversation settings', () => {
  it('pins, sets custom data, marks and mutes conversations; muted ones leave the total', async () => {
    const bob = await h.login('cp-bob');
    const carol = await h.login('cp-carol');
    const page = await timPage(h, 'cp-alice');
    const { TIM, tim } = page;
    await say(bob, 'c2c:cp-alice', 'from bob');
    await say(carol, 'c2c:cp-alice', 'from carol');
    await eventually(() => expect(listed(page).map((c) => c.conversationID)).toEqual(['C2Ccp-carol', 'C2Ccp-bob']));

    expect(await tim.pinConversation({ conversationID: 'C2Ccp-bob', isPinned: true })).toEqual({ code: 0, data: { conversationID: 'C2Ccp-bob' } });
    expect((await listOf(page)).map((c) => [c.conversationID, c.isPinned])).toEqual([
      ['C2Ccp-bob', true],
      ['C2Ccp-carol', false],
    ]);
    await eventually(() => expect(listed(page).map((c) => c.conversationID)).toEqual(['C2Ccp-bob', 'C2Ccp-carol']));
    await expect(tim.pinConversation({ conversationID: 'C2Ccp-nobody', isPinned: true })).rejects.toMatchObject({ code: 2500 });

    const custom = await tim.setConversationCustomData({ conversationIDList: ['C2Ccp-bob', 'C2Ccp-nobody', 'nonsense'], customData: 'vip' });
    expect(custom.data).toEqual({
      successConversationIDList: ['C2Ccp-bob'],
      failureConversationIDList: [expect.objectContaining({ conversationID: 'C2Ccp-nobody', code: 2500 }), expect.objectContaining({ conversationID: 'nonsense', code: 2503 })],
    });
    await eventually(() => expect(find(page, 'C2Ccp-bob')?.customData).toBe('vip'));

    // The enum types it as TYPES; the value is the number 1.
    const star = TIM.TYPES.CONV_MARK_TYPE_STAR as unknown as number;
    const marked = await tim.markConversation({ conversationIDList: ['C2Ccp-carol'], markType: star, enableMark: true });
    expect(marked.data).toEqual({ successConversationIDList: ['C2Ccp-carol'], failureConversationIDList: [] });
    expect((await listOf(page, { markType: star })).map((c) => c.conversationID)).toEqual(['C2Ccp-carol']);
    await eventually(() => expect(find(page, 'C2Ccp-carol')?.markList).toEqual([star]));
    await tim.markConversation({ conversationIDList: ['C2Ccp-carol'], markType: star, enableMark: false });
    expect(await listOf(page, { markType: star })).toEqual([]);
    expect((await listOf(page)).find((c) => c.conversationID === 'C2Ccp-carol')?.markList).toEqual([]);

    expect(tim.getTotalUnreadMessageCount()).toBe(2);
    const muted = await tim.setMessageRemindType({ userIDList: ['cp-bob'], messageRemindType: TIM.TYPES.MSG_REMIND_ACPT_NOT_NOTE });
    expect(muted.data).toEqual({ successUserIDList: [{ userID: 'cp-bob' }], failureUserIDList: [] });
    expect(tim.getTotalUnreadMessageCount()).toBe(1);
    await eventually(() => {
      expect(find(page, 'C2Ccp-bob')?.messageRemindType).toBe(TIM.TYPES.MSG_REMIND_ACPT_NOT_NOTE);
      expect(find(page, 'C2Ccp-bob')?.unreadCount).toBe(1);
      expect(latest(page, TIM.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED)).toBe(1);
    });
    // A new message in the muted conversation counts there, not in the total.
    await say(bob, 'c2c:cp-alice', 'still me');
    await eventually(() => expect(find(page, 'C2Ccp-bob')?.unreadCount).toBe(2));
    expect(tim.getTotalUnreadMessageCount()).toBe(1);

    await tim.setMessageRemindType({ userIDList: ['cp-bob'], messageRemindType: TIM.TYPES.MSG_REMIND_ACPT_AND_NOTE });
    expect(tim.getTotalUnreadMessageCount()).toBe(3);
    await eventually(() => expect(latest(page, TIM.EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED)).toBe(3));
  });

  it('sets a group conversation’s remind type and resolves with the group', async () => {
    const owner = await h.login('cg-owner');
    const page = await timPage(h, 'cg-alice');
    const { TIM, tim } = page;
    const { group } = await groupsOf(owner).create({ name: 'book club', type: GroupType.PUBLIC, members: ['cg-alice'] });
    const groupId = group.groupId ?? '';
    await say(owner, `group:${groupId}`, 'welcome');
    await eventually(() => {
      expect(find(page, `GROUP${groupId}`)).toMatchObject({ type: TIM.TYPES.CONV_GROUP, subType: 'Public', unreadCount: 1, messageRemindType: TIM.TYPES.MSG_REMIND_ACPT_AND_NOTE });
      expect(find(page, `GROUP${groupId}`)?.groupProfile).toMatchObject({ groupID: groupId, name: 'book club', type: 'Public' });
    });
    expect(tim.getTotalUnreadMessageCount()).toBe(1);

    const result = await tim.setMessageRemindType({ groupID: groupId, messageRemindType: TIM.TYPES.MSG_REMIND_DISCARD });
    expect(result.data.group).toMatchObject({ groupID: groupId, name: 'book club', selfInfo: { messageRemindType: TIM.TYPES.MSG_REMIND_DISCARD } });
    expect(tim.getTotalUnreadMessageCount()).toBe(0);
    await eventually(() => expect(find(page, `GROUP${groupId}`)?.messageRemindType).toBe(TIM.TYPES.MSG_REMIND_DISCARD));
  });
});
