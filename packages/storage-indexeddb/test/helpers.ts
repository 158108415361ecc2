import { StorageError } from '@parley/core';
import { expect } from 'vitest';

/** Opens a database with raw IndexedDB, as another tab or an older release would; rejects on `blocked` so a test fails instead of hanging. */
export function rawOpen(factory: IDBFactory, name: string, version: number, upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result, request.transaction!);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(`opening ${name} v${version} was blocked`));
  });
}

/** Deletes a database; rejects on `blocked`, which means some connection was left open. */
export function rawDelete(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(`deleting ${name} was blocked by an open connection`));
  });
}

/** Awaits a rejection and checks it is a StorageError with `code`; returns it. */
export async function storageError(promise: Promise<unknown>, code: number): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
  return error as StorageError;
}
