import type { Profile } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { birthOf, toBlackItem, toFriendApplicationItem, toFriendItem, toFullUserItem, toPublicUserItem, toTotalUser } from './user.js';

const bob: Profile = {
  userId: 'bob',
  nickname: 'Bob',
  avatar: 'https://x/b.png',
  gender: 1,
  phoneNumber: '+100',
  email: 'b@x',
  birthday: '946684800',
  birthdayYmd: '20000101',
  ex: '{"v":1}',
  createdAt: 1_700_000_000_999,
};

describe('user converters', () => {
  it('maps a profile to FullUserItem in the vendor key order, times in seconds', () => {
    const item = toFullUserItem('bob', bob);
    expect(Object.keys(item)).toEqual(['userID', 'nickname', 'faceURL', 'gender', 'phoneNumber', 'birth', 'email', 'createTime', 'ex', 'attachedInfo']);
    expect(item).toMatchObject({ userID: 'bob', nickname: 'Bob', faceURL: 'https://x/b.png', gender: 1, phoneNumber: '+100', birth: 946684800, email: 'b@x', createTime: 1_700_000_000, ex: '{"v":1}' });
    expect(toFullUserItem('ghost', undefined)).toMatchObject({ userID: 'ghost', nickname: '', gender: 0, birth: 0, createTime: 0 });
  });

  it('reads birth as seconds, or through the normalised date when another vendor wrote it', () => {
    expect(birthOf(bob)).toBe(946684800);
    expect(birthOf({ birthday: '20000101', birthdayYmd: '20000101' })).toBe(946684800);
    expect(birthOf({ birthday: '2000-01-01', birthdayYmd: '20000101' })).toBe(946684800);
    expect(birthOf({ birthday: '-86400', birthdayYmd: '19691231' })).toBe(-86400);
    expect(birthOf({ birthday: 'soon', birthdayYmd: '' })).toBe(0);
  });

  it('builds FriendItem and BlackItem from the edge and the profile', () => {
    const friend = toFriendItem({ ownerId: 'alice', friendId: 'bob', remark: 'B', createdAt: 5_000, addSource: 3, operatorId: 'alice' }, bob);
    expect(friend).toEqual({
      ownerUserID: 'alice',
      userID: 'bob',
      remark: 'B',
      createTime: 5,
      addSource: 3,
      operatorUserID: 'alice',
      nickname: 'Bob',
      faceURL: 'https://x/b.png',
      gender: 1,
      phoneNumber: '+100',
      birth: 946684800,
      email: 'b@x',
      ex: '',
      attachedInfo: '',
    });
    const black = toBlackItem({ ownerId: 'alice', blockedId: 'bob', createdAt: 9_999, ex: 'e' }, bob);
    expect(black).toEqual({ ownerUserID: 'alice', userID: 'bob', nickname: 'Bob', faceURL: 'https://x/b.png', gender: 1, createTime: 9, addSource: 0, operatorUserID: '', ex: 'e', attachedInfo: '' });
  });

  it('builds FriendApplicationItem with both parties and the handling', () => {
    const profiles: Record<string, Profile> = { bob, alice: { userId: 'alice', nickname: 'Al', gender: 2 } };
    const item = toFriendApplicationItem(
      { id: 'r', fromId: 'alice', toId: 'bob', wording: 'hi', createdAt: 2_500, handleResult: -1, handleMsg: 'no', handlerId: 'bob', handledAt: 3_500 },
      (id) => profiles[id],
    );
    expect(item).toEqual({
      fromUserID: 'alice',
      fromNickname: 'Al',
      fromFaceURL: '',
      fromGender: 2,
      toUserID: 'bob',
      toNickname: 'Bob',
      toFaceURL: 'https://x/b.png',
      toGender: 1,
      handleResult: -1,
      reqMsg: 'hi',
      createTime: 2,
      handlerUserID: 'bob',
      handleMsg: 'no',
      handleTime: 3,
      ex: '',
      attachedInfo: '',
    });
    expect(toFriendApplicationItem({ fromId: 'alice', toId: 'bob' }, () => undefined)).toMatchObject({ handleResult: 0, handleTime: 0, fromNickname: '' });
  });

  it('fills each TotalUserStruct part only when it applies', () => {
    expect(toTotalUser({ userId: 'bob', profile: bob, withPublic: true, friend: undefined, block: undefined })).toEqual({
      publicInfo: toPublicUserItem('bob', bob),
      friendInfo: null,
      blackInfo: null,
    });
    const both = toTotalUser({ userId: 'bob', profile: bob, withPublic: false, friend: { friendId: 'bob' }, block: { blockedId: 'bob' } });
    expect(both.publicInfo).toBeNull();
    expect(both.friendInfo?.nickname).toBe('Bob');
    expect(both.blackInfo?.userID).toBe('bob');
    expect(toPublicUserItem('bob', bob)).toEqual({ userID: 'bob', nickname: 'Bob', faceURL: 'https://x/b.png', gender: 1 });
  });
});
