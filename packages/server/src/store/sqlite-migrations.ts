/**
 * The schema history of the SQLite store. {@link SqliteServerStore} applies, in one
 * transaction at open, every migration numbered above the database's recorded
 * `schema_version`, then records the new number in `meta`. Later changes append a migration;
 * never edit or renumber a shipped one, since databases in the field have already run it.
 */

import type BetterSqlite3 from 'better-sqlite3';

/** One schema step. */
export interface SqliteMigration {
  /** The schema version this migration produces: 1, 2, 3… in order, without gaps. */
  readonly version: number;
  /** What it does, for logs and error messages. */
  readonly description: string;
  /** Applies the step. Runs inside the migration transaction: throwing rolls everything back. */
  readonly up: (db: BetterSqlite3.Database) => void;
}

/**
 * The bootstrap table, created before any migration runs because it records which migrations
 * ran. `name` is `schema_version` (the last applied migration) or `version` (the version of the
 * last successful commit, kept here so versions keep increasing across restarts even after
 * every row has been deleted).
 */
export const SQLITE_META_DDL =
  'CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID';

/** Every migration, in order. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    description: 'kv table and commit version counter',
    up(db) {
      // WITHOUT ROWID: the table is its primary-key B-tree, so range scans by k read rows in
      // key order directly, with no rowid indirection. BLOB keys compare with memcmp, which is
      // exactly the order of the tuple encoding (./keys.ts).
      db.exec(`
        CREATE TABLE kv (
          k   BLOB    PRIMARY KEY,
          v   BLOB    NOT NULL,
          ver INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO meta (name, value) VALUES ('version', 0);
      `);
    },
  },
];
