/**
 * The behavioural contract of a {@link ServerStore}, as a vitest suite that every backend runs
 * (memory and SQLite here; PostgreSQL and third-party backends later, through
 * `@parley/server/testing`).
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Key, KvEntry, ServerStore } from '../store/types.js';

/** What a conformance setup provides for one test. */
export interface StoreConformanceFixture {
  /**
   * A fresh, empty store. The suite calls `open()` on it (so it may or may not be open
   * already) and closes it after the test.
   */
  readonly store: ServerStore;
  /**
   * Creates a new store over the same data, for persistent backends. The suite closes the
   * current store before calling it and opens the result. Omit it for non-persistent backends:
   * the persistence tests are then skipped.
   */
  readonly reopen?: () => Promise<ServerStore>;
  /** Releases what the setup created (temporary directories, databases). Runs after `close()`. */
  readonly teardown?: () => Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

function text(entry: KvEntry | undefined): string | undefined {
  return entry === undefined ? undefined : decoder.decode(entry.value);
}

function keysOf(entries: readonly KvEntry[]): Key[] {
  return entries.map((entry) => entry.key);
}

/** A 4-byte big-endian counter value. */
function counterBytes(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

function counterOf(entry: KvEntry | undefined): number {
  if (entry === undefined) return 0;
  return new DataView(entry.value.buffer, entry.value.byteOffset, entry.value.byteLength).getUint32(
    0,
  );
}

/**
 * Defines a vitest `describe` block named `name` that checks a {@link ServerStore} backend
 * against the contract of `../store/types.ts`.
 *
 * @param name - The block's name, usually the backend's.
 * @param setup - Called before every test; must return a fresh, empty store.
 */
export function runServerStoreConformance(
  name: string,
  setup: () => Promise<StoreConformanceFixture>,
): void {
  describe(name, () => {
    let fixture: StoreConformanceFixture;
    // The store under test: the fixture's, or the one `reopen` returned.
    let store: ServerStore;
    let closed = false;

    beforeEach(async () => {
      fixture = await setup();
      store = fixture.store;
      closed = false;
      await store.open();
    });

    afterEach(async () => {
      if (!closed) await store.close();
      await fixture.teardown?.();
    });

    /** Closes the current store and opens a new one over the same data. */
    async function reopen(): Promise<void> {
      const make = fixture.reopen;
      if (make === undefined) throw new Error('this backend has no reopen');
      await store.close();
      closed = true;
      store = await make();
      await store.open();
      closed = false;
    }

    async function set(key: Key, value: string | Uint8Array): Promise<number> {
      const result = await store.commit({
        sets: [{ key, value: typeof value === 'string' ? bytes(value) : value }],
      });
      if (!result.ok) throw new Error('unconditional commit failed');
      return result.version;
    }

    describe('lifecycle', () => {
      it('open is idempotent', async () => {
        await store.open();
        await set(['k'], 'v');
        await store.open();
        expect(text(await store.get(['k']))).toBe('v');
      });

      it('rejects every read and write after close', async () => {
        await store.close();
        closed = true;
        await expect(store.get(['k'])).rejects.toThrow(Error);
        await expect(store.getMany([['k']])).rejects.toThrow(Error);
        await expect(store.list({ prefix: [] })).rejects.toThrow(Error);
        await expect(store.commit({ sets: [{ key: ['k'], value: bytes('v') }] })).rejects.toThrow(
          Error,
        );
      });
    });

    describe('reads', () => {
      it('get and getMany of missing keys return undefined', async () => {
        expect(await store.get(['missing'])).toBeUndefined();
        expect(await store.getMany([['missing'], ['also', 1]])).toEqual([undefined, undefined]);
        expect(await store.getMany([])).toEqual([]);
      });

      it('set then get returns the key, the value and the commit version', async () => {
        const result = await store.commit({
          sets: [{ key: ['user', 'alice'], value: bytes('A') }],
        });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(Number.isSafeInteger(result.version)).toBe(true);
        expect(result.version).toBeGreaterThan(0);
        const entry = await store.get(['user', 'alice']);
        expect(entry).toBeDefined();
        expect(entry?.key).toEqual(['user', 'alice']);
        expect(text(entry)).toBe('A');
        expect(entry?.version).toBe(result.version);
        expect(entry?.value).toBeInstanceOf(Uint8Array);
      });

      it('getMany is aligned with its keys, duplicates included', async () => {
        await set(['a'], '1');
        await set(['b', 2], '2');
        const entries = await store.getMany([['b', 2], ['nope'], ['a'], ['b', 2]]);
        expect(entries.map(text)).toEqual(['2', undefined, '1', '2']);
        expect(entries[0]?.key).toEqual(['b', 2]);
        expect(entries[2]?.key).toEqual(['a']);
      });

      it('rejects invalid key components', async () => {
        await expect(store.get(['n', -1])).rejects.toThrow();
        await expect(store.get(['n', 1.5])).rejects.toThrow();
        await expect(store.get(['n', Number.NaN])).rejects.toThrow();
        await expect(store.get(['n', 2 ** 53])).rejects.toThrow();
        await expect(store.get(['lone \uD800 surrogate'])).rejects.toThrow();
        await expect(
          store.commit({
            sets: [
              { key: ['ok'], value: bytes('') },
              { key: ['n', -1], value: bytes('') },
            ],
          }),
        ).rejects.toThrow();
        // The valid half of the rejected commit was not written.
        expect(await store.get(['ok'])).toBeUndefined();
      });
    });

    describe('versions', () => {
      it('increase with every commit; rows keep the version that wrote them', async () => {
        const v1 = await set(['a'], '1');
        const v2 = await set(['b'], '2');
        const v3 = await set(['a'], '3');
        expect(v2).toBeGreaterThan(v1);
        expect(v3).toBeGreaterThan(v2);
        expect((await store.get(['a']))?.version).toBe(v3);
        expect((await store.get(['b']))?.version).toBe(v2);
      });

      it('every row written by one commit carries its version', async () => {
        const result = await store.commit({
          sets: [
            { key: ['x', 1], value: bytes('1') },
            { key: ['x', 2], value: bytes('2') },
          ],
        });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const rows = await store.list({ prefix: ['x'] });
        expect(rows.map((r) => r.version)).toEqual([result.version, result.version]);
      });

      it('a commit that only deletes still gets a new version', async () => {
        const v1 = await set(['a'], '1');
        const result = await store.commit({ deletes: [['a']] });
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.version).toBeGreaterThan(v1);
        expect(await set(['b'], '2')).toBeGreaterThan(result.ok ? result.version : v1);
      });
    });

    describe('list', () => {
      beforeEach(async () => {
        await store.commit({
          sets: [
            { key: ['a'], value: bytes('a') },
            { key: ['a', 'x'], value: bytes('a/x') },
            { key: ['a', 'y'], value: bytes('a/y') },
            { key: ['a', 'y', 1], value: bytes('a/y/1') },
            { key: ['a', 'z'], value: bytes('a/z') },
            { key: ['b', 'x'], value: bytes('b/x') },
            { key: ['ab', 'x'], value: bytes('ab/x') },
            { key: ['a\u0000'], value: bytes('a\\0') },
          ],
        });
      });

      it('lists a prefix in key order, the prefix key itself included', async () => {
        const rows = await store.list({ prefix: ['a'] });
        expect(keysOf(rows)).toEqual([['a'], ['a', 'x'], ['a', 'y'], ['a', 'y', 1], ['a', 'z']]);
        expect(rows.map(text)).toEqual(['a', 'a/x', 'a/y', 'a/y/1', 'a/z']);
      });

      it('lists everything with the empty prefix', async () => {
        const rows = await store.list({ prefix: [] });
        expect(keysOf(rows)).toEqual([
          ['a'],
          ['a', 'x'],
          ['a', 'y'],
          ['a', 'y', 1],
          ['a', 'z'],
          ['a\u0000'],
          ['ab', 'x'],
          ['b', 'x'],
        ]);
      });

      it('start is inclusive and end exclusive', async () => {
        const rows = await store.list({ prefix: ['a'], start: ['a', 'y'], end: ['a', 'z'] });
        expect(keysOf(rows)).toEqual([
          ['a', 'y'],
          ['a', 'y', 1],
        ]);
        expect(keysOf(await store.list({ prefix: ['a'], start: ['a', 'y', 1] }))).toEqual([
          ['a', 'y', 1],
          ['a', 'z'],
        ]);
        expect(keysOf(await store.list({ prefix: ['a'], end: ['a', 'y'] }))).toEqual([
          ['a'],
          ['a', 'x'],
        ]);
      });

      it('start and end never widen the prefix', async () => {
        const rows = await store.list({ prefix: ['a'], start: [], end: ['c'] });
        expect(keysOf(rows)).toEqual([['a'], ['a', 'x'], ['a', 'y'], ['a', 'y', 1], ['a', 'z']]);
        expect(await store.list({ prefix: ['a'], start: ['a', 'z', 0], end: ['a', 'y'] })).toEqual(
          [],
        );
      });

      it('limit and reverse', async () => {
        expect(keysOf(await store.list({ prefix: ['a'], limit: 2 }))).toEqual([['a'], ['a', 'x']]);
        expect(keysOf(await store.list({ prefix: ['a'], reverse: true }))).toEqual([
          ['a', 'z'],
          ['a', 'y', 1],
          ['a', 'y'],
          ['a', 'x'],
          ['a'],
        ]);
        expect(keysOf(await store.list({ prefix: ['a'], reverse: true, limit: 2 }))).toEqual([
          ['a', 'z'],
          ['a', 'y', 1],
        ]);
        expect(
          keysOf(
            await store.list({
              prefix: ['a'],
              start: ['a', 'x'],
              end: ['a', 'z'],
              reverse: true,
              limit: 2,
            }),
          ),
        ).toEqual([
          ['a', 'y', 1],
          ['a', 'y'],
        ]);
        expect(await store.list({ prefix: ['a'], limit: 0 })).toEqual([]);
        expect(await store.list({ prefix: ['nothing'] })).toEqual([]);
      });

      it('rejects an invalid limit', async () => {
        await expect(store.list({ prefix: ['a'], limit: -1 })).rejects.toThrow();
        await expect(store.list({ prefix: ['a'], limit: 1.5 })).rejects.toThrow();
      });
    });

    describe('key order', () => {
      it('keys of a sibling prefix never leak into a prefix list', async () => {
        await store.commit({
          sets: [
            { key: ['a', 'b'], value: bytes('1') },
            { key: ['a', 'b', 'c'], value: bytes('2') },
            { key: ['a', 'bc'], value: bytes('3') },
            { key: ['a', 'b\u0000'], value: bytes('4') },
            { key: ['a', 'b\u0000', 'c'], value: bytes('5') },
            { key: ['a', 1], value: bytes('6') },
            { key: ['a', 1, 5], value: bytes('7') },
            { key: ['a', 10], value: bytes('8') },
            { key: ['a', 256], value: bytes('9') },
          ],
        });
        expect(keysOf(await store.list({ prefix: ['a', 'b'] }))).toEqual([
          ['a', 'b'],
          ['a', 'b', 'c'],
        ]);
        expect(keysOf(await store.list({ prefix: ['a', 'bc'] }))).toEqual([['a', 'bc']]);
        expect(keysOf(await store.list({ prefix: ['a', 'b\u0000'] }))).toEqual([
          ['a', 'b\u0000'],
          ['a', 'b\u0000', 'c'],
        ]);
        expect(keysOf(await store.list({ prefix: ['a', 1] }))).toEqual([
          ['a', 1],
          ['a', 1, 5],
        ]);
        expect(keysOf(await store.list({ prefix: ['a', 10] }))).toEqual([['a', 10]]);
        expect(keysOf(await store.list({ prefix: ['a', 0] }))).toEqual([]);
        expect(keysOf(await store.list({ prefix: ['a', 'b'], reverse: true }))).toEqual([
          ['a', 'b', 'c'],
          ['a', 'b'],
        ]);
      });

      it('numbers sort numerically and before strings', async () => {
        const keys: Key[] = [
          ['n', 'a'],
          ['n', ''],
          ['n', 10],
          ['n', 2],
          ['n', 0],
          ['n', 2 ** 32],
          ['n', 255],
          ['n', 256],
          ['n', Number.MAX_SAFE_INTEGER],
          ['n', '10'],
        ];
        await store.commit({ sets: keys.map((key) => ({ key, value: bytes('') })) });
        expect(keysOf(await store.list({ prefix: ['n'] }))).toEqual([
          ['n', 0],
          ['n', 2],
          ['n', 10],
          ['n', 255],
          ['n', 256],
          ['n', 2 ** 32],
          ['n', Number.MAX_SAFE_INTEGER],
          ['n', ''],
          ['n', '10'],
          ['n', 'a'],
        ]);
      });

      it('strings sort by code point, shorter first', async () => {
        // Code point order puts U+1F600 after U+E000; JavaScript's UTF-16 `<` would not.
        const strings = ['😀', '\uE000', 'é', 'b', 'a\u0000', 'a', '', 'ab', 'B'];
        await store.commit({
          sets: strings.map((s) => ({ key: ['s', s], value: bytes(s) })),
        });
        expect(keysOf(await store.list({ prefix: ['s'] }))).toEqual(
          ['', 'B', 'a', 'a\u0000', 'ab', 'b', 'é', '\uE000', '😀'].map((s) => ['s', s]),
        );
        expect(text(await store.get(['s', '😀']))).toBe('😀');
      });
    });

    // Access patterns of the server's entities (friends, members, applications, the change
    // stream, media and attribute blobs), checked against every backend.
    describe('entity layouts', () => {
      it('cursor paging over a member list sees every earlier row exactly once while rows join', async () => {
        const member = (id: string): Key => ['app', 'member', 'g1', id];
        await store.commit({ sets: Array.from({ length: 30 }, (_, i) => ({ key: member(`u${String(i).padStart(2, '0')}`), value: bytes('m') })) });
        const seen: string[] = [];
        let start: Key | undefined;
        for (;;) {
          const page = await store.list({ prefix: ['app', 'member', 'g1'], limit: 7, ...(start && { start }) });
          if (page.length === 0) break;
          for (const row of page) seen.push(row.key[3] as string);
          const last = page[page.length - 1] as KvEntry;
          // The next page starts just after the last key: append a character that sorts first.
          start = ['app', 'member', 'g1', `${last.key[3] as string}\u0000`];
          // Someone joins between pages, before and after the cursor.
          await set(member(`a${seen.length}`), 'late');
          await set(member(`z${seen.length}`), 'late');
        }
        const original = seen.filter((id) => id.startsWith('u'));
        expect(original).toEqual(Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(2, '0')}`));
        expect(new Set(seen).size).toBe(seen.length);
      });

      it('a time-ordered index reads newest first, and ids that extend another id stay apart', async () => {
        const rows: [string, number, string][] = [
          ['g1', 1_700_000_000_000, 'bob'],
          ['g1', 1_700_000_000_500, 'carol'],
          ['g1', 1_700_000_000_500, 'alice'],
          ['g10', 1_800_000_000_000, 'dave'],
        ];
        await store.commit({ sets: rows.map(([g, t, u]) => ({ key: ['app', 'gappi', g, t, u], value: bytes(u) })) });
        const newest = await store.list({ prefix: ['app', 'gappi', 'g1'], reverse: true, limit: 2 });
        expect(newest.map((row) => text(row))).toEqual(['carol', 'alice']);
        expect((await store.list({ prefix: ['app', 'gappi', 'g1'] })).length).toBe(3);
      });

      it('directed edges: racing writers of the same pair leave one consistent pair of rows', async () => {
        const edge = (a: string, b: string): Key => ['app', 'fr', a, b];
        const attempt = async (by: string) => {
          for (;;) {
            const [ab, ba] = await store.getMany([edge('alice', 'bob'), edge('bob', 'alice')]);
            if (ab && ba) return 'exists';
            const result = await store.commit({
              checks: [
                { key: edge('alice', 'bob'), version: ab?.version ?? null },
                { key: edge('bob', 'alice'), version: ba?.version ?? null },
              ],
              sets: [
                { key: edge('alice', 'bob'), value: bytes(by) },
                { key: edge('bob', 'alice'), value: bytes(by) },
              ],
            });
            if (result.ok) return 'wrote';
          }
        };
        const outcomes = await Promise.all(['w1', 'w2', 'w3', 'w4'].map(attempt));
        expect(outcomes.filter((o) => o === 'wrote')).toHaveLength(1);
        const [ab, ba] = await store.getMany([edge('alice', 'bob'), edge('bob', 'alice')]);
        expect(text(ab)).toBe(text(ba));
      });

      it('a compacting stream keeps one row per entity after delete-and-append commits', async () => {
        const log = (cursor: number): Key => ['app', 'clog', 'alice', cursor];
        const index = (entity: string): Key => ['app', 'cent', 'alice', entity];
        let cursor = 0;
        for (const entity of ['conv:a', 'conv:b', 'conv:a', 'friend:x', 'conv:a', 'conv:b']) {
          const previous = await store.get(index(entity));
          cursor += 1;
          await store.commit({
            sets: [
              { key: log(cursor), value: bytes(entity) },
              { key: index(entity), value: counterBytes(cursor) },
            ],
            deletes: previous ? [log(counterOf(previous))] : [],
          });
        }
        const rows = await store.list({ prefix: ['app', 'clog', 'alice'] });
        expect(rows.map((row) => [row.key[3], text(row)])).toEqual([
          [4, 'friend:x'],
          [5, 'conv:a'],
          [6, 'conv:b'],
        ]);
      });

      it('a failed check writes nothing for any tenant in the commit', async () => {
        await set(['appA', 'guard'], 'v1');
        const result = await store.commit({
          checks: [{ key: ['appA', 'guard'], version: null }],
          sets: [
            { key: ['appA', 'user', 'x'], value: bytes('a') },
            { key: ['appB', 'user', 'x'], value: bytes('b') },
          ],
        });
        expect(result.ok).toBe(false);
        expect(await store.getMany([['appA', 'user', 'x'], ['appB', 'user', 'x']])).toEqual([undefined, undefined]);
      });

      it('large values (media metadata, attribute maps) round trip intact', async () => {
        const big = new Uint8Array(1024 * 1024);
        for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
        await set(['app', 'attr', 'room', 'r1'], big);
        const row = await store.get(['app', 'attr', 'room', 'r1']);
        expect(row?.value.length).toBe(big.length);
        expect(Buffer.from(row?.value ?? []).equals(Buffer.from(big))).toBe(true);
      });
    });

    describe('checks', () => {
      it('a check with the current version succeeds', async () => {
        const v = await set(['row'], 'old');
        const result = await store.commit({
          checks: [{ key: ['row'], version: v }],
          sets: [{ key: ['row'], value: bytes('new') }],
        });
        expect(result.ok).toBe(true);
        expect(text(await store.get(['row']))).toBe('new');
      });

      it('a stale check fails and writes nothing', async () => {
        const stale = await set(['row'], 'v1');
        await set(['victim'], 'keep me');
        const current = await set(['row'], 'v2');
        const result = await store.commit({
          checks: [{ key: ['row'], version: stale }],
          sets: [
            { key: ['row'], value: bytes('lost') },
            { key: ['fresh'], value: bytes('never') },
          ],
          deletes: [['victim']],
        });
        expect(result).toEqual({ ok: false });
        const row = await store.get(['row']);
        expect(text(row)).toBe('v2');
        expect(row?.version).toBe(current);
        expect(await store.get(['fresh'])).toBeUndefined();
        expect(text(await store.get(['victim']))).toBe('keep me');
      });

      it('every check must hold', async () => {
        const va = await set(['a'], 'a');
        await set(['b'], 'b');
        const result = await store.commit({
          checks: [
            { key: ['a'], version: va },
            { key: ['b'], version: null },
          ],
          sets: [{ key: ['c'], value: bytes('c') }],
        });
        expect(result).toEqual({ ok: false });
        expect(await store.get(['c'])).toBeUndefined();
      });

      it('version null means the row must not exist', async () => {
        const first = await store.commit({
          checks: [{ key: ['unique'], version: null }],
          sets: [{ key: ['unique'], value: bytes('first') }],
        });
        expect(first.ok).toBe(true);
        const second = await store.commit({
          checks: [{ key: ['unique'], version: null }],
          sets: [{ key: ['unique'], value: bytes('second') }],
        });
        expect(second).toEqual({ ok: false });
        expect(text(await store.get(['unique']))).toBe('first');
      });

      it('a version check on a missing row fails', async () => {
        const v = await set(['other'], 'x');
        const result = await store.commit({
          checks: [{ key: ['missing'], version: v }],
          sets: [{ key: ['missing'], value: bytes('x') }],
        });
        expect(result).toEqual({ ok: false });
        expect(await store.get(['missing'])).toBeUndefined();
      });

      it('a check on a deleted row sees it as missing', async () => {
        const v = await set(['gone'], 'x');
        await store.commit({ deletes: [['gone']] });
        expect(await store.commit({ checks: [{ key: ['gone'], version: v }], sets: [] })).toEqual({
          ok: false,
        });
        const result = await store.commit({
          checks: [{ key: ['gone'], version: null }],
          sets: [{ key: ['gone'], value: bytes('back') }],
        });
        expect(result.ok).toBe(true);
      });
    });

    describe('deletes', () => {
      it('delete removes a row; deleting a missing row is fine', async () => {
        await set(['d', 1], '1');
        await set(['d', 2], '2');
        const result = await store.commit({
          deletes: [
            ['d', 1],
            ['d', 99],
          ],
        });
        expect(result.ok).toBe(true);
        expect(await store.get(['d', 1])).toBeUndefined();
        expect(keysOf(await store.list({ prefix: ['d'] }))).toEqual([['d', 2]]);
      });

      it('a key both set and deleted in one commit is set', async () => {
        await set(['both'], 'old');
        const result = await store.commit({
          deletes: [['both'], ['new']],
          sets: [
            { key: ['both'], value: bytes('kept') },
            { key: ['new'], value: bytes('made') },
          ],
        });
        expect(result.ok).toBe(true);
        expect(text(await store.get(['both']))).toBe('kept');
        expect(text(await store.get(['new']))).toBe('made');
      });

      it('a key set twice in one commit keeps the last value', async () => {
        await store.commit({
          sets: [
            { key: ['twice'], value: bytes('first') },
            { key: ['twice'], value: bytes('last') },
          ],
        });
        expect(text(await store.get(['twice']))).toBe('last');
      });
    });

    describe('concurrency', () => {
      it('exactly one of racing commits on the same check succeeds', async () => {
        await set(['counter'], counterBytes(0));
        for (let round = 0; round < 5; round++) {
          const row = await store.get(['counter']);
          const next = counterOf(row) + 1;
          const results = await Promise.all(
            Array.from({ length: 20 }, () =>
              store.commit({
                checks: [{ key: ['counter'], version: row?.version ?? null }],
                sets: [{ key: ['counter'], value: counterBytes(next) }],
              }),
            ),
          );
          expect(results.filter((r) => r.ok)).toHaveLength(1);
          expect(counterOf(await store.get(['counter']))).toBe(round + 1);
        }
      });

      it('a read-check-write retry loop loses no update', async () => {
        const workers = 20;
        const perWorker = 5;
        async function increment(): Promise<number> {
          for (let attempt = 1; ; attempt++) {
            const row = await store.get(['counter']);
            const result = await store.commit({
              checks: [{ key: ['counter'], version: row?.version ?? null }],
              sets: [{ key: ['counter'], value: counterBytes(counterOf(row) + 1) }],
            });
            if (result.ok) return attempt;
            if (attempt > 10_000) throw new Error('increment never succeeded');
          }
        }
        await Promise.all(
          Array.from({ length: workers }, async () => {
            for (let i = 0; i < perWorker; i++) await increment();
          }),
        );
        expect(counterOf(await store.get(['counter']))).toBe(workers * perWorker);
      });
    });

    describe('values', () => {
      it('all 256 byte values and the empty value round trip', async () => {
        const all = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
        await set(['all'], all);
        await set(['empty'], new Uint8Array(0));
        const [a, e] = await store.getMany([['all'], ['empty']]);
        expect(a?.value).toBeInstanceOf(Uint8Array);
        expect(Array.from(a?.value ?? [])).toEqual(Array.from(all));
        expect(e?.value).toBeInstanceOf(Uint8Array);
        expect(e?.value.byteLength).toBe(0);
        const listed = await store.list({ prefix: ['all'] });
        expect(Array.from(listed[0]?.value ?? [])).toEqual(Array.from(all));
      });

      it('stores only the bytes of a view, not its whole buffer', async () => {
        const backing = Uint8Array.from([9, 9, 1, 2, 3, 9, 9]);
        await set(['view'], backing.subarray(2, 5));
        expect(Array.from((await store.get(['view']))?.value ?? [])).toEqual([1, 2, 3]);
      });

      it('callers cannot mutate stored rows through their arrays', async () => {
        const value = Uint8Array.from([1, 2, 3]);
        await set(['mut'], value);
        value[0] = 99;
        const first = await store.get(['mut']);
        expect(Array.from(first?.value ?? [])).toEqual([1, 2, 3]);
        first?.value.fill(0);
        const listed = await store.list({ prefix: ['mut'] });
        listed[0]?.value.fill(0);
        expect(Array.from((await store.get(['mut']))?.value ?? [])).toEqual([1, 2, 3]);
      });

      it('lists 5,000 rows correctly in both orders', async () => {
        const count = 5000;
        // Shuffled insertion order, several commits, so the backend's sorting is exercised.
        const ids = Array.from({ length: count }, (_, i) => i);
        for (let i = ids.length - 1; i > 0; i--) {
          const j = (i * 7919 + 13) % (i + 1);
          [ids[i], ids[j]] = [ids[j]!, ids[i]!];
        }
        for (let from = 0; from < count; from += 1000) {
          await store.commit({
            sets: ids
              .slice(from, from + 1000)
              .map((id) => ({ key: ['big', id], value: bytes(String(id)) })),
          });
        }
        await set(['big!'], 'sibling');
        await set(['bi'], 'sibling');
        const ascending = await store.list({ prefix: ['big'] });
        expect(ascending).toHaveLength(count);
        expect(ascending.every((e, i) => e.key[1] === i && text(e) === String(i))).toBe(true);
        const descending = await store.list({ prefix: ['big'], reverse: true });
        expect(descending).toHaveLength(count);
        expect(descending.every((e, i) => e.key[1] === count - 1 - i)).toBe(true);
        const page = await store.list({ prefix: ['big'], start: ['big', 2500], limit: 100 });
        expect(page.map((e) => e.key[1])).toEqual(Array.from({ length: 100 }, (_, i) => 2500 + i));
        const back = await store.list({
          prefix: ['big'],
          end: ['big', 2500],
          limit: 100,
          reverse: true,
        });
        expect(back.map((e) => e.key[1])).toEqual(Array.from({ length: 100 }, (_, i) => 2499 - i));
      });
    });

    describe('persistence', () => {
      it('data and versions survive close and reopen', async ({ skip }) => {
        if (fixture.reopen === undefined) skip('the backend is not persistent');
        const v1 = await set(['p', 1], 'one');
        const v2 = await set(['p', 2], 'two');
        await store.commit({ deletes: [['p', 1]] });
        await set(['p', 3], 'three');
        const lastBefore = await store.commit({ deletes: [['p', 3]] });
        if (!lastBefore.ok) throw new Error('unconditional commit failed');
        await reopen();
        expect(await store.get(['p', 1])).toBeUndefined();
        const row = await store.get(['p', 2]);
        expect(text(row)).toBe('two');
        expect(row?.version).toBe(v2);
        expect(keysOf(await store.list({ prefix: ['p'] }))).toEqual([['p', 2]]);
        // The counter survives even when the newest rows were deleted before the restart.
        const v3 = await set(['p', 4], 'four');
        expect(v3).toBeGreaterThan(lastBefore.version);
        expect(v3).toBeGreaterThan(v1);
        await reopen();
        expect((await store.get(['p', 4]))?.version).toBe(v3);
        expect(await set(['p', 5], 'five')).toBeGreaterThan(v3);
      });
    });
  });
}
