import { contactsOf } from '@parley/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

let h: Harness;
let alice: OpenImPage;
let bob: OpenImPage;

beforeEach(async () => {
  h = await startOpenImHarness();
  alice = await openimPage(h, 'alice');
  bob = await openimPage(h, 'bob');
  await alice.sdk.setSelfInfo({ userID: 'alice', nickname: 'Alice' });
  await bob.sdk.setSelfInfo({ userID: 'bob', nickname: 'Bob', faceURL: 'https://x/bob.png' });
});
afterEach(async () => {
  await alice.sdk.logout().catch(() => {});
  await bob.sdk.logout().catch(() => {});
  await h.stop();
});

const parsed = async (call: Promise<unknown>): Promise<unknown> => JSON.parse(((await call) as WsResponse).data);

describe('OpenIM friend applications', () => {
  it('a request accepted makes friends on both sides, with the events and lists of each', async () => {
    const res = (await alice.sdk.addFriend({ toUserID: 'bob', reqMsg: 'hi' }, 'op-add')) as WsResponse;
    expect(res).toMatchObject({ event: 'AddFriend', errCode: 0, data: '""', operationID: 'op-add' });
    const pending = { fromUserID: 'alice', fromNickname: 'Alice', toUserID: 'bob', toNickname: 'Bob', toFaceURL: 'https://x/bob.png', reqMsg: 'hi', handleResult: 0 };
    await eventually(() => {
      expect(alice.seen('OnFriendApplicationAdded')).toEqual([expect.objectContaining(pending)]);
      expect(bob.seen('OnFriendApplicationAdded')).toEqual([expect.objectContaining(pending)]);
    });
    expect(alice.events.find((e) => e.event === 'OnFriendApplicationAdded')?.operationID).toBe('');
    const received = (await parsed(bob.sdk.getRecvFriendApplicationList())) as Array<Record<string, unknown>>;
    expect(received).toEqual([expect.objectContaining(pending)]);
    const createTime = received[0]?.createTime as number;
    expect(Math.abs(createTime - Date.now() / 1000)).toBeLessThan(120);
    expect(await parsed(alice.sdk.getSendFriendApplicationList())).toEqual([expect.objectContaining(pending)]);
    expect(await parsed(alice.sdk.getRecvFriendApplicationList())).toEqual([]);

    await bob.sdk.acceptFriendApplication({ toUserID: 'alice', handleMsg: 'welcome' });
    const accepted = { fromUserID: 'alice', toUserID: 'bob', handleResult: 1, handleMsg: 'welcome', handlerUserID: 'bob' };
    await eventually(() => {
      expect(alice.seen('OnFriendApplicationAccepted')).toEqual([expect.objectContaining(accepted)]);
      expect(bob.seen('OnFriendApplicationAccepted')).toEqual([expect.objectContaining(accepted)]);
      expect(alice.seen('OnFriendAdded')).toEqual([expect.objectContaining({ ownerUserID: 'alice', userID: 'bob', nickname: 'Bob', faceURL: 'https://x/bob.png' })]);
      expect(bob.seen('OnFriendAdded')).toEqual([expect.objectContaining({ ownerUserID: 'bob', userID: 'alice', nickname: 'Alice' })]);
    });
    const [handled] = (await parsed(bob.sdk.getRecvFriendApplicationList())) as Array<Record<string, number>>;
    expect(handled).toMatchObject(accepted);
    expect(handled?.handleTime).toBeGreaterThanOrEqual(createTime);
    expect(handled?.handleTime).toBeLessThan(1e11);

    const aliceFriends = (await parsed(alice.sdk.getFriendList())) as Array<Record<string, unknown>>;
    expect(aliceFriends).toEqual([{ publicInfo: null, friendInfo: expect.objectContaining({ userID: 'bob', nickname: 'Bob', remark: '' }), blackInfo: null }]);
    expect(await parsed(bob.sdk.getFriendList())).toEqual([{ publicInfo: null, friendInfo: expect.objectContaining({ userID: 'alice', nickname: 'Alice' }), blackInfo: null }]);
    expect(await parsed(alice.sdk.checkFriend(['bob', 'carol']))).toEqual([
      { userID: 'bob', result: 1 },
      { userID: 'carol', result: 0 },
    ]);
    // No stray events: exactly one of each, and none of the rejection.
    expect(alice.seen('OnFriendApplicationRejected')).toEqual([]);
    expect(alice.seen('OnFriendAdded')).toHaveLength(1);
  });

  it('a refused request stays listed with handleResult -1 and makes no friends', async () => {
    await alice.sdk.addFriend({ toUserID: 'bob', reqMsg: 'hello' });
    await eventually(() => expect(bob.seen('OnFriendApplicationAdded')).toHaveLength(1));
    const res = (await bob.sdk.refuseFriendApplication({ toUserID: 'alice', handleMsg: 'no thanks' })) as WsResponse;
    expect(res).toMatchObject({ event: 'RefuseFriendApplication', data: '""' });
    const refused = { fromUserID: 'alice', toUserID: 'bob', handleResult: -1, handleMsg: 'no thanks' };
    await eventually(() => {
      expect(alice.seen('OnFriendApplicationRejected')).toEqual([expect.objectContaining(refused)]);
      expect(bob.seen('OnFriendApplicationRejected')).toEqual([expect.objectContaining(refused)]);
    });
    expect(await parsed(alice.sdk.getSendFriendApplicationList())).toEqual([expect.objectContaining(refused)]);
    expect(await parsed(alice.sdk.getFriendList())).toEqual([]);
    expect(alice.seen('OnFriendAdded')).toEqual([]);
    // Answering again is refused.
    await expect(bob.sdk.refuseFriendApplication({ toUserID: 'alice', handleMsg: '' })).rejects.toMatchObject({ event: 'RefuseFriendApplication', errCode: 201 });
    // Asking again after a refusal is a new application.
    await alice.sdk.addFriend({ toUserID: 'bob', reqMsg: 'please' });
    await eventually(() => expect(bob.seen('OnFriendApplicationAdded')).toEqual([expect.objectContaining({ reqMsg: 'hello' }), expect.objectContaining({ reqMsg: 'please', handleResult: 0 })]));
  });

  it('a request deleted elsewhere fires OnFriendApplicationDeleted on both sides', async () => {
    await alice.sdk.addFriend({ toUserID: 'bob', reqMsg: 'hey' });
    await eventually(() => expect(bob.seen('OnFriendApplicationAdded')).toHaveLength(1));
    // OpenIM 2.x has no delete method; bob's native client deletes the request.
    const native = await h.login('bob');
    await contactsOf(native).deleteRequest('alice', 'in');
    const gone = { fromUserID: 'alice', toUserID: 'bob', reqMsg: 'hey', handleResult: 0 };
    await eventually(() => {
      expect(alice.seen('OnFriendApplicationDeleted')).toEqual([expect.objectContaining(gone)]);
      expect(bob.seen('OnFriendApplicationDeleted')).toEqual([expect.objectContaining(gone)]);
    });
    expect(await parsed(bob.sdk.getRecvFriendApplicationList())).toEqual([]);
    expect(await parsed(alice.sdk.getSendFriendApplicationList())).toEqual([]);
    await native.close();
  });

  it('remarks change the friend (OnFriendInfoChanged), and deleting ends the friendship on both sides', async () => {
    await alice.sdk.addFriend({ toUserID: 'bob', reqMsg: '' });
    await eventually(() => expect(bob.seen('OnFriendApplicationAdded')).toHaveLength(1));
    await bob.sdk.acceptFriendApplication({ toUserID: 'alice', handleMsg: '' });
    await eventually(() => expect(alice.seen('OnFriendAdded')).toHaveLength(1));

    expect(await alice.sdk.setFriendRemark({ toUserID: 'bob', remark: 'Bobby' })).toMatchObject({ event: 'SetFriendRemark', data: '""' });
    await eventually(() => expect(alice.seen('OnFriendInfoChanged')).toEqual([expect.objectContaining({ userID: 'bob', remark: 'Bobby', nickname: 'Bob' })]));
    expect(await parsed(alice.sdk.getDesignatedFriendsInfo(['bob', 'carol']))).toEqual([{ publicInfo: null, friendInfo: expect.objectContaining({ userID: 'bob', remark: 'Bobby' }), blackInfo: null }]);
    // A remark is the owner's: bob's side does not change.
    expect(bob.seen('OnFriendInfoChanged')).toEqual([]);

    expect(await alice.sdk.deleteFriend('bob')).toMatchObject({ event: 'DeleteFriend', data: '""' });
    await eventually(() => {
      expect(alice.seen('OnFriendDeleted')).toEqual([expect.objectContaining({ userID: 'bob', remark: 'Bobby' })]);
      expect(bob.seen('OnFriendDeleted')).toEqual([expect.objectContaining({ userID: 'alice' })]);
    });
    expect(await parsed(alice.sdk.getFriendList())).toEqual([]);
    expect(await parsed(bob.sdk.checkFriend(['alice']))).toEqual([{ userID: 'alice', result: 0 }]);
    expect(await parsed(alice.sdk.getDesignatedFriendsInfo(['bob']))).toEqual([]);
  });
});
