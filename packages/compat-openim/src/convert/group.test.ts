import { describe, expect, it } from 'vitest';
import { coreRoleOf, exFields, filterRole } from '../areas/groups/params.js';
import { roleLevelOf, toGroupItem, toGroupMemberItem } from './group.js';
import { toGroupApplicationItem } from './group-application.js';

describe('group converters (openim.md §4.6, §4.7, §4.9)', () => {
  it('maps roles both ways: roleLevel 1 member, 2 owner, 3 admin', () => {
    expect([0, 1, 2, 3].map(roleLevelOf)).toEqual([1, 3, 2, 1]);
    expect([0, 1, 3].map(coreRoleOf)).toEqual([0, 0, 1]);
    expect(coreRoleOf(2)).toBeUndefined();
    expect(coreRoleOf('1')).toBeUndefined();
    expect([0, 1, 2, 3].map(filterRole)).toEqual([undefined, 0, 2, 1]);
  });

  it('makes a GroupItem with times in seconds, ex from the custom fields and the status', () => {
    const group = { groupId: 'g1', name: 'club', avatar: 'http://a', ownerId: 'alice', creatorId: 'alice', createdAt: 1_700_000_000_999, memberCount: 3, customFields: exFields('{"k":1}') };
    expect(toGroupItem(group)).toEqual({
      groupID: 'g1',
      groupName: 'club',
      notification: '',
      introduction: '',
      faceURL: 'http://a',
      ownerUserID: 'alice',
      createTime: 1_700_000_000,
      memberCount: 3,
      status: 0,
      creatorUserID: 'alice',
      groupType: 0,
      ex: '{"k":1}',
      attachedInfo: '',
    });
    expect(toGroupItem({ groupId: 'g', muteAll: true }).status).toBe(3);
    expect(toGroupItem({ groupId: 'g', status: 1, muteAll: true }).status).toBe(2);
    expect(toGroupItem({ groupId: 'g', customFields: { ex: 'not json' } }).ex).toBe('not json');
  });

  it('makes a GroupMemberItem: name card over nickname, muteEndTime and joinTime in seconds', () => {
    const member = { groupId: 'g', userId: 'bob', role: 1, joinedAt: 1_700_000_000_500, muteUntil: 1_700_000_060_000, joinSource: 2, inviterId: 'alice' };
    expect(toGroupMemberItem(member, { userId: 'bob', nickname: 'Bob', avatar: 'http://b' })).toMatchObject({
      nickname: 'Bob',
      faceURL: 'http://b',
      roleLevel: 3,
      joinTime: 1_700_000_000,
      muteEndTime: 1_700_000_060,
      joinSource: 2,
      operatorUserID: 'alice',
    });
    expect(toGroupMemberItem({ ...member, nameCard: 'Bobby' }, { userId: 'bob', nickname: 'Bob' }).nickname).toBe('Bobby');
    expect(toGroupMemberItem({ groupId: 'g', userId: 'x' })).toMatchObject({ nickname: '', roleLevel: 1, muteEndTime: 0, joinTime: 0 });
  });

  it('makes a GroupApplicationItem with the group, the applicant and the vendor spellings', () => {
    const item = toGroupApplicationItem(
      { groupId: 'g', applicantId: 'carol', reqMsg: 'hi', reqTime: 1_700_000_001_000, handleResult: -1, handlerId: 'alice', handledMsg: 'no', handledAt: 1_700_000_002_000 },
      { groupId: 'g', name: 'club', ownerId: 'alice', memberCount: 2 },
      { userId: 'carol', nickname: 'Carol', avatar: 'http://c', gender: 2 },
    );
    expect(item).toMatchObject({
      groupID: 'g',
      groupName: 'club',
      ownerUserID: 'alice',
      memberCount: 2,
      userID: 'carol',
      nickname: 'Carol',
      userFaceURL: 'http://c',
      gender: 2,
      reqMsg: 'hi',
      reqTime: 1_700_000_001,
      handleResult: -1,
      handleUserID: 'alice',
      handledMsg: 'no',
      handledTime: 1_700_000_002,
    });
    expect(toGroupApplicationItem({ groupId: 'g', applicantId: 'x' })).toMatchObject({ groupName: '', handleResult: 0, reqTime: 0 });
  });
});
