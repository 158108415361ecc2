import { ClientCode, StorageError } from '@parley/core';
import { runStorageAdapterTests } from '@parley/core/testing';
import { describe, expect, it } from 'vitest';
import { MemoryStorageAdapter, memoryStorage } from '../src/index.js';

describe('MemoryStorageAdapter', () => {
  runStorageAdapterTests(async () => {
    const factory = memoryStorage();
    const scope = { app: 'app', userId: 'alice' };
    return { adapter: await factory(scope), reopen: async () => factory(scope) };
  });
});

describe('memoryStorage', () => {
  it('keeps scopes apart, and serves a new adapter of a scope the same data', async () => {
    const factory = memoryStorage();
    const alice = await factory({ app: 'app', userId: 'alice' });
    const bob = await factory({ app: 'app', userId: 'bob' });
    const otherApp = await factory({ app: 'other', userId: 'alice' });
    // Joined naively these two would both be 'a:b:c'.
    const tricky1 = await factory({ app: 'a:b', userId: 'c' });
    const tricky2 = await factory({ app: 'a', userId: 'b:c' });
    await alice.batch([{ type: 'put', key: ['k'], value: 'alice' }]);
    await bob.batch([{ type: 'put', key: ['k'], value: 'bob' }]);
    await tricky1.batch([{ type: 'put', key: ['k'], value: 't1' }]);
    expect(await alice.get(['k'])).toBe('alice');
    expect(await bob.get(['k'])).toBe('bob');
    expect(await otherApp.get(['k'])).toBeUndefined();
    expect(await tricky2.get(['k'])).toBeUndefined();
    await bob.clear([]);
    expect(await alice.get(['k'])).toBe('alice');

    await alice.close();
    await expect(alice.get(['k'])).rejects.toMatchObject({ code: ClientCode.STORAGE_CLOSED });
    const reloaded = await factory({ app: 'app', userId: 'alice' });
    expect(await reloaded.get(['k'])).toBe('alice');
    expect(await (await memoryStorage()({ app: 'app', userId: 'alice' })).get(['k'])).toBeUndefined();
  });

  it('gives a standalone adapter its own records', async () => {
    const a = new MemoryStorageAdapter();
    const b = new MemoryStorageAdapter();
    await a.batch([{ type: 'put', key: ['x'], value: 1 }]);
    expect(await b.get(['x'])).toBeUndefined();
    await expect(a.batch([{ type: 'put', key: ['y'], value: Symbol('no') }])).rejects.toBeInstanceOf(StorageError);
  });
});
