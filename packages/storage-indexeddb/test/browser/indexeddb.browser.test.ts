import { runStorageAdapterTests } from '@parley/core/testing';
import { describe, expect, it } from 'vitest';
import { IndexedDBStorageAdapter, indexedDBStorage } from '../../src/index.js';

let counter = 0;

describe('IndexedDBStorageAdapter in Chromium', () => {
  it('runs against the browser’s own IndexedDB', () => {
    expect(navigator.userAgent).toMatch(/Chrome\//);
    expect(Object.prototype.toString.call(indexedDB)).toBe('[object IDBFactory]');
  });

  runStorageAdapterTests(async () => {
    const name = `conformance-${Date.now()}-${counter++}`;
    const open = () => IndexedDBStorageAdapter.open({ name });
    return {
      adapter: await open(),
      reopen: open,
      teardown: () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
          request.onblocked = () => reject(new Error(`deleting ${name} was blocked: a connection was left open`));
        }),
    };
  });

  it('keeps the databases of two users apart', async () => {
    const storage = indexedDBStorage({ prefix: `scopes-${Date.now()}` });
    const alice = await storage({ app: 'app', userId: 'alice' });
    const bob = await storage({ app: 'app', userId: 'bob' });
    await alice.batch([{ type: 'put', key: ['k'], value: 'alice' }]);
    expect(await bob.get(['k'])).toBeUndefined();
    expect(await alice.get(['k'])).toBe('alice');
    await Promise.all([alice.close(), bob.close()]);
  });
});
