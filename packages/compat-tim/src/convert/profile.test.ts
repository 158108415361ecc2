import { describe, expect, it } from 'vitest';
import { PROFILE_CUSTOM_PREFIX,
  SNS_CUSTOM_PREFIX,
  timCustomFields,
  toTimFriend,
  toTimFriendApplication,
  toTimFriendGroup,
  toTimProfile,
} from './profile.js';
import { coreAllowType, coreCustomFields, coreForbidType, coreGender } from './profile-edit.js';

describe('toTimProfile', () => {
  it('maps every field, enums to their TIM strings and times to seconds (both names)', () => {
    const p = toTimProfile({
      userId: 'u1',
      nickname: 'Ann',
      avatar: 'https://a/x.png',
      gender: 2,
      birthday: '20000101',
      location: 'SZ',
      selfSignature: 'hi',
      allowType: 1,
      language: 3,
      messageSettings: 1,
      adminForbidType: 1,
      level: 7,
      role: 9,
      updatedAt: 1_700_000_000_999,
      profileVersion: 4,
      customFields: { mood: '"sunny"', score: '42' },
    });
    expect(p).toEqual({
      userID: 'u1',
      nick: 'Ann',
      gender: 'Gender_Type_Female',
      birthday: 20000101,
      location: 'SZ',
      selfSignature: 'hi',
      allowType: 'AllowType_Type_AllowAny',
      language: 3,
      avatar: 'https://a/x.png',
      messageSettings: 1,
      adminForbidType: 'AdminForbid_Type_SendOut',
      level: 7,
      role: 9,
      lastUpdatedTime: 1_700_000_000,
      lastUpdatedNumber: 1_700_000_000,
      profileCustomField: [
        { key: 'Tag_Profile_Custom_mood', value: 'sunny' },
        { key: 'Tag_Profile_Custom_score', value: '42' },
      ],
    });
  });

  it('fills defaults for a bare user id', () => {
    expect(toTimProfile({ userId: 'u2' })).toMatchObject({
      userID: 'u2',
      nick: '',
      gender: 'Gender_Type_Unknown',
      birthday: 0,
      allowType: 'AllowType_Type_NeedConfirm',
      adminForbidType: 'AdminForbid_Type_None',
      lastUpdatedTime: 0,
      profileCustomField: [],
    });
  });

  it('maps gender MALE=1 and a non-numeric birthday through its normalised form', () => {
    const p = toTimProfile({ userId: 'u3', gender: 1, birthday: '2001-02-03', birthdayYmd: '20010203' });
    expect(p.gender).toBe('Gender_Type_Male');
    expect(p.birthday).toBe(20010203);
    expect(toTimProfile({ userId: 'u4', birthday: 'spring' }).birthday).toBe(0);
  });
});

describe('enum and custom-field mapping back to the core', () => {
  it('maps TIM enum strings to wire numbers and refuses unknown ones', () => {
    expect([coreGender('Gender_Type_Unknown'), coreGender('Gender_Type_Male'), coreGender('Gender_Type_Female'), coreGender('male')]).toEqual([0, 1, 2, undefined]);
    expect([coreAllowType('AllowType_Type_NeedConfirm'), coreAllowType('AllowType_Type_AllowAny'), coreAllowType('AllowType_Type_DenyAny'), coreAllowType(1)]).toEqual([0, 1, 2, undefined]);
    expect([coreForbidType('AdminForbid_Type_None'), coreForbidType('AdminForbid_Type_SendOut'), coreForbidType('x')]).toEqual([0, 1, undefined]);
  });

  it('strips the tag on the way in, quotes values as JSON, and round-trips', () => {
    const fields = [
      { key: 'Tag_Profile_Custom_mood', value: 'sunny' },
      { key: 'Tag_Profile_CustomOdd', value: '' },
    ];
    const core = coreCustomFields(PROFILE_CUSTOM_PREFIX, fields);
    expect(core).toEqual({ mood: '"sunny"', Tag_Profile_CustomOdd: '""' });
    expect(timCustomFields(PROFILE_CUSTOM_PREFIX, core)).toEqual(fields);
  });

  it('reads values other writers left unquoted or non-string as their text', () => {
    expect(timCustomFields(SNS_CUSTOM_PREFIX, { a: 'plain', b: 'true' })).toEqual([
      { key: 'Tag_SNS_Custom_a', value: 'plain' },
      { key: 'Tag_SNS_Custom_b', value: 'true' },
    ]);
  });
});

describe('friends, applications and friend groups', () => {
  it('builds a Friend with its profile, groups and seconds', () => {
    const friend = toTimFriend(
      { ownerId: 'me', friendId: 'bob', remark: 'B', groups: ['work'], source: 'AddSource_Type_Web', wording: 'hi', createdAt: 5_000, customFields: { tag: '"x"' } },
      { userId: 'bob', nickname: 'Bobby' },
    );
    expect(friend).toMatchObject({
      userID: 'bob',
      remark: 'B',
      groupList: ['work'],
      source: 'AddSource_Type_Web',
      wording: 'hi',
      addTime: 5,
      friendCustomField: [{ key: 'Tag_SNS_Custom_tag', value: 'x' }],
    });
    expect(friend.profile).toMatchObject({ userID: 'bob', nick: 'Bobby' });
    expect(toTimFriend({ friendId: 'carl' }, undefined).profile.userID).toBe('carl');
  });

  it('names the other party and the direction of a request', () => {
    const profiles = new Map([
      ['ann', { userId: 'ann', nickname: 'Ann', avatar: 'a.png' }],
      ['cid', { userId: 'cid', nickname: 'Cid' }],
    ]);
    const received = toTimFriendApplication({ id: 'r1', fromId: 'ann', toId: 'me', wording: 'hello', source: 'AddSource_Type_QR', createdAt: 9_999 }, 'me', (id) => profiles.get(id));
    expect(received).toEqual({ userID: 'ann', avatar: 'a.png', nick: 'Ann', time: 9, source: 'AddSource_Type_QR', wording: 'hello', type: 'Pendency_Type_ComeIn' });
    const sent = toTimFriendApplication({ id: 'r2', fromId: 'me', toId: 'cid' }, 'me', (id) => profiles.get(id));
    expect(sent).toMatchObject({ userID: 'cid', nick: 'Cid', type: 'Pendency_Type_SendOut' });
  });

  it('counts a friend group', () => {
    expect(toTimFriendGroup({ name: 'work', userIds: ['a', 'b'] })).toEqual({ name: 'work', userIDList: ['a', 'b'], count: 2 });
    expect(toTimFriendGroup({ name: 'empty' })).toEqual({ name: 'empty', userIDList: [], count: 0 });
  });
});
