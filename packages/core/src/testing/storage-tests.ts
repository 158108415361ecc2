import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientCode } from '../codes.js';
import { StorageError } from '../errors.js';
import type { RangeQuery, StorageAdapter, StorageKey, StorageOp } from '../storage.js';

/** What a {@link StorageAdapterTestSetup} hands the suite for one test. */
export interface StorageAdapterTestContext {
  /** A fresh, empty adapter. The suite closes it after the test. */
  adapter: StorageAdapter;
  /** Releases what the setup made (a database, a directory). Runs after the suite closed every adapter of the test. */
  teardown?: () => Promise<void>;
  /**
   * A new adapter over the same data, called after the suite closed the previous one. When
   * present, the suite checks that records survive a close and reopen. The suite closes it.
   */
  reopen?: () => Promise<StorageAdapter>;
}

/** Makes a fresh, empty adapter for one test of {@link runStorageAdapterTests}. */
export type StorageAdapterTestSetup = () => Promise<StorageAdapterTestContext>;

const put = (key: StorageKey, value: unknown): StorageOp => ({ type: 'put', key, value });
const del = (key: StorageKey): StorageOp => ({ type: 'delete', key });

async function expectStorageError(promise: Promise<unknown>, code: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a rejection with StorageError').toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
}

/**
 * The storage conformance suite (vitest): every {@link StorageAdapter} runs it. It checks the
 * contract of `storage.ts`: value copies, ordered atomic batches, IndexedDB key order, range
 * bounds and direction, prefix clears, close, and persistence when `reopen` is given.
 *
 * @example
 * runStorageAdapterTests(async () => ({ adapter: new MemoryStorageAdapter() }));
 */
export function runStorageAdapterTests(setup: StorageAdapterTestSetup): void {
  describe('StorageAdapter conformance', () => {
    let ctx: StorageAdapterTestContext;
    let adapter: StorageAdapter;
    let opened: StorageAdapter[];

    const keysOf = async (query: RangeQuery): Promise<StorageKey[]> => (await adapter.range(query)).map((r) => r.key);
    const reopen = async (): Promise<StorageAdapter> => {
      await adapter.close();
      adapter = await ctx.reopen!();
      opened.push(adapter);
      return adapter;
    };

    beforeEach(async () => {
      ctx = await setup();
      adapter = ctx.adapter;
      opened = [adapter];
    });

    afterEach(async () => {
      for (const each of opened) await each.close();
      await ctx.teardown?.();
    });

    describe('get and values', () => {
      it('returns undefined for a missing key, and matches keys exactly', async () => {
        expect(await adapter.get(['nothing'])).toBeUndefined();
        await adapter.batch([put(['a', 1], 'one')]);
        expect(await adapter.get(['a'])).toBeUndefined();
        expect(await adapter.get(['a', 1, 0])).toBeUndefined();
        expect(await adapter.get(['a', '1'])).toBeUndefined();
        expect(await adapter.get(['a', 1])).toBe('one');
      });

      it('round-trips every kind of value', async () => {
        const values: Record<string, unknown> = {
          nested: { a: { b: { c: [1, [2, [3, { d: 'deep' }]]] } }, list: [], empty: {} },
          bytes: new Uint8Array([0, 1, 127, 128, 255]),
          unicode: 'héllo 世界 😀 \u0000 \uffff 👩‍👩‍👧',
          nil: null,
          yes: true,
          no: false,
          negative: -42,
          float: -3.25e-7,
          big: Number.MAX_SAFE_INTEGER,
          zero: 0,
          emptyString: '',
          emptyArray: [],
          emptyObject: {},
          mixed: [null, true, 'x', 1.5, { y: new Uint8Array([9, 8]) }],
        };
        await adapter.batch(Object.entries(values).map(([name, value]) => put(['v', name], value)));
        for (const [name, value] of Object.entries(values)) expect(await adapter.get(['v', name]), name).toEqual(value);
        const bytes = await adapter.get<Uint8Array>(['v', 'bytes']);
        expect(bytes).toBeInstanceOf(Uint8Array);
        expect(Array.from(bytes!)).toEqual([0, 1, 127, 128, 255]);
        const mixed = await adapter.get<[null, boolean, string, number, { y: Uint8Array }]>(['v', 'mixed']);
        expect(mixed![4].y).toBeInstanceOf(Uint8Array);
        const ranged = await adapter.range({ prefix: ['v'] });
        expect(Object.fromEntries(ranged.map((r) => [r.key[1], r.value]))).toEqual(values);
      });

      it('stores a copy of what is put and returns copies', async () => {
        const value = { list: [1, 2], bytes: new Uint8Array([1, 2]) };
        await adapter.batch([put(['copy'], value)]);
        value.list.push(3);
        value.bytes[0] = 99;
        const first = await adapter.get<typeof value>(['copy']);
        expect(first).toEqual({ list: [1, 2], bytes: new Uint8Array([1, 2]) });
        first!.list.push(4);
        first!.bytes[1] = 77;
        const [record] = await adapter.range<typeof value>({ prefix: ['copy'] });
        expect(record!.value).toEqual({ list: [1, 2], bytes: new Uint8Array([1, 2]) });
        record!.value.list.length = 0;
        (record!.key as (string | number)[]).push('mutated');
        expect(await adapter.get(['copy'])).toEqual({ list: [1, 2], bytes: new Uint8Array([1, 2]) });
        expect(await keysOf({ prefix: [] })).toEqual([['copy']]);
      });

      it('refuses an invalid key with STORAGE_FAILED', async () => {
        await expectStorageError(adapter.get([Number.NaN]), ClientCode.STORAGE_FAILED);
        await expectStorageError(adapter.get([]), ClientCode.STORAGE_FAILED);
        await expectStorageError(adapter.range({ prefix: ['a', Number.NaN] }), ClientCode.STORAGE_FAILED);
        await expectStorageError(adapter.clear([Number.NaN]), ClientCode.STORAGE_FAILED);
      });
    });

    describe('batch', () => {
      it('applies ops in order', async () => {
        await adapter.batch([put(['k', 1], 'a'), del(['k', 1]), del(['k', 2]), put(['k', 2], 'b'), put(['k', 3], 'c'), put(['k', 3], 'd')]);
        expect(await adapter.get(['k', 1])).toBeUndefined();
        expect(await adapter.get(['k', 2])).toBe('b');
        expect(await adapter.get(['k', 3])).toBe('d');
        await adapter.batch([]);
        await adapter.batch([del(['k', 'never'])]);
        expect(await keysOf({ prefix: ['k'] })).toEqual([['k', 2], ['k', 3]]);
      });

      it('is atomic: a batch with an invalid key lands none of its ops', async () => {
        await adapter.batch([put(['keep'], 1)]);
        await expectStorageError(adapter.batch([put(['new'], 1), del(['keep']), put(['bad', Number.NaN], 1)]), ClientCode.STORAGE_FAILED);
        await expectStorageError(adapter.batch([put(['new'], 1), put([], 1)]), ClientCode.STORAGE_FAILED);
        expect(await adapter.get(['new'])).toBeUndefined();
        expect(await adapter.get(['keep'])).toBe(1);
        expect(await keysOf({ prefix: [] })).toEqual([['keep']]);
      });

      it('is atomic: a batch with a value that cannot be cloned lands none of its ops', async () => {
        await adapter.batch([put(['keep'], 1)]);
        const ops = [put(['new', 1], 'x'), del(['keep']), put(['new', 2], { f: () => 1 }), put(['new', 3], 'y')];
        await expectStorageError(adapter.batch(ops), ClientCode.STORAGE_FAILED);
        expect(await keysOf({ prefix: [] })).toEqual([['keep']]);
        // The adapter is still usable afterwards.
        await adapter.batch([put(['new', 1], 'z')]);
        expect(await adapter.get(['new', 1])).toBe('z');
      });

      it('writes 5,000 records in one batch and reads them back in order', async () => {
        const count = 5000;
        const ops: StorageOp[] = [];
        // A fixed permutation, so insertion order is not key order.
        for (let i = 0; i < count; i++) {
          const n = (i * 7919) % count;
          ops.push(put(['big', n], { n, text: `record ${n}` }));
        }
        await adapter.batch([put(['bif'], 0), ...ops, put(['bih'], 0)]);
        const records = await adapter.range<{ n: number; text: string }>({ prefix: ['big'] });
        expect(records).toHaveLength(count);
        records.forEach((record, i) => {
          expect(record.key).toEqual(['big', i]);
          expect(record.value).toEqual({ n: i, text: `record ${i}` });
        });
        expect(await keysOf({ prefix: ['big'], direction: 'prev', limit: 2 })).toEqual([['big', 4999], ['big', 4998]]);
      }, 60_000);

      it('settles concurrent calls in call order', async () => {
        const settled: string[] = [];
        const track = <T>(name: string, promise: Promise<T>): Promise<T> => promise.finally(() => settled.push(name));
        const k = ['c', 'x'];
        const calls = [
          track('put1', adapter.batch([put(k, 1)])),
          track('get1', adapter.get(k)),
          track('put2', adapter.batch([put(k, 2), put(['c', 'y'], 2)])),
          track('range2', adapter.range({ prefix: ['c'] })),
          track('del', adapter.batch([del(k)])),
          track('get3', adapter.get(k)),
          track('put4', adapter.batch([put(k, 4)])),
          track('clear', adapter.clear(['c'])),
          track('get5', adapter.get(k)),
        ] as const;
        const results = await Promise.all(calls);
        expect(results[1]).toBe(1);
        expect(results[3]).toEqual([{ key: ['c', 'x'], value: 2 }, { key: ['c', 'y'], value: 2 }]);
        expect(results[5]).toBeUndefined();
        expect(results[8]).toBeUndefined();
        expect(settled).toEqual(['put1', 'get1', 'put2', 'range2', 'del', 'get3', 'put4', 'clear', 'get5']);
      });
    });

    describe('key order and range', () => {
      // In IndexedDB order, written out by hand so the suite does not trust any comparator.
      const ordered: StorageKey[] = [
        ['o'], ['o', -1e9], ['o', -1.5], ['o', -1.5, 'x'], ['o', 0], ['o', 0.25], ['o', 2],
        ['o', 10], ['o', 10, 0], ['o', 10, ''], ['o', ''], ['o', '', 5], ['o', 'B'], ['o', 'a'],
        ['o', 'a', -1], ['o', 'a', 'b', 'c'], ['o', 'ab'], ['o', 'b'], ['o', 'é'], ['o', '😀'], ['o', '\uffff'],
      ];
      const shuffled = ordered.map((_, i) => ordered[(i * 8) % ordered.length]!);

      it('orders mixed keys as IndexedDB does', async () => {
        expect(new Set(shuffled.map((k) => JSON.stringify(k))).size).toBe(ordered.length);
        await adapter.batch(shuffled.map((key) => put(key, key.length)));
        expect(await keysOf({ prefix: ['o'] })).toEqual(ordered);
        expect(await keysOf({ prefix: [] })).toEqual(ordered);
        expect(await keysOf({ prefix: ['o'], direction: 'prev' })).toEqual([...ordered].reverse());
      });

      it('reads a prefix without its siblings, the key equal to the prefix included', async () => {
        const keys: StorageKey[] = [[1], ['`'], ['a'], ['a', 1], ['a', 1, 'z'], ['a', 10], ['a', 'x'], ['ab'], ['ab', 1], ['b'], ['b', 'a']];
        await adapter.batch(keys.map((key) => put(key, 0)));
        expect(await keysOf({ prefix: ['a'] })).toEqual([['a'], ['a', 1], ['a', 1, 'z'], ['a', 10], ['a', 'x']]);
        expect(await keysOf({ prefix: ['a', 1] })).toEqual([['a', 1], ['a', 1, 'z']]);
        expect(await keysOf({ prefix: ['b'] })).toEqual([['b'], ['b', 'a']]);
        expect(await keysOf({ prefix: [1] })).toEqual([[1]]);
        expect(await keysOf({ prefix: ['a'], direction: 'prev' })).toEqual([['a', 'x'], ['a', 10], ['a', 1, 'z'], ['a', 1], ['a']]);
        const records = await adapter.range({ prefix: [] });
        expect(records.map((r) => r.key)).toEqual(keys);
      });

      describe('bounds, limit and direction', () => {
        beforeEach(async () => {
          const ops = [put(['m'], 'm'), put(['n'], 'n'), put(['o'], 'o')];
          for (let i = 1; i <= 10; i++) ops.push(put(['n', i], i));
          ops.push(put(['n', 3, 'child'], 3.5));
          await adapter.batch(ops);
        });
        const ns = (...parts: (number | [number, string])[]): StorageKey[] => parts.map((p) => (Array.isArray(p) ? ['n', ...p] : ['n', p]));

        it('honours inclusive and open lower and upper bounds', async () => {
          expect(await keysOf({ prefix: ['n'], lower: ['n', 8] })).toEqual(ns(8, 9, 10));
          expect(await keysOf({ prefix: ['n'], lower: ['n', 8], lowerOpen: true })).toEqual(ns(9, 10));
          expect(await keysOf({ prefix: ['n'], upper: ['n', 3] })).toEqual([['n'], ...ns(1, 2, 3)]);
          expect(await keysOf({ prefix: ['n'], upper: ['n', 3], upperOpen: true })).toEqual([['n'], ...ns(1, 2)]);
          expect(await keysOf({ prefix: ['n'], lower: ['n', 3], upper: ['n', 5] })).toEqual(ns(3, [3, 'child'], 4, 5));
          expect(await keysOf({ prefix: ['n'], lower: ['n', 3], lowerOpen: true, upper: ['n', 5], upperOpen: true })).toEqual(ns([3, 'child'], 4));
          // Bounds between keys, and longer than the keys they cut.
          expect(await keysOf({ prefix: ['n'], lower: ['n', 3, 'a'], upper: ['n', 5.5] })).toEqual(ns([3, 'child'], 4, 5));
          expect(await keysOf({ prefix: ['n'], lower: ['n', 9.5], upper: ['n', 10, 'x'] })).toEqual(ns(10));
          // Bounds outside the prefix never widen it.
          expect(await keysOf({ prefix: ['n'], lower: ['a'], upper: ['z'] })).toEqual([['n'], ...ns(1, 2, 3, [3, 'child'], 4, 5, 6, 7, 8, 9, 10)]);
          expect(await keysOf({ prefix: ['n'], lower: ['m'], upper: ['n', 1] })).toEqual([['n'], ['n', 1]]);
        });

        it('honours limit', async () => {
          expect(await keysOf({ prefix: ['n'], limit: 3 })).toEqual([['n'], ...ns(1, 2)]);
          expect(await keysOf({ prefix: ['n'], limit: 1, lower: ['n', 3], lowerOpen: true })).toEqual(ns([3, 'child']));
          expect(await keysOf({ prefix: ['n'], lower: ['n', 9], limit: 100 })).toEqual(ns(9, 10));
          expect(await keysOf({ prefix: ['n'], limit: 0 })).toEqual([]);
          expect(await adapter.range({ prefix: ['n'], lower: ['n', 4], limit: 2 })).toEqual([{ key: ['n', 4], value: 4 }, { key: ['n', 5], value: 5 }]);
        });

        it("reads backwards with direction 'prev', with limit and bounds", async () => {
          expect(await keysOf({ prefix: ['n'], direction: 'prev', limit: 2 })).toEqual(ns(10, 9));
          expect(await keysOf({ prefix: ['n'], direction: 'prev', upper: ['n', 4], upperOpen: true, limit: 2 })).toEqual(ns([3, 'child'], 3));
          expect(await keysOf({ prefix: ['n'], direction: 'prev', lower: ['n', 8] })).toEqual(ns(10, 9, 8));
          expect(await keysOf({ prefix: ['n'], direction: 'prev', lower: ['n', 8], lowerOpen: true, upper: ['n', 10], upperOpen: true })).toEqual(ns(9));
          expect(await keysOf({ prefix: ['n'], direction: 'prev', limit: 0 })).toEqual([]);
          expect(await adapter.range({ prefix: [], direction: 'prev', limit: 1 })).toEqual([{ key: ['o'], value: 'o' }]);
        });

        it('returns empty results', async () => {
          expect(await keysOf({ prefix: ['nn'] })).toEqual([]);
          expect(await keysOf({ prefix: ['n', 'x'] })).toEqual([]);
          expect(await keysOf({ prefix: ['n', 3, 'child', 1] })).toEqual([]);
          expect(await keysOf({ prefix: ['n'], lower: ['n', 11] })).toEqual([]);
          expect(await keysOf({ prefix: ['n'], upper: ['m'] })).toEqual([]);
          expect(await keysOf({ prefix: ['n'], lower: ['n', 6], upper: ['n', 5] })).toEqual([]);
          expect(await keysOf({ prefix: ['n'], lower: ['n', 5], upper: ['n', 5], upperOpen: true })).toEqual([]);
          expect(await keysOf({ prefix: ['n'], lower: ['n', 5], upper: ['n', 5], direction: 'prev' })).toEqual(ns(5));
        });

        it('reads nothing from an empty store', async () => {
          await adapter.clear([]);
          expect(await adapter.range({ prefix: [] })).toEqual([]);
          expect(await adapter.range({ prefix: [], direction: 'prev' })).toEqual([]);
          expect(await adapter.range({ prefix: ['n'], lower: ['n', 1] })).toEqual([]);
        });
      });
    });

    describe('clear', () => {
      const keys: StorageKey[] = [[1], ['a'], ['a', 1], ['a', 'x', 2], ['ab'], ['b']];

      it('removes exactly the records under a prefix', async () => {
        await adapter.batch(keys.map((key) => put(key, 0)));
        await adapter.clear(['a']);
        expect(await keysOf({ prefix: [] })).toEqual([[1], ['ab'], ['b']]);
        await adapter.clear(['nothing']);
        await adapter.clear([1]);
        expect(await keysOf({ prefix: [] })).toEqual([['ab'], ['b']]);
      });

      it('removes everything with an empty prefix', async () => {
        await adapter.batch(keys.map((key) => put(key, 0)));
        await adapter.clear([]);
        expect(await keysOf({ prefix: [] })).toEqual([]);
        expect(await adapter.get(['a'])).toBeUndefined();
      });
    });

    describe('close', () => {
      it('rejects every method with STORAGE_CLOSED afterwards, and is idempotent', async () => {
        await adapter.batch([put(['a'], 1)]);
        // A call made just before close still settles.
        const pending = adapter.batch([put(['b'], 2)]);
        await adapter.close();
        await Promise.allSettled([pending]);
        await adapter.close();
        await expectStorageError(adapter.get(['a']), ClientCode.STORAGE_CLOSED);
        await expectStorageError(adapter.batch([put(['c'], 1)]), ClientCode.STORAGE_CLOSED);
        await expectStorageError(adapter.range({ prefix: [] }), ClientCode.STORAGE_CLOSED);
        await expectStorageError(adapter.clear([]), ClientCode.STORAGE_CLOSED);
        await adapter.close();
      });
    });

    describe('persistence', () => {
      it('keeps records across close and reopen', async ({ skip }) => {
        if (!ctx.reopen) return skip('the setup gives no reopen');
        await adapter.batch([put(['p', 1], { v: new Uint8Array([1]) }), put(['p', 2], 'two'), put(['p', 3], 3), put(['q'], 'q')]);
        await adapter.batch([del(['p', 3])]);
        await reopen();
        expect(await adapter.get(['p', 1])).toEqual({ v: new Uint8Array([1]) });
        expect(await adapter.range({ prefix: ['p'] })).toEqual([{ key: ['p', 1], value: { v: new Uint8Array([1]) } }, { key: ['p', 2], value: 'two' }]);
        await adapter.clear(['p']);
        await reopen();
        expect(await keysOf({ prefix: [] })).toEqual([['q']]);
      });
    });
  });
}
