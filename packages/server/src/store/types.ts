/**
 * The server's storage seam: an ordered key-value store with versioned rows and atomic,
 * check-and-set commits (the FoundationDB / Deno KV model).
 *
 * Everything the server keeps (users, message logs, conversation rows, the per-user change
 * stream, group membership, nonces) is a row under a tuple key. Domain logic lives above this
 * seam (`../model/`), so a new backend (PostgreSQL in a later issue) implements five methods
 * and passes the same conformance suite (`@parley/server/testing`).
 *
 * Consistency contract, which the conformance suite checks:
 * - `commit` is atomic and durable: when it resolves `{ ok: true }` every set and delete is
 *   stored (and survives a process kill); when any check fails nothing is written.
 * - Every committed row carries the version of the commit that wrote it. Versions increase
 *   strictly with every successful commit of the store, across restarts.
 * - Reads return committed data only.
 */

/** One tuple component: a string, or a non-negative safe integer (seqs, cursors). */
export type KeyPart = string | number;

/** A tuple key. Keys sort component by component; numbers sort before strings. */
export type Key = readonly KeyPart[];

/** A stored row. */
export interface KvEntry {
  readonly key: Key;
  readonly value: Uint8Array;
  /** The version of the commit that last wrote this row. */
  readonly version: number;
}

/** A range selection for {@link ServerStore.list}. */
export interface KvSelector {
  /** Only keys that start with these components. */
  readonly prefix: Key;
  /** Inclusive lower bound (a full key under `prefix`). Default: the start of the prefix. */
  readonly start?: Key;
  /** Exclusive upper bound (a full key under `prefix`). Default: the end of the prefix. */
  readonly end?: Key;
  /** Maximum rows returned. Default: no limit. */
  readonly limit?: number;
  /** Descending key order. Default: `false`. */
  readonly reverse?: boolean;
}

/** A precondition of a commit: the row's current version, or `null` for "must not exist". */
export interface KvCheck {
  readonly key: Key;
  readonly version: number | null;
}

export interface KvMutation {
  readonly checks?: readonly KvCheck[];
  readonly sets?: readonly { readonly key: Key; readonly value: Uint8Array }[];
  readonly deletes?: readonly Key[];
}

export type CommitResult = { readonly ok: true; readonly version: number } | { readonly ok: false };

export interface ServerStore {
  /** A short name for logs: `memory`, `sqlite`. */
  readonly kind: string;
  /** Opens the store and runs its migrations. Idempotent. */
  open(): Promise<void>;
  /** Flushes and closes. Further calls reject. */
  close(): Promise<void>;
  get(key: Key): Promise<KvEntry | undefined>;
  getMany(keys: readonly Key[]): Promise<(KvEntry | undefined)[]>;
  list(selector: KvSelector): Promise<KvEntry[]>;
  /**
   * Applies every set and delete atomically if every check holds. A key that is both set and
   * deleted is set. Resolves `{ ok: false }` (and writes nothing) when a check fails.
   */
  commit(mutation: KvMutation): Promise<CommitResult>;
}
