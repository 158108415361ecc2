import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import type { Policy } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { K, toJson } from '../../src/model/schema.js';
import { createUser } from '../../src/model/users.js';
import { OTHER_APP } from '../helpers/app.js';
import { refusal, TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const { GroupTipKind, GroupType, GroupRole, JoinOption, NoticeKind } = parley.v1;
type Push = parley.v1.Push;


const tipIn = (p: Push) => p.message?.message?.elements?.[0]?.groupTip;
const waitTip = (c: TestClient, groupId: string, kind: number) => c.waitForPush((p) => p.message?.message?.convId === `group:${groupId}` && tipIn(p)?.tip === kind);

/** A server whose test app runs with `policy` overrides. */
async function serverWith(policy: Partial<Policy>): Promise<TestServer> {
  return startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, ...policy } });
}

describe('app privilege over groups (§5.2)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('creates for another owner, adds to public groups, replaces members, dismisses', async () => {
    const admin = await server.loginPrivileged('pv-app');
    const [owner, m1, m2, m3] = await Promise.all(['pv-owner', 'pv-m1', 'pv-m2', 'pv-m3'].map((id) => server.login(id)));
    const created = await admin.request('groupCreate', { group: { groupId: 'pv-pub', type: GroupType.GROUP_TYPE_PUBLIC, ownerId: 'pv-owner' }, members: [{ userId: 'pv-m1' }] });
    expect(created.group).toMatchObject({ ownerId: 'pv-owner', creatorId: 'pv-app', memberCount: 2 });
    await owner!.waitForPush((p) => p.notice?.message?.elements?.[0]?.notice?.kind === NoticeKind.NOTICE_CREATED);
    // The app adds members to a public group; its owner may not.
    expect(await refusal(owner!.request('groupAddMembers', { groupId: 'pv-pub', users: [{ userId: 'pv-m2' }] }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await admin.request('groupAddMembers', { groupId: 'pv-pub', users: [{ userId: 'pv-m2' }, { userId: 'pv-m1' }, { userId: 'pv-ghost' }] })).toMatchObject({
      success: ['pv-m2'],
      existed: ['pv-m1'],
      failure: ['pv-ghost'],
    });
    // M updateGroup: members replace the list; the diff is added and removed with tips.
    const updated = await admin.request('groupUpdate', { groupId: 'pv-pub', replaceMembers: true, memberIds: ['pv-m1', 'pv-m3'], patch: { name: 'Renamed' }, setFields: ['name'] });
    expect(updated).toMatchObject({ name: 'Renamed', memberCount: 3 });
    expect(tipIn(await waitTip(m2!, 'pv-pub', GroupTipKind.GROUP_TIP_MEMBER_KICKED))?.userIds).toEqual(['pv-m2']);
    expect(tipIn(await waitTip(m3!, 'pv-pub', GroupTipKind.GROUP_TIP_MEMBER_INVITED))?.userIds).toEqual(['pv-m3']);
    const members = await admin.request('groupListMembers', { groupId: 'pv-pub', anyRole: true });
    expect(members.members.map((m: { userId: string }) => m.userId)).toEqual(['pv-m1', 'pv-m3', 'pv-owner']);
    // Acting for a user through subject, and the M `updateGroup {owner}` transfer.
    await admin.request('groupUpdate', { groupId: 'pv-pub', patch: { ownerId: 'pv-m3' }, setFields: ['ownerId'] }, { subject: 'pv-owner' });
    expect((await m1!.request('groupGet', { groupIds: ['pv-pub'] })).groups[0].ownerId).toBe('pv-m3');
    await admin.request('groupRemoveMembers', { groupId: 'pv-pub', users: [{ userId: 'pv-m1' }] });
    await admin.request('groupDismiss', { groupId: 'pv-pub' });
    await waitTip(m3!, 'pv-pub', GroupTipKind.GROUP_TIP_GROUP_DISMISSED);
    for (const c of [admin, owner!, m1!, m2!, m3!]) c.close();
  });

  it('a plain member cannot replace the member list', async () => {
    const owner = await server.login('rp-owner');
    const m1 = await server.login('rp-m1');
    await server.login('rp-m2');
    await owner.request('groupCreate', { group: { groupId: 'rp-grp' }, members: [{ userId: 'rp-m1' }] });
    expect(await refusal(m1.request('groupUpdate', { groupId: 'rp-grp', replaceMembers: true, memberIds: ['rp-m1'] }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await refusal(owner.request('groupUpdate', { groupId: 'rp-grp', replaceMembers: true, memberIds: ['rp-nobody'] }))).toBe(ErrorCode.USER_NOT_FOUND);
    await owner.request('groupUpdate', { groupId: 'rp-grp', replaceMembers: true, memberIds: ['rp-m2'] });
    const members = await owner.request('groupListMembers', { groupId: 'rp-grp', anyRole: true });
    expect(members.members.map((m: { userId: string }) => m.userId)).toEqual(['rp-m2', 'rp-owner']);
    owner.close();
    m1.close();
  });
});

describe('group search and lookups', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('search filters by attributes, sorts, pages; work groups and dismissed ones are left out', async () => {
    const c = await server.login('s-user');
    const make = (groupId: string, name: string, city: string, type = GroupType.GROUP_TYPE_STANDARD) =>
      c.request('groupCreate', { group: { groupId, name, type, introduction: `about ${name}`, customFields: { city: JSON.stringify(city), stars: String(name.length) } } });
    await make('s-1', 'Alpha', 'Paris');
    await make('s-2', 'Beta', 'Paris');
    await make('s-3', 'Gamma', 'Rome');
    await make('s-4', 'Delta', 'Paris', GroupType.GROUP_TYPE_WORK);
    await make('s-5', 'Epsilon', 'Paris');
    await c.request('groupDismiss', { groupId: 's-5' });
    const paris = await c.request('groupSearch', { filter: { city: '"Paris"' }, sort: '-name' });
    expect(paris.groups.map((g: { groupId: string }) => g.groupId)).toEqual(['s-2', 's-1']);
    // A bare word counts as a string; numbers compare as JSON.
    expect((await c.request('groupSearch', { filter: { city: 'Rome' } })).groups.map((g: { groupId: string }) => g.groupId)).toEqual(['s-3']);
    expect((await c.request('groupSearch', { filter: { stars: '4' } })).groups.map((g: { groupId: string }) => g.groupId)).toEqual(['s-2']);
    expect((await c.request('groupSearch', { filter: { description: '"about Gamma"' } })).groups.map((g: { groupId: string }) => g.groupId)).toEqual(['s-3']);
    const page = await c.request('groupSearch', { sort: 'name', skip: 1, limit: 1 });
    expect(page.groups.map((g: { name: string }) => g.name)).toEqual(['Beta']);
    expect(await refusal(c.request('groupSearch', { limit: 1000 }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(c.request('groupSearch', { sort: 'name;drop' }))).toBe(ErrorCode.INVALID_PARAM);
    // J numeric aliases resolve in group.get; type filters in listJoined.
    const alpha = (await c.request('groupGet', { groupIds: ['s-1'] })).groups[0];
    expect((await c.request('groupGet', { groupIds: [String(alpha.numericId)] })).groups[0].groupId).toBe('s-1');
    expect((await c.request('groupListJoined', { type: GroupType.GROUP_TYPE_WORK })).groups.map((g: { groupId: string }) => g.groupId)).toEqual(['s-4']);
    expect((await c.request('groupListJoined', { anyType: true })).groups).toHaveLength(4);
    c.close();
  });
});

describe('group policies', () => {
  it('groupQuotaPerUser limits how many groups a user is in', async () => {
    const server = await serverWith({ groupQuotaPerUser: 1 });
    try {
      const a = await server.login('q-a');
      const b = await server.login('q-b');
      await a.request('groupCreate', { group: { groupId: 'q-1', joinOption: JoinOption.JOIN_OPTION_FREE } });
      expect(await refusal(a.request('groupCreate', { group: { groupId: 'q-2' } }))).toBe(ErrorCode.LIMIT_EXCEEDED);
      await b.request('groupCreate', { group: { groupId: 'q-3' } });
      expect(await refusal(b.request('groupJoin', { groupId: 'q-1' }))).toBe(ErrorCode.LIMIT_EXCEEDED);
      expect(await a.request('groupAddMembers', { groupId: 'q-1', users: [{ userId: 'q-b' }] })).toMatchObject({ success: [], overLimit: ['q-b'] });
    } finally {
      await server.stop();
    }
  });

  it('groupIdFormat tim and numeric; ids of rooms are taken', async () => {
    for (const [format, pattern] of [
      ['tim', /^@TGS#[0-9A-V]+$/],
      ['numeric', /^\d+$/],
      ['random', /^g[\w-]{12}$/],
    ] as const) {
      const server = await serverWith({ groupIdFormat: format });
      try {
        const c = await server.login('f-user');
        const { group } = await c.request('groupCreate', { group: { name: 'x' } });
        expect(group.groupId).toMatch(pattern);
        if (format === 'numeric') {
          // A client-chosen id that a future number would take is skipped.
          await c.request('groupCreate', { group: { groupId: String(group.numericId + 2) } });
          const next = (await c.request('groupCreate', { group: {} })).group;
          expect(next.groupId).toBe(String(group.numericId + 3));
        }
        await server.context.store.commit({ checks: [], sets: [{ key: K.room(TEST_APP.id, 'a-room'), value: toJson({}) }], deletes: [] });
        expect(await refusal(c.request('groupCreate', { group: { groupId: 'a-room' } }))).toBe(ErrorCode.ALREADY_EXISTS);
        if (format === 'tim') {
          const community = (await c.request('groupCreate', { group: { type: GroupType.GROUP_TYPE_COMMUNITY } })).group;
          expect(community.groupId.startsWith('@TGS#_')).toBe(true);
        }
      } finally {
        await server.stop();
      }
    }
  });

  it('groupOwnerQuit: dissolve, or hand over to the oldest admin', async () => {
    const dissolve = await serverWith({ groupOwnerQuit: 'dissolve' });
    try {
      const owner = await dissolve.login('oq-owner');
      const m1 = await dissolve.login('oq-m1');
      await owner.request('groupCreate', { group: { groupId: 'oq-1' }, members: [{ userId: 'oq-m1' }] });
      await owner.request('groupQuit', { groupId: 'oq-1' });
      await waitTip(m1, 'oq-1', GroupTipKind.GROUP_TIP_GROUP_DISMISSED);
      expect(await refusal(m1.request('groupGet', { groupIds: ['oq-1'] }))).toBe(ErrorCode.GROUP_NOT_FOUND);
    } finally {
      await dissolve.stop();
    }
    const transfer = await serverWith({ groupOwnerQuit: 'transferToOldestAdmin' });
    try {
      const owner = await transfer.login('oq-owner');
      const m1 = await transfer.login('oq-m1');
      await transfer.login('oq-admin');
      await owner.request('groupCreate', { group: { groupId: 'oq-2' }, members: [{ userId: 'oq-m1' }, { userId: 'oq-admin', role: GroupRole.GROUP_ROLE_ADMIN }] });
      await owner.request('groupQuit', { groupId: 'oq-2' });
      await waitTip(m1, 'oq-2', GroupTipKind.GROUP_TIP_OWNER_TRANSFERRED);
      await waitTip(m1, 'oq-2', GroupTipKind.GROUP_TIP_MEMBER_QUIT);
      expect((await m1.request('groupGet', { groupIds: ['oq-2'] })).groups[0]).toMatchObject({ ownerId: 'oq-admin', memberCount: 2 });
    } finally {
      await transfer.stop();
    }
  });
});

describe('tenant isolation', () => {
  it('a group of one app is not found from another', async () => {
    const server = await startTestServer({ apps: [TEST_APP, OTHER_APP] });
    try {
      const owner = await server.login('ti-owner');
      await owner.request('groupCreate', { group: { groupId: 'ti-grp', joinOption: JoinOption.JOIN_OPTION_FREE } });
      await createUser(server.context.store, OTHER_APP.id, { userId: 'ti-owner' });
      const other = await TestClient.connect(server.url);
      await other.request('connHello', { app: { appId: OTHER_APP.id } });
      const token = issueToken({ appId: OTHER_APP.id, userId: 'ti-owner', kind: 'native', ttlSec: 600 }, OTHER_APP.native.secret).token;
      await other.request('authLogin', { credential: { nativeToken: { userId: 'ti-owner', token } } });
      // The same user id in the other app is a different user: not the owner, not a member.
      expect(await refusal(other.request('groupGet', { groupIds: ['ti-grp'] }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect(await refusal(other.request('groupJoin', { groupId: 'ti-grp' }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect(await refusal(other.request('groupDismiss', { groupId: 'ti-grp' }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect(await refusal(other.request('msgSend', { convId: 'group:ti-grp', elements: [{ text: { text: 'x' } }] }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect((await other.request('groupSearch', {})).groups).toEqual([]);
      // The other app may create its own group with the same id.
      await other.request('groupCreate', { group: { groupId: 'ti-grp' } });
      expect((await owner.request('groupGet', { groupIds: ['ti-grp'] })).groups[0].joinOption).toBe(JoinOption.JOIN_OPTION_FREE);
      owner.close();
      other.close();
    } finally {
      await server.stop();
    }
  });
});
