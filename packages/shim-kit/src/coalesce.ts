/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `fire` at most once per `intervalMs` per key, with a trailing call: the first request
 * fires at once, requests within the interval collapse into one call when it ends. Vendor SDKs
 * throttle their "the whole list changed" events this way (TIM: 1000 ms).
 */
export class Coalescer {
  readonly #last = new Map<string, number>();
  readonly #pending = new Map<string, unknown>();

  constructor(
    private readonly intervalMs: number,
    private readonly fire: (key: string) => void,
    private readonly timers: Timers = realTimers,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for `key` to fire. */
  request(key: string): void {
    if (this.#pending.has(key)) return;
    const wait = (this.#last.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) {
      this.#last.set(key, this.now());
      this.fire(key);
      return;
    }
    this.#pending.set(
      key,
      this.timers.setTimeout(() => {
        this.#pending.delete(key);
        this.#last.set(key, this.now());
        this.fire(key);
      }, wait),
    );
  }

  /** Drops every pending call. */
  cancel(): void {
    for (const handle of this.#pending.values()) this.timers.clearTimeout(handle);
    this.#pending.clear();
    this.#last.clear();
  }
}
