/**
 * A bounded set of recently seen keys: adding past `limit` forgets the oldest. Used to drop
 * repeats of messages that carry no seq to tell them apart (transient room and online-only
 * messages), which arrive again within seconds when at all.
 */
export class RecentKeys {
  readonly #keys = new Set<string>();

  /** @param limit How many keys are kept. */
  constructor(private readonly limit: number) {}

  /** Records `key`; returns false when it was seen already. */
  add(key: string): boolean {
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    if (this.#keys.size > this.limit) {
      const oldest = this.#keys.values().next();
      if (!oldest.done) this.#keys.delete(oldest.value);
    }
    return true;
  }
}
