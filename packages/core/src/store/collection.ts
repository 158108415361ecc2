import { plain } from '../model.js';
import { K } from './keys.js';
import type { Persist } from './persist.js';

/** What changed in a collection: full records upserted, ids deleted. */
export interface CollectionChange<T> {
  upserted: T[];
  deleted: string[];
}

/**
 * A keyed, persisted collection of one entity kind (friends, groups, profiles, …): what the
 * change stream and the snapshot fill, and what the app reads synchronously.
 */
export class Collection<T extends object> {
  #items = new Map<string, T>();

  constructor(
    readonly kind: string,
    private readonly idOf: (item: T) => string,
    private readonly persist: Persist,
    private readonly changed: (change: CollectionChange<T>) => void,
  ) {}

  async hydrate(): Promise<void> {
    const records = await this.persist.range<T>({ prefix: K.entities(this.kind) });
    for (const { value } of records) this.#items.set(this.idOf(value), value);
  }

  get(id: string): T | undefined {
    return this.#items.get(id);
  }

  values(): T[] {
    return [...this.#items.values()];
  }

  get size(): number {
    return this.#items.size;
  }

  /** Upserts (the record replaces the stored one) and deletes, then reports one change. */
  apply(upserts: readonly T[], deletes: readonly string[] = []): void {
    if (upserts.length === 0 && deletes.length === 0) return;
    const upserted: T[] = [];
    for (const raw of upserts) {
      const item = plain(raw);
      const id = this.idOf(item);
      this.#items.set(id, item);
      this.persist.put(K.entity(this.kind, id), item);
      upserted.push(item);
    }
    const deleted: string[] = [];
    for (const id of deletes) {
      if (!this.#items.delete(id)) continue;
      this.persist.delete(K.entity(this.kind, id));
      deleted.push(id);
    }
    if (upserted.length || deleted.length) this.changed({ upserted, deleted });
  }

  /** Replaces the whole collection (a snapshot): reports what was added, changed or removed. */
  replace(items: readonly T[]): void {
    const keep = new Set(items.map((i) => this.idOf(i)));
    const gone = [...this.#items.keys()].filter((id) => !keep.has(id));
    this.apply(items, gone);
  }

  /** Forgets everything (logout of another user, storage reset). */
  reset(): void {
    this.#items.clear();
  }
}
