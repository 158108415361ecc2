import 'fake-indexeddb/auto';
import { runStorageAdapterTests } from '@parley/core/testing';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { databaseName, IndexedDBStorageAdapter, indexedDBStorage } from '../src/index.js';

describe('IndexedDBStorageAdapter under fake-indexeddb', () => {
  runStorageAdapterTests(async () => {
    const indexedDB = new IDBFactory();
    const open = () => IndexedDBStorageAdapter.open({ name: 'suite', indexedDB });
    return { adapter: await open(), reopen: open };
  });
});

describe('indexedDBStorage', () => {
  it('opens one database per app and user, and scopes never mix', async () => {
    const indexedDB = new IDBFactory();
    const storage = indexedDBStorage({ indexedDB });
    const alice = await storage({ app: 'app', userId: 'alice' });
    const bob = await storage({ app: 'app', userId: 'bob' });
    // Joined without encoding, these two would share the name 'parley:a:b:c'.
    const tricky1 = await storage({ app: 'a:b', userId: 'c' });
    const tricky2 = await storage({ app: 'a', userId: 'b:c' });
    await alice.batch([{ type: 'put', key: ['k'], value: 'alice' }]);
    await bob.batch([{ type: 'put', key: ['k'], value: 'bob' }]);
    await tricky1.batch([{ type: 'put', key: ['k'], value: 't1' }]);
    expect(await alice.get(['k'])).toBe('alice');
    expect(await bob.get(['k'])).toBe('bob');
    expect(await tricky2.get(['k'])).toBeUndefined();
    await bob.clear([]);
    expect(await alice.get(['k'])).toBe('alice');

    const names = (await indexedDB.databases()).map((d) => d.name).sort();
    expect(names).toEqual(['parley:a%3Ab:c', 'parley:a:b%3Ac', 'parley:app:alice', 'parley:app:bob']);
    await Promise.all([alice, bob, tricky1, tricky2].map((a) => a.close()));

    const reloaded = await indexedDBStorage({ indexedDB })({ app: 'app', userId: 'alice' });
    expect(await reloaded.get(['k'])).toBe('alice');
    await reloaded.close();
  });

  it('names databases with a prefix', async () => {
    expect(databaseName({ app: 'tim/1400', userId: 'ünï 😀' })).toBe('parley:tim%2F1400:%C3%BCn%C3%AF%20%F0%9F%98%80');
    const indexedDB = new IDBFactory();
    const adapter = await indexedDBStorage({ indexedDB, prefix: 'test' })({ app: 'a', userId: 'u' });
    expect((await indexedDB.databases()).map((d) => d.name)).toEqual(['test:a:u']);
    await adapter.close();
  });
});
