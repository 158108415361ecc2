import { GroupRole, GroupType, JoinOption } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { customValue, messageForShow, TimGroup, timGroupType, toTimGroup, toTimRoomGroup, toTimTopic } from './group.js';
import { coreGroupType, coreJoinOption, toCustomFieldMap, toTimMember } from './group-edit.js';

describe('group type mapping', () => {
  it('maps the core presets to TIM types, standard groups showing as Public', () => {
    expect(timGroupType(GroupType.WORK)).toBe('Private');
    expect(timGroupType(GroupType.PUBLIC)).toBe('Public');
    expect(timGroupType(GroupType.MEETING)).toBe('ChatRoom');
    expect(timGroupType(GroupType.COMMUNITY)).toBe('Community');
    expect(timGroupType(GroupType.STANDARD)).toBe('Public');
    expect(timGroupType(undefined)).toBe('Public');
  });

  it('maps TIM types and join options back to the core', () => {
    expect(coreGroupType('Private')).toBe(GroupType.WORK);
    expect(coreGroupType('ChatRoom')).toBe(GroupType.MEETING);
    expect(coreGroupType('Community')).toBe(GroupType.COMMUNITY);
    expect(coreGroupType('Public')).toBe(GroupType.PUBLIC);
    expect(coreJoinOption('FreeAccess')).toBe(JoinOption.FREE);
    expect(coreJoinOption('NeedPermission')).toBe(JoinOption.APPROVAL);
    expect(coreJoinOption('DisableApply')).toBe(JoinOption.DISABLED);
    expect(coreJoinOption('DisableInvite')).toBe(JoinOption.DISABLED);
    expect(coreJoinOption('whatever')).toBeUndefined();
  });
});

describe('custom fields', () => {
  it('stores TIM strings as JSON text and reads them back', () => {
    expect(toCustomFieldMap([{ key: 'level', value: 'gold' }, { key: 'gone', value: '' }, { key: 'n' }, { value: 'no key' }])).toEqual({ level: '"gold"', gone: '', n: '' });
    expect(customValue('"gold"')).toBe('gold');
    // Values other shims wrote (numbers, objects) or raw text are shown as stored.
    expect(customValue('42')).toBe('42');
    expect(customValue('not json')).toBe('not json');
  });
});

describe('toTimGroup', () => {
  const group = {
    groupId: 'g1',
    type: GroupType.PUBLIC,
    name: 'club',
    avatar: 'https://x/a.png',
    introduction: 'intro',
    notification: 'notice',
    ownerId: 'alice',
    createdAt: 1_700_000_000_123,
    updatedAt: 1_700_000_100_999,
    infoVersion: 7,
    memberCount: 3,
    maxMemberCount: 2000,
    joinOption: JoinOption.APPROVAL,
    inviteOption: JoinOption.FREE,
    muteAll: true,
    customFields: { level: '"gold"' },
    lastSeq: 41,
    isSupportTopic: false,
  };

  it('fills every field of tim.md §4.4, times in seconds, with the alias getters', () => {
    const g = toTimGroup(group, { groupId: 'g1', userId: 'bob', role: GroupRole.ADMIN, joinedAt: 1_700_000_050_000, nameCard: 'B', receiveOpt: 1, customFields: { seat: '"3"' } }, { conversation: { convId: 'group:g1', type: 2, maxSeq: 45, readSeq: 40, unreadCount: 5, lastMessageAt: 0, pinned: false, lastMessage: null } });
    expect(g).toBeInstanceOf(TimGroup);
    expect(g).toMatchObject({
      groupID: 'g1',
      name: 'club',
      avatar: 'https://x/a.png',
      type: 'Public',
      introduction: 'intro',
      notification: 'notice',
      ownerID: 'alice',
      createTime: 1_700_000_000,
      infoSequence: 7,
      lastInfoTime: 1_700_000_100,
      nextMessageSeq: 46,
      memberCount: 3,
      maxMemberCount: 2000,
      muteAllMembers: true,
      joinOption: 'NeedPermission',
      inviteOption: 'FreeAccess',
      groupCustomField: [{ key: 'level', value: 'gold' }],
      isSupportTopic: false,
      selfInfo: { role: 'Admin', userID: 'bob', nameCard: 'B', joinTime: 1_700_000_050, messageRemindType: 'AcceptNotNotify', memberCustomField: [{ key: 'seat', value: '3' }], readedSequence: 40, excludedUnreadSequenceList: [] },
    });
    expect(g.memberNum).toBe(3);
    expect(g.maxMemberNum).toBe(2000);
    // The aliases are getters of the class, as the runtime's are: not own keys.
    expect(Object.keys(g)).not.toContain('memberNum');
  });

  it('shows work groups as DisableApply, leaves selfInfo empty for non-members, filters custom fields', () => {
    const g = toTimGroup({ ...group, type: GroupType.WORK, joinOption: JoinOption.FREE, customFields: { a: '"1"', b: '"2"' } }, undefined, { customFieldFilter: ['b'] });
    expect(g.type).toBe('Private');
    expect(g.joinOption).toBe('DisableApply');
    expect(g.selfInfo.role).toBe('');
    expect(g.groupCustomField).toEqual([{ key: 'b', value: '2' }]);
    expect(g.nextMessageSeq).toBe(42);
  });

  it('summarises the last message like the conversation list does', () => {
    const g = toTimGroup(group, undefined, { lastMessage: { type: 'TIMTextElem', payload: { text: 'hi' }, time: 10, sequence: 4, from: 'alice', isRevoked: false, cloudCustomData: '', nick: 'A', nameCard: '' } });
    expect(g.lastMessage).toMatchObject({ lastTime: 10, lastSequence: 4, fromAccount: 'alice', messageForShow: 'hi', type: 'TIMTextElem' });
    expect(messageForShow('TIMImageElem', {})).toBe('[图片]');
    expect(messageForShow('TIMGroupTipElem', {})).toBe('[群提示消息]');
  });
});

describe('toTimRoomGroup', () => {
  it('shows a live room as an AVChatRoom with the viewer’s role when joined', () => {
    const room = { roomId: '@TGS#aABC', name: 'live', description: 'd', bulletin: 'b', ownerId: 'host', adminIds: ['mod'], onlineCount: 12, maxUsers: 0, createdAt: 5_000, customFields: { k: '"v"' } };
    expect(toTimRoomGroup(room, { userId: 'host', joined: true })).toMatchObject({ groupID: '@TGS#aABC', type: 'AVChatRoom', introduction: 'd', notification: 'b', ownerID: 'host', memberCount: 12, joinOption: 'FreeAccess', createTime: 5, groupCustomField: [{ key: 'k', value: 'v' }], selfInfo: { role: 'Owner', userID: 'host' } });
    expect(toTimRoomGroup(room, { userId: 'mod', joined: true }).selfInfo.role).toBe('Admin');
    expect(toTimRoomGroup(room, { userId: 'fan', joined: true }).selfInfo.role).toBe('Member');
    expect(toTimRoomGroup(room, { userId: 'fan', joined: false }).selfInfo.role).toBe('');
  });
});

describe('toTimMember', () => {
  it('fills tim.md §4.5 from the member row and the profile, times in seconds', () => {
    const m = toTimMember(
      { groupId: 'g1', userId: 'bob', role: GroupRole.OWNER, joinedAt: 2_000, nameCard: 'B', muteUntil: 9_999, customFields: { a: '"x"', b: '"y"' }, lastSendAt: 3_500 },
      { userId: 'bob', nickname: 'Bobby', avatar: 'https://x/b.png' },
      ['a'],
    );
    expect(m).toEqual({ userID: 'bob', avatar: 'https://x/b.png', nick: 'Bobby', role: 'Owner', joinTime: 2, nameCard: 'B', muteUntil: 9, memberCustomField: [{ key: 'a', value: 'x' }], lastSendMsgTime: 3 });
    expect(toTimMember({ userId: 'c', role: GroupRole.MEMBER })).toMatchObject({ role: 'Member', muteUntil: 0, nick: '', avatar: '' });
  });
});

describe('toTimTopic', () => {
  it('keeps customData in a custom field and the unread count from the conversation row', () => {
    const topic = toTimTopic({ groupId: 'c@TOPIC#_1', parentId: 'c', name: 'general', muteAll: true, customFields: { customData: '"tag"' } }, { convId: 'group:c@TOPIC#_1', type: 2, maxSeq: 3, readSeq: 1, unreadCount: 2, lastMessageAt: 0, pinned: false, lastMessage: null });
    expect(topic).toMatchObject({ topicID: 'c@TOPIC#_1', topicName: 'general', muteAllMembers: true, customData: 'tag', unreadCount: 2, selfInfo: { readedSequence: 1 } });
  });
});
