import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { type MlPage, mlPage, startMaxleapHarness } from '../helpers/maxleap.js';

let h: Harness;
let app: MlPage;
let u1: MlPage;
const [A, B, C, D] = ['mg-a', 'mg-b', 'mg-c', 'mg-d'];

/** Calls a helper that must succeed; resolves with its data. */
async function ok(page: MlPage, method: string, ...args: unknown[]): Promise<unknown> {
  const { err, data } = await page.call(method, ...args);
  expect(err, `${method} failed: ${String(err)}`).toBeNull();
  return data;
}

/** Calls a helper that must fail; resolves with the MaxLeap code of its error text. */
async function code(page: MlPage, method: string, ...args: unknown[]): Promise<number> {
  const { err, data } = await page.call(method, ...args);
  expect(typeof err).toBe('string');
  expect(data).toBeUndefined();
  const body = JSON.parse(err as string) as { errorCode: number; errorMessage: string };
  expect(body.errorMessage).toEqual(expect.any(String));
  return body.errorCode;
}

const sorted = (ids: unknown) => [...(ids as string[])].sort();

/** `listGroups` / `listRooms` take `(userid, callback, withDetail)`: the callback is not last. */
function listed(page: MlPage, method: 'listGroups' | 'listRooms', userid: string, withDetail?: boolean): Promise<unknown> {
  return new Promise((resolve, reject) => {
    page.im[method](userid, (err: unknown, data: unknown) => (err ? reject(new Error(String(err))) : resolve(data)), withDetail);
  });
}

beforeAll(async () => {
  h = await startMaxleapHarness();
  for (const id of [A, B, C, D]) await h.token(id);
  app = await mlPage(h);
  u1 = await mlPage(h, { userId: A });
});
afterAll(async () => {
  await h.stop(true);
});

describe('MaxLeap groups', () => {
  it('addGroup for another owner → the id String; getGroup → {owner, ts, members, attributes: {name}}', async () => {
    const before = Date.now();
    const id = await ok(app, 'addGroup', { owner: B, name: 'Team', members: [C, D] });
    expect(id).toEqual(expect.any(String));
    const info = (await ok(app, 'getGroup', id)) as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(['attributes', 'members', 'owner', 'ts']);
    expect(info).toMatchObject({ owner: B, attributes: { name: 'Team' } });
    expect(info.ts).toBeGreaterThanOrEqual(before);
    expect(sorted(info.members)).toEqual([B, C, D]);
    // A logged-in user may create a group owned by someone else too (CAPABILITIES group.create).
    const other = await ok(u1, 'addGroup', { owner: C, name: 'By A', members: [] });
    expect(await ok(u1, 'getGroup', other)).toMatchObject({ owner: C, members: [C] });
  });

  it('updateGroup: name, members (the list is replaced) and owner → {}', async () => {
    const id = await ok(app, 'addGroup', { owner: A, name: 'Old', members: [B, C] });
    expect(await ok(app, 'updateGroup', id, { name: 'New', members: [A, D] })).toEqual({});
    let info = (await ok(app, 'getGroup', id)) as Record<string, unknown>;
    expect(info).toMatchObject({ owner: A, attributes: { name: 'New' } });
    expect(sorted(info.members)).toEqual([A, D]);
    expect(await ok(app, 'updateGroup', id, { owner: D })).toEqual({});
    info = (await ok(app, 'getGroup', id)) as Record<string, unknown>;
    expect(info).toMatchObject({ owner: D, attributes: { name: 'New' } });
    expect(sorted(info.members)).toEqual([A, D]);
  });

  it('addGroupMembers / rmGroupMembers → {}; the owner cannot be removed (5003); a caller may remove itself', async () => {
    const id = await ok(app, 'addGroup', { owner: B, name: 'Members', members: [A] });
    expect(await ok(app, 'addGroupMembers', id, { members: [C, D, A] })).toEqual({});
    expect(sorted(((await ok(app, 'getGroup', id)) as { members: string[] }).members)).toEqual([A, B, C, D]);
    expect(await ok(app, 'rmGroupMembers', id, { members: [C, 'mg-nobody'] })).toEqual({});
    expect(sorted(((await ok(app, 'getGroup', id)) as { members: string[] }).members)).toEqual([A, B, D]);
    expect(await code(app, 'rmGroupMembers', id, { members: [B] })).toBe(5003);
    expect(await ok(u1, 'rmGroupMembers', id, { members: [A] })).toEqual({});
    expect(sorted(((await ok(app, 'getGroup', id)) as { members: string[] }).members)).toEqual([B, D]);
  });

  it('listGroups(userid, callback, withDetail): ids, or [{id, name, owner, members, ts}]', async () => {
    const page = await mlPage(h, { userId: 'mg-lister' });
    const g1 = await ok(app, 'addGroup', { owner: 'mg-lister', name: 'L1', members: [A] });
    const g2 = await ok(app, 'addGroup', { owner: B, name: 'L2', members: ['mg-lister'] });
    expect(sorted(await ok(page, 'listGroups', 'mg-lister'))).toEqual(sorted([g1, g2]));
    expect(sorted(await listed(page, 'listGroups', 'mg-lister', false))).toEqual(sorted([g1, g2]));
    const detail = (await listed(app, 'listGroups', 'mg-lister', true)) as Array<Record<string, unknown>>;
    expect(detail).toHaveLength(2);
    const one = detail.find((g) => g.id === g2);
    expect(Object.keys(one ?? {}).sort()).toEqual(['id', 'members', 'name', 'owner', 'ts']);
    expect(one).toMatchObject({ id: g2, name: 'L2', owner: B, ts: expect.any(Number) });
    expect(sorted(one?.members)).toEqual([B, 'mg-lister']);
    expect(await ok(app, 'listGroups', 'mg-nogroups')).toEqual([]);
  });

  it('attributes: set merges, coverSet replaces (no name → the name is gone), get / getOne, rm clears', async () => {
    const id = await ok(app, 'addGroup', { owner: A, name: 'Attrs', members: [] });
    expect(await ok(app, 'setGroupAttributes', id, { description: 'about us', level: 3, tags: 'x' })).toEqual({});
    expect(await ok(app, 'getGroupAttributes', id)).toEqual({ name: 'Attrs', description: 'about us', level: 3, tags: 'x' });
    expect(await ok(app, 'setGroupAttributes', id, { level: 4 })).toEqual({});
    expect(await ok(app, 'getGroupOneAttribute', id, 'level')).toBe(4);
    expect(await ok(app, 'getGroupOneAttribute', id, 'name')).toBe('Attrs');
    expect(await code(app, 'getGroupOneAttribute', id, 'missing')).toBe(5004);
    expect(await ok(app, 'coverSetGroupAttributes', id, { topic: 'only' })).toEqual({});
    expect(await ok(app, 'getGroupAttributes', id)).toEqual({ topic: 'only' });
    expect(((await ok(app, 'getGroup', id)) as { attributes: unknown }).attributes).toEqual({ topic: 'only' });
    expect(await ok(app, 'setGroupAttributes', id, { name: 'Back' })).toEqual({});
    expect(await ok(app, 'getGroupAttributes', id)).toEqual({ name: 'Back', topic: 'only' });
    expect((await listed(app, 'listGroups', A, true)) as unknown[]).toContainEqual(expect.objectContaining({ id, name: 'Back' }));
    expect(await ok(app, 'rmGroupAttributes', id)).toEqual({});
    expect(await ok(app, 'getGroupAttributes', id)).toEqual({});
  });

  it('searchGroups(size, skip, sort, data): attribute filter, sort, paging → [{id, owner, ts, attributes}]', async () => {
    const ids: unknown[] = [];
    for (const rank of [2, 3, 1]) ids.push(await ok(app, 'addGroup', { owner: C, name: `S${rank}`, members: [], kind: 'mg-search', rank }));
    await ok(app, 'addGroup', { owner: C, name: 'S9', members: [], kind: 'other', rank: 9 });
    const page1 = (await ok(app, 'searchGroups', '2', '0', '-rank', { kind: 'mg-search' })) as Array<Record<string, unknown>>;
    expect(page1.map((g) => (g.attributes as { rank: number }).rank)).toEqual([3, 2]);
    expect(page1[0]).toEqual({ id: ids[1], owner: C, ts: expect.any(Number), attributes: { name: 'S3', kind: 'mg-search', rank: 3 } });
    const page2 = (await ok(app, 'searchGroups', 2, 2, '-rank', { kind: 'mg-search' })) as Array<Record<string, unknown>>;
    expect(page2.map((g) => g.id)).toEqual([ids[2]]);
    const byName = (await ok(app, 'searchGroups', null, null, null, { name: 'S9' })) as Array<Record<string, unknown>>;
    expect(byName.map((g) => (g.attributes as { rank: number }).rank)).toEqual([9]);
  });

  it('rmGroup → {}; the group is gone (5004) and leaves the lists', async () => {
    const id = await ok(app, 'addGroup', { owner: D, name: 'Doomed', members: [B] });
    expect(await ok(app, 'rmGroup', id)).toEqual({});
    expect(await code(app, 'getGroup', id)).toBe(5004);
    expect(await ok(app, 'listGroups', B)).not.toContain(id);
    expect(await code(app, 'rmGroup', id)).toBe(5004);
  });

  it('refusals: unknown 5004, bad parameters 5001', async () => {
    expect(await code(app, 'getGroup', 'mg-no-such-group')).toBe(5004);
    expect(await code(app, 'addGroup', { name: 'no owner', members: [] })).toBe(5001);
    expect(await code(app, 'addGroup', { owner: 'mg-nobody', name: 'x', members: [] })).toBe(5004);
    expect(await code(app, 'addGroup', 'not data')).toBe(5001);
    const id = await ok(app, 'addGroup', { owner: A, name: 'Refusals', members: [] });
    expect(await code(app, 'updateGroup', id, { members: [A, 'mg-nobody'] })).toBe(5004);
    expect(await code(app, 'addGroupMembers', id, { members: ['mg-nobody'] })).toBe(5004);
    expect(await code(app, 'addGroupMembers', id, { members: 'mg-b' })).toBe(5001);
    expect(await code(app, 'getGroupOneAttribute', id, '')).toBe(5001);
    expect(await code(app, 'searchGroups', 'many', 0, null, null)).toBe(5001);
    expect(await code(app, 'listGroups', '')).toBe(5001);
  });
});

describe('MaxLeap rooms (listed: members, no owner, no history)', () => {
  it('addRoom → the id String; getRoom → {ts, members, attributes: {name}}; updateRoom replaces members', async () => {
    const id = await ok(app, 'addRoom', { name: 'Lobby', members: [A, B] });
    expect(id).toEqual(expect.any(String));
    const info = (await ok(app, 'getRoom', id)) as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(['attributes', 'members', 'ts']);
    expect(info).toMatchObject({ ts: expect.any(Number), attributes: { name: 'Lobby' } });
    expect(sorted(info.members)).toEqual([A, B]);
    expect(await ok(app, 'updateRoom', id, { name: 'Hall', members: [C, D] })).toEqual({});
    const after = (await ok(app, 'getRoom', id)) as Record<string, unknown>;
    expect(after.attributes).toEqual({ name: 'Hall' });
    expect(sorted(after.members)).toEqual([C, D]);
    // Members are optional.
    const empty = await ok(u1, 'addRoom', { name: 'Empty' });
    expect(await ok(u1, 'getRoom', empty)).toMatchObject({ members: [], attributes: { name: 'Empty' } });
  });

  it('addRoomMembers / rmRoomMembers → {}', async () => {
    const id = await ok(app, 'addRoom', { name: 'Edit', members: [A] });
    expect(await ok(app, 'addRoomMembers', id, { members: [B, C, A] })).toEqual({});
    expect(sorted(((await ok(app, 'getRoom', id)) as { members: string[] }).members)).toEqual([A, B, C]);
    expect(await ok(app, 'rmRoomMembers', id, { members: [A, 'mg-nobody'] })).toEqual({});
    expect(sorted(((await ok(app, 'getRoom', id)) as { members: string[] }).members)).toEqual([B, C]);
  });

  it('listRooms(userid, callback, withDetail): ids, or [{id, name, members, ts}]', async () => {
    await h.token('mg-roomer');
    const r1 = await ok(app, 'addRoom', { name: 'LR1', members: ['mg-roomer', A] });
    const r2 = await ok(app, 'addRoom', { name: 'LR2', members: [B] });
    await ok(app, 'addRoomMembers', r2, { members: ['mg-roomer'] });
    expect(sorted(await ok(app, 'listRooms', 'mg-roomer'))).toEqual(sorted([r1, r2]));
    const detail = (await listed(app, 'listRooms', 'mg-roomer', true)) as Array<Record<string, unknown>>;
    const one = detail.find((r) => r.id === r1);
    expect(Object.keys(one ?? {}).sort()).toEqual(['id', 'members', 'name', 'ts']);
    expect(one).toMatchObject({ name: 'LR1', ts: expect.any(Number) });
    expect(sorted(one?.members)).toEqual([A, 'mg-roomer']);
    await ok(app, 'rmRoomMembers', r2, { members: ['mg-roomer'] });
    expect(await ok(app, 'listRooms', 'mg-roomer')).toEqual([r1]);
  });

  it('attributes: set merges, coverSet replaces (no name → the name is gone), get / getOne, rm clears', async () => {
    const id = await ok(app, 'addRoom', { name: 'RAttrs' });
    expect(await ok(app, 'setRoomAttributes', id, { description: 'chat', size: 10 })).toEqual({});
    expect(await ok(app, 'getRoomAttributes', id)).toEqual({ name: 'RAttrs', description: 'chat', size: 10 });
    expect(await ok(app, 'getRoomOneAttribute', id, 'size')).toBe(10);
    expect(await ok(app, 'getRoomOneAttribute', id, 'name')).toBe('RAttrs');
    expect(await code(app, 'getRoomOneAttribute', id, 'missing')).toBe(5004);
    expect(await ok(app, 'coverSetRoomAttributes', id, { mood: 'calm' })).toEqual({});
    expect(await ok(app, 'getRoomAttributes', id)).toEqual({ mood: 'calm' });
    expect(await ok(app, 'setRoomAttributes', id, { name: 'Named' })).toEqual({});
    expect(((await ok(app, 'getRoom', id)) as { attributes: unknown }).attributes).toEqual({ name: 'Named', mood: 'calm' });
    expect(await ok(app, 'rmRoomAttributes', id)).toEqual({});
    expect(await ok(app, 'getRoomAttributes', id)).toEqual({});
  });

  it('searchRooms(size, skip, sort, data): attribute filter, sort, paging → [{id, attributes}]', async () => {
    const ids: unknown[] = [];
    for (const n of ['b', 'c', 'a']) ids.push(await ok(app, 'addRoom', { name: `mg-room-${n}`, zone: 'mg-zone' }));
    await ok(app, 'addRoom', { name: 'mg-room-z', zone: 'elsewhere' });
    const page1 = (await ok(app, 'searchRooms', 2, 0, 'name', { zone: 'mg-zone' })) as Array<Record<string, unknown>>;
    expect(page1).toEqual([
      { id: ids[2], attributes: { name: 'mg-room-a', zone: 'mg-zone' } },
      { id: ids[0], attributes: { name: 'mg-room-b', zone: 'mg-zone' } },
    ]);
    const page2 = (await ok(app, 'searchRooms', '2', '2', 'name', { zone: 'mg-zone' })) as Array<Record<string, unknown>>;
    expect(page2.map((r) => r.id)).toEqual([ids[1]]);
    const desc = (await ok(app, 'searchRooms', 1, 0, '-name', { zone: 'mg-zone' })) as Array<Record<string, unknown>>;
    expect(desc.map((r) => r.id)).toEqual([ids[1]]);
  });

  it('rmRoom → {}; the room is gone (5004) and leaves the lists; refusals', async () => {
    const id = await ok(app, 'addRoom', { name: 'Gone', members: [D] });
    expect(await ok(app, 'rmRoom', id)).toEqual({});
    expect(await code(app, 'getRoom', id)).toBe(5004);
    expect(await ok(app, 'listRooms', D)).not.toContain(id);
    expect(await code(app, 'rmRoom', id)).toBe(5004);
    expect(await code(app, 'addRoom', { name: 'x', members: ['mg-nobody'] })).toBe(5004);
    expect(await code(app, 'addRoom', null)).toBe(5001);
    expect(await code(app, 'updateRoom', 'mg-no-such-room', { name: 'x' })).toBe(5004);
    expect(await code(app, 'addRoomMembers', 'mg-no-such-room', { members: [A] })).toBe(5004);
    expect(await code(app, 'setRoomAttributes', 'mg-no-such-room', 'not data')).toBe(5001);
    expect(await code(app, 'getRoomAttributes', 'mg-no-such-room')).toBe(5004);
  });
});

describe('MaxLeap groups and rooms without app privilege (allowClientKeyAdmin: false)', () => {
  let strict: Harness;
  beforeAll(async () => {
    strict = await startMaxleapHarness({ allowClientKeyAdmin: false });
    for (const id of [A, B]) await strict.token(id);
  });
  afterAll(async () => {
    await strict.stop(true);
  });

  it('acting for another user is refused (5003): another owner, another user\'s lists, rooms of others', async () => {
    const page = await mlPage(strict, { userId: A });
    expect(await code(page, 'addGroup', { owner: B, name: 'not mine', members: [] })).toBe(5003);
    expect(await code(page, 'listGroups', B)).toBe(5003);
    expect(await code(page, 'listRooms', B)).toBe(5003);
    const mine = await ok(page, 'addGroup', { owner: A, name: 'mine', members: [B] });
    expect(await ok(page, 'listGroups', A)).toEqual([mine]);
    const room = await ok(page, 'addRoom', { name: 'theirs', members: [B] });
    expect(await code(page, 'updateRoom', room, { name: 'x' })).toBe(5003);
    expect(await code(page, 'rmRoom', room)).toBe(5003);
  });
});
