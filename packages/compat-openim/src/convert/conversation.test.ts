import { type Conversation, type Friend, type Group, type Message, type Profile, ReceiveOpt } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { type ConversationSources, CoreReceiveOpt, compareItems, isListed, RecvMsgOpt, receiveOptOf, recvMsgOptOf, toConversationItem, totalUnreadOf } from './conversation.js';

const lookup = <T>(entries: Record<string, T>) => ({ get: (id: string) => entries[id] });

const sources: ConversationSources = {
  friends: lookup<Friend>({ bob: { friendId: 'bob', remark: 'Bobby' } }),
  profiles: lookup<Profile>({ bob: { userId: 'bob', nickname: 'Bob', avatar: 'https://x/bob.png' }, carol: { userId: 'carol', nickname: 'Carol' } }),
  groups: lookup<Group>({ g1: { groupId: 'g1', name: 'Team', avatar: 'https://x/g1.png' } }),
  latestMsg: (m) => JSON.stringify({ clientMsgID: m.clientMsgId, sendTime: m.time }),
};

function row(convId: string, fields: Partial<Conversation> = {}): Conversation {
  return { convId, type: convId.startsWith('c2c:') ? 1 : convId.startsWith('group:') ? 2 : 3, maxSeq: 0, readSeq: 0, unreadCount: 0, lastMessageAt: 0, pinned: false, lastMessage: null, ...fields };
}

const message = (time: number): Message => ({ convId: 'c2c:bob', clientMsgId: 'm1', serverMsgId: 's1', seq: 1, senderId: 'bob', time, elements: [], status: 'sent' });

describe('toConversationItem', () => {
  it('converts a single chat: remark first, the latest message as JSON, times in ms', () => {
    const item = toConversationItem(row('c2c:bob', { unreadCount: 3, lastMessageAt: 1_700_000_000_123, lastMessage: message(1_700_000_000_123), pinned: true, receiveOpt: 1, draft: { text: 'hey', updatedAt: 1_700_000_000_500 } }), sources);
    expect(item).toEqual({
      conversationID: 'single_bob',
      conversationType: 1,
      userID: 'bob',
      groupID: '',
      showName: 'Bobby',
      faceURL: 'https://x/bob.png',
      recvMsgOpt: 2,
      unreadCount: 3,
      groupAtType: 0,
      latestMsg: JSON.stringify({ clientMsgID: 'm1', sendTime: 1_700_000_000_123 }),
      latestMsgSendTime: 1_700_000_000_123,
      draftText: 'hey',
      draftTextTime: 1_700_000_000_500,
      isPinned: true,
      isPrivateChat: false,
      attachedInfo: '',
      ex: '',
    });
  });

  it('falls back to the nickname, then the userID; groups use their name and avatar', () => {
    expect(toConversationItem(row('c2c:carol'), sources)).toMatchObject({ showName: 'Carol', faceURL: '' });
    expect(toConversationItem(row('c2c:zed'), sources)).toMatchObject({ showName: 'zed', conversationID: 'single_zed' });
    expect(toConversationItem(row('group:g1', { receiveOpt: 2 }), sources)).toMatchObject({ conversationID: 'group_g1', conversationType: 2, userID: '', groupID: 'g1', showName: 'Team', faceURL: 'https://x/g1.png', recvMsgOpt: 1 });
    expect(toConversationItem(row('group:unknown'), sources)).toMatchObject({ showName: 'unknown' });
  });

  it('leaves out rooms and the system log; a deleted row reads as empty', () => {
    expect(toConversationItem(row('room:r1'), sources)).toBeUndefined();
    expect(toConversationItem(row('system', { type: 4 }), sources)).toBeUndefined();
    const deleted = toConversationItem(row('c2c:bob', { visibility: 2, unreadCount: 4, lastMessageAt: 5, lastMessage: message(5) }), sources);
    expect(deleted).toMatchObject({ latestMsg: '', latestMsgSendTime: 0, unreadCount: 0 });
  });

  it('hides rows without a message, unless they have a draft', () => {
    const hidden = toConversationItem(row('c2c:bob', { visibility: 1 }), sources);
    expect(hidden && isListed(hidden)).toBe(false);
    const drafted = toConversationItem(row('c2c:bob', { visibility: 1, draft: { text: 'later', updatedAt: 42 } }), sources);
    expect(drafted).toMatchObject({ latestMsgSendTime: 42, draftTextTime: 42 });
    expect(drafted && isListed(drafted)).toBe(true);
  });
});

describe('recvMsgOpt', () => {
  it('swaps the core’s silent and block', () => {
    expect([0, 1, 2, undefined, null].map(recvMsgOptOf)).toEqual([RecvMsgOpt.NORMAL, RecvMsgOpt.NOT_NOTIFY, RecvMsgOpt.NOT_RECEIVE, 0, 0]);
    expect([0, 1, 2, 3, '1'].map(receiveOptOf)).toEqual([0, 2, 1, undefined, undefined]);
  });

  it("reads the core's receive options by the core's own values", () => {
    expect(CoreReceiveOpt).toEqual(ReceiveOpt);
  });
});

describe('list order and total', () => {
  it('puts pinned first, then the newest of message and draft', () => {
    const items = [
      toConversationItem(row('c2c:a', { lastMessageAt: 100 }), sources),
      toConversationItem(row('c2c:b', { lastMessageAt: 50, draft: { text: 'x', updatedAt: 200 } }), sources),
      toConversationItem(row('c2c:c', { lastMessageAt: 10, pinned: true }), sources),
      toConversationItem(row('c2c:d', { lastMessageAt: 300 }), sources),
    ].filter((i) => i !== undefined);
    expect(items.sort(compareItems).map((i) => i.userID)).toEqual(['c', 'd', 'b', 'a']);
  });

  it('sums single and group rows except recvMsgOpt 2 (core silent) and deleted rows', () => {
    const rows = [
      row('c2c:a', { unreadCount: 2 }),
      row('c2c:b', { unreadCount: 5, receiveOpt: 1 }),
      row('group:g', { unreadCount: 3, receiveOpt: 2 }),
      row('c2c:d', { unreadCount: 7, visibility: 2 }),
      row('room:r', { unreadCount: 11 }),
    ];
    expect(totalUnreadOf(rows)).toBe(5);
  });
});
