import { describe, expect, it } from 'vitest';
import { groupTipPayload, knownGroupName, noticePayload, rememberGroupName } from './group-payload.js';

describe('groupTipPayload (tim.md §4.7)', () => {
  it('a join: operationType 1, the joiners, the group name and the member count', () => {
    rememberGroupName('g-join', 'club');
    expect(groupTipPayload({ tip: 1, operatorId: 'bob', userIds: ['bob'], memberCount: 3 }, 'g-join')).toEqual({
      operatorID: 'bob',
      operationType: 1,
      userIDList: ['bob'],
      groupProfile: { groupID: 'g-join', groupName: 'club' },
      memberNum: 3,
      memberCount: 3,
    });
  });

  it('defaults userIDList to the operator', () => {
    expect(groupTipPayload({ tip: 2, operatorId: 'bob' }, 'g')?.userIDList).toEqual(['bob']);
  });

  it('hides a group created by its creator alone and a dismissal; members created with it joined', () => {
    expect(groupTipPayload({ tip: 12, operatorId: 'alice', userIds: ['alice'] }, 'g')).toBeUndefined();
    expect(groupTipPayload({ tip: 15, operatorId: 'alice' }, 'g')).toBeUndefined();
    const created = groupTipPayload({ tip: 12, operatorId: 'alice', userIds: ['alice', 'bob', 'carol'], profileChanges: { name: '"new club"' }, memberCount: 3 }, 'g');
    expect(created).toMatchObject({ operationType: 1, operatorID: 'alice', userIDList: ['bob', 'carol'], groupProfile: { groupID: 'g', groupName: 'new club' } });
    expect(groupTipPayload({ tip: 13, operatorId: 'alice', userIds: ['bob'] }, 'g')?.operationType).toBe(1);
  });

  it('a profile change: newGroupProfile under TIM names, JSON values decoded, muteAllMembers a boolean', () => {
    const payload = groupTipPayload(
      {
        tip: 6,
        operatorId: 'alice',
        profileChanges: { name: '"renamed"', muteAll: 'true', joinOption: '1', maxMemberCount: '500', customFields: JSON.stringify({ level: '"gold"' }) },
      },
      'g',
      'old',
    );
    expect(payload?.newGroupProfile).toEqual({ name: 'renamed', muteAllMembers: true, joinOption: 'FreeAccess', maxMemberNum: 500, groupCustomField: [{ key: 'level', value: 'gold' }] });
    expect(payload?.groupProfile).toEqual({ groupID: 'g', groupName: 'renamed' });
    expect(groupTipPayload({ tip: 6, operatorId: 'alice', profileChanges: { muteAll: 'false' } }, 'g')?.newGroupProfile).toEqual({ muteAllMembers: false });
  });

  it('an owner transfer is a profile change naming the new owner', () => {
    const payload = groupTipPayload({ tip: 14, operatorId: 'alice', userIds: ['bob'], profileChanges: { ownerId: '"bob"' } }, 'g');
    expect(payload).toMatchObject({ operationType: 6, newGroupProfile: { ownerID: 'bob' } });
  });

  it('a mute lists the member with the seconds left; a kick carries the reason', () => {
    const mute = groupTipPayload({ tip: 7, operatorId: 'alice', userIds: ['bob'], memberChanges: [{ userId: 'bob', muteUntil: Date.now() + 60_000 }] }, 'g');
    const [item] = (mute?.memberList ?? []) as Array<{ userID: string; muteTime: number }>;
    expect(item?.userID).toBe('bob');
    expect(item?.muteTime).toBeGreaterThan(55);
    expect(item?.muteTime).toBeLessThanOrEqual(60);
    const unmute = groupTipPayload({ tip: 7, operatorId: 'alice', userIds: ['bob'], memberChanges: [{ userId: 'bob' }] }, 'g');
    expect(unmute?.memberList).toEqual([{ userID: 'bob', muteTime: 0 }]);
    const card = groupTipPayload({ tip: 7, operatorId: 'bob', userIds: ['bob'], memberChanges: [{ userId: 'bob', nameCard: 'B' }] }, 'g');
    expect(card?.memberList).toEqual([{ userID: 'bob', nameCard: 'B' }]);
    const kick = groupTipPayload({ tip: 3, operatorId: 'alice', userIds: ['bob'], reason: 'spam' }, 'g');
    expect(kick).toMatchObject({ operationType: 3, userIDList: ['bob'], memberList: [{ userID: 'bob', reason: 'spam' }] });
    expect(kick).not.toHaveProperty('newGroupProfile');
  });
});

describe('noticePayload (tim.md §4.8)', () => {
  it('a join request: the application id as authentication and messageKey, the note as handleMessage', () => {
    rememberGroupName('g-apply', 'closed club');
    expect(noticePayload({ kind: 1, groupId: 'g-apply', operatorId: 'dora', userIds: ['dora'], applicationId: 'app-1', text: 'let me in' })).toEqual({
      operatorID: 'dora',
      operationType: 1,
      groupProfile: { groupID: 'g-apply', name: 'closed club' },
      handleMessage: 'let me in',
      userDefinedField: '',
      authentication: 'app-1',
      messageKey: 'app-1',
    });
  });

  it('an explicit name wins; rooms name the group by room id; remind-type sync carries its type', () => {
    expect(noticePayload({ kind: 5, roomId: 'r1', operatorId: 'host' }, 'live')).toMatchObject({ operationType: 5, groupProfile: { groupID: 'r1', name: 'live' } });
    expect(noticePayload({ kind: 20, groupId: 'g', data: 'AcceptNotNotify' })).toMatchObject({ operationType: 20, messageRemindType: 'AcceptNotNotify' });
    expect(noticePayload({ kind: 255, data: '{"x":1}' })).toMatchObject({ operationType: 255, userDefinedField: '{"x":1}' });
    expect(knownGroupName('never-seen')).toBe('');
  });
});
