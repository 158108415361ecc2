import { describe, expect, it } from 'vitest';
import { type GroupTip, groupTipToNotification } from './group-tip.js';

const T = 1_700_000_000_000;
const ctx = { groupID: 'g', time: T, group: { groupName: 'club', ownerUserID: 'alice' }, member: (id: string) => (id === 'alice' ? { nickname: 'Alice', roleLevel: 2 } : undefined) };

function detail(tip: GroupTip): Record<string, unknown> {
  return JSON.parse(groupTipToNotification(tip, ctx)?.detail ?? 'null') as Record<string, unknown>;
}

describe('groupTipToNotification (openim.md §4.2 1501–1515)', () => {
  it('maps each tip kind to its content type', () => {
    const type = (tip: GroupTip) => groupTipToNotification(tip, ctx)?.contentType;
    expect(type({ tip: 12, operatorId: 'alice', userIds: ['alice', 'bob'] })).toBe(1501);
    expect(type({ tip: 6, operatorId: 'alice', profileChanges: { name: '"new"' } })).toBe(1502);
    expect(type({ tip: 2, operatorId: 'bob', userIds: ['bob'] })).toBe(1504);
    expect(type({ tip: 14, operatorId: 'alice', userIds: ['bob'] })).toBe(1507);
    expect(type({ tip: 3, operatorId: 'alice', userIds: ['bob'] })).toBe(1508);
    expect(type({ tip: 13, operatorId: 'alice', userIds: ['bob'] })).toBe(1509);
    expect(type({ tip: 1, operatorId: 'alice', userIds: ['bob'] })).toBe(1510);
    expect(type({ tip: 15, operatorId: 'alice' })).toBe(1511);
    expect(type({ tip: 7, operatorId: 'alice', userIds: ['bob'], memberChanges: [{ userId: 'bob', muteUntil: T + 60_000 }] })).toBe(1512);
    expect(type({ tip: 7, operatorId: 'alice', userIds: ['bob'], memberChanges: [{ userId: 'bob' }] })).toBe(1513);
    expect(type({ tip: 6, operatorId: 'alice', profileChanges: { muteAll: 'true' } })).toBe(1514);
    expect(type({ tip: 6, operatorId: 'alice', profileChanges: { muteAll: 'false' } })).toBe(1515);
  });

  it('leaves out what 2.0.3 never shows: admin changes, name cards, room bans', () => {
    expect(groupTipToNotification({ tip: 4, operatorId: 'alice', userIds: ['bob'] }, ctx)).toBeUndefined();
    expect(groupTipToNotification({ tip: 7, operatorId: 'bob', userIds: ['bob'], memberChanges: [{ userId: 'bob', nameCard: 'B' }] }, ctx)).toBeUndefined();
    expect(groupTipToNotification({ tip: 10, operatorId: 'alice' }, ctx)).toBeUndefined();
  });

  it('fills the tips struct: group, opUser, operationTime and the tip users', () => {
    const created = groupTipToNotification({ tip: 12, operatorId: 'alice', userIds: ['alice', 'bob'], memberCount: 2, text: 'alice created the group with bob' }, ctx);
    expect(created?.defaultTips).toBe('alice created the group with bob');
    const d = JSON.parse(created?.detail ?? '{}') as Record<string, Record<string, unknown> & Array<Record<string, unknown>>>;
    expect(d.group).toMatchObject({ groupID: 'g', groupName: 'club', ownerUserID: 'alice', memberCount: 2 });
    expect(d.opUser).toMatchObject({ groupID: 'g', userID: 'alice', nickname: 'Alice', roleLevel: 2 });
    expect(d.operationTime).toBe(T);
    expect(d.memberList?.map((m) => m.userID)).toEqual(['bob']);
    expect(d.groupOwnerUser).toMatchObject({ userID: 'alice' });

    expect(detail({ tip: 6, operatorId: 'alice', profileChanges: { name: '"new"', notification: '"hi"' } }).group).toMatchObject({ groupName: 'new', notification: 'hi' });
    expect(detail({ tip: 14, operatorId: 'alice', userIds: ['bob'], profileChanges: { ownerId: '"bob"' } })).toMatchObject({ group: { ownerUserID: 'bob' }, newGroupOwner: { userID: 'bob' } });
    expect(detail({ tip: 3, operatorId: 'alice', userIds: ['bob', 'carol'] }).kickedUserList).toHaveLength(2);
    expect(detail({ tip: 13, operatorId: 'alice', userIds: ['bob'] }).invitedUserList).toEqual([expect.objectContaining({ userID: 'bob', roleLevel: 1 })]);
    expect(detail({ tip: 2, operatorId: 'bob', userIds: ['bob'] }).quitUser).toMatchObject({ userID: 'bob' });
    expect(detail({ tip: 1, operatorId: 'bob', userIds: ['bob'] }).entrantUser).toMatchObject({ userID: 'bob' });
    expect(detail({ tip: 7, operatorId: 'alice', userIds: ['bob'], memberChanges: [{ userId: 'bob', muteUntil: T + 60_000 }] })).toMatchObject({ mutedUser: { userID: 'bob' }, mutedSeconds: 60 });
  });
});
