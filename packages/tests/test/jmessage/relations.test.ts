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

const ofType = (page: JmPage, type: number) => page.events.filter((e) => e.event_type === type);
/** Lets pushes and queued events arrive, for assertions that something did NOT happen. */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 300));

/** A group `owner` creates through the admin API; its `gid`. */
async function createGroup(owner: string, name: string): Promise<number> {
  const created = (await h.admin(`ops/groupCreate?subject=${owner}`, { group: { name, introduction: `${name} desc` } })) as { group: { groupId: string; numericId?: string | number } };
  return Number(created.group.numericId || created.group.groupId);
}

describe('JMessage friends', () => {
  it('request, accept, memo, delete: events 5 (extra 1, then extra 2 with return_code 0) and 6', async () => {
    const a = await jmPage(h, 'jm_rel_fa');
    const b = await jmPage(h, 'jm_rel_fb');
    await ok(b.jim.updateSelfInfo({ nickname: 'Bee' }));
    expect((await ok(a.jim.addFriend({ target_name: 'jm_rel_fb', from_type: '1', why: 'hello there' }))).data).toEqual({ code: 0, message: 'success' });
    await eventually(() => expect(ofType(b, 5)).toHaveLength(1));
    expect(ofType(b, 5)[0]).toMatchObject({ event_type: 5, extra: 1, from_username: 'jm_rel_fa', from_appkey: JM_APPKEY, description: 'hello there', event_id: expect.any(Number), ctime: expect.any(Number), ctime_ms: expect.any(Number) });

    await ok(b.jim.addFriend({ target_name: 'jm_rel_fa', from_type: 2, why: '' }));
    await eventually(() => expect(ofType(a, 5)).toHaveLength(1));
    expect(ofType(a, 5)[0]).toMatchObject({ extra: 2, from_username: 'jm_rel_fb', from_appkey: JM_APPKEY, return_code: 0, description: '' });
    await quiet();
    // Nobody hears about their own action.
    expect(ofType(a, 5)).toHaveLength(1);
    expect(ofType(b, 5)).toHaveLength(1);

    const listA = (await ok(a.jim.getFriendList())).data.friend_list as Array<Record<string, unknown>>;
    expect(listA).toEqual([expect.objectContaining({ username: 'jm_rel_fb', appkey: JM_APPKEY, nickname: 'Bee', memo_nam: '', memo_name: '', memo_others: '' })]);
    const listB = (await ok(b.jim.getFriendList())).data.friend_list as Array<Record<string, unknown>>;
    expect(listB.map((f) => f.username)).toEqual(['jm_rel_fa']);

    await ok(a.jim.updateFriendMemo({ target_name: 'jm_rel_fb', memo_name: 'Busy Bee', memo_others: 'met at work' }));
    const memo = (await ok(a.jim.getFriendList())).data.friend_list as Array<Record<string, unknown>>;
    expect(memo[0]).toMatchObject({ username: 'jm_rel_fb', memo_nam: 'Busy Bee', memo_name: 'Busy Bee', memo_others: 'met at work', gender: 0, avatar: '', mtime: expect.any(Number) });
    // Only the memo name: the other notes stay.
    await ok(a.jim.updateFriendMemo({ target_name: 'jm_rel_fb', memo_name: 'B' }));
    expect(((await ok(a.jim.getFriendList())).data.friend_list as Array<Record<string, unknown>>)[0]).toMatchObject({ memo_name: 'B', memo_others: 'met at work' });
    expect((await settle(a.jim.updateFriendMemo({ target_name: 'jm_rel_fb', memo_name: 'x'.repeat(200) }))).data).toEqual({ code: 881304, message: 'invalid friend memo' });

    // Already friends, an answer with no invitation pending, unknown users.
    expect((await settle(a.jim.addFriend({ target_name: 'jm_rel_fb', from_type: 1, why: 'again' }))).data).toEqual({ code: 881302, message: 'already is friend' });
    expect((await settle(b.jim.addFriend({ target_name: 'jm_rel_fa', from_type: 2, why: '' }))).data).toEqual({ code: 881305, message: 'Invitation event is not valid' });
    expect((await settle(a.jim.addFriend({ target_name: 'jm_rel_nobody', from_type: 1, why: 'hi' }))).data.code).toBe(880203);
    expect((await settle(a.jim.addFriend({ target_name: 'jm_rel_nobody', from_type: 2, why: '' }))).data.code).toBe(880203);
    expect((await settle(a.jim.addFriend({ target_name: 'jm_rel_fb', from_type: 3, why: '' }))).data.code).toBe(880002);

    await ok(a.jim.delFriend({ target_name: 'jm_rel_fb' }));
    await eventually(() => expect(ofType(b, 6)).toHaveLength(1));
    expect(ofType(b, 6)[0]).toMatchObject({ event_type: 6, from_username: 'jm_rel_fa', from_appkey: JM_APPKEY });
    await quiet();
    expect(ofType(a, 6)).toHaveLength(0);
    expect((await ok(b.jim.getFriendList())).data.friend_list).toEqual([]);
    expect((await settle(a.jim.delFriend({ target_name: 'jm_rel_fb' }))).data).toEqual({ code: 881303, message: 'user not friend' });
    expect((await settle(a.jim.updateFriendMemo({ target_name: 'jm_rel_fb', memo_name: 'x' }))).data.code).toBe(881303);
    expect((await settle(a.jim.delFriend({ target_name: 'jm_rel_nobody' }))).data.code).toBe(880203);
    a.jim.loginOut();
    b.jim.loginOut();
  });

  it('a rejection reaches the inviter as event 5 extra 2 with a non-zero return_code and the reason', async () => {
    const a = await jmPage(h, 'jm_rel_ra');
    const c = await jmPage(h, 'jm_rel_rc');
    await ok(c.jim.addFriend({ target_name: 'jm_rel_ra', from_type: 1, why: 'be my friend' }));
    await eventually(() => expect(ofType(a, 5)).toHaveLength(1));
    await ok(a.jim.addFriend({ target_name: 'jm_rel_rc', from_type: 2, why: 'no thanks' }));
    await eventually(() => expect(ofType(c, 5)).toHaveLength(1));
    const answer = ofType(c, 5)[0] ?? {};
    expect(answer).toMatchObject({ extra: 2, from_username: 'jm_rel_ra', description: 'no thanks' });
    expect(answer.return_code).not.toBe(0);
    expect((await ok(c.jim.getFriendList())).data.friend_list).toEqual([]);
    a.jim.loginOut();
    c.jim.loginOut();
  });

  it('a friendship changed through the admin API sends event 7 to both', async () => {
    const a = await jmPage(h, 'jm_rel_aa');
    const b = await jmPage(h, 'jm_rel_ab');
    await h.admin('friends/add', { userId: 'jm_rel_aa', friendId: 'jm_rel_ab' });
    await eventually(() => expect(ofType(a, 7)).toHaveLength(1));
    await eventually(() => expect(ofType(b, 7)).toHaveLength(1));
    expect(ofType(a, 7)[0]).toMatchObject({ event_type: 7, from_username: 'jm_rel_ab', description: 'add' });
    expect(ofType(b, 7)[0]).toMatchObject({ event_type: 7, from_username: 'jm_rel_aa', description: 'add' });
    expect(((await ok(b.jim.getFriendList())).data.friend_list as Array<Record<string, unknown>>).map((f) => f.username)).toEqual(['jm_rel_aa']);
    await h.admin('friends/remove', { userId: 'jm_rel_aa', friendId: 'jm_rel_ab' });
    await eventually(() => expect(ofType(a, 7)).toHaveLength(2));
    await eventually(() => expect(ofType(b, 7)).toHaveLength(2));
    expect(ofType(b, 7)[1]).toMatchObject({ description: 'delete' });
    // Not event 6: nobody unfriended anybody.
    expect(ofType(a, 6).length + ofType(b, 6).length).toBe(0);
    a.jim.loginOut();
    b.jim.loginOut();
  });
});

describe('JMessage blacklist', () => {
  it('add, get, del with event 38 to the owner only; a blacklisted user cannot send 1:1 (880207)', async () => {
    const a = await jmPage(h, 'jm_rel_ba');
    const b = await jmPage(h, 'jm_rel_bb');
    const c = await jmPage(h, 'jm_rel_bc');
    await ok(b.jim.updateSelfInfo({ nickname: 'Blocked B', signature: 'sig', gender: 2 }));
    await ok(a.jim.addSingleBlacks({ member_usernames: [{ username: 'jm_rel_bb' }, { username: 'jm_rel_bc', appkey: JM_APPKEY }] }));
    await eventually(() => expect(ofType(a, 38)).toHaveLength(1));
    const blacks = (await ok(a.jim.getBlacks())).data.black_list as Array<Record<string, unknown>>;
    expect(blacks.map((u) => u.username).sort()).toEqual(['jm_rel_bb', 'jm_rel_bc']);
    expect(blacks.find((u) => u.username === 'jm_rel_bb')).toEqual({
      username: 'jm_rel_bb',
      appkey: JM_APPKEY,
      nickname: 'Blocked B',
      avatar: '',
      birthday: '',
      gender: 2,
      signature: 'sig',
      region: '',
      address: '',
      mtime: expect.any(Number),
    });

    const sent = await settle(b.jim.sendSingleMsg({ target_username: 'jm_rel_ba', content: 'let me in' }));
    expect(sent.data).toMatchObject({ code: 880207, message: 'user in blacklist' });

    // Duplicates, yourself, unknown users, nobody.
    expect((await settle(a.jim.addSingleBlacks({ member_usernames: [{ username: 'jm_rel_bb' }] }))).data).toEqual({ code: 880904, message: 'repeated added member' });
    expect((await settle(a.jim.addSingleBlacks({ member_usernames: [{ username: 'jm_rel_ba' }] }))).data.code).toBe(880903);
    expect((await settle(a.jim.addSingleBlacks({ member_usernames: [{ username: 'jm_rel_nobody' }] }))).data.code).toBe(880203);
    expect((await settle(a.jim.addSingleBlacks({ member_usernames: [] }))).data.code).toBe(880002);

    await ok(a.jim.delSingleBlacks({ member_usernames: [{ username: 'jm_rel_bb' }] }));
    await eventually(() => expect(ofType(a, 38)).toHaveLength(2));
    expect(((await ok(a.jim.getBlacks())).data.black_list as Array<Record<string, unknown>>).map((u) => u.username)).toEqual(['jm_rel_bc']);
    expect((await settle(a.jim.delSingleBlacks({ member_usernames: [{ username: 'jm_rel_bb' }] }))).data.code).toBe(882002);
    await ok(b.jim.sendSingleMsg({ target_username: 'jm_rel_ba', content: 'thanks' }));
    await quiet();
    // One event per change; the blacklisted users hear nothing.
    expect(ofType(a, 38)).toHaveLength(2);
    expect(ofType(b, 38).length + ofType(c, 38).length).toBe(0);
    a.jim.loginOut();
    b.jim.loginOut();
    c.jim.loginOut();
  });
});

describe('JMessage no-disturb and group shield', () => {
  it('users, groups, global and shield: getNoDisturb reflects them, duplicates are refused, event 37 once per change to the changer only', async () => {
    const a = await jmPage(h, 'jm_rel_na');
    const b = await jmPage(h, 'jm_rel_nb');
    await ok(b.jim.updateSelfInfo({ nickname: 'Quiet B' }));
    const gid = await createGroup('jm_rel_na', 'Muted group');
    let changes = 0;
    const expect37 = async () => {
      changes++;
      await eventually(() => expect(ofType(a, 37)).toHaveLength(changes));
    };

    expect((await ok(a.jim.getNoDisturb())).data.no_disturb).toEqual({ global: 0, users: [], groups: [] });

    await ok(a.jim.addSingleNoDisturb({ target_name: 'jm_rel_nb' }));
    await expect37();
    expect((await settle(a.jim.addSingleNoDisturb({ target_name: 'jm_rel_nb' }))).data).toEqual({ code: 881101, message: 'member already set' });
    expect((await settle(a.jim.addSingleNoDisturb({ target_name: 'jm_rel_nobody' }))).data.code).toBe(880203);

    await ok(a.jim.addGroupNoDisturb({ gid }));
    await expect37();
    expect((await settle(a.jim.addGroupNoDisturb({ gid: String(gid) }))).data).toEqual({ code: 881105, message: 'group already set' });
    expect((await settle(a.jim.addGroupNoDisturb({ gid: 987654321 }))).data.code).toBe(880204);

    await ok(a.jim.addGlobalNoDisturb());
    await expect37();
    expect((await settle(a.jim.addGlobalNoDisturb())).data).toEqual({ code: 881107, message: 'already set' });

    expect((await ok(a.jim.getNoDisturb())).data.no_disturb).toEqual({
      global: 1,
      users: [{ username: 'jm_rel_nb', nickname: 'Quiet B', appkey: JM_APPKEY }],
      groups: [{ gid, name: 'Muted group', appkey: JM_APPKEY, desc: 'Muted group desc' }],
    });

    // A shield replaces the group's no-disturb (one receive option per conversation).
    await ok(a.jim.addGroupShield({ gid }));
    await expect37();
    expect((await settle(a.jim.addGroupShield({ gid }))).data).toEqual({ code: 881203, message: 'group already set' });
    expect((await ok(a.jim.getNoDisturb())).data.no_disturb).toMatchObject({ groups: [] });
    expect((await settle(a.jim.delGroupNoDisturb({ gid }))).data).toEqual({ code: 881106, message: 'group never set' });
    await ok(a.jim.delGroupShield({ gid }));
    await expect37();
    expect((await settle(a.jim.delGroupShield({ gid }))).data).toEqual({ code: 881204, message: 'group never set' });

    await ok(a.jim.delSingleNoDisturb({ target_name: 'jm_rel_nb' }));
    await expect37();
    expect((await settle(a.jim.delSingleNoDisturb({ target_name: 'jm_rel_nb' }))).data).toEqual({ code: 881102, message: 'member never set' });
    await ok(a.jim.delGlobalNoDisturb());
    await expect37();
    expect((await settle(a.jim.delGlobalNoDisturb())).data).toEqual({ code: 881108, message: 'never set' });

    expect((await ok(a.jim.getNoDisturb())).data.no_disturb).toEqual({ global: 0, users: [], groups: [] });
    await quiet();
    expect(ofType(a, 37)).toHaveLength(changes);
    expect(ofType(b, 37)).toHaveLength(0);
    b.jim.loginOut();

    // What is set when a session logs in is its starting point, not a change: no event 37 or 38.
    await ok(a.jim.addSingleNoDisturb({ target_name: 'jm_rel_nb' }));
    await ok(a.jim.addSingleBlacks({ member_usernames: ['jm_rel_nb'] }));
    const again = await jmPage(h, 'jm_rel_na', { register: false });
    await quiet();
    expect(again.events.filter((e) => e.event_type === 37 || e.event_type === 38)).toEqual([]);
    expect((await ok(again.jim.getNoDisturb())).data.no_disturb).toMatchObject({ users: [{ username: 'jm_rel_nb' }] });
    again.jim.loginOut();
  });

  it("another session's change reaches this one as event 37 (and 38), once", async () => {
    const h2 = await startJmHarness({ webInstances: 2 });
    try {
      await jmPage(h2, 'jm_rel_peer').then((p) => p.jim.loginOut());
      const watcher = await jmPage(h2, 'jm_rel_ms');
      const changer = await jmPage(h2, 'jm_rel_ms', { register: false });
      await ok(changer.jim.addSingleNoDisturb({ target_name: 'jm_rel_peer' }));
      await ok(changer.jim.addGlobalNoDisturb());
      await ok(changer.jim.addSingleBlacks({ member_usernames: [{ username: 'jm_rel_peer' }] }));
      await eventually(() => expect(ofType(watcher, 37)).toHaveLength(2));
      await eventually(() => expect(ofType(watcher, 38)).toHaveLength(1));
      await quiet();
      expect(ofType(watcher, 37)).toHaveLength(2);
      expect(ofType(watcher, 38)).toHaveLength(1);
      expect(ofType(changer, 37)).toHaveLength(2);
      expect(ofType(changer, 38)).toHaveLength(1);
      watcher.jim.loginOut();
      changer.jim.loginOut();
    } finally {
      await h2.stop(true);
    }
  });
});
