/**
 * Scale-out (issue 12): two nodes sharing PostgreSQL and Redis. Needs PARLEY_TEST_PG_URL and
 * PARLEY_TEST_REDIS_URL (`.ci/run` sets them); without them the suite says that it skips.
 */
import { type Client, groupsOf, type Message, roomsOf } from '@parley/core';
import type { AppConfig, RunningServer } from '@parley/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP, eventually, textOf } from '../helpers/harness.js';
import { dropSchema, isolation, NATS_URL, nodeConfig, PG_URL, REDIS_URL, startNode, withParam } from './cluster.js';
import { Fleet, inbox, received, wsUrl } from './fleet.js';

const CLUSTER_APP: AppConfig = { ...APP, policy: { ...APP.policy, webInstances: 1, roomCountPushIntervalMs: 0 } };
const text = (convId: string, body: string) => ({ convId, elements: [{ text: { text: body } }] });

const BUSES = [
  { name: 'Redis', url: REDIS_URL, variable: 'PARLEY_TEST_REDIS_URL=redis://…' },
  { name: 'NATS', url: NATS_URL, variable: 'PARLEY_TEST_NATS_URL=nats://…' },
];

for (const bus of BUSES) {
  const ready = PG_URL !== undefined && bus.url !== undefined;
  describe.skipIf(!ready)(`two nodes on PostgreSQL and ${bus.name}`, () => suite(bus.url as string));
  describe.skipIf(ready)(`two nodes on PostgreSQL and ${bus.name}`, () => {
    it.skip(`skipped: set PARLEY_TEST_PG_URL=postgres://… and ${bus.variable} to run the scale-out suites`, () => {});
  });
}

function suite(busUrl: string): void {
  const { schema, prefix } = isolation();
  let a: RunningServer;
  let b: RunningServer;
  let fleet: Fleet;

  beforeAll(async () => {
    const store = withParam(PG_URL as string, 'schema', schema);
    const bus = withParam(busUrl, 'prefix', prefix);
    a = await startNode(nodeConfig(CLUSTER_APP, store, bus));
    b = await startNode(nodeConfig(CLUSTER_APP, store, bus));
    fleet = new Fleet(CLUSTER_APP, () => a.url);
  });
  afterEach(async () => {
    await fleet.closeAll();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(schema);
  });

  it('the nodes hold different node ids', () => {
    expect(a.context.cluster.nodeId).not.toBe(b.context.cluster.nodeId);
  });

  it('clients on different nodes chat one to one, both ways, each message once', async () => {
    const alice = await fleet.login('c2c-alice', wsUrl(a.url));
    const bob = await fleet.login('c2c-bob', wsUrl(b.url));
    const atBob = inbox(bob, 'c2c:c2c-alice');
    const atAlice = inbox(alice, 'c2c:c2c-bob');
    for (let i = 0; i < 20; i++) {
      await alice.send(text('c2c:c2c-bob', `a${i}`));
      await bob.send(text('c2c:c2c-alice', `b${i}`));
    }
    await eventually(() => expect(received(bob, 'c2c:c2c-alice')).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}`)));
    await eventually(() => expect(received(alice, 'c2c:c2c-bob')).toEqual(Array.from({ length: 20 }, (_, i) => `b${i}`)));
    expect([...atBob.values(), ...atAlice.values()].every((n) => n === 1)).toBe(true);
  });

  it('a group spanning both nodes: every member gets every message once, in order', async () => {
    const ann = await fleet.login('grp-ann', wsUrl(a.url));
    const ben = await fleet.login('grp-ben', wsUrl(b.url));
    const cat = await fleet.login('grp-cat', wsUrl(b.url));
    const { group } = await groupsOf(ann).create({ name: 'two nodes', type: 2, joinOption: 2, members: ['grp-ben', 'grp-cat'] });
    const convId = `group:${group.groupId}`;
    await eventually(() => expect(groupsOf(cat).group(group.groupId ?? '')).toBeTruthy());
    await ann.send(text(convId, 'from a'));
    await ben.send(text(convId, 'from b'));
    await cat.send(text(convId, 'from c'));
    const all = (client: Client) =>
      client
        .messages(convId)
        .filter((m: Message) => m.status === 'sent' && !m.hidden && m.elements[0]?.text)
        .map(textOf);
    for (const member of [ann, ben, cat]) await eventually(() => expect(all(member)).toEqual(['from a', 'from b', 'from c']));
  });

  it('a live room with members on both nodes: messages both ways, counts and member lists over both nodes', async () => {
    const host = await fleet.login('room-host', wsUrl(a.url));
    const guest = await fleet.login('room-guest', wsUrl(b.url));
    const room = await roomsOf(host).create({ name: 'across' });
    const roomId = room.roomId ?? '';
    const hostRoom = await roomsOf(host).join(roomId);
    const guestRoom = await roomsOf(guest).join(roomId);
    expect(guestRoom.count).toBe(2);
    expect([...guestRoom.members].sort()).toEqual(['room-guest', 'room-host']);
    await eventually(() => expect(hostRoom.count).toBe(2));
    const atHost: string[] = [];
    const atGuest: string[] = [];
    hostRoom.on('message', (m) => atHost.push(textOf(m)));
    guestRoom.on('message', (m) => atGuest.push(textOf(m)));
    await guestRoom.send([{ text: { text: 'hi from b' } }]);
    await hostRoom.send([{ text: { text: 'hi from a' } }]);
    await eventually(() => expect(atHost).toEqual(['hi from b']));
    await eventually(() => expect(atGuest).toEqual(['hi from a']));
    await guestRoom.leave();
    await eventually(() => expect(hostRoom.count).toBe(1));
  });

  it('presence counts sessions on every node', async () => {
    const watcher = await fleet.login('pr-watch', wsUrl(a.url));
    const subject = await fleet.login('pr-subject', wsUrl(b.url));
    const query = async () => (await watcher.request('presenceQuery', { userIds: ['pr-subject'] })) as { presences: { status: number; sessionCount: number }[] };
    expect((await query()).presences[0]).toMatchObject({ status: 1, sessionCount: 1 });
    await subject.logout();
    await eventually(async () => expect((await query()).presences[0]?.status).not.toBe(1));
  });

  it('a policy changed through node A\'s admin API reaches node B within a heartbeat', async () => {
    await fleet.admin('config', { policy: { revokeWindowSec: 321 } });
    expect(a.context.tenants.get(CLUSTER_APP.id)?.policy.revokeWindowSec).toBe(321);
    await eventually(() => expect(b.context.tenants.get(CLUSTER_APP.id)?.policy.revokeWindowSec).toBe(321), 12_000);
  });

  it('a login on node B kicks the same user on node A (webInstances: 1)', async () => {
    const first = await fleet.login('kick-me', wsUrl(a.url));
    const kicked = new Promise<unknown>((resolve) => first.on('kicked', resolve));
    const second = await fleet.login('kick-me', wsUrl(b.url));
    await kicked;
    await eventually(() => expect(first.state).toBe('kicked'));
    expect(second.state).toBe('ready');
    // Only node B's session is left in the shared directory.
    const sessions = await b.context.cluster.directory.sessionsOf(CLUSTER_APP.id, 'kick-me');
    expect(sessions.map((s) => s.instance)).toEqual([b.context.cluster.instance]);
  });
}
