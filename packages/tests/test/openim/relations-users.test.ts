import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, openimToken, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

let h: Harness;
let alice: OpenImPage;
let bob: OpenImPage;

beforeEach(async () => {
  h = await startOpenImHarness();
  alice = await openimPage(h, 'alice');
  bob = await openimPage(h, 'bob');
});
afterEach(async () => {
  await alice.sdk.logout().catch(() => {});
  await bob.sdk.logout().catch(() => {});
  await h.stop();
});

const parsed = async (call: Promise<unknown>): Promise<unknown> => JSON.parse(((await call) as WsResponse).data);

async function befriend(a: OpenImPage, b: OpenImPage): Promise<void> {
  await a.sdk.addFriend({ toUserID: b.userId, reqMsg: '' });
  await eventually(() => expect(b.seen('OnFriendApplicationAdded')).toHaveLength(1));
  await b.sdk.acceptFriendApplication({ toUserID: a.userId, handleMsg: '' });
  await eventually(() => expect(a.seen('OnFriendAdded')).toHaveLength(1));
}

describe('OpenIM users', () => {
  it('setSelfInfo updates the own profile (OnSelfInfoUpdated) and a friend sees OnFriendInfoChanged', async () => {
    await befriend(alice, bob);
    const res = (await alice.sdk.setSelfInfo({ userID: 'alice', nickname: 'Alice', faceURL: 'https://x/a.png', gender: 2, birth: 946684800, phoneNumber: '+1', email: 'a@x', ex: 'e1' }, 'op-set')) as WsResponse;
    expect(res).toMatchObject({ event: 'SetSelfInfo', errCode: 0, data: '""', operationID: 'op-set' });
    const fields = { nickname: 'Alice', faceURL: 'https://x/a.png', gender: 2, birth: 946684800, phoneNumber: '+1', email: 'a@x' };
    await eventually(() => {
      expect(alice.seen('OnSelfInfoUpdated')).toEqual([expect.objectContaining({ userID: 'alice', ex: 'e1', ...fields })]);
      expect(bob.seen('OnFriendInfoChanged')).toEqual([expect.objectContaining({ ownerUserID: 'bob', userID: 'alice', ...fields })]);
    });
    const self = (await parsed(alice.sdk.getSelfUserInfo())) as Record<string, number>;
    expect(self).toMatchObject({ userID: 'alice', ex: 'e1', ...fields });
    expect(Math.abs((self.createTime ?? 0) - Date.now() / 1000)).toBeLessThan(120);

    // Empty strings and zeros leave fields as they were, as the vendor's server does.
    await alice.sdk.setSelfInfo({ userID: 'alice', nickname: '', gender: 0, email: 'new@x' });
    await eventually(() => expect(alice.seen('OnSelfInfoUpdated')).toHaveLength(2));
    expect(await parsed(alice.sdk.getSelfUserInfo())).toMatchObject({ nickname: 'Alice', gender: 2, email: 'new@x' });
  });

  it('getUsersInfo: publicInfo for everyone, friendInfo for friends, unknown users left out', async () => {
    const carol = await openimPage(h, 'carol');
    await carol.sdk.setSelfInfo({ userID: 'carol', nickname: 'Carol', gender: 1 });
    await bob.sdk.setSelfInfo({ userID: 'bob', nickname: 'Bob' });
    await befriend(alice, bob);
    await alice.sdk.setFriendRemark({ toUserID: 'bob', remark: 'B' });
    const users = (await parsed(alice.sdk.getUsersInfo(['bob', 'carol', 'nobody']))) as unknown[];
    expect(users).toEqual([
      { publicInfo: { userID: 'bob', nickname: 'Bob', faceURL: '', gender: 0 }, friendInfo: expect.objectContaining({ userID: 'bob', remark: 'B', nickname: 'Bob' }), blackInfo: null },
      { publicInfo: { userID: 'carol', nickname: 'Carol', faceURL: '', gender: 1 }, friendInfo: null, blackInfo: null },
    ]);
    await carol.sdk.logout();
  });
});

describe('OpenIM blacklist', () => {
  it('a blacklisted friend stays a friend, checkFriend reports 0, and the lists carry both parts', async () => {
    await befriend(alice, bob);
    expect(await alice.sdk.addBlack('bob')).toMatchObject({ event: 'AddBlack', data: '""' });
    await eventually(() => expect(alice.seen('OnBlackAdded')).toEqual([expect.objectContaining({ ownerUserID: 'alice', userID: 'bob' })]));
    expect(await parsed(alice.sdk.checkFriend(['bob']))).toEqual([{ userID: 'bob', result: 0 }]);
    const friends = (await parsed(alice.sdk.getFriendList())) as Array<Record<string, unknown>>;
    expect(friends).toEqual([{ publicInfo: null, friendInfo: expect.objectContaining({ userID: 'bob' }), blackInfo: expect.objectContaining({ userID: 'bob' }) }]);
    expect(await parsed(alice.sdk.getBlackList())).toEqual(friends);
    // The blocked side keeps its friend.
    expect(await parsed(bob.sdk.checkFriend(['alice']))).toEqual([{ userID: 'alice', result: 1 }]);

    expect(await alice.sdk.removeBlack('bob')).toMatchObject({ event: 'RemoveBlack', data: '""' });
    await eventually(() => expect(alice.seen('OnBlackDeleted')).toEqual([expect.objectContaining({ userID: 'bob' })]));
    expect(await parsed(alice.sdk.getBlackList())).toEqual([]);
    expect(await parsed(alice.sdk.checkFriend(['bob']))).toEqual([{ userID: 'bob', result: 1 }]);
    expect(alice.seen('OnBlackAdded')).toHaveLength(1);
    expect(alice.seen('OnFriendDeleted')).toEqual([]);
  });

  it('blacklists a non-friend: blackInfo only', async () => {
    await alice.sdk.addBlack('bob');
    expect(await parsed(alice.sdk.getBlackList())).toEqual([{ publicInfo: null, friendInfo: null, blackInfo: expect.objectContaining({ userID: 'bob' }) }]);
    expect(await parsed(alice.sdk.getUsersInfo(['bob']))).toEqual([{ publicInfo: expect.objectContaining({ userID: 'bob' }), friendInfo: null, blackInfo: expect.objectContaining({ userID: 'bob' }) }]);
  });
});

describe('OpenIM relations: bad params', () => {
  it('rejects missing or mistyped keys with 1001 and unknown users with 301', async () => {
    await expect(alice.sdk.addFriend({ reqMsg: 'x' } as never, 'op-bad')).rejects.toMatchObject({ event: 'AddFriend', errCode: 1001, operationID: 'op-bad' });
    await expect(alice.sdk.addFriend('bob' as never)).rejects.toMatchObject({ errCode: 1001 });
    await expect(alice.sdk.getUsersInfo('bob' as never)).rejects.toMatchObject({ event: 'GetUsersInfo', errCode: 1001 });
    await expect(alice.sdk.deleteFriend(7 as never)).rejects.toMatchObject({ errCode: 1001 });
    await expect(alice.sdk.setFriendRemark({ toUserID: 'bob' } as never)).rejects.toMatchObject({ errCode: 1001 });
    await expect(alice.sdk.setSelfInfo({ nickname: 'x' } as never)).rejects.toMatchObject({ errCode: 1001 });
    await expect(alice.sdk.setSelfInfo({ userID: 'alice', gender: 7 })).rejects.toMatchObject({ errCode: 803 });
    await expect(alice.sdk.addFriend({ toUserID: 'nobody', reqMsg: '' })).rejects.toMatchObject({ event: 'AddFriend', errCode: 301 });
    await expect(alice.sdk.acceptFriendApplication({ toUserID: 'bob', handleMsg: '' })).rejects.toMatchObject({ errCode: 802 });
    await expect(alice.sdk.setFriendRemark({ toUserID: 'bob', remark: 'x' })).rejects.toMatchObject({ errCode: 801 });
    expect(alice.events.filter((e) => e.event.startsWith('OnFriend') || e.event.startsWith('OnBlack'))).toEqual([]);
  });

  it('answers 1003 once logged out', async () => {
    await alice.sdk.logout();
    await expect(alice.sdk.getFriendList('op-out')).rejects.toMatchObject({ event: 'GetFriendList', errCode: 1003, operationID: 'op-out' });
    await expect(alice.sdk.getSelfUserInfo()).rejects.toMatchObject({ errCode: 1003 });
    // A new login starts from the server's state.
    await alice.sdk.login({ userID: 'alice', token: await openimToken(h, 'alice'), url: h.url, platformID: 5 });
    expect(await parsed(alice.sdk.getBlackList())).toEqual([]);
  });
});
