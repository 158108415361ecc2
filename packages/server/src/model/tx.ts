import { ErrorCode, ServerError } from '../errors.js';
import type { Key, KvEntry, KvSelector, ServerStore } from '../store/types.js';

/**
 * Optimistic transactions over a {@link ServerStore}: reads record the version they saw,
 * writes are buffered, and the commit checks every read. When another writer got there first
 * the whole function runs again on fresh data, so domain code reads like a serializable
 * transaction on every backend, including several nodes sharing one PostgreSQL.
 *
 * Range reads (`list`) are not checked: a function that must not miss a concurrent insert
 * reads a counter row instead (a log head, a change-stream head), which is checked.
 */
export class Tx {
  private readonly reads = new Map<string, { key: Key; version: number | null; value: Uint8Array | undefined }>();
  private readonly writes = new Map<string, { key: Key; value: Uint8Array | null }>();
  private readonly afterCommit: (() => void)[] = [];

  constructor(private readonly store: ServerStore) {}

  async get(key: Key): Promise<Uint8Array | undefined> {
    const id = keyId(key);
    const written = this.writes.get(id);
    if (written) return written.value ?? undefined;
    // A row read before is answered from this transaction's snapshot: the commit checks the
    // version it had, so reading it again could only see a value the commit will refuse.
    const seen = this.reads.get(id);
    if (seen) return seen.value;
    const entry = await this.store.get(key);
    this.noteRead(id, key, entry);
    return entry?.value;
  }

  async getMany(keys: readonly Key[]): Promise<(Uint8Array | undefined)[]> {
    const ids = keys.map(keyId);
    const missing: Key[] = [];
    const missingIds = new Set<string>();
    keys.forEach((key, i) => {
      const id = ids[i] as string;
      if (this.writes.has(id) || this.reads.has(id) || missingIds.has(id)) return;
      missing.push(key);
      missingIds.add(id);
    });
    const fetched = missing.length > 0 ? await this.store.getMany(missing) : [];
    missing.forEach((key, i) => {
      this.noteRead(keyId(key), key, fetched[i]);
    });
    return ids.map((id) => {
      const written = this.writes.get(id);
      if (written) return written.value ?? undefined;
      return this.reads.get(id)?.value;
    });
  }

  /**
   * Reads rows ahead in one store call, so the later `get`s of a code path that reads them one
   * by one cost no round trip each (a remote store answers a batch in one).
   */
  async prefetch(keys: readonly Key[]): Promise<void> {
    await this.getMany(keys);
  }

  /** An unchecked range read of committed rows (this transaction's own writes are not merged). */
  list(selector: KvSelector): Promise<KvEntry[]> {
    return this.store.list(selector);
  }

  set(key: Key, value: Uint8Array): void {
    this.writes.set(keyId(key), { key, value });
  }

  delete(key: Key): void {
    this.writes.set(keyId(key), { key, value: null });
  }

  /** Runs after a successful commit (not on retries): pushes, cache updates. */
  onCommit(fn: () => void): void {
    this.afterCommit.push(fn);
  }

  /** @internal */
  async commit(): Promise<boolean> {
    if (this.writes.size === 0) return true;
    const checks = [...this.reads.values()].map(({ key, version }) => ({ key, version }));
    const sets: { key: Key; value: Uint8Array }[] = [];
    const deletes: Key[] = [];
    for (const { key, value } of this.writes.values()) {
      if (value) sets.push({ key, value });
      else deletes.push(key);
    }
    const result = await this.store.commit({ checks, sets, deletes });
    return result.ok;
  }

  /** @internal */
  runAfterCommit(): void {
    for (const fn of this.afterCommit) fn();
  }

  private noteRead(id: string, key: Key, entry: KvEntry | undefined): void {
    if (!this.reads.has(id)) this.reads.set(id, { key, version: entry ? entry.version : null, value: entry?.value });
  }
}

/** Options of {@link transact}. */
export interface TransactOptions {
  /**
   * Local lock names held for the whole attempt loop. Writers that always collide (sends to
   * one log) queue here instead of burning retries. Correctness never depends on them.
   */
  locks?: readonly string[];
  /** @default 50 */
  maxAttempts?: number;
}

const lockTails = new Map<string, Promise<void>>();

async function withLocks<T>(names: readonly string[], fn: () => Promise<T>): Promise<T> {
  if (names.length === 0) return fn();
  // One lock at a time, in sorted order, so two transactions never wait on each other.
  const sorted = [...new Set(names)].sort();
  const releases: (() => void)[] = [];
  try {
    for (const name of sorted) {
      const previous = lockTails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => mine);
      lockTails.set(name, tail);
      releases.push(() => {
        release();
        if (lockTails.get(name) === tail) lockTails.delete(name);
      });
      await previous;
    }
    return await fn();
  } finally {
    for (const release of releases.reverse()) release();
  }
}

/**
 * Progress under contention. Optimistic attempts run side by side ("shared"); an attempt that
 * keeps losing (many senders writing to one user's change stream, say) escalates and runs
 * alone ("exclusive"): new attempts wait, running ones finish, then it cannot lose to this
 * process any more. Without this, a hot row can starve a writer indefinitely.
 */
let sharedAttempts = 0;
let exclusiveTurn: Promise<void> | undefined;
let sharedDrained: (() => void) | undefined;

async function enterShared(): Promise<void> {
  while (exclusiveTurn) await exclusiveTurn;
  sharedAttempts++;
}

function leaveShared(): void {
  sharedAttempts--;
  if (sharedAttempts === 0 && sharedDrained) sharedDrained();
}

async function runExclusive<T>(fn: () => Promise<T>): Promise<T> {
  while (exclusiveTurn) await exclusiveTurn;
  let release!: () => void;
  exclusiveTurn = new Promise<void>((resolve) => {
    release = resolve;
  });
  try {
    if (sharedAttempts > 0) {
      await new Promise<void>((resolve) => {
        sharedDrained = resolve;
      });
    }
    sharedDrained = undefined;
    return await fn();
  } finally {
    exclusiveTurn = undefined;
    release();
  }
}

/** Conflicts after which an attempt runs exclusively. */
const ESCALATE_AFTER = 3;

/**
 * Runs `fn` in an optimistic transaction, retrying on conflicts. `fn` may run several times,
 * so it must not have side effects other than through `tx` (use `tx.onCommit`), and it must
 * not call `transact` itself.
 * @throws ServerError `UNAVAILABLE` when conflicts persist past `maxAttempts` (only possible
 * when other processes write the same rows).
 */
export async function transact<T>(store: ServerStore, fn: (tx: Tx) => Promise<T>, options: TransactOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 50;
  const attemptOnce = async (): Promise<{ done: true; value: T } | { done: false }> => {
    const tx = new Tx(store);
    const value = await fn(tx);
    if (!(await tx.commit())) return { done: false };
    tx.runAfterCommit();
    return { done: true, value };
  };
  return withLocks(options.locks ?? [], async () => {
    for (let attempt = 1; ; attempt++) {
      let outcome: { done: true; value: T } | { done: false };
      if (attempt <= ESCALATE_AFTER) {
        await enterShared();
        try {
          outcome = await attemptOnce();
        } finally {
          leaveShared();
        }
      } else {
        outcome = await runExclusive(attemptOnce);
      }
      if (outcome.done) return outcome.value;
      if (attempt >= maxAttempts) {
        throw new ServerError(ErrorCode.UNAVAILABLE, 'the store is too contended; retry', { retryAfterMs: 100 });
      }
      // Back off a little so colliding writers (in other processes) spread out.
      if (attempt > ESCALATE_AFTER) await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt * 2));
    }
  });
}

function keyId(key: Key): string {
  return JSON.stringify(key);
}
