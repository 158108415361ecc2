import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteServerStore, sqliteStoreInDir } from '../../src/store/sqlite.js';
import { runServerStoreConformance } from '../../src/testing/index.js';

runServerStoreConformance('SqliteServerStore (file)', async () => {
  // A nested data directory, so open() has to create it.
  const root = mkdtempSync(join(tmpdir(), 'parley-store-'));
  const dataDir = join(root, 'data');
  return {
    store: sqliteStoreInDir(dataDir),
    reopen: async () => sqliteStoreInDir(dataDir),
    teardown: async () => rmSync(root, { recursive: true, force: true }),
  };
});

runServerStoreConformance('SqliteServerStore (:memory:)', async () => ({
  store: new SqliteServerStore({ path: ':memory:' }),
}));
