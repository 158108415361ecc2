import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { JM_APPKEY, type JmPage, jmPage, ok, settle, startJmHarness } from '../helpers/jmessage.js';

let h: Harness;
beforeAll(async () => {
  h = await startJmHarness();
});
afterAll(async () => {
  await h.stop(true);
});

/** The group events (8–12) a page received. */
const groupEvents = (page: JmPage) => page.events.filter((e) => Number(e.event_type) >= 8 && Number(e.event_type) <= 12);
const ref = (username: string) => ({ username, appkey: JM_APPKEY, nickname: expect.any(String) });

async function createGroup(page: JmPage, name: string): Promise<number> {
  const created = await ok(page.jim.createGroup({ group_name: name, group_description: `about ${name}` }));
  return created.data.gid as number;
}

/** Waits until the page has exactly `count` group events and returns them. */
async function settled(page: JmPage, count: number): Promise<Array<Record<string, unknown>>> {
  await eventually(() => expect(groupEvents(page)).toHaveLength(count));
  // Nothing more arrives for the same changes.
  await new Promise((r) => setTimeout(r, 150));
  expect(groupEvents(page)).toHaveLength(count);
  return groupEvents(page);
}

describe('JMessage groups', () => {
  it('create, add, read, update, leave and remove, with events 8–12 to exactly the users §3.4 names', async () => {
    const alice = await jmPage(h, 'jg_alice');
    const bob = await jmPage(h, 'jg_bob');
    const carol = await jmPage(h, 'jg_carol');

    // createGroup: numeric gid, both spellings of the description; the creator gets event 8.
    const created = await ok(alice.jim.createGroup({ group_name: 'Club 😀', group_description: 'we meet' }));
    expect(created.data).toEqual({ code: 0, message: 'success', gid: expect.any(Number), group_name: 'Club 😀', group_descriptin: 'we meet', group_description: 'we meet' });
    const gid = created.data.gid as number;
    expect(gid).toBeGreaterThan(0);
    const [event8] = await settled(alice, 1);
    expect(event8).toMatchObject({ event_type: 8, gid, from_username: 'jg_alice', from_appkey: JM_APPKEY, to_usernames: [ref('jg_alice')], event_id: expect.any(Number), ctime: expect.any(Number), ctime_ms: expect.any(Number) });

    // addGroupMembers (gid as a string, members as objects and with the appkey): event 10 to everyone, the new members included.
    await ok(alice.jim.addGroupMembers({ gid: String(gid), member_usernames: [{ username: 'jg_bob' }, { username: 'jg_carol', appkey: JM_APPKEY }] }));
    const added = { event_type: 10, gid, from_username: 'jg_alice', to_usernames: [ref('jg_bob'), ref('jg_carol')] };
    expect((await settled(alice, 2))[1]).toMatchObject(added);
    expect(await settled(bob, 1)).toEqual([expect.objectContaining(added)]);
    expect(await settled(carol, 1)).toEqual([expect.objectContaining(added)]);

    // Reads: getGroups, getGroupInfo, getGroupMembers.
    const group = { gid, name: 'Club 😀', desc: 'we meet', appkey: JM_APPKEY, ctime: expect.any(Number), mtime: expect.any(Number) };
    const listed = await ok(bob.jim.getGroups());
    expect(listed.data.group_list).toEqual([group]);
    const info = await ok(carol.jim.getGroupInfo({ gid }));
    expect(info.data).toEqual({ code: 0, message: 'success', group_info: group });
    const ctime = (info.data.group_info as { ctime: number }).ctime;
    expect(Math.abs(ctime - Date.now() / 1000)).toBeLessThan(60);
    const members = await ok(bob.jim.getGroupMembers({ gid: ` ${gid}` }));
    expect(members.data.member_list).toEqual(
      expect.arrayContaining([
        { username: 'jg_alice', appkey: JM_APPKEY, nickname: '', avatar: '', flag: 1 },
        { username: 'jg_bob', appkey: JM_APPKEY, nickname: '', avatar: '', flag: 0 },
        { username: 'jg_carol', appkey: JM_APPKEY, nickname: '', avatar: '', flag: 0 },
      ]),
    );
    expect(members.data.member_list).toHaveLength(3);

    // updateGroupInfo: event 12 to every member; a plain member may not edit the profile.
    await ok(alice.jim.updateGroupInfo({ gid, group_name: 'Club 2', group_description: 'we meet on Fridays' }));
    const updated = { event_type: 12, gid, from_username: 'jg_alice', to_usernames: [ref('jg_alice')] };
    expect((await settled(alice, 3))[2]).toMatchObject(updated);
    expect((await settled(bob, 2))[1]).toMatchObject(updated);
    expect((await settled(carol, 2))[1]).toMatchObject(updated);
    expect((await ok(bob.jim.getGroupInfo({ gid }))).data.group_info).toMatchObject({ name: 'Club 2', desc: 'we meet on Fridays' });
    expect((await settle(bob.jim.updateGroupInfo({ gid, group_name: 'mine now', group_description: '' }))).data).toEqual({ code: 880614, message: 'no permission' });

    // A plain member may add (the server's standard-group rule) but not remove.
    expect((await settle(bob.jim.delGroupMembers({ gid, member_usernames: [{ username: 'jg_carol' }] }))).data).toEqual({ code: 880704, message: 'user not permitted delete member of group' });

    // exitGroup by a member: event 9 to the others, not to the one who left.
    expect((await ok(carol.jim.exitGroup({ gid }))).data).toEqual({ code: 0, message: 'success', gid, group_name: 'Club 2' });
    const left = { event_type: 9, gid, from_username: 'jg_carol', to_usernames: [ref('jg_carol')] };
    expect((await settled(alice, 4))[3]).toMatchObject(left);
    expect((await settled(bob, 3))[2]).toMatchObject(left);
    await settled(carol, 2);
    expect((await ok(carol.jim.getGroups())).data.group_list).toEqual([]);
    expect((await settle(carol.jim.getGroupMembers({ gid }))).data.code).toBe(880205);

    // delGroupMembers: event 11 to everyone, the removed member included.
    await ok(alice.jim.delGroupMembers({ gid, member_usernames: [{ username: 'jg_bob' }] }));
    const removed = { event_type: 11, gid, from_username: 'jg_alice', to_usernames: [ref('jg_bob')] };
    expect((await settled(alice, 5))[4]).toMatchObject(removed);
    expect((await settled(bob, 4))[3]).toMatchObject(removed);
    await settled(carol, 2);
    expect((await ok(bob.jim.getGroups())).data.group_list).toEqual([]);

    // Group tips never reach onMsgReceive.
    expect([...alice.msgs, ...bob.msgs, ...carol.msgs]).toEqual([]);
    for (const page of [alice, bob, carol]) page.jim.loginOut();
  });

  it('refusals carry the vendor codes: unknown gid, empty list, unknown user, already a member, not a member, outsiders, lengths', async () => {
    const owner = await jmPage(h, 'jg_owner');
    const member = await jmPage(h, 'jg_member');
    const outsider = await jmPage(h, 'jg_outsider');
    const gid = await createGroup(owner, 'Refusals');
    await ok(owner.jim.addGroupMembers({ gid, member_usernames: [{ username: 'jg_member' }] }));

    expect((await settle(owner.jim.getGroupInfo({ gid: 987654 }))).data).toEqual({ code: 880204, message: 'target group not exist' });
    expect((await settle(owner.jim.exitGroup({ gid: '987654' }))).data.code).toBe(880204);
    expect((await settle(owner.jim.getGroupInfo({ gid: 'not a number' }))).data.code).toBe(880002);
    expect((await settle(owner.jim.getGroupInfo({}))).data.code).toBe(880002);
    expect((await settle(owner.jim.addGroupMembers({ gid, member_usernames: [] }))).data).toEqual({ code: 880602, message: 'zero member' });
    expect((await settle(owner.jim.delGroupMembers({ gid, member_usernames: [] }))).data.code).toBe(880602);
    expect((await settle(owner.jim.addGroupMembers({ gid }))).data.code).toBe(880002);
    expect((await settle(owner.jim.addGroupMembers({ gid, member_usernames: [{ username: 'jg_nobody' }] }))).data).toEqual({ code: 880203, message: 'target user not exist' });
    expect((await settle(owner.jim.addGroupMembers({ gid, member_usernames: [{ username: 'jg_member', appkey: 'ffffffffffffffffffffffff' }] }))).data.code).toBe(880203);
    // All or nothing: an existing member in the list refuses the whole request.
    expect((await settle(owner.jim.addGroupMembers({ gid, member_usernames: [{ username: 'jg_outsider' }, { username: 'jg_member' }] }))).data).toEqual({ code: 880610, message: 'user already in the group' });
    expect((await settle(owner.jim.delGroupMembers({ gid, member_usernames: [{ username: 'jg_outsider' }] }))).data).toEqual({ code: 880205, message: 'user not in group' });
    expect((await settle(owner.jim.delGroupMembers({ gid, member_usernames: [{ username: 'jg_nobody' }] }))).data.code).toBe(880203);
    expect((await settle(owner.jim.delGroupMembers({ gid, member_usernames: [{ username: 'jg_owner' }] }))).data).toEqual({ code: 880705, message: 'member of group not permitted deleted' });
    // Someone outside the group may neither add nor remove, nor leave it.
    expect((await settle(outsider.jim.addGroupMembers({ gid, member_usernames: [{ username: 'jg_outsider' }] }))).data).toEqual({ code: 880604, message: 'user not permitted add member to group' });
    expect((await settle(outsider.jim.delGroupMembers({ gid, member_usernames: [{ username: 'jg_member' }] }))).data.code).toBe(880704);
    expect((await settle(outsider.jim.exitGroup({ gid }))).data).toEqual({ code: 880205, message: 'user not in group' });
    // Names and descriptions are capped in bytes by the server's policy (128 / 1024 by default).
    expect((await settle(owner.jim.createGroup({ group_name: '群'.repeat(50), group_description: '' }))).data).toEqual({ code: 880404, message: 'length of group name exceed limit' });
    expect((await settle(owner.jim.createGroup({ group_name: 'ok', group_description: 'x'.repeat(1100) }))).data).toEqual({ code: 880405, message: 'length of group desc exceed limit' });
    expect((await settle(owner.jim.updateGroupInfo({ gid, group_name: 'n'.repeat(200), group_description: '' }))).data.code).toBe(880404);
    expect((await settle(owner.jim.createGroup({ group_description: 'no name' }))).data.code).toBe(880002);
    // Nothing above reached the member as an event beyond the one add.
    await settled(member, 1);
    for (const page of [owner, member, outsider]) page.jim.loginOut();
  });

  it('the owner may leave: ownership passes to the longest-standing member, and the owner gets event 9 too; the last one out ends the group', async () => {
    const owner = await jmPage(h, 'jg_founder');
    const first = await jmPage(h, 'jg_first');
    const second = await jmPage(h, 'jg_second');
    const gid = await createGroup(owner, 'Succession');
    await ok(owner.jim.addGroupMembers({ gid, member_usernames: [{ username: 'jg_first' }] }));
    await ok(owner.jim.addGroupMembers({ gid, member_usernames: [{ username: 'jg_second' }] }));
    await settled(second, 1);

    expect((await ok(owner.jim.exitGroup({ gid }))).data).toMatchObject({ gid, group_name: 'Succession' });
    const left = { event_type: 9, gid, from_username: 'jg_founder', to_usernames: [ref('jg_founder')] };
    expect((await settled(owner, 4))[3]).toMatchObject(left);
    expect((await settled(first, 3))[2]).toMatchObject(left);
    expect((await settled(second, 2))[1]).toMatchObject(left);
    const members = (await ok(first.jim.getGroupMembers({ gid }))).data.member_list as Array<{ username: string; flag: number }>;
    expect(members.map((m) => [m.username, m.flag]).sort()).toEqual([
      ['jg_first', 1],
      ['jg_second', 0],
    ]);
    // The new owner manages the group.
    await ok(first.jim.delGroupMembers({ gid, member_usernames: [{ username: 'jg_second' }] }));
    await settled(second, 3);

    // The last member, who is the owner, leaves: the group is gone.
    await ok(first.jim.exitGroup({ gid }));
    expect((await settled(first, 5))[4]).toMatchObject({ event_type: 9, gid, from_username: 'jg_first', to_usernames: [ref('jg_first')] });
    expect((await settle(owner.jim.getGroupInfo({ gid }))).data.code).toBe(880204);
    for (const page of [owner, first, second]) page.jim.loginOut();
  });

  it('under a server policy that dissolves a group its owner leaves, everyone, the owner included, gets event 9', async () => {
    const h2 = await startJmHarness({ groupOwnerQuit: 'dissolve' });
    try {
      const owner = await jmPage(h2, 'jg_d_owner');
      const member = await jmPage(h2, 'jg_d_member');
      const gid = await createGroup(owner, 'Dissolving');
      await ok(owner.jim.addGroupMembers({ gid, member_usernames: [{ username: 'jg_d_member' }] }));
      await settled(member, 1);
      await ok(owner.jim.exitGroup({ gid }));
      const left = { event_type: 9, gid, from_username: 'jg_d_owner', to_usernames: [ref('jg_d_owner')] };
      expect((await settled(owner, 3))[2]).toMatchObject(left);
      expect((await settled(member, 2))[1]).toMatchObject(left);
      expect((await settle(member.jim.getGroupInfo({ gid }))).data.code).toBe(880204);
      expect((await ok(member.jim.getGroups())).data.group_list).toEqual([]);
      owner.jim.loginOut();
      member.jim.loginOut();
    } finally {
      await h2.stop(true);
    }
  });

  it('changes made while a user was away are history: the login sync makes no events', async () => {
    const host = await jmPage(h, 'jg_host');
    const away = await jmPage(h, 'jg_away');
    away.jim.loginOut();
    const gid = await createGroup(host, 'Offline');
    await ok(host.jim.addGroupMembers({ gid, member_usernames: ['jg_away'] }));
    await ok(host.jim.updateGroupInfo({ gid, group_name: 'Offline 2', group_description: '' }));
    await settled(host, 3);

    const back = await jmPage(h, 'jg_away', { register: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(groupEvents(back)).toEqual([]);
    expect((await ok(back.jim.getGroups())).data.group_list).toEqual([expect.objectContaining({ gid, name: 'Offline 2', desc: '' })]);
    // Live changes after the login are events again.
    await ok(host.jim.updateGroupInfo({ gid, group_description: 'now live' }));
    expect(await settled(back, 1)).toEqual([expect.objectContaining({ event_type: 12, gid, from_username: 'jg_host' })]);
    host.jim.loginOut();
    back.jim.loginOut();
  });
});
