import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxleapSign } from '../../src/auth/index.js';
import { ErrorCode } from '../../src/errors.js';
import { createUser } from '../../src/model/users.js';
import { TestClient, WireError } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const { PatchMode } = parley.v1;
const ml = TEST_APP.maxleap as NonNullable<typeof TEST_APP.maxleap>;

let server: TestServer;

/** A second tenant for isolation tests. */
const OTHER_APP = {
  id: 'other',
  native: { apiKey: 'other-api-key-0123456789', secret: 'other-native-secret-0123456789abcdef' },
};

async function refusal(promise: Promise<unknown>): Promise<WireError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WireError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A MaxLeap session signed with the client key: privileged under the default `allowClientKeyAdmin`. */
async function maxleapLogin(userId: string, url = server.url): Promise<TestClient> {
  const client = await TestClient.connect(url);
  await client.request('connHello', { app: { maxleapAppId: ml.appId }, proof: { maxleapSign: maxleapSign(ml.keys.client ?? '', Date.now()) } });
  await client.request('authLogin', { credential: { maxleapUser: { userId } } });
  return client;
}

async function guestLogin(): Promise<TestClient & { userId: string }> {
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: { appId: TEST_APP.id } });
  const login = await client.request('authLogin', { credential: { anonymous: {} } });
  return Object.assign(client, { userId: login.userId as string });
}

const profileOf = async (client: TestClient, userId: string) => (await client.request('userGetProfiles', { users: [{ userId }] })).profiles[0];

for (const store of ['memory', 'sqlite'] as const) {
  describe(`profiles on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('updates standard fields, bumps the version, records a change and pushes to the other session only', async () => {
      const phone = await server.login('pat', { platform: 2 });
      const web = await server.login('pat');
      const before = await profileOf(web, 'pat');
      expect(before).toMatchObject({ userId: 'pat', nickname: '', profileVersion: 0 });
      const updated = await web.request('userUpdateProfile', {
        patch: { nickname: 'Pat 😀', gender: 2, birthday: '946684800', selfSignature: 'hi', allowType: 1, level: 7, email: 'p@x.io' },
        setFields: ['nickname', 'gender', 'birthday', 'selfSignature', 'allowType', 'level', 'email'],
      });
      expect(updated).toMatchObject({ nickname: 'Pat 😀', gender: 2, birthday: '946684800', birthdayYmd: '20000101', allowType: 1, level: 7, profileVersion: 1 });
      const push = await phone.waitForPush((p) => p.profile !== null);
      expect(push.profile?.profile?.nickname).toBe('Pat 😀');
      expect(push.profile?.changedFields).toEqual(expect.arrayContaining(['nickname', 'gender', 'birthday', 'allowType']));
      expect(push.cursor).toBeGreaterThan(0);
      // The change stream carries the profile at that cursor.
      const changes = await phone.request('syncChanges', { cursor: push.cursor - 1 });
      expect(changes.changes[0]).toMatchObject({ cursor: push.cursor, profile: { userId: 'pat', nickname: 'Pat 😀' } });
      // Clearing a field by naming it with its empty value; unnamed fields stay.
      const cleared = await web.request('userUpdateProfile', { patch: { nickname: 'ignored' }, setFields: ['selfSignature'] });
      expect(cleared).toMatchObject({ nickname: 'Pat 😀', selfSignature: '', profileVersion: 2 });
      // A patch that changes nothing keeps the version and pushes nothing.
      const same = await web.request('userUpdateProfile', { patch: { level: 7 }, setFields: ['level'] });
      expect(same.profileVersion).toBe(2);
      expect(web.pushes.filter((p) => p.profile)).toHaveLength(0);
      const after = await phone.request('userGetProfiles', { users: [] });
      expect(after.profiles).toHaveLength(1);
      expect(after.profiles[0]).toMatchObject({ userId: 'pat', profileVersion: 2 });
      phone.close();
      web.close();
    });

    it('edits custom fields by merge, replace, remove-keys and clear', async () => {
      const quinn = await server.login('quinn');
      const edit = (customMode: number, customFields: Record<string, string> = {}, removeCustomKeys: string[] = []) =>
        quinn.request('userUpdateProfile', { patch: { customFields }, customMode, removeCustomKeys });
      expect((await edit(PatchMode.PATCH_MODE_MERGE, { name: '"Q"', age: '46' })).customFields).toEqual({ name: '"Q"', age: '46' });
      expect((await edit(PatchMode.PATCH_MODE_MERGE, { age: '47.0', vip: 'true' })).customFields).toEqual({ name: '"Q"', age: '47', vip: 'true' });
      expect((await edit(PatchMode.PATCH_MODE_REPLACE, { only: '"this"' })).customFields).toEqual({ only: '"this"' });
      await edit(PatchMode.PATCH_MODE_MERGE, { a: '1', b: '2' });
      expect((await edit(PatchMode.PATCH_MODE_REMOVE_KEYS, {}, ['a', 'missing'])).customFields).toEqual({ only: '"this"', b: '2' });
      const filtered = await quinn.request('userGetProfiles', { users: [{ userId: 'quinn' }], fields: ['nickname'], customFields: ['b'] });
      expect(filtered.profiles[0]).toMatchObject({ userId: 'quinn', customFields: { b: '2' } });
      expect(filtered.profiles[0].profileVersion).toBe(0);
      const clearedProfile = await edit(PatchMode.PATCH_MODE_CLEAR);
      expect(clearedProfile.customFields).toEqual({});
      expect(clearedProfile.profileVersion).toBe(6);
      quinn.close();
    });

    it('refuses bad input with typed errors and changes nothing', async () => {
      const rae = await server.login('rae');
      const update = (body: object) => refusal(rae.request('userUpdateProfile', body));
      expect((await update({ patch: { nickname: 'x'.repeat(501) }, setFields: ['nickname'] })).code).toBe(ErrorCode.TOO_LARGE);
      expect((await update({ patch: { selfSignature: '字'.repeat(167) }, setFields: ['selfSignature'] })).code).toBe(ErrorCode.TOO_LARGE);
      expect((await update({ patch: { tinyId: 5 }, setFields: ['tinyId'] })).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await update({ patch: {}, setFields: ['noSuchField'] })).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await update({ patch: { gender: 3 }, setFields: ['gender'] })).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await update({ patch: { adminForbidType: 0 }, setFields: ['adminForbidType'] })).code).toBe(ErrorCode.PERMISSION_DENIED);
      expect((await update({ patch: { customFields: { k: 'not json' } } })).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await update({ patch: { customFields: { k: '{"a":1}' } } })).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await update({ patch: { customFields: { ['k'.repeat(65)]: '1' } } })).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await update({ patch: { customFields: { k: `"${'v'.repeat(5000)}"` } } })).code).toBe(ErrorCode.TOO_LARGE);
      const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, '1']));
      expect((await update({ patch: { customFields: many } })).code).toBe(ErrorCode.LIMIT_EXCEEDED);
      // 40 keys now and 40 more later pass the key limit only together.
      const forty = (from: number) => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${from + i}`, '1']));
      await rae.request('userUpdateProfile', { patch: { customFields: forty(0) } });
      expect((await update({ patch: { customFields: forty(40) } })).code).toBe(ErrorCode.LIMIT_EXCEEDED);
      expect((await update({ patch: { customFields: { a: '1' } }, customMode: PatchMode.PATCH_MODE_CLEAR })).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await update({ customMode: PatchMode.PATCH_MODE_REMOVE_KEYS })).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await update({ removeCustomKeys: ['a'] })).code).toBe(ErrorCode.INVALID_PARAM);
      const profile = await profileOf(rae, 'rae');
      expect(profile.profileVersion).toBe(1);
      expect(Object.keys(profile.customFields)).toHaveLength(40);

      const users = Array.from({ length: 101 }, (_, i) => ({ userId: `u${i}` }));
      expect((await refusal(rae.request('userGetProfiles', { users }))).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await refusal(rae.request('userGetProfiles', { users: [{ userId: 'nobody-here' }] }))).code).toBe(ErrorCode.USER_NOT_FOUND);
      expect((await refusal(rae.request('userGetProfiles', { users: [{ userId: '' }] }))).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await refusal(rae.request('userGetProfiles', { users: [{ userId: 'rae' }], fields: ['passwordHash'] }))).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await refusal(rae.request('userGetProfiles', { users: [{ userId: 'rae', appKey: 'another-app' }] }))).code).toBe(ErrorCode.NOT_SUPPORTED);
      // Unknown ids are left out while one id is known.
      const mixed = await rae.request('userGetProfiles', { users: [{ userId: 'nobody-here' }, { userId: 'rae' }] });
      expect(mixed.profiles.map((p: { userId: string }) => p.userId)).toEqual(['rae']);
      rae.close();
    });

    it('lets a privileged MaxLeap session update another user (subject) and refuses a normal session', async () => {
      const sam = await server.login('sam');
      const admin = await maxleapLogin('ml-admin');
      const result = await admin.request('userUpdateProfile', { patch: { customFields: { vip: 'true' }, adminForbidType: 1 }, setFields: ['adminForbidType'] }, { subject: 'sam' });
      expect(result).toMatchObject({ userId: 'sam', adminForbidType: 1, customFields: { vip: 'true' } });
      const push = await sam.waitForPush((p) => p.profile?.profile?.userId === 'sam');
      expect(push.profile?.profile?.adminForbidType).toBe(1);
      const normal = await server.login('tess');
      const denied = await refusal(normal.request('userUpdateProfile', { patch: { nickname: 'hacked' }, setFields: ['nickname'] }, { subject: 'sam' }));
      expect(denied.code).toBe(ErrorCode.PERMISSION_DENIED);
      expect((await profileOf(normal, 'sam')).nickname).toBe('');
      const unknown = await refusal(admin.request('userUpdateProfile', { patch: { nickname: 'x' }, setFields: ['nickname'] }, { subject: 'ghost-user' }));
      expect(unknown.code).toBe(ErrorCode.USER_NOT_FOUND);
      // M userInfo: one's own summary, or anyone's with privilege.
      const summary = await admin.request('userGetSummary', { userId: 'sam' });
      expect(summary).toMatchObject({ userId: 'sam', sessions: 1, attributes: { vip: 'true' }, friends: [], groups: [], rooms: [] });
      expect(summary.ts).toBeGreaterThan(0);
      expect((await refusal(normal.request('userGetSummary', { userId: 'sam' }))).code).toBe(ErrorCode.PERMISSION_DENIED);
      expect((await normal.request('userGetSummary', {})).userId).toBe('tess');
      expect((await refusal(admin.request('userGetSummary', { userId: 'ghost-user' }))).code).toBe(ErrorCode.USER_NOT_FOUND);
      sam.close();
      admin.close();
      normal.close();
    });

    it("pushes a change to friends with a row in each friend's stream", async () => {
      const uma = await server.login('uma');
      const vic = await server.login('vic');
      await vic.request('userUpdateProfile', { patch: { allowType: 1 }, setFields: ['allowType'] });
      await uma.request('friendAddDirect', { friendId: 'vic' });
      await vic.request('userUpdateProfile', { patch: { nickname: 'Vic' }, setFields: ['nickname'] });
      const push = await uma.waitForPush((p) => p.profile?.profile?.userId === 'vic');
      expect(push.profile?.profile?.nickname).toBe('Vic');
      const changes = await uma.request('syncChanges', { cursor: push.cursor - 1 });
      expect(changes.changes[0]).toMatchObject({ cursor: push.cursor, profile: { userId: 'vic', nickname: 'Vic' } });
      const summary = await vic.request('userGetSummary', {});
      expect(summary.friends).toEqual(['uma']);
      uma.close();
      vic.close();
    });
  });
}

for (const store of ['memory', 'sqlite'] as const) {
  describe(`user search and guests on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('pages, sorts and filters the directory with online flags', async () => {
      const ages: Record<string, number> = { sa: 30, sb: 25, sc: 41, sd: 25, se: 19 };
      const clients: TestClient[] = [];
      for (const [id, age] of Object.entries(ages)) {
        const client = await server.login(id);
        await client.request('userUpdateProfile', { patch: { nickname: id.toUpperCase(), customFields: { team: '"search"', age: String(age) } }, setFields: ['nickname'] });
        clients.push(client);
      }
      await server.login('outsider');
      const first = clients[0] as TestClient;
      const search = async (query: object) => (await first.request('userSearch', query)).hits.map((h: { profile: { userId: string } }) => h.profile.userId);
      expect(await search({ filter: { team: '"search"' } })).toEqual(['sa', 'sb', 'sc', 'sd', 'se']);
      expect(await search({ filter: { team: '"search"' }, sort: '-age' })).toEqual(['sc', 'sa', 'sb', 'sd', 'se']);
      expect(await search({ filter: { team: 'search' }, sort: 'age,-id', skip: 1, limit: 2 })).toEqual(['sd', 'sb']);
      expect(await search({ filter: { team: '"search"', age: '25' } })).toEqual(['sb', 'sd']);
      expect(await search({ filter: { nickname: '"SC"' } })).toEqual(['sc']);
      expect(await search({ filter: { id: 'se' } })).toEqual(['se']);
      expect(await search({ filter: { team: '"nobody"' } })).toEqual([]);
      // Closed sessions are not online; the hit carries the directory part of the profile.
      clients[4]?.close();
      await clients[4]?.closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const hits = (await first.request('userSearch', { filter: { team: '"search"' }, sort: '-id', limit: 2 })).hits;
      expect(hits.map((h: { online: boolean }) => h.online)).toEqual([false, true]);
      expect(hits[1].profile).toMatchObject({ userId: 'sd', nickname: 'SD', customFields: { team: '"search"', age: '25' } });
      expect(hits[1].profile.email).toBe('');
      expect((await refusal(first.request('userSearch', { skip: 20_000 }))).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await refusal(first.request('userSearch', { sort: 'a,b,c,d,e,f,g,h,i' }))).code).toBe(ErrorCode.INVALID_PARAM);
      for (const client of clients) client.close();
    });

    it('keeps guest records: random ids, merges, own record only for guests', async () => {
      const host = await server.login('host');
      const created = await host.request('guestUpsert', { fields: { desc: '"我是游客"', tel: '1302013' } });
      expect(created.id).toMatch(/^passenger_[0-9a-f]{16}$/);
      const merged = await host.request('guestUpsert', { id: created.id, fields: { tel: '42' } });
      expect(merged).toMatchObject({ id: created.id, fields: { desc: '"我是游客"', tel: '42' } });
      expect(merged.createdAt).toBe(created.createdAt);
      expect(await host.request('guestGet', { id: created.id })).toMatchObject({ id: created.id, fields: { desc: '"我是游客"', tel: '42' } });
      const forced = await host.request('guestUpsert', { id: 'jessicaZhe', fields: { desc: '"hi"' } });
      expect(forced.id).toBe('jessicaZhe');
      expect((await refusal(host.request('guestGet', { id: 'no-such-guest' }))).code).toBe(ErrorCode.NOT_FOUND);
      expect((await refusal(host.request('guestUpsert', { id: 'host', fields: {} }))).code).toBe(ErrorCode.ALREADY_EXISTS);
      expect((await refusal(host.request('guestUpsert', { fields: { bad: 'not json' } }))).code).toBe(ErrorCode.INVALID_PARAM);
      expect((await refusal(host.request('guestUpsert', { fields: { big: `"${'x'.repeat(5000)}"` } }))).code).toBe(ErrorCode.TOO_LARGE);

      const guest = await guestLogin();
      // A guest reads profiles and its own record, writes only its own record.
      expect((await guest.request('guestGet', {})).id).toBe(guest.userId);
      const own = await guest.request('guestUpsert', { fields: { nick: '"viewer"' } });
      expect(own).toMatchObject({ id: guest.userId, fields: { nick: '"viewer"' } });
      expect((await refusal(guest.request('guestUpsert', { id: created.id, fields: {} }))).code).toBe(ErrorCode.PERMISSION_DENIED);
      expect((await profileOf(guest, 'host')).userId).toBe('host');
      expect((await refusal(guest.request('userUpdateProfile', { patch: { nickname: 'g' }, setFields: ['nickname'] }))).code).toBe(ErrorCode.PERMISSION_DENIED);
      expect((await refusal(guest.request('userSearch', {}))).code).toBe(ErrorCode.PERMISSION_DENIED);
      // Guests are not in the directory.
      const all = (await host.request('userSearch', { limit: 100 })).hits.map((h: { profile: { userId: string } }) => h.profile.userId);
      expect(all).toContain('host');
      expect(all).not.toContain(guest.userId);
      host.close();
      guest.close();
    });
  });
}

describe('tenants', () => {
  it('keeps tenants apart: a user of another app is not found', async () => {
    const other = await startTestServer({ apps: [TEST_APP, OTHER_APP] });
    try {
      await createUser(other.context.store, OTHER_APP.id, { userId: 'only-there' });
      const local = await other.login('local');
      expect((await refusal(local.request('userGetProfiles', { users: [{ userId: 'only-there' }] }))).code).toBe(ErrorCode.USER_NOT_FOUND);
      expect((await refusal(local.request('guestGet', { id: 'only-there' }))).code).toBe(ErrorCode.NOT_FOUND);
      const hits = (await local.request('userSearch', { limit: 100 })).hits.map((h: { profile: { userId: string } }) => h.profile.userId);
      expect(hits).toEqual(['local']);
      // Privilege is per app: a MaxLeap admin of this app cannot reach the other app's user.
      const admin = await maxleapLogin('ml-admin', other.url);
      expect((await refusal(admin.request('userUpdateProfile', { patch: { nickname: 'x' }, setFields: ['nickname'] }, { subject: 'only-there' }))).code).toBe(ErrorCode.USER_NOT_FOUND);
      expect((await refusal(admin.request('userGetSummary', { userId: 'only-there' }))).code).toBe(ErrorCode.USER_NOT_FOUND);
      admin.close();
      local.close();
    } finally {
      await other.stop();
    }
  });
});
