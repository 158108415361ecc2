import type { Conversation, Friend, Message, Profile } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { TYPES } from '../constants.js';
import { applyConversation, type ConversationSources, isTimRow, markListOf, receiveOptOf, remindTypeOf, TimConversation } from './conversation.js';
import { TimGroup } from './group.js';
import { applyMessage } from './message.js';

const ME = 'me';

function row(fields: Partial<Conversation> & { convId: string }): Conversation {
  return { type: 1, maxSeq: 0, readSeq: 0, unreadCount: 0, lastMessageAt: 0, pinned: false, lastMessage: null, ...fields };
}

function text(convId: string, senderId: string, body: string, seq: number, time: number): Message {
  return { convId, senderId, clientMsgId: `m-${seq}`, serverMsgId: `s-${seq}`, seq, time, status: 'sent', elements: [{ text: { text: body } }], sender: { nickname: `${senderId}-nick`, avatar: `${senderId}.png` } };
}

function lookup<T>(entries: Record<string, T>): { get(id: string): T | undefined } {
  return { get: (id) => entries[id] };
}

function sources(extra: Partial<ConversationSources> = {}): ConversationSources {
  return {
    userId: ME,
    lastMessage: (m) => applyMessage(m, { userId: ME }),
    group: (groupID, room) => Object.assign(new TimGroup(), { groupID, name: `name of ${groupID}`, type: room ? 'AVChatRoom' : 'Public' }),
    ...extra,
  };
}

describe('applyConversation', () => {
  it('builds a C2C conversation with its last message, profile, remark, unread count and peer read time', () => {
    const last = text('c2c:bob', 'bob', 'hello there', 7, 1_700_000_123_456);
    const c = applyConversation(
      row({ convId: 'c2c:bob', type: 1, unreadCount: 3, maxSeq: 7, readSeq: 4, lastMessage: last, lastMessageAt: last.time, peerReadAt: 1_700_000_100_999 }),
      sources({ profiles: lookup<Profile>({ bob: { userId: 'bob', nickname: 'Bobby', avatar: 'b.png' } }), friends: lookup<Friend>({ bob: { friendId: 'bob', remark: 'B' } }) }),
    );
    expect(c).toBeInstanceOf(TimConversation);
    expect(c).toMatchObject({ conversationID: 'C2Cbob', type: TYPES.CONV_C2C, unreadCount: 3, remark: 'B', isPinned: false, messageRemindType: '', peerReadTime: 1_700_000_100 });
    expect(c.toAccount).toBe('bob');
    expect(c.subType).toBe('');
    expect(c.userProfile).toMatchObject({ userID: 'bob', nick: 'Bobby', avatar: 'b.png' });
    expect(c.groupProfile).toBeUndefined();
    expect(c.lastMessage).toEqual({
      lastTime: 1_700_000_123,
      lastSequence: 7,
      fromAccount: 'bob',
      messageForShow: 'hello there',
      payload: { text: 'hello there' },
      type: TYPES.MSG_TEXT,
      isRevoked: false,
      cloudCustomData: '',
      onlineOnlyFlag: false,
      nick: 'bob-nick',
      nameCard: '',
      version: 0,
      isPeerRead: false,
      revoker: null,
    });
  });

  it('falls back to the last message sender snapshot for a peer without a profile', () => {
    const last = text('c2c:carl', 'carl', 'yo', 1, 1000);
    const c = applyConversation(row({ convId: 'c2c:carl', type: 1, lastMessage: last }), sources());
    expect(c.userProfile).toMatchObject({ userID: 'carl', nick: 'carl-nick', avatar: 'carl.png' });
  });

  it('marks my own last C2C message read when the peer read past its seq', () => {
    const mine = text('c2c:bob', ME, 'did you read this', 5, 5000);
    const c = applyConversation(row({ convId: 'c2c:bob', type: 1, lastMessage: mine, peerReadSeq: 5 }), sources());
    expect(c.lastMessage.isPeerRead).toBe(true);
    const unread = applyConversation(row({ convId: 'c2c:bob', type: 1, lastMessage: mine, peerReadSeq: 4 }), sources());
    expect(unread.lastMessage.isPeerRead).toBe(false);
  });

  it('builds a group conversation with its group profile, unread mentions, pin, marks, custom data and folders', () => {
    const c = applyConversation(
      row({
        convId: 'group:g1',
        type: 2,
        unreadCount: 4,
        readSeq: 10,
        pinned: true,
        customData: 'cd',
        marks: 0x1 | 0x4 | 0x100,
        receiveOpt: 1,
        atInfo: [
          { seq: 9, fromId: 'old', kind: 1 },
          { seq: 11, fromId: 'ann', kind: 1 },
          { seq: 12, fromId: 'bea', kind: 3 },
        ],
      }),
      sources({ folders: (convId) => (convId === 'group:g1' ? ['work'] : []) }),
    );
    expect(c).toMatchObject({ conversationID: 'GROUPg1', type: TYPES.CONV_GROUP, unreadCount: 4, isPinned: true, customData: 'cd', markList: [1, 4, 256], messageRemindType: 'AcceptNotNotify', conversationGroupList: ['work'], peerReadTime: 0 });
    expect(c.groupProfile).toMatchObject({ groupID: 'g1', name: 'name of g1', type: 'Public' });
    expect(c.subType).toBe('Public');
    expect(c.toAccount).toBe('g1');
    expect(c.userProfile).toBeUndefined();
    expect(c.groupAtInfoList).toEqual([
      { from: 'ann', groupID: 'g1', topicID: '', messageSequence: 11, atTypeArray: [TYPES.CONV_AT_ME] },
      { from: 'bea', groupID: 'g1', topicID: '', messageSequence: 12, atTypeArray: [TYPES.CONV_AT_ALL_AT_ME] },
    ]);
    // No last message: the vendor's empty one, timed by the row.
    expect(c.lastMessage).toMatchObject({ lastSequence: 0, messageForShow: '', payload: null, type: '' });
  });

  it('shows an AVChatRoom as a GROUP conversation that never has unread messages', () => {
    const c = applyConversation(row({ convId: 'room:live', type: 3, unreadCount: 9 }), sources());
    expect(c).toMatchObject({ conversationID: 'GROUPlive', type: TYPES.CONV_GROUP, unreadCount: 0 });
    expect(c.subType).toBe('AVChatRoom');
  });

  it('builds the system conversation without profiles or remind type', () => {
    const c = applyConversation(row({ convId: 'system', type: 4, unreadCount: 2, receiveOpt: 2 }), sources());
    expect(c).toMatchObject({ conversationID: '@TIM#SYSTEM', type: TYPES.CONV_SYSTEM, unreadCount: 2, messageRemindType: '' });
    expect(c.toAccount).toBe('');
    expect(c.userProfile).toBeUndefined();
    expect(c.groupProfile).toBeUndefined();
  });

  it('refreshes the instance it is given', () => {
    const first = applyConversation(row({ convId: 'c2c:bob', type: 1, unreadCount: 1 }), sources());
    const again = applyConversation(row({ convId: 'c2c:bob', type: 1, unreadCount: 0, pinned: true }), sources(), first);
    expect(again).toBe(first);
    expect(first).toMatchObject({ unreadCount: 0, isPinned: true });
  });

  it('leaves the class internals and getters out of the own enumerable fields', () => {
    const c = applyConversation(row({ convId: 'c2c:bob', type: 1 }), sources());
    expect(Object.keys(c)).not.toContain('toAccount');
    expect(Object.keys(c)).not.toContain('subType');
    expect(Object.keys(c)).not.toContain('groupProfile');
  });
});

describe('field conversions', () => {
  it('maps receive options to remind types and back', () => {
    expect(remindTypeOf(0, true)).toBe(TYPES.MSG_REMIND_ACPT_AND_NOTE);
    expect(remindTypeOf(undefined, false)).toBe('');
    expect(remindTypeOf(1, false)).toBe(TYPES.MSG_REMIND_ACPT_NOT_NOTE);
    expect(remindTypeOf(2, true)).toBe(TYPES.MSG_REMIND_DISCARD);
    expect(receiveOptOf(TYPES.MSG_REMIND_ACPT_AND_NOTE)).toBe(0);
    expect(receiveOptOf(TYPES.MSG_REMIND_ACPT_NOT_NOTE)).toBe(1);
    expect(receiveOptOf(TYPES.MSG_REMIND_DISCARD)).toBe(2);
    expect(receiveOptOf('Mute')).toBeUndefined();
  });

  it('lists every set mark bit, lowest first', () => {
    expect(markListOf(0)).toEqual([]);
    expect(markListOf(undefined)).toEqual([]);
    expect(markListOf(0b1010)).toEqual([2, 8]);
    expect(markListOf(0x8000_0001)).toEqual([1, 0x8000_0000]);
  });

  it('lists C2C, group, room and system rows that are not deleted', () => {
    expect(isTimRow(row({ convId: 'c2c:a', type: 1 }))).toBe(true);
    expect(isTimRow(row({ convId: 'room:a', type: 3 }))).toBe(true);
    expect(isTimRow(row({ convId: 'system', type: 4 }))).toBe(true);
    expect(isTimRow(row({ convId: 'channel:a', type: 5 }))).toBe(false);
    expect(isTimRow(row({ convId: 'c2c:a', type: 1, visibility: 2 }))).toBe(false);
  });
});
