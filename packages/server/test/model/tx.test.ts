import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromJson, toJson } from '../../src/model/schema.js';
import { transact } from '../../src/model/tx.js';
import { MemoryServerStore } from '../../src/store/memory.js';
import { SqliteServerStore } from '../../src/store/sqlite.js';
import type { ServerStore } from '../../src/store/types.js';

/** `writers` concurrent loops, each incrementing one shared row `each` times in a row. */
async function hammer(store: ServerStore, writers: number, each = 1): Promise<number> {
  const key = ['counter'];
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < each; i++) {
        await transact(store, async (tx) => {
          // A private row too, as a send writes its own log besides the shared stream head.
          await tx.get(['own', w]);
          const row = await tx.get(key);
          tx.set(['own', w], toJson({ i }));
          tx.set(key, toJson({ n: (row ? fromJson<{ n: number }>(row).n : 0) + 1 }));
        });
      }
    }),
  );
  const row = await store.get(key);
  return row ? fromJson<{ n: number }>(row.value).n : 0;
}

describe('transact under contention', () => {
  it('200 writers of one row all commit, none lost (memory)', async () => {
    const store = new MemoryServerStore();
    await store.open();
    expect(await hammer(store, 200)).toBe(200);
    await store.close();
  });

  it('200 writers of one row all commit, none lost (SQLite with group commit)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-tx-'));
    const store = new SqliteServerStore({ path: join(dir, 'db.sqlite') });
    await store.open();
    try {
      // Each group commit lets one of the colliding writers win; without escalation to an
      // exclusive attempt the losers ran out of retries.
      expect(await hammer(store, 200)).toBe(200);
      // Steady contention (20 writers, 50 each, like 20 senders to one reader): no writer starves.
      expect(await hammer(store, 20, 50)).toBe(1200);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a slow writer is not starved by a stream of fast ones on the same row', async () => {
    const store = new MemoryServerStore();
    await store.open();
    const key = ['hot'];
    const bump = (tx: import('../../src/model/tx.js').Tx, bytes: Uint8Array | undefined) =>
      tx.set(key, toJson({ n: (bytes ? fromJson<{ n: number }>(bytes).n : 0) + 1 }));
    let stop = false;
    // Fast rivals: each attempt reads and writes at once, so in a fair race they always win.
    const rivals = Array.from({ length: 4 }, async () => {
      while (!stop) {
        await transact(store, async (tx) => bump(tx, await tx.get(key)));
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    // The victim waits between its read and its write, so every shared attempt loses.
    const victim = transact(store, async (tx) => {
      const bytes = await tx.get(key);
      await new Promise((resolve) => setTimeout(resolve, 2));
      bump(tx, bytes);
      return 'committed';
    });
    try {
      await expect(victim).resolves.toBe('committed');
    } finally {
      stop = true;
      await Promise.all(rivals);
      await store.close();
    }
  }, 10_000);
});
