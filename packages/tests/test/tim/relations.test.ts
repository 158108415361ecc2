import { RequestError } from '@parley/core';
import { ErrorCode } from '@parley/protocol/codes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { startTimHarness, type TimPage, timPage } from '../helpers/tim.js';

let h: Harness;
beforeAll(async () => {
  h = await startTimHarness();
});
afterAll(() => h.stop());

// biome-ignore lint/suspicious/noExplicitAny: vendor results are untyped (`Promise<any>` in the .d.ts)
type Data = Record<string, any>;
const last = <T = Data>(page: TimPage, name: string): T | undefined => page.seen(name).at(-1) as T | undefined;
const data = async (call: Promise<{ code: number; data: unknown }>): Promise<Data> => (await call).data as Data;

/** Two pages that are friends, the second having confirmed the first's request. */
async function befriend(a: string, b: string): Promise<[TimPage, TimPage]> {
  const left = await timPage(h, a);
  const right = await timPage(h, b);
  const T = right.TIM.TYPES;
  await right.tim.updateMyProfile({ allowType: T.ALLOW_TYPE_NEED_CONFIRM });
  await left.tim.addFriend({ to: b, source: 'AddSource_Type_Web', wording: 'hi' });
  await eventually(() => expect(last(right, right.TIM.EVENT.FRIEND_APPLICATION_LIST_UPDATED)?.friendApplicationList).toHaveLength(1));
  await right.tim.acceptFriendApplication({ userID: a, type: T.SNS_APPLICATION_AGREE_AND_ADD });
  await eventually(async () => expect((await data(left.tim.getFriendList())).map((f: Data) => f.userID)).toEqual([b]));
  return [left, right];
}

describe('TIM profiles', () => {
  it('updateMyProfile changes what a peer reads with getUserProfile and emits PROFILE_UPDATED at self', async () => {
    const ann = await timPage(h, 'rp-ann');
    const bob = await timPage(h, 'rp-bob');
    const { EVENT, TYPES } = ann.TIM;
    const updated = await data(
      ann.tim.updateMyProfile({ nick: 'Ann', gender: TYPES.GENDER_FEMALE, birthday: 20000101, profileCustomField: [{ key: 'Tag_Profile_Custom_mood', value: 'sunny' }] }),
    );
    expect(updated).toMatchObject({ userID: 'rp-ann', nick: 'Ann', gender: TYPES.GENDER_FEMALE, birthday: 20000101 });
    expect(updated.lastUpdatedTime).toBeGreaterThan(0);
    expect(updated.lastUpdatedNumber).toBe(updated.lastUpdatedTime);
    await eventually(() => expect(ann.seen(EVENT.PROFILE_UPDATED).map((list) => (list as Data[]).map((p) => [p.userID, p.nick]))).toEqual([[['rp-ann', 'Ann']]]));
    expect(await data(ann.tim.getMyProfile())).toMatchObject({ nick: 'Ann', profileCustomField: [{ key: 'Tag_Profile_Custom_mood', value: 'sunny' }] });

    const [seen] = (await data(bob.tim.getUserProfile({ userIDList: ['rp-ann', 'rp-nobody'] }))) as unknown as Data[];
    expect(seen).toMatchObject({ userID: 'rp-ann', nick: 'Ann', gender: TYPES.GENDER_FEMALE, profileCustomField: [{ key: 'Tag_Profile_Custom_mood', value: 'sunny' }] });
    expect(await data(bob.tim.getUserProfile({ userIDList: ['rp-nobody'] }))).toEqual([]);
    // Fetching someone's profile is not a change of it, and Ann is not Bob's friend.
    expect(bob.seen(EVENT.PROFILE_UPDATED)).toEqual([]);
  });

  it('refuses bad profile updates as tim-js-sdk does (2721, 2722, synchronous throws)', async () => {
    const cy = await timPage(h, 'rp-cy');
    await expect(cy.tim.updateMyProfile({ profileCustomField: [{ key: 'mood', value: 'x' }] })).rejects.toMatchObject({ code: 2721 });
    await expect(cy.tim.updateMyProfile({ gender: 'male' as never })).rejects.toMatchObject({ code: 2721 });
    await expect(cy.tim.updateMyProfile({})).rejects.toMatchObject({ code: 2721 });
    await expect(cy.tim.updateMyProfile({ profileCustomField: [] })).rejects.toMatchObject({ code: 2722 });
    expect(() => cy.tim.updateMyProfile({ profileCustomField: 'x' as never })).toThrow('Params validate failed.');
    expect(() => cy.tim.getUserProfile({ userIDList: 'rp-ann' as never })).toThrow('Params validate failed.');
    expect(cy.seen(cy.TIM.EVENT.PROFILE_UPDATED)).toEqual([]);
  });
});

describe('TIM blacklist', () => {
  it('blocks and unblocks with BLACKLIST_UPDATED; a blocked peer cannot send C2C', async () => {
    const dee = await timPage(h, 'rb-dee');
    const { EVENT } = dee.TIM;
    const eli = await h.login('rb-eli');
    expect(await data(dee.tim.addToBlacklist({ userIDList: ['rb-eli', 'rb-dee'] }))).toEqual(['rb-eli']);
    await eventually(() => expect(last(dee, EVENT.BLACKLIST_UPDATED)).toEqual(['rb-eli']));
    expect(await data(dee.tim.getBlacklist())).toEqual(['rb-eli']);

    const refusal = await eli.send({ convId: 'c2c:rb-dee', elements: [{ text: { text: 'hello?' } }] }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RequestError);
    expect((refusal as RequestError).code).toBe(ErrorCode.BLOCKED_BY_PEER);

    expect(await data(dee.tim.removeFromBlacklist({ userIDList: ['rb-eli'] }))).toEqual([]);
    await eventually(() => expect(last(dee, EVENT.BLACKLIST_UPDATED)).toEqual([]));
    expect((await eli.send({ convId: 'c2c:rb-dee', elements: [{ text: { text: 'back' } }] })).status).toBe('sent');

    await expect(dee.tim.addToBlacklist({ userIDList: ['rb-dee'] })).rejects.toMatchObject({ code: 2742 });
    expect(() => dee.tim.addToBlacklist({ userIDList: [] })).toThrow('Params validate failed.');
    expect(() => dee.tim.removeFromBlacklist({} as never)).toThrow('Params validate failed.');
  });
});

describe('TIM friends', () => {
  it('request → FRIEND_APPLICATION_LIST_UPDATED → accept → both see FRIEND_LIST_UPDATED; checkFriend both ways', async () => {
    const fay = await timPage(h, 'rf-fay');
    const gus = await timPage(h, 'rf-gus');
    const { EVENT, TYPES } = fay.TIM;
    await gus.tim.updateMyProfile({ nick: 'Gus', allowType: TYPES.ALLOW_TYPE_NEED_CONFIRM });

    const sent = await data(fay.tim.addFriend({ to: 'rf-gus', source: 'AddSource_Type_Web', wording: 'hi gus', remark: 'Gussy', type: TYPES.SNS_ADD_TYPE_BOTH }));
    expect(sent).toEqual({ userID: 'rf-gus', code: 30539, message: expect.any(String) });
    await eventually(() =>
      expect(last(fay, EVENT.FRIEND_APPLICATION_LIST_UPDATED)).toMatchObject({ friendApplicationList: [{ userID: 'rf-gus', type: TYPES.SNS_APPLICATION_SENT_BY_ME, nick: 'Gus' }], unreadCount: 0 }),
    );
    await eventually(() =>
      expect(last(gus, EVENT.FRIEND_APPLICATION_LIST_UPDATED)).toMatchObject({
        friendApplicationList: [{ userID: 'rf-fay', type: TYPES.SNS_APPLICATION_SENT_TO_ME, wording: 'hi gus', source: 'AddSource_Type_Web' }],
        unreadCount: 1,
      }),
    );
    const listed = await data(gus.tim.getFriendApplicationList());
    expect(listed.unreadCount).toBe(1);
    expect(listed.friendApplicationList[0].time).toBeGreaterThan(0);
    await gus.tim.setFriendApplicationRead();
    await eventually(() => expect(last(gus, EVENT.FRIEND_APPLICATION_LIST_UPDATED)?.unreadCount).toBe(0));

    await gus.tim.acceptFriendApplication({ userID: 'rf-fay', type: TYPES.SNS_APPLICATION_AGREE_AND_ADD });
    await eventually(() => expect((last<Data[]>(fay, EVENT.FRIEND_LIST_UPDATED) ?? []).map((f) => f.userID)).toEqual(['rf-gus']));
    await eventually(() => expect((last<Data[]>(gus, EVENT.FRIEND_LIST_UPDATED) ?? []).map((f) => f.userID)).toEqual(['rf-fay']));
    await eventually(() => expect(last(gus, EVENT.FRIEND_APPLICATION_LIST_UPDATED)?.friendApplicationList).toEqual([]));
    const [friend] = (await data(fay.tim.getFriendList())) as unknown as Data[];
    expect(friend).toMatchObject({ userID: 'rf-gus', remark: 'Gussy', profile: { userID: 'rf-gus', nick: 'Gus' } });

    const check = async (page: TimPage, peer: string, type: unknown) => data(page.tim.checkFriend({ userIDList: [peer], type: type as never }));
    expect(await check(fay, 'rf-gus', TYPES.SNS_CHECK_TYPE_BOTH)).toEqual({ successUserIDList: [{ userID: 'rf-gus', code: 0, relation: TYPES.SNS_TYPE_BOTH_WAY }], failureUserIDList: [] });
    expect(await check(gus, 'rf-fay', TYPES.SNS_CHECK_TYPE_BOTH)).toMatchObject({ successUserIDList: [{ userID: 'rf-fay', relation: TYPES.SNS_TYPE_BOTH_WAY }] });
    expect(await check(fay, 'rf-nobody', TYPES.SNS_CHECK_TYPE_SINGLE)).toMatchObject({ successUserIDList: [{ userID: 'rf-nobody', relation: TYPES.SNS_TYPE_NO_RELATION }] });

    await expect(fay.tim.addFriend({ to: 'rf-gus', source: 'AddSource_Type_Web' })).rejects.toMatchObject({ code: 2701 });
    expect(() => fay.tim.addFriend({ to: 'rf-gus', source: 'Web' })).toThrow('Params validate failed.');
    expect(() => fay.tim.addFriend({ to: 'rf-gus', source: 'AddSource_Type_TooLongKw' })).toThrow('Params validate failed.');
    expect(() => fay.tim.checkFriend({ userIDList: [], type: TYPES.SNS_CHECK_TYPE_BOTH })).toThrow('Params validate failed.');

    // A friend's profile change reaches the friend as PROFILE_UPDATED.
    await gus.tim.updateMyProfile({ nick: 'Gus G' });
    await eventually(() => expect((last<Data[]>(fay, EVENT.PROFILE_UPDATED) ?? []).map((p) => [p.userID, p.nick])).toEqual([['rf-gus', 'Gus G']]));
    await eventually(() => expect((last<Data[]>(fay, EVENT.FRIEND_LIST_UPDATED) ?? [])[0]?.profile.nick).toBe('Gus G'));
  });

  it('updates, reads and deletes friends; refuses and deletes requests', async () => {
    const [hal, ivy] = await befriend('rf-hal', 'rf-ivy');
    const { EVENT, TYPES } = hal.TIM;
    const updated = await data(hal.tim.updateFriend({ userID: 'rf-ivy', remark: 'I.', friendCustomField: [{ key: 'Tag_SNS_Custom_tag', value: 'x' }] }));
    expect(updated).toMatchObject({ userID: 'rf-ivy', remark: 'I.', friendCustomField: [{ key: 'Tag_SNS_Custom_tag', value: 'x' }] });
    const profiles = await data(hal.tim.getFriendProfile({ userIDList: ['rf-ivy', 'rf-zed'] }));
    expect(profiles.friendList).toMatchObject([{ userID: 'rf-ivy', remark: 'I.' }]);
    expect(profiles.failureUserIDList).toMatchObject([{ userID: 'rf-zed', code: 2700 }]);
    await expect(hal.tim.updateFriend({ userID: 'rf-zed', remark: 'z' })).rejects.toMatchObject({ code: 2700 });
    expect(() => hal.tim.updateFriend({ userID: 'rf-ivy', friendCustomField: [{ key: 'tag', value: 'x' }] })).toThrow('Params validate failed.');

    const deleted = await data(hal.tim.deleteFriend({ userIDList: ['rf-ivy', 'rf-zed'], type: TYPES.SNS_DELETE_TYPE_BOTH }));
    expect(deleted).toEqual({ successUserIDList: [{ userID: 'rf-ivy' }], failureUserIDList: [{ userID: 'rf-zed', code: 2700, message: expect.any(String) }] });
    expect(await data(hal.tim.getFriendList())).toEqual([]);
    await eventually(() => expect(last(ivy, EVENT.FRIEND_LIST_UPDATED)).toEqual([]));

    // Refused: the request leaves both lists and makes no friend.
    await hal.tim.addFriend({ to: 'rf-ivy', source: 'AddSource_Type_Web' });
    await eventually(() => expect(last(ivy, EVENT.FRIEND_APPLICATION_LIST_UPDATED)?.friendApplicationList).toHaveLength(1));
    await ivy.tim.refuseFriendApplication({ userID: 'rf-hal' });
    await eventually(() => expect(last(hal, EVENT.FRIEND_APPLICATION_LIST_UPDATED)?.friendApplicationList).toEqual([]));
    await expect(ivy.tim.acceptFriendApplication({ userID: 'rf-hal', type: TYPES.SNS_APPLICATION_AGREE })).rejects.toMatchObject({ code: 2716 });
    expect(await data(ivy.tim.getFriendList())).toEqual([]);

    // Deleted by the sender.
    await hal.tim.addFriend({ to: 'rf-ivy', source: 'AddSource_Type_Web' });
    await eventually(() => expect(last(hal, EVENT.FRIEND_APPLICATION_LIST_UPDATED)?.friendApplicationList).toHaveLength(1));
    await hal.tim.deleteFriendApplication({ userID: 'rf-ivy', type: TYPES.SNS_APPLICATION_SENT_BY_ME });
    expect((await data(hal.tim.getFriendApplicationList())).friendApplicationList).toEqual([]);
    await expect(hal.tim.deleteFriendApplication({ userID: 'rf-ivy', type: TYPES.SNS_APPLICATION_SENT_BY_ME })).rejects.toMatchObject({ code: 2716 });
  });

  it('addFriend follows the target allowType: added at once (code 0), or refused (30516)', async () => {
    const [lu, mo, ned] = [await timPage(h, 'ra-lu'), await timPage(h, 'ra-mo'), await timPage(h, 'ra-ned')];
    const { EVENT, TYPES } = lu.TIM;
    await mo.tim.updateMyProfile({ allowType: TYPES.ALLOW_TYPE_ALLOW_ANY });
    await ned.tim.updateMyProfile({ allowType: TYPES.ALLOW_TYPE_DENY_ANY });
    expect(await data(lu.tim.addFriend({ to: 'ra-mo', source: 'AddSource_Type_QR', type: TYPES.SNS_ADD_TYPE_SINGLE }))).toEqual({ userID: 'ra-mo', code: 0 });
    expect((await data(lu.tim.getFriendList())).map((f: Data) => [f.userID, f.source])).toEqual([['ra-mo', 'AddSource_Type_QR']]);
    // One way only: Lu is on nobody's list but their own.
    expect(await data(lu.tim.checkFriend({ userIDList: ['ra-mo'], type: TYPES.SNS_CHECK_TYPE_BOTH }))).toMatchObject({ successUserIDList: [{ relation: TYPES.SNS_TYPE_A_WITH_B }] });
    expect(await data(mo.tim.checkFriend({ userIDList: ['ra-lu'], type: TYPES.SNS_CHECK_TYPE_BOTH }))).toMatchObject({ successUserIDList: [{ relation: TYPES.SNS_TYPE_B_WITH_A }] });
    await eventually(() => expect((last<Data[]>(lu, EVENT.FRIEND_LIST_UPDATED) ?? []).map((f) => f.userID)).toEqual(['ra-mo']));
    await expect(lu.tim.addFriend({ to: 'ra-ned', source: 'AddSource_Type_QR' })).rejects.toMatchObject({ code: 30516 });
  });

  it('friend groups: create, rename, edit members and delete, with FRIEND_GROUP_LIST_UPDATED', async () => {
    const [jo] = await befriend('rg-jo', 'rg-kai');
    const { EVENT } = jo.TIM;
    const created = await data(jo.tim.createFriendGroup({ name: 'work', userIDList: ['rg-kai', 'rg-nobody'] }));
    expect(created.friendGroup).toEqual({ name: 'work', userIDList: ['rg-kai'], count: 1 });
    expect(created.failureUserIDList).toMatchObject([{ userID: 'rg-nobody' }]);
    await eventually(() => expect(last(jo, EVENT.FRIEND_GROUP_LIST_UPDATED)).toEqual([{ name: 'work', userIDList: ['rg-kai'], count: 1 }]));
    await expect(jo.tim.createFriendGroup({ name: 'work', userIDList: [] })).rejects.toMatchObject({ code: 2710 });

    expect(await data(jo.tim.renameFriendGroup({ oldName: 'work', newName: 'office' }))).toEqual({ name: 'office', userIDList: ['rg-kai'], count: 1 });
    await eventually(async () => expect(((await data(jo.tim.getFriendList())) as unknown as Data[])[0]?.groupList).toEqual(['office']));
    expect((await data(jo.tim.removeFromFriendGroup({ name: 'office', userIDList: ['rg-kai'] }))).friendGroup).toEqual({ name: 'office', userIDList: [], count: 0 });
    expect((await data(jo.tim.addToFriendGroup({ name: 'office', userIDList: ['rg-kai'] }))).friendGroup).toEqual({ name: 'office', userIDList: ['rg-kai'], count: 1 });
    expect(await data(jo.tim.getFriendGroupList())).toEqual([{ name: 'office', userIDList: ['rg-kai'], count: 1 }]);

    await jo.tim.deleteFriendGroup({ name: 'office' });
    await eventually(() => expect(last(jo, EVENT.FRIEND_GROUP_LIST_UPDATED)).toEqual([]));
    await expect(jo.tim.deleteFriendGroup({ name: 'office' })).rejects.toMatchObject({ code: 2711 });
    await expect(jo.tim.addToFriendGroup({ name: 'office', userIDList: ['rg-kai'] })).rejects.toMatchObject({ code: 2711 });
    expect(() => jo.tim.renameFriendGroup({ oldName: 'office' } as never)).toThrow('Params validate failed.');
  });
});

describe('TIM user status', () => {
  it('a subscriber sees USER_STATUS_UPDATED for a custom status and for a logout', async () => {
    const lea = await timPage(h, 'rs-lea');
    const max = await timPage(h, 'rs-max');
    const { EVENT, TYPES } = lea.TIM;
    const statuses = await data(lea.tim.getUserStatus({ userIDList: ['rs-max', 'rs-lea', 'rs-nobody'] }));
    expect(statuses.successUserList).toEqual([
      { userID: 'rs-lea', statusType: TYPES.USER_STATUS_ONLINE, customStatus: '' },
      { userID: 'rs-max', statusType: TYPES.USER_STATUS_ONLINE, customStatus: '' },
    ]);
    expect(statuses.failureUserList).toMatchObject([{ userID: 'rs-nobody' }]);
    expect(await data(lea.tim.subscribeUserStatus({ userIDList: ['rs-max', 'rs-nobody'] }))).toMatchObject({ failureUserList: [{ userID: 'rs-nobody' }] });

    expect(await data(max.tim.setSelfStatus({ customStatus: 'in a meeting' }))).toEqual({ userID: 'rs-max', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'in a meeting' });
    const updates = () => lea.seen(EVENT.USER_STATUS_UPDATED).flat() as Data[];
    await eventually(() => expect(updates()).toContainEqual({ userID: 'rs-max', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'in a meeting' }));
    await max.tim.logout();
    await eventually(() => expect(updates().at(-1)).toMatchObject({ userID: 'rs-max', statusType: TYPES.USER_STATUS_UNLOGINED }));

    // tim-js-sdk: no options unsubscribes from everyone (the .d.ts marks the argument required).
    await lea.tim.unsubscribeUserStatus(undefined as never);
    expect(() => lea.tim.getUserStatus({ userIDList: 'rs-max' as never })).toThrow('Params validate failed.');
    expect(() => lea.tim.setSelfStatus({ customStatus: 5 as never })).toThrow('Params validate failed.');
  });
});
