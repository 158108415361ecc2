import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { refusal, type TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer, text } from '../helpers/server.js';

const { GroupTipKind, NoticeKind, GroupChange, GroupType, GroupRole, JoinOption, JoinStatus } = parley.v1;
type Push = parley.v1.Push;

let server: TestServer;

const tipIn = (p: Push) => p.message?.message?.elements?.[0]?.groupTip;
const waitTip = (c: TestClient, groupId: string, kind: number) => c.waitForPush((p) => p.message?.message?.convId === `group:${groupId}` && tipIn(p)?.tip === kind);
const waitNotice = (c: TestClient, kind: number, groupId: string) =>
  c.waitForPush((p) => p.notice?.message?.elements?.[0]?.notice?.kind === kind && p.notice.message.elements[0]?.notice?.groupId === groupId);
const waitGroupEvent = (c: TestClient, groupId: string, change: number) => c.waitForPush((p) => p.group?.groupId === groupId && p.group.change === change);
const texts = (c: TestClient, groupId: string) => c.messages(`group:${groupId}`).flatMap((m) => (m.elements[0]?.text ? [m.elements[0].text.text] : []));

async function logins(...ids: string[]): Promise<TestClient[]> {
  return Promise.all(ids.map((id) => server.login(id)));
}

function closeAll(...clients: TestClient[]): void {
  for (const c of clients) c.close();
}

// The flows that write the most rows run on both stores.
for (const store of ['memory', 'sqlite'] as const) {
  describe(`groups on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('create: members join with a created tip, joined pushes and invited notices', async () => {
      const [owner, m1, m2] = await logins('c-owner', 'c-m1', 'c-m2');
      const created = await owner!.request('groupCreate', {
        group: { groupId: 'c-team', name: 'Team', joinOption: JoinOption.JOIN_OPTION_FREE },
        members: [{ userId: 'c-m1' }, { userId: 'c-m2', role: GroupRole.GROUP_ROLE_ADMIN }, { userId: 'c-ghost' }],
      });
      expect(created.group).toMatchObject({ groupId: 'c-team', ownerId: 'c-owner', memberCount: 3, infoVersion: 1, memberVersion: 1 });
      expect(created.group.numericId).toBeGreaterThan(0);
      expect(created.failed).toEqual(['c-ghost']);
      const tip = tipIn(await waitTip(m1!, 'c-team', GroupTipKind.GROUP_TIP_GROUP_CREATED));
      expect(tip?.userIds).toEqual(['c-owner', 'c-m1', 'c-m2']);
      expect(tip?.text).toBe('c-owner created the group with c-m1 and c-m2');
      // The creator's own session gets the tip too: it is not part of the response.
      await waitTip(owner!, 'c-team', GroupTipKind.GROUP_TIP_GROUP_CREATED);
      const joined = await waitGroupEvent(m2!, 'c-team', GroupChange.GROUP_CHANGE_JOINED);
      expect(joined.cursor).toBeGreaterThan(0);
      await waitNotice(m2!, NoticeKind.NOTICE_INVITED, 'c-team');
      const members = await m1!.request('groupListMembers', { groupId: 'c-team', anyRole: true });
      expect(members.members.map((m: { userId: string; role: number }) => [m.userId, m.role])).toEqual([
        ['c-m1', GroupRole.GROUP_ROLE_MEMBER],
        ['c-m2', GroupRole.GROUP_ROLE_ADMIN],
        ['c-owner', GroupRole.GROUP_ROLE_OWNER],
      ]);
      // The creation tip is entry 1; messages follow it.
      const sent = await m1!.request('msgSend', text('group:c-team', 'hello'));
      expect(sent.seq).toBe(2);
      closeAll(owner!, m1!, m2!);
    });

    it('kick: the removed member gets the tip and a notice, then nothing more', async () => {
      const [owner, admin, m1, m2, outsider] = await logins('k-owner', 'k-admin', 'k-m1', 'k-m2', 'k-out');
      await owner!.request('groupCreate', {
        group: { groupId: 'k-grp', name: 'Kick' },
        members: [{ userId: 'k-admin', role: GroupRole.GROUP_ROLE_ADMIN }, { userId: 'k-m1' }, { userId: 'k-m2' }],
      });
      expect(await refusal(m2!.request('groupRemoveMembers', { groupId: 'k-grp', users: [{ userId: 'k-m1' }] }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(outsider!.request('groupRemoveMembers', { groupId: 'k-grp', users: [{ userId: 'k-m1' }] }))).toBe(ErrorCode.NOT_MEMBER);
      // An admin may remove members, not the owner or another admin.
      const result = await admin!.request('groupRemoveMembers', { groupId: 'k-grp', users: [{ userId: 'k-m1' }, { userId: 'k-owner' }], reason: 'spam' });
      expect(result).toMatchObject({ success: ['k-m1'], failure: ['k-owner'] });
      const tip = tipIn(await waitTip(m1!, 'k-grp', GroupTipKind.GROUP_TIP_MEMBER_KICKED));
      expect(tip).toMatchObject({ operatorId: 'k-admin', userIds: ['k-m1'], reason: 'spam', text: 'k-admin removed k-m1' });
      await waitNotice(m1!, NoticeKind.NOTICE_KICKED, 'k-grp');
      const left = await waitGroupEvent(m1!, 'k-grp', GroupChange.GROUP_CHANGE_LEFT);
      expect(left.cursor).toBeGreaterThan(0);
      await waitGroupEvent(m2!, 'k-grp', GroupChange.GROUP_CHANGE_MEMBER_REMOVED);

      await owner!.request('msgSend', text('group:k-grp', 'after the kick'));
      await m2!.waitForPush((p) => p.message?.message?.elements?.[0]?.text?.text === 'after the kick');
      expect(texts(m1!, 'k-grp')).toEqual([]);
      expect(await refusal(m1!.request('msgSend', text('group:k-grp', 'still here?')))).toBe(ErrorCode.NOT_MEMBER);
      const changes = await m1!.request('syncChanges', { cursor: 0 });
      const membership = changes.changes.find((e: { groupMembership?: { groupId: string } }) => e.groupMembership?.groupId === 'k-grp');
      expect(membership.groupMembership.joined).toBe(false);
      closeAll(owner!, admin!, m1!, m2!, outsider!);
    });

    it('mutes: a muted member cannot send until the mute expires; mute-all spares admins', async () => {
      const [owner, admin, m1] = await logins('mu-owner', 'mu-admin', 'mu-m1');
      await owner!.request('groupCreate', { group: { groupId: 'mu-grp' }, members: [{ userId: 'mu-admin', role: GroupRole.GROUP_ROLE_ADMIN }, { userId: 'mu-m1' }] });
      expect(await refusal(m1!.request('groupMuteMember', { groupId: 'mu-grp', userId: 'mu-admin', muteSeconds: 60 }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(admin!.request('groupMuteMember', { groupId: 'mu-grp', userId: 'mu-owner', muteSeconds: 60 }))).toBe(ErrorCode.PERMISSION_DENIED);
      const muted = await admin!.request('groupMuteMember', { groupId: 'mu-grp', userId: 'mu-m1', muteSeconds: 1 });
      expect(muted.muteUntil).toBeGreaterThan(Date.now());
      const tip = tipIn(await waitTip(m1!, 'mu-grp', GroupTipKind.GROUP_TIP_MEMBER_PROFILE));
      expect(tip?.memberChanges?.[0]).toMatchObject({ userId: 'mu-m1', muteUntil: muted.muteUntil });
      expect(await refusal(m1!.request('msgSend', text('group:mu-grp', 'muted')))).toBe(ErrorCode.MUTED);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, muted.muteUntil - Date.now()) + 100));
      await m1!.request('msgSend', text('group:mu-grp', 'free again'));

      expect(await refusal(m1!.request('groupUpdate', { groupId: 'mu-grp', patch: { muteAll: true }, setFields: ['muteAll'] }))).toBe(ErrorCode.PERMISSION_DENIED);
      await admin!.request('groupUpdate', { groupId: 'mu-grp', patch: { muteAll: true }, setFields: ['muteAll'] });
      expect(tipIn(await waitTip(m1!, 'mu-grp', GroupTipKind.GROUP_TIP_GROUP_PROFILE))?.text).toBe('mu-admin muted everyone');
      expect(await refusal(m1!.request('msgSend', text('group:mu-grp', 'all muted')))).toBe(ErrorCode.MUTED);
      await admin!.request('msgSend', text('group:mu-grp', 'admins may speak'));
      await owner!.request('msgSend', text('group:mu-grp', 'owners too'));
      await owner!.request('groupUpdate', { groupId: 'mu-grp', patch: { muteAll: false }, setFields: ['muteAll'] });
      await m1!.request('msgSend', text('group:mu-grp', 'unmuted'));
      closeAll(owner!, admin!, m1!);
    });

    it('dismiss: members are told, the history stays readable, everything else is gone', async () => {
      const [owner, m1] = await logins('d-owner', 'd-m1');
      await owner!.request('groupCreate', { group: { groupId: 'd-grp', joinOption: JoinOption.JOIN_OPTION_FREE }, members: [{ userId: 'd-m1' }] });
      await owner!.request('msgSend', text('group:d-grp', 'before'));
      expect(await refusal(m1!.request('groupDismiss', { groupId: 'd-grp' }))).toBe(ErrorCode.PERMISSION_DENIED);
      await owner!.request('groupDismiss', { groupId: 'd-grp' });
      await waitTip(m1!, 'd-grp', GroupTipKind.GROUP_TIP_GROUP_DISMISSED);
      await waitNotice(m1!, NoticeKind.NOTICE_DISMISSED, 'd-grp');
      const event = await waitGroupEvent(m1!, 'd-grp', GroupChange.GROUP_CHANGE_DISMISSED);
      expect(event.group?.group?.status).toBe(parley.v1.GroupStatus.GROUP_STATUS_DISMISSED);
      const history = await m1!.request('msgHistory', { convId: 'group:d-grp', limit: 10 });
      expect(history.messages.map((m: parley.v1.Message) => m.elements[0]?.text?.text ?? tipIn({ message: { message: m } } as Push)?.tip)).toEqual([
        GroupTipKind.GROUP_TIP_GROUP_CREATED,
        'before',
        GroupTipKind.GROUP_TIP_GROUP_DISMISSED,
      ]);
      expect(await refusal(m1!.request('msgSend', text('group:d-grp', 'anyone?')))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect(await refusal(m1!.request('groupGet', { groupIds: ['d-grp'] }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect(await refusal(m1!.request('groupJoin', { groupId: 'd-grp' }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect(await refusal(owner!.request('groupDismiss', { groupId: 'd-grp' }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect((await m1!.request('groupListJoined', { anyType: true })).groups).toEqual([]);
      const snapshot = await m1!.request('syncSnapshot', {});
      expect(snapshot.memberships).toEqual([]);
      closeAll(owner!, m1!);
    });

    it('update: profile fields, custom-field modes, groupInfo rows and a profile tip', async () => {
      const [owner, m1] = await logins('u-owner', 'u-m1');
      await owner!.request('groupCreate', { group: { groupId: 'u-grp', name: 'Old', customFields: { a: '1', b: '"x"' } }, members: [{ userId: 'u-m1' }] });
      const before = await m1!.request('syncChanges', { cursor: 0 });
      expect(await refusal(m1!.request('groupUpdate', { groupId: 'u-grp', patch: { name: 'Mine' }, setFields: ['name'] }))).toBe(ErrorCode.PERMISSION_DENIED);
      const renamed = await owner!.request('groupUpdate', { groupId: 'u-grp', patch: { name: 'New', notification: 'Read me' }, setFields: ['name', 'notification'] });
      expect(renamed).toMatchObject({ name: 'New', notification: 'Read me', infoVersion: 2 });
      const tip = tipIn(await waitTip(m1!, 'u-grp', GroupTipKind.GROUP_TIP_GROUP_PROFILE));
      expect(tip?.profileChanges).toEqual({ name: '"New"', notification: '"Read me"' });
      const profile = await waitGroupEvent(m1!, 'u-grp', GroupChange.GROUP_CHANGE_PROFILE);
      expect(profile.group?.infoVersion).toBe(2);
      const after = await m1!.request('syncChanges', { cursor: before.cursor });
      const info = after.changes.find((e: { groupInfo?: { groupId: string } }) => e.groupInfo?.groupId === 'u-grp');
      expect(info.groupInfo).toMatchObject({ name: 'New', infoVersion: 2 });

      const merged = await owner!.request('groupUpdate', { groupId: 'u-grp', patch: { customFields: { b: '"y"', c: 'true' } }, removeCustomKeys: ['a'] });
      expect(merged.customFields).toEqual({ b: '"y"', c: 'true' });
      const replaced = await owner!.request('groupUpdate', { groupId: 'u-grp', patch: { customFields: { z: '0' } }, customMode: parley.v1.PatchMode.PATCH_MODE_REPLACE });
      expect(replaced.customFields).toEqual({ z: '0' });
      const cleared = await owner!.request('groupUpdate', { groupId: 'u-grp', customMode: parley.v1.PatchMode.PATCH_MODE_CLEAR });
      expect(cleared).toMatchObject({ customFields: {}, infoVersion: 5 });
      // Nothing changed: no version bump.
      expect((await owner!.request('groupUpdate', { groupId: 'u-grp', patch: { name: 'New' }, setFields: ['name'] })).infoVersion).toBe(5);

      // Bad input changes nothing.
      expect(await refusal(owner!.request('groupUpdate', { groupId: 'u-grp', patch: { name: 'n'.repeat(129) }, setFields: ['name'] }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner!.request('groupUpdate', { groupId: 'u-grp', patch: { name: 'x' }, setFields: ['memberCount'] }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner!.request('groupUpdate', { groupId: 'u-nope', patch: { name: 'x' }, setFields: ['name'] }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      const got = await m1!.request('groupGet', { groupIds: ['u-grp'] });
      expect(got.groups[0]).toMatchObject({ name: 'New', infoVersion: 5 });
      closeAll(owner!, m1!);
    });
  });
}

describe('groups (memory store)', () => {
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('presets: work groups refuse applying, public groups refuse member adds, work owners may quit', async () => {
    const [owner, m1, stranger] = await logins('p-owner', 'p-m1', 'p-stranger');
    await owner!.request('groupCreate', { group: { groupId: 'p-work', type: GroupType.GROUP_TYPE_WORK, joinOption: JoinOption.JOIN_OPTION_FREE }, members: [{ userId: 'p-m1' }] });
    expect(await refusal(stranger!.request('groupJoin', { groupId: 'p-work' }))).toBe(ErrorCode.PERMISSION_DENIED);
    // Any member of a work group may add people; nobody has admin roles or mutes.
    expect(await m1!.request('groupAddMembers', { groupId: 'p-work', users: [{ userId: 'p-stranger' }] })).toMatchObject({ success: ['p-stranger'] });
    expect(await refusal(owner!.request('groupSetMemberRole', { groupId: 'p-work', userId: 'p-m1', role: GroupRole.GROUP_ROLE_ADMIN }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await refusal(owner!.request('groupMuteMember', { groupId: 'p-work', userId: 'p-m1', muteSeconds: 10 }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await refusal(owner!.request('groupDismiss', { groupId: 'p-work' }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await refusal(m1!.request('groupRemoveMembers', { groupId: 'p-work', users: [{ userId: 'p-stranger' }] }))).toBe(ErrorCode.PERMISSION_DENIED);
    // Work groups cannot be found by search.
    expect(await refusal(stranger!.request('groupGet', { groupIds: ['p-work'], publicOnly: true }))).toBe(ErrorCode.GROUP_NOT_FOUND);
    await owner!.request('groupQuit', { groupId: 'p-work' });
    const [work] = (await m1!.request('groupGet', { groupIds: ['p-work'] })).groups;
    expect(work).toMatchObject({ ownerId: '', memberCount: 2 });

    await owner!.request('groupCreate', { group: { groupId: 'p-public', type: GroupType.GROUP_TYPE_PUBLIC, joinOption: JoinOption.JOIN_OPTION_FREE } });
    expect(await refusal(owner!.request('groupAddMembers', { groupId: 'p-public', users: [{ userId: 'p-m1' }] }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect((await m1!.request('groupJoin', { groupId: 'p-public' })).status).toBe(JoinStatus.JOIN_STATUS_JOINED);
    expect((await m1!.request('groupJoin', { groupId: 'p-public' })).status).toBe(JoinStatus.JOIN_STATUS_ALREADY_MEMBER);
    expect((await stranger!.request('groupGet', { groupIds: ['p-public'], publicOnly: true })).groups[0].groupId).toBe('p-public');
    // The owner of a public group cannot quit; standard groups follow groupOwnerQuit (default forbid).
    expect(await refusal(owner!.request('groupQuit', { groupId: 'p-public' }))).toBe(ErrorCode.PERMISSION_DENIED);
    closeAll(owner!, m1!, stranger!);
  });

  it('transfer: the new owner takes over, the old one becomes a member', async () => {
    const [owner, m1, m2] = await logins('t-owner', 't-m1', 't-m2');
    await owner!.request('groupCreate', { group: { groupId: 't-grp' }, members: [{ userId: 't-m1' }, { userId: 't-m2' }] });
    expect(await refusal(m1!.request('groupTransferOwner', { groupId: 't-grp', newOwnerId: 't-m1' }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await refusal(owner!.request('groupTransferOwner', { groupId: 't-grp', newOwnerId: 't-nobody' }))).toBe(ErrorCode.NOT_MEMBER);
    const group = await owner!.request('groupTransferOwner', { groupId: 't-grp', newOwnerId: 't-m1' });
    expect(group).toMatchObject({ ownerId: 't-m1', infoVersion: 2 });
    const tip = tipIn(await waitTip(m2!, 't-grp', GroupTipKind.GROUP_TIP_OWNER_TRANSFERRED));
    expect(tip).toMatchObject({ userIds: ['t-m1'], text: 't-owner made t-m1 the owner' });
    const members = await m2!.request('groupGetMembers', { groupId: 't-grp', userIds: ['t-owner', 't-m1'] });
    expect(members.members.map((m: { userId: string; role: number }) => [m.userId, m.role])).toEqual([
      ['t-owner', GroupRole.GROUP_ROLE_MEMBER],
      ['t-m1', GroupRole.GROUP_ROLE_OWNER],
    ]);
    // Now the former owner may quit, the new one may dismiss.
    await owner!.request('groupQuit', { groupId: 't-grp' });
    await waitTip(m2!, 't-grp', GroupTipKind.GROUP_TIP_MEMBER_QUIT);
    await waitNotice(owner!, NoticeKind.NOTICE_QUIT, 't-grp');
    closeAll(owner!, m1!, m2!);
  });

  it('roles: the owner sets and unsets admins, with tips and notices', async () => {
    const [owner, m1, m2] = await logins('r-owner', 'r-m1', 'r-m2');
    await owner!.request('groupCreate', { group: { groupId: 'r-grp' }, members: [{ userId: 'r-m1' }, { userId: 'r-m2' }] });
    expect(await refusal(m1!.request('groupSetMemberRole', { groupId: 'r-grp', userId: 'r-m2', role: GroupRole.GROUP_ROLE_ADMIN }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await refusal(owner!.request('groupSetMemberRole', { groupId: 'r-grp', userId: 'r-m2', role: GroupRole.GROUP_ROLE_OWNER }))).toBe(ErrorCode.INVALID_PARAM);
    const admin = await owner!.request('groupSetMemberRole', { groupId: 'r-grp', userId: 'r-m1', role: GroupRole.GROUP_ROLE_ADMIN });
    expect(admin.role).toBe(GroupRole.GROUP_ROLE_ADMIN);
    expect(tipIn(await waitTip(m2!, 'r-grp', GroupTipKind.GROUP_TIP_ADMIN_SET))?.text).toBe('r-owner made r-m1 an admin');
    await waitNotice(m1!, NoticeKind.NOTICE_ADMIN_SET, 'r-grp');
    const changed = await waitGroupEvent(m2!, 'r-grp', GroupChange.GROUP_CHANGE_MEMBER_CHANGED);
    expect(changed.group?.members?.[0]).toMatchObject({ userId: 'r-m1', role: GroupRole.GROUP_ROLE_ADMIN });
    await owner!.request('groupSetMemberRole', { groupId: 'r-grp', userId: 'r-m1', role: GroupRole.GROUP_ROLE_MEMBER });
    await waitTip(m2!, 'r-grp', GroupTipKind.GROUP_TIP_ADMIN_UNSET);
    await waitNotice(m1!, NoticeKind.NOTICE_ADMIN_UNSET, 'r-grp');
    closeAll(owner!, m1!, m2!);
  });

  it('member profiles: name cards and custom fields for yourself, or by a higher role', async () => {
    const [owner, m1, m2] = await logins('n-owner', 'n-m1', 'n-m2');
    await owner!.request('groupCreate', { group: { groupId: 'n-grp' }, members: [{ userId: 'n-m1' }, { userId: 'n-m2' }] });
    const self = await m1!.request('groupUpdateMember', { groupId: 'n-grp', nameCard: 'Emm', customFields: { team: '"red"' } });
    expect(self).toMatchObject({ userId: 'n-m1', nameCard: 'Emm', customFields: { team: '"red"' } });
    expect(tipIn(await waitTip(m2!, 'n-grp', GroupTipKind.GROUP_TIP_MEMBER_PROFILE))?.memberChanges?.[0]).toMatchObject({ userId: 'n-m1', nameCard: 'Emm' });
    expect(await refusal(m2!.request('groupUpdateMember', { groupId: 'n-grp', userId: 'n-m1', nameCard: 'Hijack' }))).toBe(ErrorCode.PERMISSION_DENIED);
    await owner!.request('groupUpdateMember', { groupId: 'n-grp', userId: 'n-m2', nameCard: 'Two', setFields: ['nameCard'] });
    // An empty value removes a custom key; a filter picks keys.
    await m1!.request('groupUpdateMember', { groupId: 'n-grp', customFields: { team: '', level: '3' } });
    const got = await m2!.request('groupGetMembers', { groupId: 'n-grp', userIds: ['n-m1', 'n-m2', 'n-nobody'], customFields: ['level'] });
    expect(got.members).toMatchObject([
      { userId: 'n-m1', nameCard: 'Emm', customFields: { level: '3' } },
      { userId: 'n-m2', nameCard: 'Two' },
    ]);
    expect(await refusal(m1!.request('groupUpdateMember', { groupId: 'n-grp', nameCard: 'x'.repeat(129) }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(m1!.request('groupUpdateMember', { groupId: 'n-grp', setFields: ['role'] }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(m1!.request('groupGetMembers', { groupId: 'n-grp', userIds: Array.from({ length: 51 }, (_, i) => `u${i}`) }))).toBe(ErrorCode.INVALID_PARAM);
    closeAll(owner!, m1!, m2!);
  });

  it('member lists page by offset and cursor and filter by role', async () => {
    const [owner] = await logins('l-owner');
    const others = Array.from({ length: 12 }, (_, i) => `l-m${String(i).padStart(2, '0')}`);
    await Promise.all(others.map((id) => server.login(id).then((c) => c.close())));
    await owner!.request('groupCreate', { group: { groupId: 'l-grp' }, members: others.map((userId, i) => ({ userId, role: i < 2 ? GroupRole.GROUP_ROLE_ADMIN : 0 })) });
    const seen: string[] = [];
    let page = await owner!.request('groupListMembers', { groupId: 'l-grp', count: 5, anyRole: true });
    seen.push(...page.members.map((m: { userId: string }) => m.userId));
    while (page.nextCursor) {
      page = await owner!.request('groupListMembers', { groupId: 'l-grp', count: 5, cursor: page.nextCursor, anyRole: true });
      seen.push(...page.members.map((m: { userId: string }) => m.userId));
    }
    expect(seen).toEqual([...others, 'l-owner']);
    const byOffset = await owner!.request('groupListMembers', { groupId: 'l-grp', offset: 10, count: 5, anyRole: true });
    expect(byOffset.members.map((m: { userId: string }) => m.userId)).toEqual(['l-m10', 'l-m11', 'l-owner']);
    expect(byOffset.nextOffset).toBe(0);
    const admins = await owner!.request('groupListMembers', { groupId: 'l-grp', role: GroupRole.GROUP_ROLE_ADMIN });
    expect(admins.members.map((m: { userId: string }) => m.userId)).toEqual(['l-m00', 'l-m01']);
    expect(await refusal(owner!.request('groupListMembers', { groupId: 'l-grp', cursor: 'nope' }))).toBe(ErrorCode.INVALID_PARAM);
    owner!.close();
  });

  it('a member who blocks the group gets no pushes and no unread', async () => {
    const [owner, m1, m2] = await logins('b-owner', 'b-m1', 'b-m2');
    await owner!.request('groupCreate', { group: { groupId: 'b-grp' }, members: [{ userId: 'b-m1' }, { userId: 'b-m2' }] });
    await m1!.request('convUpdate', { convIds: ['group:b-grp'], patch: { receiveOpt: parley.v1.ReceiveOpt.RECEIVE_OPT_BLOCK } });
    const self = (await m1!.request('groupGet', { groupIds: ['b-grp'] })).selfInfo[0];
    expect(self.receiveOpt).toBe(parley.v1.ReceiveOpt.RECEIVE_OPT_BLOCK);
    await owner!.request('msgSend', text('group:b-grp', 'one'));
    await owner!.request('msgSend', text('group:b-grp', 'two'));
    await m2!.waitForPush((p) => p.message?.message?.elements?.[0]?.text?.text === 'two');
    expect(texts(m1!, 'b-grp')).toEqual([]);
    const row = (await m1!.request('convGet', { convIds: ['group:b-grp'] })).conversations[0];
    expect(row).toMatchObject({ unreadCount: 0, maxSeq: 3 });
    // The history is still there for them to read.
    expect((await m1!.request('msgHistory', { convId: 'group:b-grp' })).messages).toHaveLength(3);
    closeAll(owner!, m1!, m2!);
  });

  it('bad input is refused with typed errors and changes nothing', async () => {
    const [owner] = await logins('x-owner');
    expect(await refusal(owner!.request('groupCreate', { group: { groupId: 'x-grp', name: 'n'.repeat(129) } }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(owner!.request('groupCreate', { group: { groupId: 'x'.repeat(65) } }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(owner!.request('groupCreate', { group: { groupId: 'x-grp', type: 99 } }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(owner!.request('groupCreate', { group: { groupId: '@TGS#_x' } }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(owner!.request('groupCreate', { group: { groupId: 'x-grp', ownerId: 'someone-else' } }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect(await refusal(owner!.request('groupCreate', { group: { groupId: 'x-grp' }, members: [{ userId: 'x', role: GroupRole.GROUP_ROLE_OWNER }] }))).toBe(
      ErrorCode.INVALID_PARAM,
    );
    expect(await refusal(owner!.request('groupGet', { groupIds: ['x-grp'] }))).toBe(ErrorCode.GROUP_NOT_FOUND);
    await owner!.request('groupCreate', { group: { groupId: 'x-grp' } });
    expect(await refusal(owner!.request('groupCreate', { group: { groupId: 'x-grp' } }))).toBe(ErrorCode.ALREADY_EXISTS);
    const many = Array.from({ length: 501 }, (_, i) => ({ userId: `x${i}` }));
    expect(await refusal(owner!.request('groupAddMembers', { groupId: 'x-grp', users: many }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(owner!.request('groupAddMembers', { groupId: 'x-grp', users: [] }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(owner!.request('groupAddMembers', { groupId: 'x-nope', users: [{ userId: 'x1' }] }))).toBe(ErrorCode.GROUP_NOT_FOUND);
    expect(await refusal(owner!.request('groupMuteMember', { groupId: 'x-grp', userId: 'x-owner', muteSeconds: 5 }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(owner!.request('groupGet', { groupIds: Array.from({ length: 51 }, (_, i) => `g${i}`) }))).toBe(ErrorCode.INVALID_PARAM);
    const got = await owner!.request('groupGet', { groupIds: ['x-grp'] });
    expect(got.groups[0]).toMatchObject({ memberCount: 1, infoVersion: 1, memberVersion: 1 });
    owner!.close();
  });
});
