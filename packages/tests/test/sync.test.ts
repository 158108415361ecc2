import { type Client, ClientCode, type Message, StorageError, type StorageFactory } from '@parley/core';
import { memoryStorage } from '@parley/storage-memory';
import { WebSocketTransport } from '@parley/transport-websocket';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, type Harness, startHarness, textOf } from './helpers/harness.js';
import { LossyTransport } from './helpers/lossy.js';

const text = (convId: string, body: string) => ({ convId, elements: [{ text: { text: body } }] });

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Counts every `messages` event entry per seq, to prove exactly-once emission. */
function recorder(client: Client, convId: string) {
  const seen = new Map<string, number>();
  client.on('messages', (c, messages) => {
    if (c !== convId) return;
    for (const m of messages) if (!m.hidden && m.status === 'sent') seen.set(textOf(m), (seen.get(textOf(m)) ?? 0) + 1);
  });
  return seen;
}

const visibleTexts = (client: Client, convId: string) => client.messages(convId).filter((m) => m.status === 'sent').map(textOf);
const seqs = (messages: Message[]) => messages.map((m) => m.seq);

describe('sync and reconnect', () => {
  it('a reload shows the cached conversation list first, then syncs the rest exactly once', async () => {
    h = await startHarness();
    const storage = memoryStorage();
    const alice = await h.login('alice', { storage });
    const bob = await h.login('bob');
    await bob.send(text('c2c:alice', 'one'));
    await eventually(() => expect(visibleTexts(alice, 'c2c:bob')).toEqual(['one']));
    await alice.close();

    await bob.send(text('c2c:alice', 'two'));
    await h.stop(false);

    // "Reload": a new client on the same storage, with the server down.
    const reloaded = h.client({ storage });
    const hydrated = new Promise<void>((resolve) => reloaded.on('hydrated', resolve));
    const seen = recorder(reloaded, 'c2c:bob');
    const login = reloaded.login({ credential: { nativeToken: { userId: 'alice', token: await tokenWhileDown(h, 'alice') } } });
    await hydrated;
    expect(reloaded.state).not.toBe('ready');
    const row = reloaded.conversation('c2c:bob');
    expect(row?.lastMessage && textOf(row.lastMessage)).toBe('one');
    await reloaded.loadOlder('c2c:bob');
    expect(visibleTexts(reloaded, 'c2c:bob')).toEqual(['one']);

    await h.restart();
    await login;
    await eventually(() => expect(visibleTexts(reloaded, 'c2c:bob')).toEqual(['one', 'two']));
    expect(seen.get('two')).toBe(1);
    expect(seen.has('one')).toBe(false);
  });

  it('cutting connections in the middle of bursts loses and doubles nothing, in order', async () => {
    h = await startHarness();
    const lossyA = new LossyTransport(new WebSocketTransport({ WebSocket: WebSocket as never }), 7);
    const lossyB = new LossyTransport(new WebSocketTransport({ WebSocket: WebSocket as never }), 11);
    const alice = await h.login('alice', { transport: lossyA });
    const bob = await h.login('bob', { transport: lossyB });
    const atAlice = recorder(alice, 'c2c:bob');
    const atBob = recorder(bob, 'c2c:alice');
    lossyA.dropRate = 0.2;
    lossyB.dropRate = 0.2;

    const N = 60;
    const sends: Promise<Message>[] = [];
    for (let i = 0; i < N; i++) {
      sends.push(alice.send(text('c2c:bob', `a${i}`)));
      sends.push(bob.send(text('c2c:alice', `b${i}`)));
      if (i === 15) lossyA.cut();
      if (i === 30) lossyB.cut();
      if (i === 45) {
        lossyA.cut();
        lossyB.cut();
      }
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const sent = await Promise.all(sends);
    expect(sent.every((m) => m.status === 'sent')).toBe(true);
    lossyA.dropRate = 0;
    lossyB.dropRate = 0;
    // A last message from each side flushes any gap left by a dropped push.
    await alice.send(text('c2c:bob', 'a-end'));
    await bob.send(text('c2c:alice', 'b-end'));

    const expected = (prefix: string) => [...Array.from({ length: N }, (_, i) => `${prefix}${i}`), `${prefix}-end`];
    for (const [client, convId, seen, other] of [
      [alice, 'c2c:bob', atAlice, 'b'],
      [bob, 'c2c:alice', atBob, 'a'],
    ] as const) {
      await eventually(() => {
        const texts = visibleTexts(client, convId);
        expect(texts.filter((t) => t.startsWith(other))).toEqual(expected(other));
      }, 20_000);
      const all = client.messages(convId).filter((m) => m.status === 'sent');
      expect(seqs(all)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      for (const t of expected(other)) expect(seen.get(t), t).toBe(1);
    }
    expect(lossyA.dropped + lossyB.dropped).toBeGreaterThan(0);
  });

  it('the outbox survives a reload and sends each message once', async () => {
    h = await startHarness();
    const storage = memoryStorage();
    const bob = await h.login('bob');
    const received = recorder(bob, 'c2c:alice');
    const token = await h.token('alice');
    await h.stop(false);

    const before = h.client({ storage });
    void before.login({ credential: { nativeToken: { userId: 'alice', token } } }).catch(() => {});
    await new Promise<void>((resolve) => before.on('hydrated', resolve));
    const first = before.send(text('c2c:bob', 'queued 1'));
    const second = before.send(text('c2c:bob', 'queued 2'));
    void first.catch(() => {});
    void second.catch(() => {});
    await eventually(() => expect(before.messages('c2c:bob').map((m) => `${m.status}:${textOf(m)}`)).toEqual(['pending:queued 1', 'pending:queued 2']));
    await before.close();

    const after = h.client({ storage });
    const login = after.login({ credential: { nativeToken: { userId: 'alice', token } } });
    await new Promise<void>((resolve) => after.on('hydrated', resolve));
    expect(after.messages('c2c:bob').map((m) => `${m.status}:${textOf(m)}`)).toEqual(['pending:queued 1', 'pending:queued 2']);
    await h.restart();
    await login;
    await eventually(() => expect(after.messages('c2c:bob').map((m) => `${m.status}:${textOf(m)}`)).toEqual(['sent:queued 1', 'sent:queued 2']));
    await eventually(() => expect([...received.entries()]).toEqual([['queued 1', 1], ['queued 2', 1]]));
  });

  it('a storage failure is reported once and the client keeps working from memory', async () => {
    h = await startHarness();
    const inner = memoryStorage();
    let failing = false;
    const storage: StorageFactory = async (scope) => {
      const adapter = await inner(scope);
      return {
        get: (key) => adapter.get(key),
        range: (query) => adapter.range(query),
        clear: (prefix) => adapter.clear(prefix),
        close: () => adapter.close(),
        batch: (ops) => (failing ? Promise.reject(new StorageError(ClientCode.STORAGE_QUOTA, 'batch', 'quota exceeded')) : adapter.batch(ops)),
      };
    };
    const alice = await h.login('alice', { storage });
    const errors: number[] = [];
    alice.on('storageError', (error) => errors.push(error.code));
    const bob = await h.login('bob');
    failing = true;
    for (let i = 0; i < 3; i++) await bob.send(text('c2c:alice', `m${i}`));
    await eventually(() => expect(visibleTexts(alice, 'c2c:bob')).toEqual(['m0', 'm1', 'm2']));
    expect(errors).toEqual([ClientCode.STORAGE_QUOTA]);
    const reply = await alice.send(text('c2c:bob', 'still here'));
    expect(reply.status).toBe('sent');
  });

  it('a kick by another login ends in `kicked` with no reconnect', async () => {
    h = await startHarness({}, { ...(await import('./helpers/harness.js')).APP, policy: { webInstances: 1, multiLogin: 'kickSamePlatform' } });
    const first = await h.login('carol');
    const kicked = new Promise<number>((resolve) => first.on('kicked', (reason) => resolve(reason)));
    const states: string[] = [];
    first.on('state', (s) => states.push(s));
    await h.login('carol');
    expect(await kicked).toBe(1);
    expect(first.state).toBe('kicked');
    await new Promise((r) => setTimeout(r, 700));
    expect(first.state).toBe('kicked');
    expect(states).toEqual(['kicked']);
    await expect(first.request('userGetProfiles', { users: [{ userId: 'carol' }] })).rejects.toMatchObject({ name: 'ConnectionError', code: 6007 });
  });

  it('an expiring token is refreshed on the live session; an expired one asks the app and continues', async () => {
    h = await startHarness({}, { ...(await import('./helpers/harness.js')).APP, policy: { webInstances: 10, hummerWillExpireLeadSec: 2 } });
    const harness = h;
    // Refreshed through the option, before expiry: the session never drops.
    const refreshed = h.client({ refreshCredential: async () => ({ nativeToken: { userId: 'dave', token: await harness.token('dave') } }) });
    const states: string[] = [];
    refreshed.on('state', (s) => states.push(s));
    const asked: string[] = [];
    refreshed.on('credentialRequired', (reason) => asked.push(reason));
    await refreshed.login({ credential: { nativeToken: { userId: 'dave', token: await h.token('dave', 3) } } });
    await new Promise((r) => setTimeout(r, 4000));
    expect(asked).toEqual(['expiring']);
    expect(refreshed.state).toBe('ready');
    expect(states).toEqual(['connecting', 'authenticating', 'syncing', 'ready']);

    // Without a refresher the token expires: kicked with CREDENTIAL_EXPIRED, the app supplies a new one.
    const erin = h.client();
    const required = new Promise<string>((resolve) => erin.on('credentialRequired', (reason) => reason === 'expired' && resolve(reason)));
    await erin.login({ credential: { nativeToken: { userId: 'erin', token: await h.token('erin', 2) } } });
    expect(await required).toBe('expired');
    expect(erin.state).toBe('kicked');
    const frank = await h.login('frank');
    await frank.send(text('c2c:erin', 'while you were out'));
    await erin.refreshCredential({ nativeToken: { userId: 'erin', token: await h.token('erin') } });
    expect(erin.state).toBe('ready');
    await eventually(() => expect(visibleTexts(erin, 'c2c:frank')).toEqual(['while you were out']));
  });
});

/** Tokens are HMACs: issue one while the server is down by briefly asking a restarted server. */
async function tokenWhileDown(harness: Harness, userId: string): Promise<string> {
  await harness.restart();
  const token = await harness.token(userId);
  await harness.stop(false);
  return token;
}
