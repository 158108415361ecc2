import { randomBytes } from 'node:crypto';
import { Client, type QueryResultRow } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { transact } from '../../src/model/tx.js';
import { PostgresServerStore } from '../../src/store/postgres.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres-migrations.js';
import { runServerStoreConformance } from '../../src/testing/index.js';

const url = process.env.PARLEY_TEST_PG_URL;

/** A schema name no other run uses; every test drops the ones it made. */
function uniqueSchema(): string {
  return `parley_t_${randomBytes(6).toString('hex')}`;
}

/** Runs one statement on a connection of its own (not the store's pool). */
async function admin<R extends QueryResultRow>(sql: string): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function dropSchema(schema: string): Promise<void> {
  await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

const bytes = (n: number): Uint8Array => new TextEncoder().encode(String(n));
const number = (value: Uint8Array | undefined): number =>
  value === undefined ? 0 : Number(new TextDecoder().decode(value));

if (url === undefined || url === '') {
  it.skip('PostgreSQL store: skipped — set PARLEY_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test to run it', () => {});
} else {
  const pgUrl = url;

  runServerStoreConformance('PostgresServerStore', async () => {
    const schema = uniqueSchema();
    return {
      store: new PostgresServerStore({ url: pgUrl, schema }),
      reopen: async () => new PostgresServerStore({ url: pgUrl, schema }),
      teardown: () => dropSchema(schema),
    };
  });

  describe('PostgresServerStore, several nodes', () => {
    const schemas: string[] = [];
    const stores: PostgresServerStore[] = [];

    /** Two stores (two pools, as two nodes would have) on one fresh schema, not yet open. */
    function twoNodes(): [PostgresServerStore, PostgresServerStore, string] {
      const schema = uniqueSchema();
      schemas.push(schema);
      const a = new PostgresServerStore({ url: pgUrl, schema, poolSize: 5 });
      const b = new PostgresServerStore({ url: pgUrl, schema, poolSize: 5 });
      stores.push(a, b);
      return [a, b, schema];
    }

    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await Promise.all(schemas.splice(0).map(dropSchema));
    });

    it('allocates gap-free sequence numbers from both nodes at once', async () => {
      const [a, b] = twoNodes();
      await Promise.all([a.open(), b.open()]);
      // The way a message log appends: read the head, write head + 1 and the entry at it.
      const append = (store: PostgresServerStore, by: string) =>
        transact(store, async (tx) => {
          const seq = number(await tx.get(['log', 'head'])) + 1;
          tx.set(['log', 'head'], bytes(seq));
          tx.set(['log', 'entry', seq], new TextEncoder().encode(by));
          return seq;
        });
      const seqs = await Promise.all([
        ...Array.from({ length: 25 }, (_, i) => append(a, `a${i}`)),
        ...Array.from({ length: 25 }, (_, i) => append(b, `b${i}`)),
      ]);
      const expected = Array.from({ length: 50 }, (_, i) => i + 1);
      expect([...seqs].sort((x, y) => x - y)).toEqual(expected);
      const rows = await a.list({ prefix: ['log', 'entry'] });
      expect(rows.map((row) => row.key[2])).toEqual(expected);
      const writers = rows.map((row) => new TextDecoder().decode(row.value));
      expect(new Set(writers).size).toBe(50);
      expect(number((await b.get(['log', 'head']))?.value)).toBe(50);
    });

    it('both nodes migrate a brand-new schema at the same time', async () => {
      const [a, b, schema] = twoNodes();
      await Promise.all([a.open(), b.open()]);
      const rows = await admin<{ value: string }>(
        `SELECT value FROM "${schema}".meta WHERE name = 'schema_version'`,
      );
      expect(rows.map((row) => Number(row.value))).toEqual([POSTGRES_MIGRATIONS.at(-1)?.version]);
      // Both work on the one schema.
      const written = await a.commit({ sets: [{ key: ['k'], value: bytes(1) }] });
      expect(written.ok).toBe(true);
      expect((await b.get(['k']))?.version).toBe(written.ok ? written.version : -1);
    });

    it('a commit of one node is visible to the other at once (no cache)', async () => {
      const [a, b] = twoNodes();
      await Promise.all([a.open(), b.open()]);
      await a.commit({ sets: [{ key: ['row'], value: bytes(1) }] });
      const seen = await b.get(['row']);
      expect(number(seen?.value)).toBe(1);
      const second = await a.commit({
        checks: [{ key: ['row'], version: seen?.version ?? null }],
        sets: [{ key: ['row'], value: bytes(2) }],
      });
      expect(second.ok).toBe(true);
      expect(number((await b.get(['row']))?.value)).toBe(2);
      expect(number((await b.getMany([['row']]))[0]?.value)).toBe(2);
      expect((await b.list({ prefix: ['row'] })).map((row) => number(row.value))).toEqual([2]);
      // b's view is the current row, so b's stale check fails and its fresh one succeeds.
      const stale = await b.commit({
        checks: [{ key: ['row'], version: seen?.version ?? null }],
        sets: [{ key: ['row'], value: bytes(3) }],
      });
      expect(stale.ok).toBe(false);
      await a.commit({ deletes: [['row']] });
      expect(await b.get(['row'])).toBeUndefined();
    });

    it('rejects after close, and names the host it cannot reach', async () => {
      const [a] = twoNodes();
      await a.open();
      await a.close();
      await expect(a.commit({ sets: [{ key: ['k'], value: bytes(1) }] })).rejects.toThrow(/is closed/);
      await expect(a.open()).rejects.toThrow(/is closed/);
      await a.close();

      const unreachable = new PostgresServerStore({ url: 'postgres://postgres:hunter2@127.0.0.1:1/test' });
      const error = await unreachable.open().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain('127.0.0.1');
      expect(message).toContain('cannot connect');
      expect(message).not.toContain('hunter2');
      await unreachable.close();
    });
  });

  describe('PostgresServerStore, lifecycle', () => {
    it('rejects calls before open', async () => {
      const store = new PostgresServerStore({ url: pgUrl, schema: uniqueSchema() });
      await expect(store.get(['k'])).rejects.toThrow(/not open: call open\(\) first/);
      await expect(store.commit({ deletes: [['k']] })).rejects.toThrow(/not open/);
      await store.close();
    });

    it('validates the schema name and pool size', () => {
      expect(() => new PostgresServerStore({ url: pgUrl, schema: 'Bad-Name' })).toThrow(RangeError);
      expect(() => new PostgresServerStore({ url: pgUrl, schema: 'x"; DROP' })).toThrow(RangeError);
      expect(() => new PostgresServerStore({ url: pgUrl, poolSize: 0 })).toThrow(RangeError);
    });

    it('refuses a schema written by a newer server', async () => {
      const schema = uniqueSchema();
      try {
        const first = new PostgresServerStore({ url: pgUrl, schema });
        await first.open();
        await first.close();
        await admin(`UPDATE "${schema}".meta SET value = 999 WHERE name = 'schema_version'`);
        const second = new PostgresServerStore({ url: pgUrl, schema });
        await expect(second.open()).rejects.toThrow(/schema version 999, newer than this server's/);
        await second.close();
      } finally {
        await dropSchema(schema);
      }
    });

    it('commit_kv refuses to run outside READ COMMITTED', async () => {
      const schema = uniqueSchema();
      const store = new PostgresServerStore({ url: pgUrl, schema });
      try {
        await store.open();
        const client = new Client({ connectionString: pgUrl });
        await client.connect();
        try {
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
          await expect(
            client.query(`SELECT "${schema}".commit_kv('{}', '{}', '{}', '{}', '{}')`),
          ).rejects.toThrow(/READ COMMITTED/);
          await client.query('ROLLBACK');
        } finally {
          await client.end();
        }
      } finally {
        await store.close();
        await dropSchema(schema);
      }
    });
  });
}
