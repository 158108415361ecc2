import { type CollectionChange, type GroupMember, groupsOf } from '@parley/core';
import { ErrorCode } from '@parley/protocol/codes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const PUBLIC = 2; // GroupType.PUBLIC
const COMMUNITY = 4; // GroupType.COMMUNITY
const APPROVAL = 0; // JoinOption.APPROVAL
const FREE = 1; // JoinOption.FREE
const OWNER = 2; // GroupRole.OWNER
const ADMIN = 1; // GroupRole.ADMIN
const userIdsOf = (members: readonly GroupMember[]) => members.map((m) => m.userId).sort();

describe('GroupsApi against a real server', () => {
  it('create, join, kick and quit reach both members’ stores and member lists', async () => {
    const owner = await h.login('gm-owner');
    const ann = await h.login('gm-ann');
    const ben = await h.login('gm-ben');
    const { group, failed } = await groupsOf(owner).create({ name: 'club', type: PUBLIC, joinOption: FREE, members: ['gm-ann'] });
    const groupId = group.groupId ?? '';
    expect(failed).toEqual([]);
    expect(groupsOf(owner).group(groupId)?.name).toBe('club');
    expect(owner.store.memberships.get(groupId)?.joined).toBe(true);

    await eventually(() => expect(groupsOf(ann).group(groupId)?.name).toBe('club'));
    expect(userIdsOf(await groupsOf(ann).members(groupId))).toEqual(['gm-ann', 'gm-owner']);
    const annMembers: Array<CollectionChange<GroupMember>> = [];
    ann.on('members', (id, change) => id === groupId && annMembers.push(change));

    // The wire lists standard groups only without a filter; the API lists every type by default.
    expect((await groupsOf(owner).listJoined()).map((g) => g.groupId)).toContain(groupId);
    expect(await groupsOf(owner).listJoined({ type: 0 })).toEqual([]);

    const joined = await groupsOf(ben).join(groupId);
    expect(joined.status).toBe('joined');
    expect(groupsOf(ben).group(groupId)).toBeDefined();
    await eventually(() => expect(userIdsOf(ann.store.members(groupId).values())).toEqual(['gm-ann', 'gm-ben', 'gm-owner']));
    expect(annMembers.flatMap((c) => c.upserted.map((m) => m.userId))).toContain('gm-ben');

    expect(userIdsOf(await groupsOf(owner).members(groupId))).toEqual(['gm-ann', 'gm-ben', 'gm-owner']);
    const kicked = await groupsOf(owner).removeMembers(groupId, ['gm-ben'], { reason: 'spam' });
    expect(kicked.success).toEqual(['gm-ben']);
    expect(userIdsOf(await groupsOf(owner).members(groupId))).toEqual(['gm-ann', 'gm-owner']);
    await eventually(() => expect(groupsOf(ben).group(groupId)).toBeUndefined());
    expect(groupsOf(ben).joined().map((g) => g.groupId)).not.toContain(groupId);
    await eventually(() => expect(annMembers.flatMap((c) => c.deleted)).toContain('gm-ben'));

    await groupsOf(ann).quit(groupId);
    expect(groupsOf(ann).group(groupId)).toBeUndefined();
    await eventually(() => expect(userIdsOf(owner.store.members(groupId).values())).toEqual(['gm-owner']));
  });

  it('profile, roles, mutes and name cards: own results at once, the others by push', async () => {
    const owner = await h.login('gp-owner');
    const cam = await h.login('gp-cam');
    const { group } = await groupsOf(owner).create({ name: 'before', type: PUBLIC, members: ['gp-cam'] });
    const groupId = group.groupId ?? '';
    await eventually(() => expect(groupsOf(cam).group(groupId)).toBeDefined());
    await groupsOf(owner).members(groupId);

    const updated = await groupsOf(owner).update(groupId, { name: 'after', customFields: { tag: '"x"' } });
    expect(updated.name).toBe('after');
    expect(groupsOf(owner).group(groupId)?.name).toBe('after');
    await eventually(() => expect(groupsOf(cam).group(groupId)?.name).toBe('after'));

    expect((await groupsOf(owner).setRole(groupId, 'gp-cam', ADMIN)).role).toBe(ADMIN);
    expect(owner.store.members(groupId).get('gp-cam')?.role).toBe(ADMIN);
    const muted = await groupsOf(owner).mute(groupId, 'gp-cam', 60);
    expect(Number(muted.muteUntil)).toBeGreaterThan(Date.now());
    const card = await groupsOf(owner).updateMember(groupId, 'gp-owner', { nameCard: 'Boss' });
    expect(card.nameCard).toBe('Boss');
    expect(owner.store.members(groupId).get('gp-owner')?.nameCard).toBe('Boss');

    // Someone outside sees the profile without it entering their store.
    const outsider = await h.login('gp-out');
    const seen = await groupsOf(outsider).get([groupId]);
    expect(seen.groups.map((g) => g.name)).toEqual(['after']);
    expect(seen.selfInfo).toEqual([]);
    expect(groupsOf(outsider).group(groupId)).toBeUndefined();

    const moved = await groupsOf(owner).transferOwner(groupId, 'gp-cam');
    expect(moved.ownerId).toBe('gp-cam');
    expect(owner.store.members(groupId).get('gp-cam')?.role).toBe(OWNER);
    await groupsOf(cam).dismiss(groupId);
    expect(groupsOf(cam).group(groupId)).toBeUndefined();
    await eventually(() => expect(groupsOf(owner).group(groupId)).toBeUndefined());
  });

  it('an application is approved by the owner and the applicant joins', async () => {
    const owner = await h.login('ga-owner');
    const dora = await h.login('ga-dora');
    const { group } = await groupsOf(owner).create({ name: 'closed', type: PUBLIC, joinOption: APPROVAL });
    const groupId = group.groupId ?? '';
    await groupsOf(owner).members(groupId);

    const applied = await groupsOf(dora).join(groupId, { message: 'let me in' });
    expect(applied.status).toBe('pending');
    expect(groupsOf(dora).group(groupId)).toBeUndefined();
    const [application] = await groupsOf(owner).applications('in');
    expect(application).toMatchObject({ groupId, applicantId: 'ga-dora', reqMsg: 'let me in' });
    expect(application?.handleResult ?? 0).toBe(0);
    expect((await groupsOf(dora).applications('out')).map((a) => a.groupId)).toEqual([groupId]);

    await groupsOf(owner).handleApplication({ groupId, applicantId: 'ga-dora' }, 'accept', { message: 'welcome' });
    expect(userIdsOf(owner.store.members(groupId).values())).toEqual(['ga-dora', 'ga-owner']);
    await eventually(() => expect(groupsOf(dora).group(groupId)?.name).toBe('closed'));
    await expect(groupsOf(owner).handleApplication(application?.id ?? '', 'reject')).rejects.toMatchObject({ code: ErrorCode.ALREADY_HANDLED });
  });

  it('attributes and counters written by one member reach the other’s cache', async () => {
    const owner = await h.login('gt-owner');
    const eli = await h.login('gt-eli');
    const { group } = await groupsOf(owner).create({ name: 'attrs', type: PUBLIC, members: ['gt-eli'] });
    const groupId = group.groupId ?? '';
    await eventually(() => expect(groupsOf(eli).group(groupId)).toBeDefined());
    const pushes: string[] = [];
    eli.on('push', (p) => p.attributes?.scope?.groupId === groupId && pushes.push(Object.keys(p.attributes.changed ?? {}).join()));

    const init = await groupsOf(owner).writeAttributes(groupId, 'init', { entries: { k1: 'v1' } });
    expect(init.values).toEqual({ k1: 'v1' });
    expect(groupsOf(owner).attributes(groupId)).toEqual({ k1: 'v1' });
    await eventually(() => expect(groupsOf(eli).attributes(groupId)).toEqual({ k1: 'v1' }));
    await groupsOf(owner).writeAttributes(groupId, 'upsert', { entries: { k2: 'v2' } });
    await groupsOf(owner).writeAttributes(groupId, 'delete', { keys: ['k1'] });
    await eventually(() => expect(groupsOf(eli).attributes(groupId)).toEqual({ k2: 'v2' }));
    expect(pushes).toEqual(['k1', 'k2', '']);
    const read = await groupsOf(eli).getAttributes(groupId);
    expect(read.entries.k2).toMatchObject({ value: 'v2', lastWriter: 'gt-owner' });

    expect(await groupsOf(owner).writeCounters(groupId, { likes: 5 })).toEqual({ likes: 5 });
    await eventually(() => expect(groupsOf(eli).counters(groupId)).toEqual({ likes: 5 }));
    expect(await groupsOf(eli).writeCounters(groupId, { likes: 2 }, 'increase')).toEqual({ likes: 7 });
    await eventually(() => expect(groupsOf(owner).counters(groupId)).toEqual({ likes: 7 }));
    expect(await groupsOf(owner).getCounters(groupId, ['likes'])).toEqual({ likes: 7 });
  });

  it('topics of a community are created, listed, updated and deleted', async () => {
    const owner = await h.login('gc-owner');
    const { group } = await groupsOf(owner).create({ name: 'hub', type: COMMUNITY, isSupportTopic: true });
    const communityId = group.groupId ?? '';
    const topic = await groupsOf(owner).createTopic(communityId, { name: 'general' });
    expect(topic.parentId).toBe(communityId);
    await groupsOf(owner).updateTopic(communityId, topic.groupId ?? '', { name: 'lobby' });
    const listed = await groupsOf(owner).listTopics(communityId);
    expect(listed.topics.map((t) => t.name)).toEqual(['lobby']);
    expect(await groupsOf(owner).deleteTopics(communityId, [topic.groupId ?? ''])).toEqual([{ id: topic.groupId, code: 0, message: expect.any(String) }]);
    expect((await groupsOf(owner).listTopics(communityId)).topics).toEqual([]);
  });
});
