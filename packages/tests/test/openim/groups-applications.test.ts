import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { type OpenImPage, openimPage, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

let h: Harness;
beforeEach(async () => {
  h = await startOpenImHarness();
});
afterEach(() => h.stop());

type Item = Record<string, unknown>;

async function call(page: OpenImPage, method: string, ...args: unknown[]): Promise<unknown> {
  const res = (await (page.sdk as unknown as Record<string, (...a: unknown[]) => Promise<WsResponse>>)[method]?.(...args)) as WsResponse;
  return res.data === '' ? '' : JSON.parse(res.data);
}

async function failure(page: OpenImPage, method: string, ...args: unknown[]): Promise<number> {
  try {
    await call(page, method, ...args);
  } catch (error) {
    return (error as WsResponse).errCode;
  }
  throw new Error(`${method} did not fail`);
}

const nowSec = () => Date.now() / 1000;

async function club(alice: OpenImPage, members: string[]): Promise<string> {
  const group = (await call(alice, 'createGroup', { groupBaseInfo: { groupType: 0, groupName: 'club' }, memberList: members.map((userID) => ({ userID, roleLevel: 1 })) })) as Item;
  return group.groupID as string;
}

describe('OpenIM group applications', () => {
  it('applies, is accepted (events on both sides, the applicant joins) or refused', async () => {
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((id) => openimPage(h, id)));
    const groupID = await club(alice as OpenImPage, ['bob']);
    const [a, b, c, d] = [alice, bob, carol, dave] as [OpenImPage, OpenImPage, OpenImPage, OpenImPage];
    await eventually(() => expect(b.seen('OnJoinedGroupAdded')).toHaveLength(1));

    expect((await (c.sdk.joinGroup({ groupID, reqMsg: 'let me in' }) as Promise<WsResponse>)).data).toBe('""');
    const pending = { groupID, groupName: 'club', ownerUserID: 'alice', userID: 'carol', reqMsg: 'let me in', handleResult: 0 };
    await eventually(() => expect(c.seen('OnGroupApplicationAdded')).toContainEqual(expect.objectContaining(pending)));
    await eventually(() => expect(a.seen('OnGroupApplicationAdded')).toContainEqual(expect.objectContaining(pending)));
    const [received] = (await call(a, 'getRecvGroupApplicationList')) as Item[];
    expect(received).toMatchObject(pending);
    expect(Math.abs((received?.reqTime as number) - nowSec())).toBeLessThan(60);
    expect(await call(c, 'getSendGroupApplicationList')).toEqual([expect.objectContaining(pending)]);
    expect(await call(b, 'getRecvGroupApplicationList')).toEqual([]);
    expect(await failure(c, 'getGroupMemberList', { groupID, filter: 0, offset: 0, count: 10 })).toBe(208);

    await call(a, 'acceptGroupApplication', { groupID, fromUserID: 'carol', handleMsg: 'welcome' });
    const accepted = { groupID, userID: 'carol', handleResult: 1, handledMsg: 'welcome', handleUserID: 'alice' };
    await eventually(() => expect(a.seen('OnGroupApplicationAccepted')).toContainEqual(expect.objectContaining(accepted)));
    await eventually(() => expect(c.seen('OnGroupApplicationAccepted')).toContainEqual(expect.objectContaining(accepted)));
    await eventually(() => expect(c.seen('OnJoinedGroupAdded')).toContainEqual(expect.objectContaining({ groupID })));
    await eventually(() => expect(b.seen('OnGroupMemberAdded')).toContainEqual(expect.objectContaining({ groupID, userID: 'carol', roleLevel: 1 })));
    expect(((await call(c, 'getJoinedGroupList')) as Item[]).map((g) => g.groupID)).toEqual([groupID]);
    expect(await failure(a, 'acceptGroupApplication', { groupID, fromUserID: 'carol', handleMsg: '' })).not.toBe(0);

    await call(d, 'joinGroup', { groupID, reqMsg: '' });
    await eventually(() => expect(a.seen('OnGroupApplicationAdded')).toContainEqual(expect.objectContaining({ userID: 'dave' })));
    await call(a, 'refuseGroupApplication', { groupID, fromUserID: 'dave', handleMsg: 'no' });
    await eventually(() => expect(d.seen('OnGroupApplicationRejected')).toContainEqual(expect.objectContaining({ groupID, userID: 'dave', handleResult: -1, handledMsg: 'no' })));
    expect(a.seen('OnGroupApplicationRejected')).toContainEqual(expect.objectContaining({ userID: 'dave', handleResult: -1 }));
    expect(d.seen('OnJoinedGroupAdded')).toEqual([]);
    expect(await failure(d, 'getGroupMemberList', { groupID, filter: 0, offset: 0, count: 10 })).toBe(208);
  });

  it('transfers ownership (the old owner becomes a member) and lets members but not the owner quit', async () => {
    const [alice, bob, carol] = (await Promise.all(['alice', 'bob', 'carol'].map((id) => openimPage(h, id)))) as OpenImPage[] as [OpenImPage, OpenImPage, OpenImPage];
    const groupID = await club(alice, ['bob', 'carol']);
    for (const page of [bob, carol]) await eventually(() => expect(page.seen('OnJoinedGroupAdded')).toHaveLength(1));
    expect(await failure(alice, 'quitGroup', groupID)).toBe(801);

    await call(alice, 'transferGroupOwner', { groupID, newOwnerUserID: 'bob' });
    await eventually(() => expect(carol.seen('OnGroupInfoChanged')).toContainEqual(expect.objectContaining({ groupID, ownerUserID: 'bob' })));
    await eventually(() => expect(carol.seen('OnGroupMemberInfoChanged')).toEqual(expect.arrayContaining([expect.objectContaining({ userID: 'bob', roleLevel: 2 }), expect.objectContaining({ userID: 'alice', roleLevel: 1 })])));
    await eventually(() => expect(alice.seen('OnGroupMemberInfoChanged')).toContainEqual(expect.objectContaining({ userID: 'bob', roleLevel: 2 })));
    // Carol's events come from the pushes alone (her list is not read before them).
    const roles = ((await call(carol, 'getGroupMemberList', { groupID, filter: 0, offset: 0, count: 10 })) as Item[]).map((m) => [m.userID, m.roleLevel]);
    expect(roles).toEqual(expect.arrayContaining([['alice', 1], ['bob', 2], ['carol', 1]]));

    expect(await failure(bob, 'quitGroup', groupID)).toBe(801);
    expect((await (alice.sdk.quitGroup(groupID) as Promise<WsResponse>)).data).toBe('""');
    await eventually(() => expect(alice.seen('OnJoinedGroupDeleted')).toContainEqual(expect.objectContaining({ groupID, ownerUserID: 'bob' })));
    await eventually(() => expect(carol.seen('OnGroupMemberDeleted')).toContainEqual(expect.objectContaining({ groupID, userID: 'alice' })));
    expect(alice.seen('OnGroupMemberDeleted')).toEqual([]);
    expect(await call(alice, 'getJoinedGroupList')).toEqual([]);
  });
});
