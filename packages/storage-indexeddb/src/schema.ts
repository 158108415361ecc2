import { ClientCode, type KeyPart, StorageError } from '@parley/core/adapter';
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, wrap } from 'idb';
import { toStorageError } from './errors.js';

/** The one object store: records under out-of-line array keys. */
export const STORE = 'records';

/** The database layout of the current schema version. */
export interface ParleyDBSchema extends DBSchema {
  records: { key: KeyPart[]; value: unknown };
}

/**
 * One schema upgrade step. It runs inside the upgrade transaction: it may issue requests and
 * await them (idb keeps the transaction alive across those awaits), but must not await
 * anything else, or the transaction commits under it.
 */
export type Migration = (db: IDBPDatabase<ParleyDBSchema>, tx: IDBPTransaction<ParleyDBSchema, ['records'], 'versionchange'>) => void | Promise<void>;

/**
 * The upgrade steps, oldest first: step `i` takes a database from version `i` to `i + 1`, so
 * the schema version is the length of the list. Add a step to change the layout; never edit
 * or remove one that has shipped.
 */
export const migrations: readonly Migration[] = [
  // 0 → 1: the record store, keyed out of line by array keys.
  (db) => {
    db.createObjectStore(STORE);
  },
];

/** What {@link openDatabase} needs. */
export interface OpenDatabaseOptions {
  readonly factory: IDBFactory;
  readonly name: string;
  /** How long a `blocked` open waits for older connections to close before it gives up. */
  readonly blockedTimeoutMs: number;
  /** @default {@link migrations} */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens (and if needed upgrades) a database at the version `migrations.length`. It always
 * settles: an error, an aborted upgrade, or a `blocked` open that outlasts `blockedTimeoutMs`
 * rejects with a `StorageError`; a connection that arrives after such a rejection is closed.
 *
 * @throws {StorageError} `STORAGE_QUOTA` when the upgrade runs out of space, else `STORAGE_FAILED`.
 */
export function openDatabase(options: OpenDatabaseOptions): Promise<IDBDatabase> {
  const steps = options.migrations ?? migrations;
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(toStorageError('open', error));
    };
    let request: IDBOpenDBRequest;
    try {
      request = options.factory.open(options.name, steps.length);
    } catch (error) {
      fail(error);
      return;
    }
    request.onupgradeneeded = (event) => {
      const tx = request.transaction!;
      const db = wrap(request.result) as unknown as IDBPDatabase<ParleyDBSchema>;
      const wrappedTx = wrap(tx) as unknown as IDBPTransaction<ParleyDBSchema, ['records'], 'versionchange'>;
      // idb gives every wrapped transaction a `done` promise; an aborted upgrade is reported by
      // the open request's error, so this one must not become an unhandled rejection.
      wrappedTx.done.catch(() => undefined);
      const abortWith = (error: unknown): void => {
        fail(error);
        try {
          tx.abort();
        } catch {
          // Already finished: the open's own error or success handler settles it.
        }
      };
      // Steps run in order inside the one upgrade transaction, synchronously while they are
      // synchronous (the transaction is only sure to be active during this event); a failing
      // step aborts the upgrade, which fails the open with that step's error.
      const runFrom = (version: number): Promise<void> | undefined => {
        for (; version < steps.length; version++) {
          const pending = steps[version]!(db, wrappedTx);
          if (pending !== undefined) {
            const next = version + 1;
            return pending.then(() => runFrom(next));
          }
        }
        return undefined;
      };
      try {
        runFrom(event.oldVersion)?.catch(abortWith);
      } catch (error) {
        abortWith(error);
      }
    };
    request.onblocked = () => {
      timer ??= setTimeout(
        () => fail(new StorageError(ClientCode.STORAGE_FAILED, 'open', `opening "${options.name}" was blocked for ${options.blockedTimeoutMs} ms by another connection that does not close`)),
        options.blockedTimeoutMs,
      );
    };
    request.onsuccess = () => {
      const db = request.result;
      if (settled) {
        // We gave up waiting (blocked); nobody will use this connection.
        db.close();
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(db);
    };
    request.onerror = () => fail(request.error);
  });
}
