import { ClientCode, StorageError } from '@parley/core/adapter';

/**
 * Turns whatever IndexedDB raised into a {@link StorageError}: `QuotaExceededError` (thrown,
 * on a request, or as a transaction's abort reason) becomes `STORAGE_QUOTA`, everything else
 * `STORAGE_FAILED`. The original error is kept as `cause`.
 */
export function toStorageError(operation: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = (error as { name?: unknown } | null | undefined)?.name;
  const detail = (error as { message?: unknown } | null | undefined)?.message;
  const text = typeof detail === 'string' && detail !== '' ? `: ${detail}` : typeof name === 'string' ? `: ${name}` : '';
  if (name === 'QuotaExceededError') {
    return new StorageError(ClientCode.STORAGE_QUOTA, operation, `IndexedDB ${operation} failed, storage is full${text}`, { cause: error });
  }
  return new StorageError(ClientCode.STORAGE_FAILED, operation, `IndexedDB ${operation} failed${text}`, error == null ? {} : { cause: error });
}

/** The error of every call made after the adapter closed, or after the browser closed its connection. */
export function closedError(operation: string, reason: string): StorageError {
  return new StorageError(ClientCode.STORAGE_CLOSED, operation, `the IndexedDB storage adapter is closed (${reason})`);
}

/**
 * Resolves when `tx` commits and rejects when it aborts, with the abort's reason (a quota
 * error arrives this way at commit time), else the first failed request's error, else an
 * `AbortError`. Error events alone are not final: only `complete` and `abort` are.
 */
export function settle(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    let requestError: unknown;
    tx.addEventListener('error', (event) => {
      requestError ??= (event.target as IDBRequest | null)?.error ?? undefined;
    });
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('abort', () => reject(tx.error ?? requestError ?? new DOMException('The transaction was aborted', 'AbortError')));
  });
}
