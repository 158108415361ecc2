import { afterEach, describe, expect, it } from 'vitest';
import { LocalBus } from '../../src/bus/local.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { claimNodeId, listLeases, NodeIdUnavailableError } from '../../src/cluster/nodes.js';
import { nullLogger } from '../../src/log.js';
import { MemoryServerStore } from '../../src/store/memory.js';
import type { ServerStore } from '../../src/store/types.js';

const LEASE_MS = 1000;
const BEAT_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const joined: Cluster[] = [];
afterEach(async () => {
  for (const cluster of joined.splice(0)) await cluster.leave();
});

/** A node of a test cluster: every node shares `store`; the bus is in-process but not "solo". */
async function node(store: ServerStore, options: { nodeId?: number; takeOver?: boolean } = {}): Promise<Cluster> {
  const cluster = await Cluster.join({ store, bus: new LocalBus(), log: nullLogger, url: 'test', leaseMs: LEASE_MS, heartbeatMs: BEAT_MS, ...options });
  joined.push(cluster);
  return cluster;
}

const session = (sessionId: string, userId: string) => ({ sessionId, userId, platform: 5, deviceId: '', createdAt: Date.now(), resumeToken: `rt-${sessionId}` });

describe('node leases', () => {
  it('nodes take the lowest free ids; a fixed id held by a live node is refused after the wait', async () => {
    const store = new MemoryServerStore();
    await store.open();
    const a = await node(store);
    const b = await node(store);
    expect([a.nodeId, b.nodeId]).toEqual([0, 1]);
    await expect(claimNodeId({ store, url: 'x', leaseMs: LEASE_MS, nodeId: 0, waitMs: 200 })).rejects.toThrow(NodeIdUnavailableError);
    // A graceful leave frees the id at once.
    await a.leave();
    expect((await node(store, { nodeId: 0 })).nodeId).toBe(0);
  });

  it('a lone node takes its id back from its own earlier run at once, and sweeps what that run left', async () => {
    const store = new MemoryServerStore();
    await store.open();
    const first = await node(store, { takeOver: true });
    await first.directory.sessionUp('app', session('s1', 'alice'));
    first.halt();
    const second = await node(store, { takeOver: true });
    expect(second.nodeId).toBe(0);
    expect(second.instance).not.toBe(first.instance);
    // The earlier run's session is not counted, and the next heartbeat deletes its row.
    expect(await second.directory.sessionsOf('app', 'alice')).toEqual([]);
    await sleep(BEAT_MS * 3);
    expect(await store.list({ prefix: ['~cluster', 'sess'] })).toEqual([]);
    expect(await store.list({ prefix: ['~cluster', 'inst'] })).toEqual([]);
  });
});

describe('a node that stops renewing its lease', () => {
  it('stops counting at once its lease expires, then is swept by exactly one survivor, who reports its users', async () => {
    const store = new MemoryServerStore();
    await store.open();
    const a = await node(store);
    const b = await node(store);
    const c = await node(store);
    const gone: string[] = [];
    for (const survivor of [a, c]) survivor.on({ usersGone: (users) => gone.push(...users.map((u) => `${u.app}/${u.userId}`)) });
    await b.directory.sessionUp('app', session('b1', 'bob'));
    await b.directory.sessionUp('app', session('b2', 'bea'));
    await b.directory.roomJoined('app', 'room1', 'bob');
    await a.directory.roomJoined('app', 'room1', 'ann');
    // Bob also resumed one session on node A before B died: A's row must survive the sweep.
    await b.directory.sessionUp('app', session('moved', 'max'));
    await a.directory.sessionUp('app', session('moved', 'max'));
    expect((await a.remoteSessionsOf('app', 'bob')).map((s) => s.sessionId)).toEqual(['b1']);
    expect((await a.directory.roomUserIds('app', 'room1')).sort()).toEqual(['ann', 'bob']);

    b.halt();
    await sleep(LEASE_MS + BEAT_MS * 4);
    expect(await a.remoteSessionsOf('app', 'bob')).toEqual([]);
    expect(await a.directory.roomUserIds('app', 'room1')).toEqual(['ann']);
    expect(gone.sort()).toEqual(['app/bea', 'app/bob']);
    expect((await listLeases(store)).map((l) => l.nodeId).sort()).toEqual([a.nodeId, c.nodeId].sort());
    // Swept: B's rows and index entries are gone, the resumed session is A's.
    const rows = await store.list({ prefix: ['~cluster'] });
    expect(rows.some((row) => row.key.includes(b.instance))).toBe(false);
    expect((await a.directory.sessionsOf('app', 'max')).map((s) => s.instance)).toEqual([a.instance]);
    expect(await store.list({ prefix: ['~cluster', 'dead'] })).toEqual([]);
  });

  it('the id of a frozen node can be claimed once its lease expired, and the frozen instance no longer counts', async () => {
    const store = new MemoryServerStore();
    await store.open();
    const a = await node(store);
    a.halt();
    await sleep(LEASE_MS + 50);
    const b = await node(store, { nodeId: a.nodeId });
    expect(b.nodeId).toBe(a.nodeId);
    expect(b.isLive(a.instance)).toBe(false);
    expect(b.isLive(b.instance)).toBe(true);
  });
});
