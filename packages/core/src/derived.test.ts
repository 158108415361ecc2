import { describe, expect, it } from 'vitest';
import { displayName, elementKindOf, fallbackText, isPeerRead, matchesSearch, mentionState, totalUnread } from './derived.js';
import { type Conversation, type Message, toConversation } from './model.js';

const row = (fields: Partial<Conversation> & { convId: string }): Conversation => ({ ...toConversation({ convId: fields.convId }), ...fields });
const msg = (fields: Partial<Message>): Message => ({ convId: 'c2c:bob', clientMsgId: 'c', serverMsgId: '', seq: 1, senderId: 'me', time: 1, elements: [{ text: { text: 'hi' } }], status: 'sent', ...fields });

describe('totalUnread', () => {
  const rows = [
    row({ convId: 'c2c:a', unreadCount: 3 }),
    row({ convId: 'group:g', unreadCount: 5, receiveOpt: 1 }),
    row({ convId: 'group:h', unreadCount: 7, receiveOpt: 2 }),
    row({ convId: 'system', unreadCount: 11 }),
    row({ convId: 'room:r', unreadCount: 13 }),
    row({ convId: 'c2c:gone', unreadCount: 17, visibility: 2 }),
  ];

  it('tim leaves out system, rooms and rows that do not notify', () => {
    expect(totalUnread(rows, 'tim')).toBe(3);
  });

  it('openim leaves out silent rows only', () => {
    expect(totalUnread(rows, 'openim')).toBe(3 + 7 + 11 + 13);
  });

  it('all counts every row that is not deleted', () => {
    expect(totalUnread(rows, 'all')).toBe(3 + 5 + 7 + 11 + 13);
  });
});

describe('displayName', () => {
  const friends = new Map([['u1', { friendId: 'u1', remark: 'Buddy' }]]);
  const profiles = new Map([
    ['u1', { userId: 'u1', nickname: 'Nick1' }],
    ['u2', { userId: 'u2', nickname: 'Nick2' }],
  ]);

  it('prefers the remark, then the name card, then the nickname, then the id', () => {
    expect(displayName('u1', { friends, profiles, groupMember: { userId: 'u1', nameCard: 'Card1' } })).toBe('Buddy');
    expect(displayName('u2', { friends, profiles, groupMember: { userId: 'u2', nameCard: 'Card2' } })).toBe('Card2');
    expect(displayName('u2', { friends, profiles })).toBe('Nick2');
    expect(displayName('u3', { friends, profiles })).toBe('u3');
  });

  it('ignores the name card of another member', () => {
    expect(displayName('u2', { profiles, groupMember: { userId: 'u9', nameCard: 'Other' } })).toBe('Nick2');
  });
});

describe('mentionState', () => {
  it('combines unread mentions and skips read ones', () => {
    const r = row({ convId: 'group:g', readSeq: 4, atInfo: [{ seq: 3, kind: 2 }, { seq: 6, kind: 1 }, { seq: 5, kind: 1 }] });
    expect(mentionState(r)).toEqual({ atMe: true, atAll: false, kind: 1, seqs: [5, 6] });
    const both = row({ convId: 'group:g', atInfo: [{ seq: 1, kind: 3 }] });
    expect(mentionState(both).kind).toBe(3);
    expect(mentionState(row({ convId: 'group:g' })).kind).toBe(0);
  });
});

describe('isPeerRead', () => {
  const r = row({ convId: 'c2c:bob', peerReadSeq: 5 });
  it('is true for my sent messages at or below the peer read seq', () => {
    expect(isPeerRead(msg({ seq: 5 }), r)).toBe(true);
    expect(isPeerRead(msg({ seq: 6 }), r)).toBe(false);
    expect(isPeerRead(msg({ seq: 0, status: 'pending' }), r)).toBe(false);
  });
  it('is false for the peer’s own messages and outside C2C', () => {
    expect(isPeerRead(msg({ seq: 2, senderId: 'bob' }), r)).toBe(false);
    expect(isPeerRead(msg({ convId: 'group:g', seq: 1 }), row({ convId: 'group:g', peerReadSeq: 9 }))).toBe(false);
  });
});

describe('fallbackText', () => {
  it('renders every kind', () => {
    expect(fallbackText(msg({}))).toBe('hi');
    expect(fallbackText(msg({ elements: [{ image: { media: {} } }] }))).toBe('[Image]');
    expect(fallbackText(msg({ elements: [{ file: { media: { fileName: 'a.pdf' } } }] }))).toBe('[File] a.pdf');
    expect(fallbackText(msg({ elements: [{ custom: { description: 'Order' } }] }))).toBe('Order');
    expect(fallbackText(msg({ elements: [{ merger: { title: 'Chat' } }] }))).toBe('[Chat History] Chat');
    expect(fallbackText(msg({ elements: [{ text: { text: 'a' } }, { face: { index: 1 } }] }))).toBe('a [Face]');
    expect(fallbackText(msg({ state: 1 }))).toBe('[Message revoked]');
    expect(fallbackText(msg({ fallbackText: 'stale', elements: [{ text: { text: 'modified' } }] }))).toBe('modified');
    expect(fallbackText(msg({ fallbackText: 'given', elements: [{ newerKind: {} } as never] }))).toBe('given');
  });

  it('takes other labels', () => {
    const labels = { image: '[图片]', audio: '', video: '', file: '', location: '', face: '', custom: '', card: '', merger: '', revoked: '', other: '' };
    expect(fallbackText(msg({ elements: [{ image: { media: {} } }] }), labels)).toBe('[图片]');
  });
});

describe('elementKindOf and matchesSearch', () => {
  it('names the element kind', () => {
    expect(elementKindOf({ location: { latitude: 1 } })).toBe('location');
    expect(elementKindOf({})).toBeUndefined();
  });

  it('filters by text, sender, kind and time, and never matches hidden or revoked entries', () => {
    const m = msg({ time: 100, elements: [{ text: { text: 'Hello World' } }] });
    expect(matchesSearch(m, { text: 'world' })).toBe(true);
    expect(matchesSearch(m, { text: 'mars' })).toBe(false);
    expect(matchesSearch(m, { senderIds: ['other'] })).toBe(false);
    expect(matchesSearch(m, { elementKinds: ['image'] })).toBe(false);
    expect(matchesSearch(m, { from: 101 })).toBe(false);
    expect(matchesSearch(m, { to: 100, convId: 'c2c:bob' })).toBe(true);
    expect(matchesSearch({ ...m, hidden: true }, {})).toBe(false);
    expect(matchesSearch({ ...m, state: 1 }, {})).toBe(false);
    expect(matchesSearch({ ...m, deletedForSelf: true }, {})).toBe(false);
  });
});
