/**
 * The schema history of the PostgreSQL store, and the runner that applies it.
 *
 * {@link migratePostgres} runs at every `open()`: under a session-level advisory lock (so
 * several nodes starting together take turns), in one transaction, it creates the schema and
 * its `meta` table if needed, then applies every migration numbered above the recorded
 * `schema_version` and records the new number. Later changes append a migration; never edit
 * or renumber a shipped one, since databases in the field have already run it.
 *
 * Migrations are written without schema names: the runner sets `search_path` to the store's
 * schema for the migration transaction only (`SET LOCAL`), so every object they create lands
 * in that schema, and the same text serves every schema.
 */

import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';

/** One schema step. */
export interface PostgresMigration {
  /** The schema version this migration produces: 1, 2, 3… in order, without gaps. */
  readonly version: number;
  /** What it does, for logs and error messages. */
  readonly description: string;
  /**
   * Applies the step: SQL text (several statements are allowed), or a function of the
   * migrating client. Runs inside the migration transaction with `search_path` set to the
   * store's schema: throwing (or failing SQL) rolls everything back.
   */
  readonly up: string | ((client: ClientBase) => Promise<void>);
}

/**
 * The bootstrap table, created before any migration runs because it records which migrations
 * ran: `name` is `schema_version`, `value` the last applied migration. (The commit version
 * lives in a sequence, not here: see migration 1.)
 */
export const POSTGRES_META_DDL =
  'CREATE TABLE IF NOT EXISTS meta (name text PRIMARY KEY, value bigint NOT NULL)';

/**
 * The body of `commit_kv`, the whole check-and-set commit in one round trip.
 *
 * 1. Refuses to run outside READ COMMITTED: only there does each statement after the locks
 *    take a fresh snapshot, which is what makes the checks exact. (Under REPEATABLE READ the
 *    snapshot would predate the locks, and a concurrent commit could be missed.)
 * 2. Locks a 64-bit hash of every distinct checked, set or deleted key with
 *    `pg_advisory_xact_lock`, in ascending hash order, so two commits that share a key
 *    serialize and no two commits can deadlock (each waits only for locks below the ones it
 *    holds). The hash is the first 64 bits of the MD5 of the encoded key, computed here in
 *    SQL, so every client agrees on it without sharing code; MD5 serves as a spreading
 *    function, not for security. A collision only makes two unrelated commits serialize.
 *    The locks are released when the surrounding transaction (the caller's one statement)
 *    ends, after its writes are visible.
 * 3. Compares every check with the current row (a NULL version means "must not exist") and
 *    returns NULL, having written nothing, when one fails.
 * 4. Takes the next commit version, deletes, upserts every set with that version, and
 *    returns the version. (The store's deletes exclude keys that are also set.)
 *
 * Locks on set-only keys are needed too: without them, a commit checking A and setting B could
 * interleave with one checking B and setting A, and both would pass (write skew).
 *
 * Each lock takes a slot of PostgreSQL's shared lock table (`max_locks_per_transaction` ×
 * `max_connections` slots, 6,400 by default) until the commit ends, so the largest commits
 * bound it: a few thousand keys per commit fit the defaults; ten thousand or more need
 * `max_locks_per_transaction` raised (the commit fails with "out of shared memory" otherwise,
 * writing nothing).
 */
const COMMIT_KV_DDL = `
CREATE FUNCTION commit_kv(
  check_keys bytea[],
  check_versions bigint[],
  set_keys bytea[],
  set_values bytea[],
  delete_keys bytea[]
) RETURNS bigint
LANGUAGE plpgsql
VOLATILE
-- Pins name resolution to this schema whatever the caller's search_path.
SET search_path FROM CURRENT
AS $commit_kv$
DECLARE
  lock_key bigint;
  new_version bigint;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'commit_kv must run under READ COMMITTED, not %',
      current_setting('transaction_isolation');
  END IF;
  FOR lock_key IN
    SELECT DISTINCT ('x' || left(md5(u.k), 16))::bit(64)::bigint AS h
    FROM unnest(check_keys || set_keys || delete_keys) AS u(k)
    ORDER BY h
  LOOP
    PERFORM pg_advisory_xact_lock(lock_key);
  END LOOP;
  IF EXISTS (
    SELECT 1
    FROM unnest(check_keys, check_versions) AS c(k, ver)
    LEFT JOIN kv ON kv.k = c.k
    WHERE kv.ver IS DISTINCT FROM c.ver
  ) THEN
    RETURN NULL;
  END IF;
  new_version := nextval('commit_version');
  IF cardinality(delete_keys) > 0 THEN
    DELETE FROM kv WHERE k = ANY (delete_keys);
  END IF;
  IF cardinality(set_keys) > 0 THEN
    INSERT INTO kv (k, v, ver)
    SELECT s.k, s.v, new_version FROM unnest(set_keys, set_values) AS s(k, v)
    ON CONFLICT (k) DO UPDATE SET v = excluded.v, ver = excluded.ver;
  END IF;
  RETURN new_version;
END
$commit_kv$`;

/** Every migration, in order. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'kv table, commit version sequence and commit_kv function',
    up: `
      -- bytea compares bytewise (memcmp, then length), exactly the order of the tuple
      -- encoding (./keys.ts), so the primary-key B-tree serves prefix and range scans.
      CREATE TABLE kv (
        k   bytea  PRIMARY KEY,
        v   bytea  NOT NULL,
        ver bigint NOT NULL
      );
      -- Commit versions. nextval is never rolled back, so versions only grow; a failed
      -- transaction leaves a gap, which is harmless.
      CREATE SEQUENCE commit_version AS bigint MINVALUE 1 START WITH 1;
      ${COMMIT_KV_DDL};
    `,
  },
];

/** Matches the schema names the store accepts: lowercase, unquoted-identifier style. */
export const POSTGRES_SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a schema name that {@link POSTGRES_SCHEMA_PATTERN} accepted. */
export function quoteSchema(schema: string): string {
  if (!POSTGRES_SCHEMA_PATTERN.test(schema)) {
    throw new RangeError(
      `postgres schema name ${JSON.stringify(schema)} does not match ${String(POSTGRES_SCHEMA_PATTERN)}`,
    );
  }
  return `"${schema}"`;
}

/**
 * The session-level advisory lock that serializes migrations of one schema: the first 64 bits
 * of SHA-256 of `parley:migrate:<schema>`, as a signed bigint in decimal. Fixed for a schema,
 * so every node derives the same key; different for other schemas, so they migrate
 * independently.
 */
export function migrationLockKey(schema: string): string {
  const digest = createHash('sha256').update(`parley:migrate:${schema}`).digest();
  return digest.readBigInt64BE(0).toString();
}

/**
 * Brings `schema` up to the newest migration, on a dedicated client (not in a transaction).
 *
 * @param label - Names the store in error messages (URL without password, schema).
 * @throws {Error} (as a rejection) when the schema is newer than this server knows (a
 *   downgrade), or when a migration fails (everything is rolled back).
 */
export async function migratePostgres(client: ClientBase, schema: string, label: string): Promise<void> {
  const quoted = quoteSchema(schema);
  const lockKey = migrationLockKey(schema);
  const latest = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;
  await client.query('SELECT pg_advisory_lock($1::bigint)', [lockKey]);
  try {
    await client.query('BEGIN');
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(`SET LOCAL search_path TO ${quoted}`);
      await client.query(POSTGRES_META_DDL);
      const { rows } = await client.query<{ value: string }>(
        "SELECT value FROM meta WHERE name = 'schema_version'",
      );
      const current = rows[0] === undefined ? 0 : Number(rows[0].value);
      if (current > latest) {
        throw new Error(
          `${label} has schema version ${current}, newer than this server's ${latest}: ` +
            'it was written by a newer server',
        );
      }
      for (const migration of POSTGRES_MIGRATIONS) {
        if (migration.version <= current) continue;
        try {
          if (typeof migration.up === 'string') await client.query(migration.up);
          else await migration.up(client);
        } catch (cause) {
          throw new Error(
            `${label}: migration ${migration.version} (${migration.description}) failed`,
            { cause },
          );
        }
      }
      if (current < latest) {
        await client.query(
          "INSERT INTO meta (name, value) VALUES ('schema_version', $1) " +
            'ON CONFLICT (name) DO UPDATE SET value = excluded.value',
          [latest],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      // A broken connection cannot roll back; the server does it when the session ends.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]).catch(() => undefined);
  }
}
