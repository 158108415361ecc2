import 'fake-indexeddb/auto';
import { ClientCode, StorageError } from '@parley/core';
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { toStorageError } from '../src/errors.js';
import { IndexedDBStorageAdapter } from '../src/index.js';
import { storageError } from './helpers.js';

describe('toStorageError', () => {
  it('maps QuotaExceededError to STORAGE_QUOTA and the rest to STORAGE_FAILED, keeping the cause', () => {
    const quota = new DOMException('disk full', 'QuotaExceededError');
    const mapped = toStorageError('batch', quota);
    expect(mapped).toBeInstanceOf(StorageError);
    expect([mapped.code, mapped.operation, mapped.cause]).toEqual([ClientCode.STORAGE_QUOTA, 'batch', quota]);
    const other = new DOMException('bad', 'DataError');
    expect([toStorageError('get', other).code, toStorageError('get', other).cause]).toEqual([ClientCode.STORAGE_FAILED, other]);
    expect(toStorageError('get', undefined).code).toBe(ClientCode.STORAGE_FAILED);
    const already = new StorageError(ClientCode.STORAGE_CLOSED, 'get', 'closed');
    expect(toStorageError('range', already)).toBe(already);
  });
});

type Put = (this: IDBObjectStore, value: unknown, key?: IDBValidKey) => IDBRequest;
// fake-indexeddb has no quota, so these tests make its second put of a batch fail the way a
// full origin does. They lean on its internals (_execRequestAsync, _abort), checked in each patched put.
interface FakeTx {
  _execRequestAsync(request: { operation: () => unknown; source: unknown }): IDBRequest;
  _abort(name: string | null): void;
}
const proto = FakeObjectStore.prototype as unknown as { put: Put };
const originalPut = proto.put;
const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

const failures: Record<string, (store: IDBObjectStore, value: unknown, key?: IDBValidKey) => IDBRequest> = {
  'a put that throws': () => {
    throw quota();
  },
  'a request that fails, aborting its transaction': (store) =>
    (store.transaction as unknown as FakeTx)._execRequestAsync({
      operation: () => {
        throw quota();
      },
      source: store,
    }),
  'a transaction that aborts at commit': (store, value, key) => {
    const request = originalPut.call(store, value, key);
    (store.transaction as unknown as FakeTx)._abort('QuotaExceededError');
    return request;
  },
};

describe('quota', () => {
  afterEach(() => {
    proto.put = originalPut;
  });

  for (const [shape, fail] of Object.entries(failures)) {
    it(`rejects with STORAGE_QUOTA on ${shape}, and lands nothing`, async () => {
      const adapter = await IndexedDBStorageAdapter.open({ name: 'db', indexedDB: new IDBFactory() });
      await adapter.batch([{ type: 'put', key: ['keep'], value: 1 }]);
      let puts = 0;
      proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        const tx = this.transaction as unknown as FakeTx;
        expect(typeof tx._execRequestAsync).toBe('function');
        expect(typeof tx._abort).toBe('function');
        return ++puts === 2 ? fail(this, value, key) : originalPut.call(this, value, key);
      };
      const error = await storageError(
        adapter.batch([
          { type: 'put', key: ['a'], value: 1 },
          { type: 'delete', key: ['keep'] },
          { type: 'put', key: ['b'], value: 2 },
        ]),
        ClientCode.STORAGE_QUOTA,
      );
      expect((error.cause as DOMException).name).toBe('QuotaExceededError');
      expect(error.operation).toBe('batch');
      proto.put = originalPut;
      expect(await adapter.range({ prefix: [] })).toEqual([{ key: ['keep'], value: 1 }]);
      await adapter.close();
    });
  }
});
