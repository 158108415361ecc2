import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, openimToken, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

let h: Harness;
beforeEach(async () => {
  h = await startOpenImHarness();
});
afterEach(() => h.stop());

type Item = Record<string, unknown>;

/** Calls an SDK method and parses its `data`. */
async function call(page: OpenImPage, method: string, ...args: unknown[]): Promise<unknown> {
  const res = (await (page.sdk as unknown as Record<string, (...a: unknown[]) => Promise<WsResponse>>)[method]?.(...args)) as WsResponse;
  return res.data === '' ? '' : JSON.parse(res.data);
}

/** The errCode a call rejects with. */
async function failure(page: OpenImPage, method: string, ...args: unknown[]): Promise<number> {
  try {
    await call(page, method, ...args);
  } catch (error) {
    return (error as WsResponse).errCode;
  }
  throw new Error(`${method} did not fail`);
}

const nowSec = () => Date.now() / 1000;

describe('OpenIM groups', () => {
  it('creates a group with members, lists them by role and page, and sets the profile', async () => {
    const [alice, bob, carol] = await Promise.all([openimPage(h, 'alice'), openimPage(h, 'bob'), openimPage(h, 'carol')]);
    const group = (await call(alice, 'createGroup', {
      groupBaseInfo: { groupType: 0, groupName: 'club', introduction: 'intro', ex: 'x' },
      memberList: [
        { userID: 'bob', roleLevel: 0 },
        { userID: 'carol', roleLevel: 3 },
      ],
    })) as Item;
    expect(group).toMatchObject({ groupName: 'club', introduction: 'intro', ex: 'x', ownerUserID: 'alice', creatorUserID: 'alice', memberCount: 3, status: 0, groupType: 0 });
    expect(Math.abs((group.createTime as number) - nowSec())).toBeLessThan(60);
    const groupID = group.groupID as string;
    for (const page of [alice, bob, carol]) {
      await eventually(() => expect(page.seen('OnJoinedGroupAdded')).toContainEqual(expect.objectContaining({ groupID, groupName: 'club' })));
    }

    // The initial members are the baseline, not additions.
    expect(bob.seen('OnGroupMemberAdded')).toEqual([]);
    const list = async (filter: number, offset = 0, count = 10) => ((await call(bob, 'getGroupMemberList', { groupID, filter, offset, count })) as Item[]).map((m) => [m.userID, m.roleLevel]);
    expect(await list(0)).toHaveLength(3);
    expect(await list(1)).toEqual([['bob', 1]]);
    expect(await list(2)).toEqual([['alice', 2]]);
    expect(await list(3)).toEqual([['carol', 3]]);
    const all = await list(0);
    expect(await list(0, 1, 1)).toEqual([all[1]]);
    expect(await list(0, 3, 5)).toEqual([]);
    const [info] = (await call(alice, 'getGroupMembersInfo', { groupID, userIDList: ['bob'] })) as Item[];
    expect(info).toMatchObject({ groupID, userID: 'bob', roleLevel: 1, operatorUserID: 'alice', muteEndTime: 0 });
    expect(Math.abs((info?.joinTime as number) - nowSec())).toBeLessThan(60);

    expect(((await call(carol, 'getGroupsInfo', [groupID])) as Item[])[0]).toMatchObject({ groupID, groupName: 'club' });
    expect(((await call(bob, 'getJoinedGroupList')) as Item[]).map((g) => g.groupID)).toEqual([groupID]);

    const ok = (await (alice.sdk.setGroupInfo({ groupID, groupInfo: { groupName: 'club 2', notification: 'hello', introduction: '' } }) as Promise<WsResponse>)).data;
    expect(ok).toBe('""');
    for (const page of [alice, bob]) {
      await eventually(() => expect(page.seen('OnGroupInfoChanged')).toContainEqual(expect.objectContaining({ groupID, groupName: 'club 2', notification: 'hello', introduction: 'intro' })));
    }
  });

  it('invites, kicks and mutes; the other members hear of it; members may invite but not kick', async () => {
    await Promise.all(['dave', 'erin'].map((id) => openimToken(h, id)));
    const [alice, bob] = await Promise.all([openimPage(h, 'alice'), openimPage(h, 'bob')]);
    const { groupID } = (await call(alice, 'createGroup', { groupBaseInfo: { groupType: 0, groupName: 'g' }, memberList: [{ userID: 'bob', roleLevel: 1 }] })) as { groupID: string };
    await eventually(() => expect(bob.seen('OnJoinedGroupAdded')).toHaveLength(1));

    expect(await call(alice, 'inviteUserToGroup', { groupID, reason: 'join us', userIDList: ['dave', 'no-such-user'] })).toEqual([
      { userID: 'dave', result: 0 },
      { userID: 'no-such-user', result: -1 },
    ]);
    await eventually(() => expect(bob.seen('OnGroupMemberAdded')).toContainEqual(expect.objectContaining({ groupID, userID: 'dave', roleLevel: 1 })));
    expect(await call(bob, 'inviteUserToGroup', { groupID, reason: '', userIDList: ['erin'] })).toEqual([{ userID: 'erin', result: 0 }]);
    await eventually(() => expect(alice.seen('OnGroupMemberAdded')).toContainEqual(expect.objectContaining({ userID: 'erin' })));
    await eventually(() => expect(bob.seen('OnGroupMemberAdded').map((m) => (m as Item).userID)).toEqual(['dave', 'erin']));

    expect(await call(alice, 'kickGroupMember', { groupID, reason: 'bye', userIDList: ['dave'] })).toEqual([{ userID: 'dave', result: 0 }]);
    await eventually(() => expect(bob.seen('OnGroupMemberDeleted')).toContainEqual(expect.objectContaining({ groupID, userID: 'dave' })));
    expect(await failure(bob, 'kickGroupMember', { groupID, reason: '', userIDList: ['erin'] })).toBe(801);

    expect((await (alice.sdk.changeGroupMemberMute({ groupID, userID: 'bob', mutedSeconds: 60 }) as Promise<WsResponse>)).data).toBe('""');
    await eventually(() => {
      const muted = bob.seen('OnGroupMemberInfoChanged').find((m) => (m as Item).userID === 'bob') as Item | undefined;
      expect(Math.abs((muted?.muteEndTime as number) - (nowSec() + 60))).toBeLessThan(30);
    });
    await call(alice, 'changeGroupMute', { groupID, isMute: true });
    await eventually(() => expect(bob.seen('OnGroupInfoChanged')).toContainEqual(expect.objectContaining({ groupID, status: 3 })));
    expect(await failure(bob, 'changeGroupMute', { groupID, isMute: false })).toBe(801);

    await call(alice, 'dismissGroup', groupID);
    await eventually(() => expect(bob.seen('OnJoinedGroupDeleted')).toContainEqual(expect.objectContaining({ groupID })));
    expect(await call(bob, 'getJoinedGroupList')).toEqual([]);
  });

  it('refuses bad params with 1001 and non-members with an errCode', async () => {
    await openimToken(h, 'bob');
    const [alice, mallory] = await Promise.all([openimPage(h, 'alice'), openimPage(h, 'mallory')]);
    expect(await failure(alice, 'createGroup', {})).toBe(1001);
    expect(await failure(alice, 'createGroup', { groupBaseInfo: { groupType: 0, groupName: 'g' }, memberList: [{ userID: 'bob', roleLevel: 2 }] })).toBe(1001);
    const { groupID } = (await call(alice, 'createGroup', { groupBaseInfo: { groupType: 0, groupName: 'g' }, memberList: [] })) as { groupID: string };
    expect(await failure(alice, 'getGroupMemberList', { groupID, offset: 0, count: 10 })).toBe(1001);
    expect(await failure(alice, 'getGroupMemberList', { groupID, filter: 4, offset: 0, count: 10 })).toBe(1001);
    expect(await failure(alice, 'quitGroup', '')).toBe(1001);
    expect(await failure(alice, 'inviteUserToGroup', { groupID, reason: '', userIDList: [] })).toBe(1001);
    expect(await failure(alice, 'changeGroupMute', { groupID, isMute: 'yes' })).toBe(1001);

    expect(await failure(mallory, 'getGroupMemberList', { groupID, filter: 0, offset: 0, count: 10 })).toBe(208);
    expect(await failure(mallory, 'setGroupInfo', { groupID, groupInfo: { groupName: 'mine' } })).toBe(208);
    expect(await failure(mallory, 'kickGroupMember', { groupID, reason: '', userIDList: ['alice'] })).toBe(208);
    expect(await failure(mallory, 'quitGroup', groupID)).toBe(208);
    expect(await failure(mallory, 'dismissGroup', groupID)).not.toBe(0);
  });
});
