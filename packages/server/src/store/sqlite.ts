/**
 * The SQLite {@link ServerStore}: one file (plus its `-wal` and `-shm` companions) holding
 * the `kv` table of encoded keys (see ./keys.ts) and the `meta` table of the schema and commit
 * versions. The default backend of a single-node server.
 */

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { decodeKey, encodeKey } from './keys.js';
import { type MutationPlan, planMutation } from './mutation.js';
import { isEmptySelection, resolveSelector } from './selector.js';
import { SQLITE_META_DDL, SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import type { CommitResult, Key, KvEntry, KvMutation, KvSelector, ServerStore } from './types.js';

/** The file name {@link sqliteStoreInDir} uses inside the data directory. */
export const SQLITE_FILE_NAME = 'parley.sqlite';

/** The path that opens a private, non-persistent database (better-sqlite3 / SQLite syntax). */
const IN_MEMORY = ':memory:';

/** How long a writer waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** Options of a {@link SqliteServerStore}. */
export interface SqliteServerStoreOptions {
  /** The database file (its parent directory is created at open), or `:memory:`. */
  readonly path: string;
  /**
   * SQLite's `synchronous` setting, in WAL mode.
   *
   * - `normal`: a commit is durable once `commit` resolves as far as the process is concerned:
   *   it survives the process being killed (SIGKILL, OOM, crash), which is the server's
   *   requirement. An operating-system crash or power loss may lose the last few commits
   *   (the database stays consistent; they roll back as a whole), because the WAL is only
   *   fsynced at checkpoints.
   * - `full`: the WAL is fsynced on every commit, so commits also survive OS crashes and
   *   power loss, at the cost of one fsync per commit.
   *
   * @default 'normal'
   */
  readonly synchronous?: 'normal' | 'full';
  /**
   * SQLite's page cache, MiB: recently used pages of history and indexes stay in memory. A
   * bound, not a reservation; the cache fills as pages are read or written.
   * @default 64
   */
  readonly cacheMiB?: number;
}

interface RowValue {
  v: Uint8Array;
  ver: number;
}

interface Row extends RowValue {
  k: Uint8Array;
}

/** The prepared statements, compiled once at open. */
interface Statements {
  readonly get: Database.Statement<[Uint8Array], RowValue>;
  readonly version: Database.Statement<[Uint8Array], { ver: number }>;
  readonly listAsc: Database.Statement<[Uint8Array, Uint8Array, number], Row>;
  readonly listDesc: Database.Statement<[Uint8Array, Uint8Array, number], Row>;
  readonly readCommitVersion: Database.Statement<[], { value: number }>;
  readonly writeCommitVersion: Database.Statement<[number], unknown>;
  readonly upsert: Database.Statement<[Uint8Array, Uint8Array, number], unknown>;
  readonly delete: Database.Statement<[Uint8Array], unknown>;
}

/** An open database with its statements and transaction functions. */
interface Connection {
  readonly db: Database.Database;
  readonly statements: Statements;
  readonly getMany: Database.Transaction<(ks: readonly Uint8Array[]) => (KvEntry | undefined)[]>;
  readonly commit: Database.Transaction<(plan: MutationPlan) => CommitResult>;
  /** Several mutations in one transaction, each with its own checks and version. */
  readonly commitBatch: Database.Transaction<(plans: readonly MutationPlan[]) => CommitResult[]>;
}

interface PendingCommit {
  plan: MutationPlan;
  resolve: (result: CommitResult) => void;
  reject: (error: unknown) => void;
}

/**
 * A {@link ServerStore} on SQLite through better-sqlite3 (synchronous calls, wrapped in
 * promises to fit the seam).
 *
 * `open()` sets WAL journaling (readers never block the writer, and a commit is one append to
 * the WAL), `synchronous` per {@link SqliteServerStoreOptions.synchronous}, a 5 s busy timeout,
 * and applies pending migrations (./sqlite-migrations.ts). Each commit is one
 * `BEGIN IMMEDIATE` transaction, so two processes on the same file serialize their commits
 * instead of failing on lock upgrades; the commit version is kept in `meta`, so versions keep
 * increasing across restarts.
 */
export class SqliteServerStore implements ServerStore {
  /** Always `sqlite`. */
  readonly kind = 'sqlite';
  /** The database path as given. */
  readonly path: string;
  private readonly synchronous: 'normal' | 'full';
  private readonly cacheMiB: number;
  private connection: Connection | undefined;
  private closed = false;
  private pending: PendingCommit[] = [];
  private flushScheduled = false;
  /**
   * Rows read or written recently. In WAL mode every standalone SELECT opens and closes a read
   * transaction on the shared-memory index, which costs more than the lookup itself, and the
   * send path reads the same few rows (log heads, conversation rows, stream heads) again and
   * again. This process is the only writer of its data directory, so the cache is exact: it
   * is updated from every commit it makes, and a refused check evicts the keys it checked in
   * case another process did write them.
   */
  private readonly cache = new Map<string, { value: Uint8Array; version: number }>();

  /** Creates the store; nothing touches the disk until {@link SqliteServerStore.open}. */
  constructor(options: SqliteServerStoreOptions) {
    this.path = options.path;
    this.synchronous = options.synchronous ?? 'normal';
    this.cacheMiB = options.cacheMiB ?? 64;
  }

  /**
   * Creates the parent directory if needed, opens the database and migrates it. Idempotent
   * while open. If it fails, the database is closed again and `open()` may be retried.
   *
   * @throws {Error} (as a rejection) when the store was closed; when the file cannot be opened
   *   or is not a database; when WAL mode cannot be enabled (for example on some network
   *   file systems); when the schema is newer than this server knows (a downgrade); or when a
   *   migration fails (it is rolled back).
   */
  async open(): Promise<void> {
    if (this.closed) throw new Error(`sqlite store ${this.path} is closed`);
    if (this.connection !== undefined) return;
    const inMemory = this.path === IN_MEMORY;
    if (!inMemory) mkdirSync(dirname(this.path), { recursive: true });
    const db = new Database(this.path, { timeout: BUSY_TIMEOUT_MS });
    try {
      const journal = db.pragma('journal_mode = WAL', { simple: true });
      if (!inMemory && journal !== 'wal') {
        throw new Error(
          `sqlite store ${this.path}: cannot enable WAL (journal_mode ${String(journal)})`,
        );
      }
      db.pragma(`synchronous = ${this.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // 64 MiB of page cache by default (SQLite's own is 2 MiB): history pages and indexes stay in memory.
      db.pragma(`cache_size = -${Math.round(this.cacheMiB * 1024)}`);
      migrate(db, this.path);
      this.connection = connect(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Closes the database (checkpointing the WAL into the main file). Idempotent: closing twice
   * resolves. Every other call afterwards rejects.
   */
  async close(): Promise<void> {
    if (this.pending.length > 0) this.flush();
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    this.cache.clear();
    connection?.db.close();
  }

  /**
   * Reads one row.
   *
   * @throws {Error} (as a rejection) when the store is not open.
   * @throws {TypeError} (as a rejection) when the key is invalid.
   */
  async get(key: Key): Promise<KvEntry | undefined> {
    const { statements } = this.open_();
    const k = encodeKey(key);
    const id = cacheId(k);
    const cached = this.cache.get(id);
    // decodeKey, not the caller's array: the entry must not change if the caller reuses it.
    if (cached) return { key: decodeKey(k), value: cached.value.slice(), version: cached.version };
    const row = statements.get.get(k);
    if (row === undefined) return undefined;
    const entry = toEntry(decodeKey(k), row);
    this.remember(id, entry.value.slice(), entry.version);
    return entry;
  }

  private remember(id: string, value: Uint8Array, version: number): void {
    if (this.cache.size >= ROW_CACHE_MAX) {
      // Drop the oldest tenth (Map iterates in insertion order): cheap, and good enough.
      let n = ROW_CACHE_MAX / 10;
      for (const old of this.cache.keys()) {
        this.cache.delete(old);
        if (--n <= 0) break;
      }
    }
    this.cache.set(id, { value, version });
  }

  /** Brings the cache up to date with the outcome of a commit. */
  private afterCommit(plan: MutationPlan, result: CommitResult): void {
    if (!result.ok) {
      for (const check of plan.checks) this.cache.delete(cacheId(check.k));
      return;
    }
    for (const k of plan.deletes) this.cache.delete(cacheId(k));
    // Only rows somebody reads are kept: most writes (log entries, stream rows, indexes) are
    // never read back through get(), and caching them would only cost memory.
    for (const { k, value } of plan.sets) {
      const id = cacheId(k);
      if (this.cache.has(id)) this.cache.set(id, { value: value.slice(), version: result.version });
    }
  }

  /**
   * Reads several rows from one snapshot; the result is aligned with `keys`.
   *
   * @throws {Error} (as a rejection) when the store is not open.
   * @throws {TypeError} (as a rejection) when a key is invalid.
   */
  async getMany(keys: readonly Key[]): Promise<(KvEntry | undefined)[]> {
    const connection = this.open_();
    const encoded = keys.map(encodeKey);
    const out: (KvEntry | undefined)[] = new Array(keys.length);
    const missing: number[] = [];
    encoded.forEach((k, i) => {
      const cached = this.cache.get(cacheId(k));
      if (cached) out[i] = { key: decodeKey(k), value: cached.value.slice(), version: cached.version };
      else missing.push(i);
    });
    if (missing.length === 0) return out;
    // The rows the cache lacks, from one snapshot; the cache is exact, so mixing is consistent.
    const fetched = connection.getMany(missing.map((i) => encoded[i] as Uint8Array));
    missing.forEach((index, j) => {
      const entry = fetched[j];
      out[index] = entry;
      if (entry) this.remember(cacheId(encoded[index] as Uint8Array), entry.value.slice(), entry.version);
    });
    return out;
  }

  /**
   * Lists rows in key order (or reverse key order).
   *
   * @throws {Error} (as a rejection) when the store is not open.
   * @throws {TypeError} (as a rejection) when a key is invalid.
   * @throws {RangeError} (as a rejection) when the limit is invalid.
   */
  async list(selector: KvSelector): Promise<KvEntry[]> {
    const { statements } = this.open_();
    const selection = resolveSelector(selector);
    if (isEmptySelection(selection)) return [];
    const statement = selection.reverse ? statements.listDesc : statements.listAsc;
    // SQLite reads a negative LIMIT as "no limit".
    const limit = Number.isFinite(selection.limit) ? selection.limit : -1;
    return statement
      .all(selection.start, selection.end, limit)
      .map((row) => toEntry(decodeKey(row.k), row));
  }

  /**
   * Applies a mutation atomically if every check holds, in one `BEGIN IMMEDIATE` transaction.
   *
   * @throws {Error} (as a rejection) when the store is not open, or when SQLite fails (for
   *   example `SQLITE_BUSY` after the busy timeout, or a full disk); nothing is written.
   * @throws {TypeError} (as a rejection) when a key, value or check version is invalid; nothing
   *   is written.
   */
  async commit(mutation: KvMutation): Promise<CommitResult> {
    this.open_();
    const plan = planMutation(mutation);
    // Group commit: mutations that arrive before the event loop's next check phase share one
    // SQLite transaction (one WAL append instead of one per mutation). Each keeps its own
    // checks and version, and resolves only after the shared transaction has committed.
    return new Promise<CommitResult>((resolve, reject) => {
      this.pending.push({ plan, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const connection = this.connection;
    if (connection === undefined) {
      for (const item of batch) item.reject(new Error('sqlite store: closed before the commit ran'));
      return;
    }
    let results: CommitResult[];
    // Plans resolve in order, and the cache follows each one before its caller resumes.
    const settle = (item: PendingCommit, result: CommitResult): void => {
      this.afterCommit(item.plan, result);
      item.resolve(result);
    };
    try {
      results = batch.length === 1 ? [connection.commit.immediate((batch[0] as PendingCommit).plan)] : connection.commitBatch.immediate(batch.map((item) => item.plan));
    } catch (error) {
      // Whatever happened, the cache must not outlive an unknown outcome.
      this.cache.clear();
      if (batch.length === 1) {
        (batch[0] as PendingCommit).reject(error);
        return;
      }
      // The shared transaction failed as a whole (busy, disk full): retry one by one, so each
      // mutation gets its own outcome.
      for (const item of batch) {
        try {
          settle(item, connection.commit.immediate(item.plan));
        } catch (single) {
          item.reject(single);
        }
      }
      return;
    }
    batch.forEach((item, i) => {
      settle(item, results[i] as CommitResult);
    });
  }

  // Named with a trailing underscore because `open` is the public lifecycle method.
  private open_(): Connection {
    if (this.connection !== undefined) return this.connection;
    throw new Error(
      this.closed
        ? `sqlite store ${this.path} is closed`
        : `sqlite store ${this.path} is not open: call open() first`,
    );
  }
}

/**
 * Creates (without opening) the SQLite store of a server data directory:
 * `<dataDir>/parley.sqlite`.
 */
export function sqliteStoreInDir(
  dataDir: string,
  options: Omit<SqliteServerStoreOptions, 'path'> = {},
): SqliteServerStore {
  return new SqliteServerStore({ ...options, path: join(dataDir, SQLITE_FILE_NAME) });
}

/**
 * Applies pending migrations in one immediate transaction, so two servers starting together on
 * one file serialize instead of both migrating.
 */
function migrate(db: Database.Database, path: string): void {
  const latest = SQLITE_MIGRATIONS.at(-1)?.version ?? 0;
  db.transaction(() => {
    db.exec(SQLITE_META_DDL);
    const row = db
      .prepare<[], { value: number }>("SELECT value FROM meta WHERE name = 'schema_version'")
      .get();
    const current = row?.value ?? 0;
    if (current > latest) {
      throw new Error(
        `sqlite store ${path} has schema version ${current}, newer than this server's ${latest}: ` +
          'it was written by a newer server',
      );
    }
    for (const migration of SQLITE_MIGRATIONS) {
      if (migration.version <= current) continue;
      try {
        migration.up(db);
      } catch (cause) {
        throw new Error(
          `sqlite store ${path}: migration ${migration.version} (${migration.description}) failed`,
          { cause },
        );
      }
    }
    if (current < latest) {
      db.prepare(
        "INSERT INTO meta (name, value) VALUES ('schema_version', ?) " +
          'ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ).run(latest);
    }
  }).immediate();
}

function connect(db: Database.Database): Connection {
  const statements: Statements = {
    get: db.prepare('SELECT v, ver FROM kv WHERE k = ?'),
    version: db.prepare('SELECT ver FROM kv WHERE k = ?'),
    listAsc: db.prepare('SELECT k, v, ver FROM kv WHERE k >= ? AND k < ? ORDER BY k ASC LIMIT ?'),
    listDesc: db.prepare('SELECT k, v, ver FROM kv WHERE k >= ? AND k < ? ORDER BY k DESC LIMIT ?'),
    readCommitVersion: db.prepare("SELECT value FROM meta WHERE name = 'version'"),
    writeCommitVersion: db.prepare("UPDATE meta SET value = ? WHERE name = 'version'"),
    upsert: db.prepare(
      'INSERT INTO kv (k, v, ver) VALUES (?, ?, ?) ' +
        'ON CONFLICT (k) DO UPDATE SET v = excluded.v, ver = excluded.ver',
    ),
    delete: db.prepare('DELETE FROM kv WHERE k = ?'),
  };

  // A deferred read transaction: all the reads see one snapshot even if another connection
  // commits in between.
  const getMany = db.transaction((ks: readonly Uint8Array[]) =>
    ks.map((k) => {
      const row = statements.get.get(k);
      return row === undefined ? undefined : toEntry(decodeKey(k), row);
    }),
  );

  const apply = (plan: MutationPlan): CommitResult => {
    for (const check of plan.checks) {
      const current = statements.version.get(check.k)?.ver ?? null;
      if (current !== check.version) return { ok: false };
    }
    const last = statements.readCommitVersion.get();
    if (last === undefined) throw new Error('sqlite store: meta has no commit version row');
    const version = last.value + 1;
    statements.writeCommitVersion.run(version);
    // Deletes exclude keys that are also set (planMutation), so order does not matter here.
    for (const k of plan.deletes) statements.delete.run(k);
    for (const { k, value } of plan.sets) statements.upsert.run(k, value, version);
    return { ok: true, version };
  };
  // A failed check returns before that plan writes anything, so plans in a batch need no
  // savepoints: a refused plan leaves the others' writes untouched.
  const commit = db.transaction(apply);
  const commitBatch = db.transaction((plans: readonly MutationPlan[]) => plans.map(apply));

  return { db, statements, getMany, commit, commitBatch };
}

/** Rows kept by the read cache. */
const ROW_CACHE_MAX = 50_000;

/** A Map key for an encoded key: latin1 maps each byte to one char, so it is injective. */
function cacheId(k: Uint8Array): string {
  return Buffer.from(k.buffer, k.byteOffset, k.byteLength).toString('latin1');
}

/** Builds an entry, exposing the blob as a plain Uint8Array rather than a Buffer. */
function toEntry(key: Key, row: RowValue): KvEntry {
  // better-sqlite3 copies each blob into a fresh Buffer with its own memory, so a view over it
  // shares nothing with the database or with other rows.
  const { v } = row;
  return { key, value: new Uint8Array(v.buffer, v.byteOffset, v.byteLength), version: row.ver };
}
