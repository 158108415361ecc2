import type { parley } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { fromJson, K } from '../../src/model/schema.js';
import { findTransient, rememberTransient } from '../../src/model/transient-sent.js';
import { transact } from '../../src/model/tx.js';
import { MemoryServerStore } from '../../src/store/memory.js';
import type { KvMutation, ServerStore } from '../../src/store/types.js';
import { TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

// Found by the chaos test (packages/tests/test/chaos). A resume's answer is the only place the
// client learns which rooms it is out of, and that answer can die with the link: the server must
// say it again on the next resume, and must know a room was entered before saying so. And a
// transient send whose answer was lost is resent, possibly to another node (the first one died)
// that must still recognise it rather than fan it out a second time.

async function resume(server: TestServer, resumeToken: string): Promise<TestClient & { result: parley.v1.ILoginResult }> {
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: { appId: TEST_APP.id } });
  const result = await client.request('authResume', { resumeToken });
  return Object.assign(client, { result });
}

/** Resumes, reads the answer, and drops the link the way a network failure would. */
async function resumeAndLose(server: TestServer, resumeToken: string): Promise<string[]> {
  const client = await resume(server, resumeToken);
  client.terminate();
  await client.closed;
  return client.result.evictedRoomIds ?? [];
}

/** A store several servers share (in-process nodes of one cluster): closing one server leaves it open. */
function shared(store: ServerStore, slowResumeWritesMs = 0): ServerStore {
  const touchesResume = (m: KvMutation) => (m.sets ?? []).some((s) => s.key[1] === 'resume');
  return {
    kind: store.kind,
    open: () => store.open(),
    close: async () => {},
    get: (key) => store.get(key),
    getMany: (keys) => store.getMany(keys),
    list: (selector) => store.list(selector),
    async commit(mutation) {
      if (slowResumeWritesMs > 0 && touchesResume(mutation)) await new Promise((r) => setTimeout(r, slowResumeWritesMs));
      return store.commit(mutation);
    },
  };
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
});

describe('rooms across resumes whose answer is lost', () => {
  it('a room the session was evicted from while away is reported on every resume until it enters again', async () => {
    const server = await startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, roomEvictAfterMs: 300, resumeGraceMs: 10_000 } });
    stops.push(() => server.stop());
    const owner = await server.login('rr-owner');
    const { roomId } = await owner.request('roomCreate', { room: { name: 'live' } });
    await owner.request('roomEnter', { room: { roomId } });
    const bob = await server.login('rr-bob');
    await bob.request('roomEnter', { room: { roomId } });
    bob.terminate();
    await owner.waitForPush((p) => (p.roomPresence?.left ?? []).includes('rr-bob'));

    expect(await resumeAndLose(server, bob.login.resumeToken)).toEqual([roomId]);
    // The first answer never reached the app: the second resume says it again.
    const back = await resume(server, bob.login.resumeToken);
    expect(back.result.evictedRoomIds).toEqual([roomId]);
    expect((await back.request('roomEnter', { room: { roomId } })).alreadyIn).toBe(false);
    // In the room again: a quick reconnect (inside the eviction grace) reports nothing.
    back.terminate();
    await back.closed;
    expect(await resumeAndLose(server, bob.login.resumeToken)).toEqual([]);
    owner.close();
  });

  it('a room held by a node the session left is reported on every resume elsewhere until it enters again', async () => {
    const store = new MemoryServerStore();
    stops.push(() => store.close());
    const a = await startTestServer({}, TEST_APP, shared(store));
    stops.push(() => a.stop());
    const b = await startTestServer({}, TEST_APP, shared(store));
    stops.push(() => b.stop());
    const bob = await a.login('rn-bob');
    const { roomId } = await bob.request('roomCreate', { room: { name: 'live' } });
    await bob.request('roomEnter', { room: { roomId } });
    bob.terminate();
    await bob.closed;

    // Node B never held the session's rooms (as when node A died): it is out of them.
    expect(await resumeAndLose(b, bob.login.resumeToken)).toEqual([roomId]);
    const back = await resume(b, bob.login.resumeToken);
    expect(back.result.evictedRoomIds).toEqual([roomId]);
    await back.request('roomEnter', { room: { roomId } });
    back.terminate();
    await back.closed;
    expect(await resumeAndLose(b, bob.login.resumeToken)).toEqual([]);
  });

  it('room.enter answers only once the resume record lists the room, so a node that takes the session over knows', async () => {
    const store = new MemoryServerStore();
    stops.push(() => store.close());
    const server = await startTestServer({}, TEST_APP, shared(store, 150));
    stops.push(() => server.stop());
    const bob = await server.login('rw-bob');
    const { roomId } = await bob.request('roomCreate', { room: { name: 'live' } });
    await bob.request('roomEnter', { room: { roomId } });
    // Read at once, as the node the client fails over to would if this one died now.
    const row = await store.get(K.resume(TEST_APP.id, bob.login.resumeToken));
    expect(row && fromJson<{ rooms?: string[] }>(row.value).rooms).toEqual([roomId]);
    bob.close();
  });
});

describe('transient sends resent on another node', () => {
  /** Two nodes on one store; each has its own in-process bus, so only the store links them. */
  async function twoNodes(): Promise<[TestServer, TestServer]> {
    const store = new MemoryServerStore();
    stops.push(() => store.close());
    const a = await startTestServer({}, TEST_APP, shared(store));
    stops.push(() => a.stop());
    const b = await startTestServer({}, TEST_APP, shared(store));
    stops.push(() => b.stop());
    return [a, b];
  }

  it('a room message is answered as a duplicate and not fanned out again', async () => {
    const [a, b] = await twoNodes();
    const carol = await b.login('td-carol');
    const { roomId } = await carol.request('roomCreate', { room: { name: 'live' } });
    await carol.request('roomEnter', { room: { roomId } });
    const onA = await a.login('td-bob');
    await onA.request('roomEnter', { room: { roomId } });
    const first = await onA.request('msgSend', text(`room:${roomId}`, 'once', 'td-m1'));
    expect(first.duplicate).toBe(false);
    // Node A "died" before the answer arrived: the client resends from its session on node B.
    const onB = await b.login('td-bob');
    await onB.request('roomEnter', { room: { roomId } });
    const again = await onB.request('msgSend', text(`room:${roomId}`, 'once', 'td-m1'));
    expect(again).toMatchObject({ duplicate: true, serverMsgId: first.serverMsgId });
    await onB.request('msgSend', text(`room:${roomId}`, 'marker', 'td-m2'));
    await carol.waitForPush((p) => p.message?.message?.clientMsgId === 'td-m2');
    expect(carol.messages(`room:${roomId}`).map((m) => m.clientMsgId)).toEqual(['td-m2']);
    // Answered even once the sender is out of the room: it was sent when it was in.
    await onB.request('roomExit', { room: { roomId } });
    expect(await onB.request('msgSend', text(`room:${roomId}`, 'once', 'td-m1'))).toMatchObject({ duplicate: true, serverMsgId: first.serverMsgId });
    for (const c of [carol, onA, onB]) c.close();
  });

  it('an online-only C2C message is answered as a duplicate and not delivered again', async () => {
    const [a, b] = await twoNodes();
    const carol = await b.login('to-carol');
    const onA = await a.login('to-bob');
    const online = (clientMsgId: string) => ({ ...(text('c2c:to-carol', 'typing…', clientMsgId) as object), flags: { onlineOnly: true } });
    const first = await onA.request('msgSend', online('to-m1'));
    const onB = await b.login('to-bob');
    expect(await onB.request('msgSend', online('to-m1'))).toMatchObject({ duplicate: true, serverMsgId: first.serverMsgId });
    await onB.request('msgSend', online('to-m2'));
    await carol.waitForPush((p) => p.message?.message?.clientMsgId === 'to-m2');
    expect(carol.messages().map((m) => m.clientMsgId)).toEqual(['to-m2']);
    for (const c of [carol, onA, onB]) c.close();
  });
});

describe('transient dedup rows', () => {
  it('are found for at least ten minutes, and swept once two buckets old', async () => {
    const store = new MemoryServerStore();
    await store.open();
    stops.push(() => store.close());
    const t0 = 1_700_000_000_000;
    const minutes = (n: number) => t0 + n * 60_000;
    const result = { serverMsgId: 's1', seq: 0, time: t0, duplicate: false, senderTinyId: 7 };
    const find = (clientMsgId: string, now: number) => transact(store, (tx) => findTransient(tx, TEST_APP.id, 'u1', clientMsgId, now));
    await rememberTransient(store, TEST_APP.id, 'u1', 'm1', result, t0);
    expect(await find('m1', minutes(1))).toEqual({ ...result, duplicate: true });
    expect(await find('m1', minutes(10))).toEqual({ ...result, duplicate: true });
    await rememberTransient(store, TEST_APP.id, 'u1', 'm2', { ...result, serverMsgId: 's2' }, minutes(25));
    for (let i = 0; i < 100 && (await store.list({ prefix: [TEST_APP.id, 'tsent'] })).length > 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await store.list({ prefix: [TEST_APP.id, 'tsent'] })).map((row) => row.key.at(-1))).toEqual(['m2']);
    expect(await find('m1', minutes(25))).toBeUndefined();
  });
});
