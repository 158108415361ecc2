/**
 * The PostgreSQL {@link ServerStore}: the `kv` table of encoded keys (see ./keys.ts), a commit
 * version sequence and the `commit_kv` function, all in one schema (./postgres-migrations.ts).
 * The backend of several server nodes sharing one database.
 *
 * Consistency. Each commit is one call of `commit_kv`, one statement in its own READ COMMITTED
 * transaction. It first takes a transaction-scoped advisory lock on a hash of every key it
 * checks, sets or deletes, in ascending order, so any two commits that share a key run one
 * after the other, in any process, without deadlocks; only then does it compare the checks
 * with the latest committed rows (each statement after the locks takes a fresh snapshot), and
 * write. A check therefore never passes against a row another commit is about to change, and
 * `transact` (../model/tx.ts) gives serializable transactions across nodes. Versions come from
 * a sequence: a commit that starts after another one resolved gets a higher version, and so
 * does one that shares a key with it; versions strictly increase per commit, across restarts.
 * A commit that fails after taking its version leaves a gap, which is harmless (versions are
 * compared for equality and order, never counted). Reads are single statements, so `getMany`
 * and `list` each see one consistent snapshot.
 *
 * Durability. `commit` resolves after PostgreSQL reports the transaction committed. With
 * `synchronous_commit = on` (PostgreSQL's default) the commit record is flushed to the WAL
 * first, so a resolved commit survives a crash of this process and of the database server.
 * With `synchronous_commit = off` a database crash may lose the last few resolved commits (the
 * data stays consistent), and with synchronous replication the setting also decides whether a
 * standby has it; that is the operator's choice, made in PostgreSQL.
 *
 * No cache. The SQLite store keeps recently read rows because it is the only writer of its
 * file. Here every node writes, and a cached row could be stale the moment another node
 * commits: a read-check-write loop would then keep failing its checks, and anything read
 * outside a transaction could show old data. So every call goes to the database.
 */

import { Client, type CustomTypesConfig, Pool, type PoolConfig, types as pgTypes } from 'pg';
import { decodeKey, encodeKey } from './keys.js';
import { planMutation } from './mutation.js';
import { migratePostgres, quoteSchema } from './postgres-migrations.js';
import { isEmptySelection, resolveSelector } from './selector.js';
import type { CommitResult, Key, KvEntry, KvMutation, KvSelector, ServerStore } from './types.js';

/** Options of a {@link PostgresServerStore}. */
export interface PostgresServerStoreOptions {
  /**
   * The connection URL, for example `postgres://parley:secret@db.internal:5432/parley`.
   * Error messages show it without its password.
   */
  readonly url: string;
  /**
   * The schema that holds the store's tables, created at open if missing. Lowercase letters,
   * digits and `_`, starting with a letter or `_`, at most 63 characters. Several stores
   * (tenants, test runs) can share a database in different schemas.
   *
   * @default 'parley'
   */
  readonly schema?: string;
  /**
   * Connections in the pool: the most statements this store runs at once.
   *
   * @default 10
   */
  readonly poolSize?: number;
}

/** How long open() waits for the first connection before giving up. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Makes every session READ COMMITTED whatever the database's default, since `commit_kv` relies
 * on it (and refuses to run otherwise). A URL with its own `options` parameter replaces this.
 */
const SESSION_OPTIONS = '-c default_transaction_isolation=read\\ committed';

const BYTEA_OID = 17;

/** SQLSTATE 53200: the shared lock table is full. */
const OUT_OF_SHARED_MEMORY = '53200';

interface RowValue {
  v: Uint8Array;
  ver: string;
}

interface Row extends RowValue {
  k: Uint8Array;
}

/** The SQL of the hot statements, schema-qualified once at construction. */
interface Statements {
  readonly get: string;
  readonly getMany: string;
  readonly listAsc: string;
  readonly listDesc: string;
  readonly commit: string;
}

/**
 * A {@link ServerStore} on PostgreSQL through a `pg` pool. Any number of instances and
 * processes may share one schema (see the module comment). Reads and commits are one named
 * statement each, so each pooled connection parses and plans them once.
 */
export class PostgresServerStore implements ServerStore {
  /** Always `postgres`. */
  readonly kind = 'postgres';
  /** The schema holding the store's tables. */
  readonly schema: string;
  /** The connection URL without its password, for logs and messages. */
  readonly displayUrl: string;
  private readonly url: string;
  private readonly poolSize: number;
  private readonly label: string;
  private readonly sql: Statements;
  private pool: Pool | undefined;
  private opening: Promise<void> | undefined;
  private closed = false;

  /**
   * Creates the store; nothing connects until {@link PostgresServerStore.open}.
   *
   * @throws {RangeError} when the schema name or the pool size is invalid.
   */
  constructor(options: PostgresServerStoreOptions) {
    this.url = options.url;
    this.schema = options.schema ?? 'parley';
    this.poolSize = options.poolSize ?? 10;
    if (!(Number.isSafeInteger(this.poolSize) && this.poolSize >= 1)) {
      throw new RangeError(`postgres store poolSize ${String(options.poolSize)} is not a positive integer`);
    }
    const s = quoteSchema(this.schema);
    this.displayUrl = withoutPassword(this.url);
    this.label = `postgres store ${this.displayUrl} (schema ${this.schema})`;
    this.sql = {
      get: `SELECT v, ver FROM ${s}.kv WHERE k = $1`,
      getMany: `SELECT k, v, ver FROM ${s}.kv WHERE k = ANY ($1::bytea[])`,
      listAsc: `SELECT k, v, ver FROM ${s}.kv WHERE k >= $1 AND k < $2 ORDER BY k ASC LIMIT $3`,
      listDesc: `SELECT k, v, ver FROM ${s}.kv WHERE k >= $1 AND k < $2 ORDER BY k DESC LIMIT $3`,
      commit:
        `SELECT ${s}.commit_kv($1::bytea[], $2::bigint[], $3::bytea[], $4::bytea[], $5::bytea[])` +
        ' AS version',
    };
  }

  /**
   * Connects, creates the schema if needed and migrates it (./postgres-migrations.ts), then
   * creates the pool. Idempotent while open; concurrent calls share one attempt. If it fails,
   * nothing stays connected and `open()` may be retried.
   *
   * @throws {Error} (as a rejection) when the store was closed; when the server cannot be
   *   reached or refuses the login within 10 s (the message names the URL without its
   *   password); when the schema is newer than this server knows (a downgrade); or when a
   *   migration fails (it is rolled back).
   */
  async open(): Promise<void> {
    if (this.closed) throw new Error(`${this.label} is closed`);
    if (this.pool !== undefined) return;
    this.opening ??= this.connect().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async connect(): Promise<void> {
    const config = this.poolConfig();
    const client = new Client({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A dropped connection also fails the pending query, which is where it is reported.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (cause) {
      await client.end().catch(() => undefined);
      throw new Error(`${this.label}: cannot connect: ${describe(cause)}`, { cause });
    }
    try {
      await migratePostgres(client, this.schema, this.label);
    } finally {
      await client.end().catch(() => undefined);
    }
    if (this.closed) throw new Error(`${this.label} is closed`);
    const pool = new Pool({ ...config, max: this.poolSize });
    // pg reports errors of idle connections (a restarted server, say) here and drops them;
    // without a listener they would crash the process. The next query opens a new connection.
    pool.on('error', () => undefined);
    this.pool = pool;
  }

  private poolConfig(): PoolConfig {
    return {
      connectionString: this.url,
      options: SESSION_OPTIONS,
      types: TYPES,
    };
  }

  /**
   * Ends the pool (waiting for running statements). Idempotent: closing twice resolves. Every
   * other call afterwards rejects.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.opening?.catch(() => undefined);
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  /**
   * Reads one row.
   *
   * @throws {Error} (as a rejection) when the store is not open, or the query fails.
   * @throws {TypeError} (as a rejection) when the key is invalid.
   */
  async get(key: Key): Promise<KvEntry | undefined> {
    const pool = this.pool_();
    const k = encodeKey(key);
    const { rows } = await pool.query<RowValue>({ name: 'parley_kv_get', text: this.sql.get, values: [k] });
    const row = rows[0];
    return row === undefined ? undefined : toEntry(decodeKey(k), row);
  }

  /**
   * Reads several rows in one statement (one snapshot); the result is aligned with `keys`,
   * duplicates included (each occurrence gets its own value array).
   *
   * @throws {Error} (as a rejection) when the store is not open, or the query fails.
   * @throws {TypeError} (as a rejection) when a key is invalid.
   */
  async getMany(keys: readonly Key[]): Promise<(KvEntry | undefined)[]> {
    const pool = this.pool_();
    const ks = keys.map(encodeKey);
    if (ks.length === 0) return [];
    const ids = ks.map(identity);
    const distinct = new Map<string, Uint8Array>();
    ks.forEach((k, i) => {
      distinct.set(ids[i] as string, k);
    });
    const { rows } = await pool.query<Row>({
      name: 'parley_kv_get_many',
      text: this.sql.getMany,
      values: [[...distinct.values()]],
    });
    const found = new Map<string, Row>();
    for (const row of rows) found.set(identity(row.k), row);
    const used = new Set<string>();
    return ks.map((k, i) => {
      const id = ids[i] as string;
      const row = found.get(id);
      if (row === undefined) return undefined;
      const entry = toEntry(decodeKey(k), row);
      if (used.has(id)) return { ...entry, value: entry.value.slice() };
      used.add(id);
      return entry;
    });
  }

  /**
   * Lists rows in key order (or reverse key order), in one statement.
   *
   * @throws {Error} (as a rejection) when the store is not open, or the query fails.
   * @throws {TypeError} (as a rejection) when a key is invalid.
   * @throws {RangeError} (as a rejection) when the limit is invalid.
   */
  async list(selector: KvSelector): Promise<KvEntry[]> {
    const pool = this.pool_();
    const selection = resolveSelector(selector);
    if (isEmptySelection(selection)) return [];
    // LIMIT NULL is no limit.
    const limit = Number.isFinite(selection.limit) ? selection.limit : null;
    const { rows } = await pool.query<Row>(
      selection.reverse
        ? { name: 'parley_kv_list_desc', text: this.sql.listDesc, values: [selection.start, selection.end, limit] }
        : { name: 'parley_kv_list_asc', text: this.sql.listAsc, values: [selection.start, selection.end, limit] },
    );
    return rows.map((row) => toEntry(decodeKey(row.k), row));
  }

  /**
   * Applies a mutation atomically if every check holds: one call of `commit_kv`, one round
   * trip.
   * @throws {TypeError} (as a rejection) when a key, value or check version is invalid;
   *   nothing is sent to the database.
   * @throws {Error} (as a rejection) when the store is not open; when the commit touches more
   *   keys than PostgreSQL's lock table can hold at once (one advisory lock per key; see
   *   `max_locks_per_transaction`); or when the statement fails otherwise. If
   *   the connection breaks after the statement was sent, the commit may or may not have
   *   happened (as with any database); a retried `transact` re-reads and re-checks, so it
   *   never applies a change twice.
   */
  async commit(mutation: KvMutation): Promise<CommitResult> {
    const pool = this.pool_();
    const plan = planMutation(mutation);
    let rows: { version: string | null }[];
    try {
      ({ rows } = await pool.query<{ version: string | null }>({
        name: 'parley_kv_commit',
        text: this.sql.commit,
        values: [
          plan.checks.map((check) => check.k),
          plan.checks.map((check) => check.version),
          plan.sets.map((set) => set.k),
          // pg writes only the bytes of each view, so callers' arrays are never kept.
          plan.sets.map((set) => set.value),
          plan.deletes,
        ],
      }));
    } catch (error) {
      if ((error as { code?: unknown }).code !== OUT_OF_SHARED_MEMORY) throw error;
      const keys = plan.checks.length + plan.sets.length + plan.deletes.length;
      throw new Error(
        `${this.label}: a commit of ${keys} keys needs more advisory locks than PostgreSQL's ` +
          'lock table holds; raise max_locks_per_transaction (nothing was written)',
        { cause: error },
      );
    }
    const version = rows[0]?.version ?? null;
    // bigint arrives as a decimal string; versions stay far below 2^53.
    return version === null ? { ok: false } : { ok: true, version: Number(version) };
  }

  // Named with a trailing underscore, like SqliteServerStore's open_().
  private pool_(): Pool {
    if (this.pool !== undefined && !this.closed) return this.pool;
    throw new Error(this.closed ? `${this.label} is closed` : `${this.label} is not open: call open() first`);
  }
}

/**
 * Type parsers of the store's connections: pg's, except that `bytea` becomes a `Uint8Array`
 * with memory of its own. pg's default decodes into a `Buffer` that, for small values, is a
 * slice of a shared pool, so `value.buffer` would expose unrelated bytes; decoding straight
 * into a fresh array costs the same and copies nothing.
 */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown {
  if (oid === BYTEA_OID && format !== 'binary') return parseBytea;
  return pgTypes.getTypeParser(oid, format ?? 'text') as (text: string) => unknown;
}

/** pg's typings overload getTypeParser per type; ours has the plain runtime signature. */
const TYPES = { getTypeParser } as unknown as CustomTypesConfig;

const defaultByteaParser = pgTypes.getTypeParser(BYTEA_OID, 'text') as (text: string) => Buffer;

function parseBytea(text: string): Uint8Array {
  // `bytea_output = hex`, PostgreSQL's default: `\x` then two digits per byte.
  if (text.charCodeAt(0) === 0x5c && text.charCodeAt(1) === 0x78) {
    const out = new Uint8Array((text.length - 2) >>> 1);
    Buffer.from(out.buffer, 0, out.byteLength).write(text.slice(2), 'hex');
    return out;
  }
  // `bytea_output = escape`, a server setting: rare enough to copy.
  return new Uint8Array(defaultByteaParser(text));
}

/** Builds an entry; values are already plain arrays of their own (see {@link parseBytea}). */
function toEntry(key: Key, row: RowValue): KvEntry {
  return { key, value: row.v, version: Number(row.ver) };
}

/** A Map key for an encoded key: latin1 maps each byte to one char, so it is injective. */
function identity(k: Uint8Array): string {
  return Buffer.from(k.buffer, k.byteOffset, k.byteLength).toString('latin1');
}

/** The URL with its password removed (or the whole userinfo hidden if it cannot be parsed). */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** An error's message; Node reports a refused dual-stack connect as an AggregateError with none. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map(describe).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message !== '' ? error.message : String(code ?? error.name);
  }
  return String(error);
}
