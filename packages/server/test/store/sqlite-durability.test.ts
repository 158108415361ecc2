/**
 * What a process kill leaves behind, approximated in process.
 *
 * A real SIGKILL test needs a child process running SqliteServerStore, and plain Node 20 cannot
 * import this package's TypeScript sources (no tsx here, no --experimental-strip-types in 20).
 * So this test leaves the writing store open, never closed and never checkpointed (as a killed
 * process would), and opens independent connections to the same file: with WAL every commit
 * that resolved must already be in the `-wal` file, visible to any new connection. The
 * end-to-end SIGKILL test runs at the server level against the built package.
 */

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeKey, encodeKey } from '../../src/store/keys.js';
import { SQLITE_FILE_NAME, SqliteServerStore, sqliteStoreInDir } from '../../src/store/sqlite.js';

describe('SqliteServerStore durability', () => {
  let dir: string;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-durability-'));
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolved commits are visible to new connections while the writer is open', async () => {
    const writer = sqliteStoreInDir(dir);
    cleanups.push(() => writer.close());
    await writer.open();
    const count = 200;
    const versions: number[] = [];
    for (let i = 0; i < count; i++) {
      const result = await writer.commit({
        sets: [{ key: ['msg', i], value: Uint8Array.of(i % 256, 0, 255) }],
      });
      if (!result.ok) throw new Error('unconditional commit failed');
      versions.push(result.version);
    }
    // The commits live in the WAL, not yet in the main file: the case a kill leaves.
    const path = join(dir, SQLITE_FILE_NAME);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);

    // A raw, read-only connection: what any later process sees on disk.
    const raw = new Database(path, { readonly: true, fileMustExist: true });
    cleanups.push(() => {
      raw.close();
    });
    const rows = raw
      .prepare<[], { k: Uint8Array; v: Uint8Array; ver: number }>(
        'SELECT k, v, ver FROM kv ORDER BY k',
      )
      .all();
    expect(rows.map((r) => decodeKey(r.k))).toEqual(
      Array.from({ length: count }, (_, i) => ['msg', i]),
    );
    expect(rows.map((r) => r.ver)).toEqual(versions);
    expect(Array.from(rows[7]!.v)).toEqual([7, 0, 255]);
    const meta = raw
      .prepare<[], { value: number }>("SELECT value FROM meta WHERE name = 'version'")
      .get();
    expect(meta?.value).toBe(versions.at(-1));

    // A second store on the same file (a restarted server): same rows, and it keeps counting.
    const second = new SqliteServerStore({ path });
    cleanups.push(() => second.close());
    await second.open();
    expect(await second.list({ prefix: ['msg'] })).toHaveLength(count);
    const next = await second.commit({ sets: [{ key: ['msg', count], value: new Uint8Array() }] });
    expect(next.ok && next.version).toBe(versions.at(-1)! + 1);
    // ...and the first store sees the second's commit and does not reuse its version.
    expect(await writer.get(['msg', count])).toBeDefined();
    const after = await writer.commit({
      sets: [{ key: ['msg', count + 1], value: new Uint8Array() }],
    });
    expect(after.ok && after.version).toBe(versions.at(-1)! + 2);
  });

  it('a failed check leaves no trace for other connections', async () => {
    const writer = sqliteStoreInDir(dir);
    cleanups.push(() => writer.close());
    await writer.open();
    await writer.commit({ sets: [{ key: ['row'], value: Uint8Array.of(1) }] });
    const result = await writer.commit({
      checks: [{ key: ['row'], version: null }],
      sets: [{ key: ['other'], value: Uint8Array.of(2) }],
    });
    expect(result.ok).toBe(false);
    const raw = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    cleanups.push(() => {
      raw.close();
    });
    expect(raw.prepare('SELECT k FROM kv WHERE k = ?').get(encodeKey(['other']))).toBeUndefined();
  });

  it('records the schema version and refuses a database from a newer server', async () => {
    const store = sqliteStoreInDir(dir);
    await store.open();
    await store.close();
    const path = join(dir, SQLITE_FILE_NAME);
    const raw = new Database(path);
    expect(raw.prepare("SELECT value FROM meta WHERE name = 'schema_version'").get()).toEqual({
      value: 1,
    });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.prepare("UPDATE meta SET value = 999 WHERE name = 'schema_version'").run();
    raw.close();
    const newer = new SqliteServerStore({ path });
    await expect(newer.open()).rejects.toThrow(/schema version 999/);
    // The failed open left the store closed but retryable; nothing is held open.
    await expect(newer.get(['x'])).rejects.toThrow(/not open/);
  });
});
