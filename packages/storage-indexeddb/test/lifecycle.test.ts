import 'fake-indexeddb/auto';
import { ClientCode } from '@parley/core';
import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { IndexedDBStorageAdapter } from '../src/index.js';
import { type Migration, migrations, openDatabase } from '../src/schema.js';
import { rawDelete, rawOpen, storageError } from './helpers.js';

const open = (indexedDB: IDBFactory, name = 'db') => IndexedDBStorageAdapter.open({ name, indexedDB });
const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('schema and upgrades', () => {
  it('creates the record store at schema version 1', async () => {
    const indexedDB = new IDBFactory();
    await (await open(indexedDB)).close();
    expect(await indexedDB.databases()).toEqual([{ name: 'db', version: migrations.length }]);
    expect(migrations).toHaveLength(1);
    const db = await rawOpen(indexedDB, 'db', 1);
    expect(Array.from(db.objectStoreNames)).toEqual(['records']);
    db.close();
  });

  it('reads a version-1 database written by hand', async () => {
    const indexedDB = new IDBFactory();
    const db = await rawOpen(indexedDB, 'db', 1, (raw) => raw.createObjectStore('records').put({ text: 'hi' }, ['msg', 'c', 1]));
    db.close();
    const adapter = await open(indexedDB);
    expect(await adapter.range({ prefix: ['msg'] })).toEqual([{ key: ['msg', 'c', 1], value: { text: 'hi' } }]);
    await adapter.close();
  });

  it('runs only the missing steps, in order, keeping the data', async () => {
    const indexedDB = new IDBFactory();
    const old = await rawOpen(indexedDB, 'db', 1, (raw) => {
      const store = raw.createObjectStore('records');
      store.put({ n: 1 }, ['a', 1]);
      store.put({ n: 2 }, ['a', 2]);
    });
    old.close();
    const ran: number[] = [];
    // A version 2 that rewrites every record through a cursor, awaiting inside the upgrade.
    const toV2: Migration = async (_db, tx) => {
      ran.push(2);
      for (let cursor = await tx.objectStore('records').openCursor(); cursor; cursor = await cursor.continue()) {
        await cursor.update({ ...(cursor.value as object), v: 2 });
      }
    };
    const toV1: Migration = (db, tx) => {
      ran.push(1);
      return migrations[0]!(db, tx);
    };
    const steps = [toV1, toV2];
    const db = await openDatabase({ factory: indexedDB, name: 'db', blockedTimeoutMs: 10_000, migrations: steps });
    expect(db.version).toBe(2);
    expect(ran).toEqual([2]);
    db.close();
    // This release only knows version 1: a newer database is refused, not damaged.
    const refused = await storageError(IndexedDBStorageAdapter.open({ name: 'db', indexedDB }), ClientCode.STORAGE_FAILED);
    expect((refused.cause as DOMException).name).toBe('VersionError');

    ran.length = 0;
    const fresh = await openDatabase({ factory: indexedDB, name: 'fresh', blockedTimeoutMs: 10_000, migrations: steps });
    expect(ran).toEqual([1, 2]);
    fresh.close();
    const check = await rawOpen(indexedDB, 'db', 2);
    const tx = check.transaction('records');
    const all = tx.objectStore('records').getAll();
    await new Promise((resolve) => (tx.oncomplete = resolve));
    expect(all.result).toEqual([
      { n: 1, v: 2 },
      { n: 2, v: 2 },
    ]);
    check.close();
  });

  it('fails the open when a step throws, leaving the old version', async () => {
    const indexedDB = new IDBFactory();
    (await rawOpen(indexedDB, 'db', 1, (raw) => raw.createObjectStore('records'))).close();
    const broken: Migration = async () => {
      throw new Error('step 2 broke');
    };
    const error = await storageError(openDatabase({ factory: indexedDB, name: 'db', blockedTimeoutMs: 10_000, migrations: [...migrations, broken] }), ClientCode.STORAGE_FAILED);
    expect((error.cause as Error).message).toBe('step 2 broke');
    expect(await indexedDB.databases()).toEqual([{ name: 'db', version: 1 }]);
    await (await open(indexedDB)).close();
  });
});

describe('other connections', () => {
  it('steps aside for a newer version, then rejects with STORAGE_CLOSED', async () => {
    const indexedDB = new IDBFactory();
    const adapter = await open(indexedDB);
    await adapter.batch([{ type: 'put', key: ['k'], value: 1 }]);
    // rawOpen rejects if it is blocked, which it would be had the adapter kept its connection.
    const newer = await rawOpen(indexedDB, 'db', 2);
    await storageError(adapter.get(['k']), ClientCode.STORAGE_CLOSED);
    await storageError(adapter.batch([]), ClientCode.STORAGE_CLOSED);
    await adapter.close();
    newer.close();
  });

  it('steps aside for a delete', async () => {
    const indexedDB = new IDBFactory();
    const adapter = await open(indexedDB);
    await rawDelete(indexedDB, 'db');
    await storageError(adapter.range({ prefix: [] }), ClientCode.STORAGE_CLOSED);
  });

  it('rejects with STORAGE_CLOSED after the browser closes the connection', async () => {
    const indexedDB = new IDBFactory();
    const connections: IDBDatabase[] = [];
    const realOpen = indexedDB.open.bind(indexedDB);
    indexedDB.open = (name: string, version?: number) => {
      const request = realOpen(name, version);
      request.addEventListener('success', () => connections.push(request.result));
      return request;
    };
    const adapter = await open(indexedDB);
    expect(connections).toHaveLength(1);
    forceCloseDatabase(connections[0] as never);
    await tick();
    await storageError(adapter.get(['k']), ClientCode.STORAGE_CLOSED);
  });

  it('rejects a blocked open after blockedTimeoutMs, and closes the connection that comes later', async () => {
    const indexedDB = new IDBFactory();
    // An old tab: it holds version 1 and ignores versionchange.
    const holder = await rawOpen(indexedDB, 'db', 1, (raw) => raw.createObjectStore('records'));
    const toV2: Migration = () => undefined;
    const error = await storageError(openDatabase({ factory: indexedDB, name: 'db', blockedTimeoutMs: 20, migrations: [...migrations, toV2] }), ClientCode.STORAGE_FAILED);
    expect(error.message).toMatch(/blocked/);
    holder.close();
    await tick();
    // The late connection was closed, so nothing blocks a delete.
    await rawDelete(indexedDB, 'db');
  });

  it('opens once a blocking connection closes within blockedTimeoutMs', async () => {
    const indexedDB = new IDBFactory();
    const holder = await rawOpen(indexedDB, 'db', 1, (raw) => raw.createObjectStore('records'));
    const opening = openDatabase({ factory: indexedDB, name: 'db', blockedTimeoutMs: 10_000, migrations: [...migrations, () => undefined] });
    await tick();
    holder.close();
    const db = await opening;
    expect(db.version).toBe(2);
    db.close();
  });

  it('rejects when IndexedDB is missing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    try {
      await storageError(IndexedDBStorageAdapter.open({ name: 'db' }), ClientCode.STORAGE_FAILED);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
