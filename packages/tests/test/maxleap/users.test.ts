import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { ML_APP_ID, type MlPage, mlPage, startMaxleapHarness } from '../helpers/maxleap.js';

let h: Harness;
/** An instance with no identity: it acts only through the REST helpers (§6.2 item 9). */
let app: MlPage;
let alice: MlPage;
let bob: MlPage;

beforeAll(async () => {
  h = await startMaxleapHarness();
  app = await mlPage(h, {});
  alice = await mlPage(h, { userId: 'mu-alice', installId: 'alice-phone' });
  bob = await mlPage(h, { userId: 'mu-bob' });
});
afterAll(async () => {
  await h.stop(true);
});

/** The MaxLeap code inside an error text `{"errorCode":500x,…}`. */
function codeOf(err: unknown): number {
  expect(typeof err).toBe('string');
  return (JSON.parse(err as string) as { errorCode: number }).errorCode;
}

/** `listFriends` takes its callback second, so the page's `call` (callback last) does not fit. */
function listFriends(page: MlPage, userid: unknown, withDetail?: boolean): Promise<{ err: unknown; data: unknown }> {
  return new Promise((resolve) => page.im.listFriends(userid, (err: unknown, data: unknown) => resolve({ err, data }), withDetail));
}

describe('MaxLeap userInfo', () => {
  it('returns {sessions, installs, friends, attributes, rooms, groups}; sessions counts live connections', async () => {
    const { err, data } = await app.call('userInfo', 'mu-bob');
    expect(err).toBeNull();
    expect(data).toEqual({ sessions: 1, installs: [], friends: [], attributes: {}, rooms: [], groups: [] });
    const second = await mlPage(h, { userId: 'mu-bob' });
    await eventually(async () => expect((await app.call('userInfo', 'mu-bob')).data).toMatchObject({ sessions: 2 }));
    const info = (await bob.call('userInfo', 'mu-alice')).data as { installs: unknown[]; sessions: number };
    expect(info.sessions).toBe(1);
    // The `installId` option is the user's installation (offline push needs it).
    expect(info.installs).toEqual(['alice-phone']);
    expect(second.logins).toEqual([{ id: 'mu-bob', success: true }]);
  });

  it('an unknown user is 5004, a missing id 5001', async () => {
    expect(codeOf((await app.call('userInfo', 'mu-nobody')).err)).toBe(5004);
    expect(codeOf((await app.call('userInfo', '')).err)).toBe(5001);
  });
});

describe('MaxLeap friends', () => {
  it('addFriend makes both users friends at once → {id, from, to, ns, ts}', async () => {
    const before = Date.now();
    const { err, data } = await app.call('addFriend', 'mu-alice', 'mu-bob');
    expect(err).toBeNull();
    const f = data as { id: string; ts: number };
    expect(f).toEqual({ id: expect.any(String), from: 'mu-alice', to: 'mu-bob', ns: ML_APP_ID, ts: expect.any(Number) });
    expect(f.id).not.toBe('');
    expect(f.ts).toBeGreaterThanOrEqual(before - 5_000);

    expect(await listFriends(app, 'mu-alice')).toEqual({ err: null, data: ['mu-bob'] });
    expect(await listFriends(app, 'mu-bob')).toEqual({ err: null, data: ['mu-alice'] });
    expect((await app.call('userInfo', 'mu-alice')).data).toMatchObject({ friends: ['mu-bob'] });

    const info = await app.call('getFriendshipInfo', 'mu-bob', 'mu-alice');
    expect(info).toEqual({ err: null, data: { id: f.id, from: 'mu-bob', to: 'mu-alice', ns: ML_APP_ID, ts: expect.any(Number) } });
  });

  it('listFriends with detail gives [{id, online}]', async () => {
    await h.token('mu-carol');
    expect((await alice.call('addFriend', 'mu-alice', 'mu-carol')).err).toBeNull();
    const { err, data } = await listFriends(bob, 'mu-alice', true);
    expect(err).toBeNull();
    expect((data as Array<{ id: string }>).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'mu-bob', online: true },
      { id: 'mu-carol', online: false },
    ]);
  });

  it('rmFriend ends the friendship on both sides → {}; afterwards info and rmFriend are 5004', async () => {
    expect(await app.call('rmFriend', 'mu-carol', 'mu-alice')).toEqual({ err: null, data: {} });
    expect((await listFriends(app, 'mu-alice')).data).toEqual(['mu-bob']);
    expect((await listFriends(app, 'mu-carol')).data).toEqual([]);
    expect(codeOf((await app.call('getFriendshipInfo', 'mu-alice', 'mu-carol')).err)).toBe(5004);
    expect(codeOf((await app.call('rmFriend', 'mu-alice', 'mu-carol')).err)).toBe(5004);
  });

  it('unknown users are 5004, bad ids 5001', async () => {
    expect(codeOf((await listFriends(app, 'mu-nobody')).err)).toBe(5004);
    expect(codeOf((await app.call('addFriend', 'mu-alice', 'mu-nobody')).err)).toBe(5004);
    expect(codeOf((await app.call('addFriend', 'mu-nobody', 'mu-alice')).err)).toBe(5004);
    expect(codeOf((await listFriends(app, null)).err)).toBe(5001);
    expect(codeOf((await app.call('addFriend', 'mu-alice', { id: 'mu-bob' })).err)).toBe(5001);
    expect(codeOf((await app.call('addFriend', 'mu-alice', 'mu-alice')).err)).toBe(5001);
    expect(codeOf((await app.call('getFriendshipInfo', 'mu-alice', '')).err)).toBe(5001);
  });
});

describe('MaxLeap user attributes', () => {
  it('set merges, coverSet replaces, get/getOne read JSON values, rm clears', async () => {
    expect(await app.call('setUserAttributes', 'mu-bob', { name: '隔壁老王', age: 46, vip: true })).toEqual({ err: null, data: {} });
    expect(await app.call('setUserAttributes', 'mu-bob', { age: 47, gender: 'male' })).toEqual({ err: null, data: {} });
    expect((await app.call('getUserAttributes', 'mu-bob')).data).toEqual({ name: '隔壁老王', age: 47, vip: true, gender: 'male' });
    expect(await app.call('getUserOneAttribute', 'mu-bob', 'age')).toEqual({ err: null, data: 47 });
    expect(await app.call('getUserOneAttribute', 'mu-bob', 'name')).toEqual({ err: null, data: '隔壁老王' });
    expect((await app.call('userInfo', 'mu-bob')).data).toMatchObject({ attributes: { name: '隔壁老王', age: 47, vip: true, gender: 'male' } });

    expect(await alice.call('coverSetUserAttributes', 'mu-bob', { city: 'Shanghai' })).toEqual({ err: null, data: {} });
    expect((await app.call('getUserAttributes', 'mu-bob')).data).toEqual({ city: 'Shanghai' });
    expect(codeOf((await app.call('getUserOneAttribute', 'mu-bob', 'age')).err)).toBe(5004);

    expect(await app.call('rmUserAttributes', 'mu-bob')).toEqual({ err: null, data: {} });
    expect((await app.call('getUserAttributes', 'mu-bob')).data).toEqual({});
  });

  it('bad params are 5001, unknown users 5004', async () => {
    expect(codeOf((await app.call('setUserAttributes', 'mu-bob', 'not-an-object')).err)).toBe(5001);
    expect(codeOf((await app.call('setUserAttributes', 'mu-bob', { nested: { a: 1 } })).err)).toBe(5001);
    expect(codeOf((await app.call('coverSetUserAttributes', '', { a: 1 })).err)).toBe(5001);
    expect(codeOf((await app.call('getUserOneAttribute', 'mu-bob', '')).err)).toBe(5001);
    expect(codeOf((await app.call('setUserAttributes', 'mu-nobody', { a: 1 })).err)).toBe(5004);
    expect(codeOf((await app.call('getUserAttributes', 'mu-nobody')).err)).toBe(5004);
    expect(codeOf((await app.call('getUserOneAttribute', 'mu-nobody', 'a')).err)).toBe(5004);
    expect(codeOf((await app.call('rmUserAttributes', 'mu-nobody')).err)).toBe(5004);
  });
});

describe('MaxLeap searchUsers', () => {
  beforeAll(async () => {
    for (const rank of [1, 2, 3, 4, 5]) {
      await h.token(`mu-s${rank}`);
      expect((await app.call('setUserAttributes', `mu-s${rank}`, { team: 'search', rank })).err).toBeNull();
    }
  });

  it('pages with size/skip, sorts by the comma fields, filters on attributes → [{id, ts, attributes, online}]', async () => {
    const { err, data } = await app.call('searchUsers', 2, 1, '-rank', { team: 'search' });
    expect(err).toBeNull();
    expect(data).toEqual([
      { id: 'mu-s4', ts: expect.any(Number), attributes: { team: 'search', rank: 4 }, online: false },
      { id: 'mu-s3', ts: expect.any(Number), attributes: { team: 'search', rank: 3 }, online: false },
    ]);
    const ids = async (...args: unknown[]) => ((await app.call('searchUsers', ...args)).data as Array<{ id: string }>).map((u) => u.id);
    expect(await ids('3', '0', 'rank', { team: 'search' })).toEqual(['mu-s1', 'mu-s2', 'mu-s3']);
    expect(await ids(null, null, 'team,-rank', { team: 'search' })).toEqual(['mu-s5', 'mu-s4', 'mu-s3', 'mu-s2', 'mu-s1']);
    expect(await ids(null, '4', 'rank', { team: 'search' })).toEqual(['mu-s5']);
    expect(await ids(null, null, null, { rank: 3 })).toEqual(['mu-s3']);
    expect(await ids(null, null, null, { team: 'nobody-has-this' })).toEqual([]);
  });

  it('reports who is online', async () => {
    expect((await app.call('setUserAttributes', 'mu-alice', { team: 'online' })).err).toBeNull();
    expect((await bob.call('searchUsers', 10, 0, null, { team: 'online' })).data).toEqual([
      { id: 'mu-alice', ts: expect.any(Number), attributes: { team: 'online' }, online: true },
    ]);
  });

  it('bad size, skip, sort or filter are 5001', async () => {
    expect(codeOf((await app.call('searchUsers', -1, 0, null, null)).err)).toBe(5001);
    expect(codeOf((await app.call('searchUsers', 10, 'abc', null, null)).err)).toBe(5001);
    expect(codeOf((await app.call('searchUsers', 10, 0, 42, null)).err)).toBe(5001);
    expect(codeOf((await app.call('searchUsers', 10, 0, null, 'team=search')).err)).toBe(5001);
    expect(codeOf((await app.call('searchUsers', 10, 0, null, { team: ['search'] })).err)).toBe(5001);
  });
});

describe('MaxLeap passengers', () => {
  it('addOrModifyPassenger with a forced id returns it as a String; getPassenger reads the fields; modify merges', async () => {
    const { err, data } = await app.call('addOrModifyPassenger', { id: 'mu-jessica', desc: '我是游客,我怕谁', tel: 1302013 });
    expect(err).toBeNull();
    expect(data).toBe('mu-jessica');
    expect(await app.call('getPassenger', 'mu-jessica')).toEqual({ err: null, data: { desc: '我是游客,我怕谁', tel: 1302013 } });
    expect((await app.call('addOrModifyPassenger', { id: 'mu-jessica', xxx: 'hello', tags: ['a', 'b'] })).data).toBe('mu-jessica');
    expect((await app.call('getPassenger', 'mu-jessica')).data).toEqual({ desc: '我是游客,我怕谁', tel: 1302013, xxx: 'hello', tags: ['a', 'b'] });

    const visitor = await mlPage(h, { passenger: { id: 'mu-jessica' } });
    expect(visitor.logins).toEqual([{ id: 'mu-jessica', success: true }]);
    expect((await alice.call('getPassenger', 'mu-jessica')).data).toMatchObject({ xxx: 'hello' });
  });

  it('without an id a random one is assigned, and it logs in', async () => {
    const first = await app.call('addOrModifyPassenger', { des: '我是一个游客' });
    const second = await app.call('addOrModifyPassenger', { des: 'another' });
    expect(first.err).toBeNull();
    expect(typeof first.data).toBe('string');
    expect(first.data).not.toBe('');
    expect(second.data).not.toBe(first.data);
    expect((await app.call('getPassenger', first.data)).data).toEqual({ des: '我是一个游客' });
    const visitor = await mlPage(h, { passenger: { id: first.data } });
    expect(visitor.logins).toEqual([{ id: first.data, success: true }]);
  });

  it('bad params are 5001, unknown visitors 5004, a registered user id 5005', async () => {
    expect(codeOf((await app.call('addOrModifyPassenger', null)).err)).toBe(5001);
    expect(codeOf((await app.call('addOrModifyPassenger', { id: { x: 1 } })).err)).toBe(5001);
    expect(codeOf((await app.call('getPassenger', '')).err)).toBe(5001);
    expect(codeOf((await app.call('getPassenger', 'mu-no-visitor')).err)).toBe(5004);
    expect(codeOf((await app.call('addOrModifyPassenger', { id: 'mu-alice', desc: 'taken' })).err)).toBe(5005);
  });
});
