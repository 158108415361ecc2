import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxleapSign } from '../../src/auth/index.js';
import { ErrorCode } from '../../src/errors.js';
import { fromJson, K, toJson, type UserRecord } from '../../src/model/schema.js';
import { transact } from '../../src/model/tx.js';
import { createUser } from '../../src/model/users.js';
import { OTHER_APP } from '../helpers/app.js';
import { refusal, TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const { Change, FriendRelation, FriendRequestStatus, RespondAction, Side, AllowType, SnapshotSection } = parley.v1;
type Push = parley.v1.Push;

/** Another tenant on the same server: its users must be unknown to TEST_APP. */

let server: TestServer;

/** Sets a user's own `allowType` in the stored record (the profile op belongs to another family). */
async function setAllowType(userId: string, allowType: number): Promise<void> {
  await createUser(server.context.store, TEST_APP.id, { userId }, { ifMissing: true });
  await transact(server.context.store, async (tx) => {
    const key = K.user(TEST_APP.id, userId);
    const user = fromJson<UserRecord>((await tx.get(key)) as Uint8Array);
    tx.set(key, toJson({ ...user, allowType }));
  });
}

/** Makes `a` and `b` mutual friends through a request and an accept. */
async function befriend(a: TestClient, b: TestClient & { userId: string }, aId: string): Promise<void> {
  await a.request('friendRequest', { to: { userId: b.userId }, wording: 'hi' });
  await b.request('friendRespond', { applicantId: aId, action: RespondAction.RESPOND_ACTION_ACCEPT });
}

async function changesOf(client: TestClient, cursor = 0): Promise<parley.v1.ChangeEntry[]> {
  const batch = await client.request('syncChanges', { cursor, limit: 1000 });
  return batch.changes;
}

const isFriendPush = (change: number, friendId: string) => (p: Push) => p.friend?.change === change && p.friend?.friend?.friendId === friendId;

for (const store of ['memory', 'sqlite'] as const) {
  describe(`friends on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store, apps: [TEST_APP, OTHER_APP] });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('request → accept: both edges, pushes to both users, change stream and snapshot', async () => {
      const alice = await server.login('alice');
      const alice2 = await server.login('alice');
      const bob = await server.login('bob');
      const bob2 = await server.login('bob');

      const sent = await alice.request('friendRequest', { to: { userId: 'bob' }, wording: 'hello bob', remark: 'Bobby', groupName: 'pals' });
      expect(sent.status).toBe(FriendRequestStatus.FRIEND_REQUEST_STATUS_PENDING);
      expect(sent.request).toMatchObject({ fromId: 'alice', toId: 'bob', wording: 'hello bob', handleResult: 0 });

      const incoming = await bob.waitForPush((p) => p.friendRequest?.change === Change.CHANGE_ADDED);
      expect(incoming.friendRequest?.request?.fromId).toBe('alice');
      expect(incoming.friendRequest?.unreadCount).toBe(1);
      expect(Number(incoming.cursor)).toBeGreaterThan(0);
      // The sender's other session hears of it; the sending session had it in its response.
      await alice2.waitForPush((p) => p.friendRequest?.change === Change.CHANGE_ADDED);
      expect(alice.pushes.filter((p) => p.friendRequest)).toHaveLength(0);

      const listed = await bob.request('friendListRequests', { side: Side.SIDE_IN });
      expect(listed.unreadCount).toBe(1);
      expect(listed.requests.map((r: parley.v1.FriendRequest) => r.fromId)).toEqual(['alice']);
      expect((await alice.request('friendListRequests', { side: Side.SIDE_OUT })).requests).toHaveLength(1);

      await bob.request('friendRespond', { applicantId: 'alice', action: RespondAction.RESPOND_ACTION_ACCEPT, remark: 'Ally' });
      const accepted = await alice.waitForPush((p) => p.friendRequest?.change === Change.CHANGE_ACCEPTED);
      expect(accepted.friendRequest?.request).toMatchObject({ handleResult: 1, handlerId: 'bob' });
      const added = await alice.waitForPush(isFriendPush(Change.CHANGE_ADDED, 'bob'));
      expect(added.friend).toMatchObject({ by: 'bob', friend: { ownerId: 'alice', friendId: 'bob', remark: 'Bobby', groups: ['pals'] } });
      await bob2.waitForPush(isFriendPush(Change.CHANGE_ADDED, 'alice'));
      await alice2.waitForPush(isFriendPush(Change.CHANGE_ADDED, 'bob'));
      expect(bob.pushes.filter((p) => p.friend)).toHaveLength(0);

      const aliceFriends = await alice.request('friendList', { withProfile: true });
      expect(aliceFriends.friends.map((f: parley.v1.Friend) => f.friendId)).toEqual(['bob']);
      expect(aliceFriends.profiles.map((p: parley.v1.Profile) => p.userId)).toEqual(['bob']);
      const withPresence = await alice.request('friendList', { withPresence: true });
      expect(withPresence.presences).toMatchObject([{ userId: 'bob', status: parley.v1.PresenceStatus.PRESENCE_STATUS_ONLINE }]);
      expect(withPresence.profiles).toEqual([]);
      const bobFriends = await bob.request('friendList', {});
      expect(bobFriends.friends[0]).toMatchObject({ friendId: 'alice', remark: 'Ally' });
      expect(bobFriends.friends[0].id).toBe(aliceFriends.friends[0].id);
      expect(await refusal(bob.request('friendRespond', { applicantId: 'alice', action: RespondAction.RESPOND_ACTION_REJECT }))).toBe(ErrorCode.ALREADY_HANDLED);

      const check = await alice.request('friendCheck', { userIds: ['bob', 'carol'] });
      expect(check.items.map((i: parley.v1.FriendCheckItem) => i.relation)).toEqual([FriendRelation.FRIEND_RELATION_BOTH, FriendRelation.FRIEND_RELATION_NONE]);

      // Every change is in both streams, and the pushes carried their cursors.
      const aliceChanges = await changesOf(alice);
      expect(aliceChanges.find((c) => c.friend)?.friend).toMatchObject({ friendId: 'bob', groups: ['pals'] });
      expect(aliceChanges.find((c) => c.friendRequest)?.friendRequest).toMatchObject({ toId: 'bob', handleResult: 1 });
      expect(aliceChanges.find((c) => c.friendGroup)?.friendGroup).toMatchObject({ name: 'pals', userIds: ['bob'] });
      expect(aliceChanges.map((c) => Number(c.cursor))).toContain(Number(added.cursor));
      const bobChanges = await changesOf(bob);
      expect(bobChanges.find((c) => c.friend)?.friend?.friendId).toBe('alice');
      expect(bobChanges.find((c) => c.friendRequest)?.friendRequest?.fromId).toBe('alice');

      const snapshot = await alice.request('syncSnapshot', { sections: [SnapshotSection.SNAPSHOT_SECTION_FRIENDS, SnapshotSection.SNAPSHOT_SECTION_REQUESTS] });
      expect(snapshot.friends.map((f: parley.v1.Friend) => f.friendId)).toEqual(['bob']);
      expect(snapshot.friendGroups.map((g: parley.v1.FriendGroup) => g.name)).toEqual(['pals']);
      expect(snapshot.friendRequests.map((r: parley.v1.FriendRequest) => r.toId)).toEqual(['bob']);
      expect(snapshot.blocks).toEqual([]);
      for (const c of [alice, alice2, bob, bob2]) c.close();
    });

    it('reject carries the message; the request stays listed as refused; repeats and bad targets are refused', async () => {
      const carol = await server.login('carol');
      const dave = await server.login('dave');
      await carol.request('friendRequest', { to: { userId: 'dave' }, wording: 'first' });
      const again = await carol.request('friendRequest', { to: { userId: 'dave' }, wording: 'second' });
      expect(again.request.wording).toBe('second');
      await dave.waitForPush((p) => p.friendRequest?.change === Change.CHANGE_UPDATED);
      const inbox = await dave.request('friendListRequests', { side: Side.SIDE_BOTH });
      expect(inbox.requests).toHaveLength(1);
      expect(inbox.requests[0].wording).toBe('second');

      await dave.request('friendRespond', { applicantId: 'carol', action: RespondAction.RESPOND_ACTION_REJECT, responseText: 'who are you?' });
      const rejected = await carol.waitForPush((p) => p.friendRequest?.change === Change.CHANGE_REJECTED);
      expect(rejected.friendRequest?.request).toMatchObject({ handleResult: -1, handleMsg: 'who are you?', handlerId: 'dave' });
      expect((await carol.request('friendList', {})).friends).toEqual([]);
      expect((await dave.request('friendList', {})).friends).toEqual([]);
      const out = await carol.request('friendListRequests', { side: Side.SIDE_OUT });
      expect(out.requests[0].handleResult).toBe(-1);
      expect(await refusal(dave.request('friendRespond', { applicantId: 'carol', action: RespondAction.RESPOND_ACTION_ACCEPT }))).toBe(ErrorCode.ALREADY_HANDLED);
      expect(await refusal(carol.request('friendRespond', { applicantId: 'dave', action: RespondAction.RESPOND_ACTION_ACCEPT }))).toBe(ErrorCode.NOT_FOUND);

      expect(await refusal(carol.request('friendRequest', { to: { userId: 'carol' } }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(carol.request('friendRequest', { to: { userId: 'nobody-here' } }))).toBe(ErrorCode.USER_NOT_FOUND);
      await befriend(dave, Object.assign(carol, { userId: 'carol' }), 'dave');
      expect(await refusal(dave.request('friendRequest', { to: { userId: 'carol' } }))).toBe(ErrorCode.ALREADY_EXISTS);
      carol.close();
      dave.close();
    });

    it('deletes and marks requests read on both sides', async () => {
      const erin = await server.login('erin');
      const frank = await server.login('frank');
      await erin.request('friendRequest', { to: { userId: 'frank' } });
      await frank.waitForPush((p) => p.friendRequest?.change === Change.CHANGE_ADDED);
      const frank2 = await server.login('frank');
      await frank.request('friendMarkRequestsRead', {});
      const read = await frank2.waitForPush((p) => p.friendRequest?.change === Change.CHANGE_READ);
      expect(read.friendRequest).toMatchObject({ unreadCount: 0, request: { readByRecipient: true } });
      expect((await frank.request('friendListRequests', {})).unreadCount).toBe(0);

      await frank.request('friendDeleteRequest', { userId: 'erin', side: Side.SIDE_IN });
      const gone = await erin.waitForPush((p) => p.friendRequest?.change === Change.CHANGE_DELETED);
      expect(gone.friendRequest?.request?.fromId).toBe('erin');
      expect((await erin.request('friendListRequests', {})).requests).toEqual([]);
      const tombstone = (await changesOf(erin)).find((c) => c.friendRequest);
      expect(tombstone).toMatchObject({ deleted: true, friendRequest: { fromId: 'erin', toId: 'frank' } });
      expect(await refusal(frank.request('friendDeleteRequest', { userId: 'erin', side: Side.SIDE_IN }))).toBe(ErrorCode.NOT_FOUND);
      for (const c of [erin, frank, frank2]) c.close();
    });

    it('allowAny adds at once (single or both); denyAny refuses', async () => {
      const gina = await server.login('gina');
      await setAllowType('hank', AllowType.ALLOW_TYPE_ALLOW_ANY);
      await setAllowType('ivan', AllowType.ALLOW_TYPE_ALLOW_ANY);
      await setAllowType('judy', AllowType.ALLOW_TYPE_DENY_ANY);
      const hank = await server.login('hank');
      const both = await gina.request('friendRequest', { to: { userId: 'hank' }, remark: 'H' });
      expect(both.status).toBe(FriendRequestStatus.FRIEND_REQUEST_STATUS_ADDED);
      await hank.waitForPush(isFriendPush(Change.CHANGE_ADDED, 'gina'));
      expect((await hank.request('friendListRequests', {})).requests).toEqual([]);
      const single = await gina.request('friendRequest', { to: { userId: 'ivan' }, addType: 1 });
      expect(single.status).toBe(FriendRequestStatus.FRIEND_REQUEST_STATUS_ADDED);
      const check = await gina.request('friendCheck', { userIds: ['hank', 'ivan'], side: Side.SIDE_BOTH });
      expect(check.items.map((i: parley.v1.FriendCheckItem) => i.relation)).toEqual([FriendRelation.FRIEND_RELATION_BOTH, FriendRelation.FRIEND_RELATION_A_WITH_B]);

      expect(await refusal(gina.request('friendRequest', { to: { userId: 'judy' } }))).toBe(ErrorCode.PERMISSION_DENIED);
      const judy = await server.login('judy');
      expect((await judy.request('friendListRequests', {})).requests).toEqual([]);
      for (const c of [gina, hank, judy]) c.close();
    });

    it('deletes one side (T single) or both; a non-friend is reported per user', async () => {
      const kim = await server.login('kim');
      const lee = await server.login('lee');
      await befriend(kim, Object.assign(lee, { userId: 'lee' }), 'kim');
      const one = await kim.request('friendDelete', { users: [{ userId: 'lee' }, { userId: 'stranger-x' }], side: Side.SIDE_OUT });
      expect(one.results.map((r: parley.v1.ItemResult) => [r.id, r.code])).toEqual([
        ['lee', 0],
        ['stranger-x', ErrorCode.NOT_FRIENDS],
      ]);
      expect((await kim.request('friendList', {})).friends).toEqual([]);
      expect((await lee.request('friendList', {})).friends.map((f: parley.v1.Friend) => f.friendId)).toEqual(['kim']);
      const fromKim = await kim.request('friendCheck', { userIds: ['lee'] });
      expect(fromKim.items[0].relation).toBe(FriendRelation.FRIEND_RELATION_B_WITH_A);
      expect(lee.pushes.some(isFriendPush(Change.CHANGE_DELETED, 'kim'))).toBe(false);

      await befriend(kim, lee, 'kim');
      await kim.request('friendDelete', { users: [{ userId: 'lee' }] });
      const gone = await lee.waitForPush(isFriendPush(Change.CHANGE_DELETED, 'kim'));
      expect(gone.friend?.by).toBe('kim');
      expect((await lee.request('friendList', {})).friends).toEqual([]);
      expect((await changesOf(lee)).find((c) => c.friend)).toMatchObject({ deleted: true, friend: { ownerId: 'lee', friendId: 'kim' } });
      kim.close();
      lee.close();
    });

    it('updates remarks, memos and custom fields of an edge; bad input changes nothing', async () => {
      const mia = await server.login('mia');
      const mia2 = await server.login('mia');
      const ned = await server.login('ned');
      await befriend(mia, Object.assign(ned, { userId: 'ned' }), 'mia');
      const updated = await mia.request('friendUpdate', { userId: 'ned', remark: 'Neddy', memoOthers: 'met at work', customFields: { Tag_SNS_Custom_a: '"x"' }, setFields: ['remark', 'memo_others', 'customFields'] });
      expect(updated).toMatchObject({ friendId: 'ned', remark: 'Neddy', memoOthers: 'met at work', customFields: { Tag_SNS_Custom_a: '"x"' } });
      const push = await mia2.waitForPush(isFriendPush(Change.CHANGE_UPDATED, 'ned'));
      expect(push.friend?.friend?.remark).toBe('Neddy');
      // Clearing the remark needs set_fields; an empty custom value removes the key.
      await mia.request('friendUpdate', { userId: 'ned', customFields: { Tag_SNS_Custom_a: '' }, setFields: ['remark', 'customFields'] });
      expect((await mia.request('friendGet', { userIds: ['ned', 'kim'] })).friends).toMatchObject([{ friendId: 'ned', remark: '', memoOthers: 'met at work', customFields: {} }]);

      await mia.request('friendUpdate', { userId: 'ned', remark: 'kept', setFields: ['remark'] });
      const bad = [
        mia.request('friendUpdate', { userId: 'ned', remark: 'x'.repeat(97), setFields: ['remark'] }),
        mia.request('friendUpdate', { userId: 'ned', remark: 'y', setFields: ['nickname'] }),
        mia.request('friendUpdate', { userId: 'ned', setFields: [] }),
        mia.request('friendUpdate', { userId: 'ned', customFields: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }),
        mia.request('friendGet', { userIds: Array.from({ length: 101 }, (_, i) => `u${i}`) }),
        mia.request('friendCheck', { userIds: [''] }),
        mia.request('friendRequest', { to: { userId: 'ned2' }, remark: 'z'.repeat(97) }),
        mia.request('friendRequest', { to: { userId: 'ned' }, addType: 2 }),
        mia.request('friendDelete', { users: Array.from({ length: 101 }, (_, i) => ({ userId: `u${i}` })) }),
        mia.request('friendRequest', { to: { userId: 'ned', appKey: 'another-app' } }),
      ];
      const codes = await Promise.all(bad.map(refusal));
      expect(codes).toEqual([...Array(9).fill(ErrorCode.INVALID_PARAM), ErrorCode.NOT_SUPPORTED]);
      expect(await refusal(mia.request('friendUpdate', { userId: 'stranger-y', remark: 'r' }))).toBe(ErrorCode.NOT_FRIENDS);
      expect((await mia.request('friendList', {})).friends).toMatchObject([{ friendId: 'ned', remark: 'kept' }]);
      for (const c of [mia, mia2, ned]) c.close();
    });

    it('friend groups: create, add, remove, rename, delete; friends carry their group names', async () => {
      const olga = await server.login('olga');
      const olga2 = await server.login('olga');
      const pete = await server.login('pete');
      const quin = await server.login('quin');
      await befriend(olga, Object.assign(pete, { userId: 'pete' }), 'olga');
      await befriend(olga, Object.assign(quin, { userId: 'quin' }), 'olga');

      const created = await olga.request('friendGroupCreate', { name: 'work', userIds: ['pete', 'not-a-friend'] });
      expect(created).toMatchObject({ name: 'work', userIds: ['pete'] });
      await olga2.waitForPush((p) => p.friendGroup?.groups?.[0]?.name === 'work');
      expect(await refusal(olga.request('friendGroupCreate', { name: 'work' }))).toBe(ErrorCode.ALREADY_EXISTS);
      expect((await olga.request('friendGroupAddUsers', { name: 'work', userIds: ['quin'] })).userIds).toEqual(['pete', 'quin']);
      const friends = await olga.request('friendList', {});
      expect(friends.friends.map((f: parley.v1.Friend) => [f.friendId, f.groups])).toEqual([
        ['pete', ['work']],
        ['quin', ['work']],
      ]);
      expect((await olga.request('friendGroupRemoveUsers', { name: 'work', userIds: ['pete'] })).userIds).toEqual(['quin']);
      await olga.request('friendGroupRename', { name: 'work', newName: 'office' });
      expect((await olga.request('friendGroupList', {})).groups).toMatchObject([{ name: 'office', userIds: ['quin'] }]);
      const streamed = (await changesOf(olga)).filter((c) => c.friendGroup);
      expect(streamed.map((c) => [c.friendGroup?.name, Boolean(c.deleted)])).toEqual([
        ['work', true],
        ['office', false],
      ]);

      // Ending a friendship takes the friend out of the owner's groups.
      await olga.request('friendDelete', { users: [{ userId: 'quin' }] });
      expect((await olga.request('friendGroupList', {})).groups).toMatchObject([{ name: 'office', userIds: [] }]);

      expect(await refusal(olga.request('friendGroupRename', { name: 'nope', newName: 'x' }))).toBe(ErrorCode.NOT_FOUND);
      expect(await refusal(olga.request('friendGroupAddUsers', { name: 'office', userIds: [] }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(olga.request('friendGroupCreate', { name: 'n'.repeat(65) }))).toBe(ErrorCode.INVALID_PARAM);
      await olga.request('friendGroupDelete', { name: 'office' });
      expect((await olga.request('friendGroupList', {})).groups).toEqual([]);
      expect(await refusal(olga.request('friendGroupDelete', { name: 'office' }))).toBe(ErrorCode.NOT_FOUND);
      for (const c of [olga, olga2, pete, quin]) c.close();
    });

    it('addDirect: a privileged MaxLeap session acts via subject (by admin); others may not', async () => {
      const ml = TEST_APP.maxleap as NonNullable<typeof TEST_APP.maxleap>;
      const rita = await server.login('rita');
      await server.login('sam');
      const admin = await TestClient.connect(server.url);
      await admin.request('connHello', { app: { maxleapAppId: ml.appId }, proof: { maxleapSign: maxleapSign(ml.keys.client ?? '', Date.now()) } });
      await admin.request('authLogin', { credential: { maxleapUser: { userId: 'ml-operator' } } });

      const edge = await admin.request('friendAddDirect', { friendId: 'sam' }, { subject: 'rita' });
      expect(edge).toMatchObject({ ownerId: 'rita', friendId: 'sam', operatorId: 'admin' });
      expect(edge.id).not.toBe('');
      const push = await rita.waitForPush(isFriendPush(Change.CHANGE_ADDED, 'sam'));
      expect(push.friend?.by).toBe('admin');
      const listed = await admin.request('friendList', {}, { subject: 'sam' });
      expect(listed.friends.map((f: parley.v1.Friend) => f.friendId)).toEqual(['rita']);

      const tom = await server.login('tom');
      expect(await refusal(tom.request('friendAddDirect', { friendId: 'sam' }, { subject: 'rita' }))).toBe(ErrorCode.PERMISSION_DENIED);
      // Without privilege, adding directly needs the target's consent (allowAny).
      expect(await refusal(tom.request('friendAddDirect', { friendId: 'sam' }))).toBe(ErrorCode.PERMISSION_DENIED);
      expect(await refusal(admin.request('friendAddDirect', { friendId: 'rita' }, { subject: 'rita' }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(admin.request('friendAddDirect', { friendId: 'ghost' }, { subject: 'rita' }))).toBe(ErrorCode.USER_NOT_FOUND);
      expect((await tom.request('friendList', {})).friends).toEqual([]);
      await setAllowType('uma', AllowType.ALLOW_TYPE_ALLOW_ANY);
      expect((await tom.request('friendAddDirect', { friendId: 'uma' })).friendId).toBe('uma');
      for (const c of [rita, admin, tom]) c.close();
    });

    it('keeps tenants apart: a user of another app is unknown', async () => {
      await createUser(server.context.store, OTHER_APP.id, { userId: 'outsider' });
      const vic = await server.login('vic');
      expect(await refusal(vic.request('friendRequest', { to: { userId: 'outsider' } }))).toBe(ErrorCode.USER_NOT_FOUND);
      const blocked = await vic.request('blockAdd', { users: [{ userId: 'outsider' }] });
      expect(blocked.results[0].code).toBe(ErrorCode.USER_NOT_FOUND);
      const check = await vic.request('friendCheck', { userIds: ['outsider'] });
      expect(check.items[0].relation).toBe(FriendRelation.FRIEND_RELATION_NONE);
      vic.close();
    });
  });
}
