/** The longest setTimeout delay Node accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Deadlines of many items, on whole seconds: one Node timer per second that has any, and a set
 * of items per second. A server holds a credential deadline or two per session; a timer each
 * (a Timeout, its closure and their context, about 250 bytes) is a real part of what an idle
 * connection costs, while a set entry is a few words. An item fires up to a second late.
 */
export class Deadlines<T> {
  private readonly buckets = new Map<number, { items: Set<T>; timer: NodeJS.Timeout }>();

  /** @param fire - Called once per item when its second comes, in the order items were added. */
  constructor(private readonly fire: (item: T) => void) {}

  /**
   * Schedules `item` at `at` (ms since the epoch), rounded up to the next whole second.
   * @returns The bucket to pass to {@link remove}; 0 when `at` is too far away for a timer
   *   (the item never fires).
   */
  add(at: number, item: T): number {
    const now = Date.now();
    if (at - now > MAX_TIMER_MS) return 0;
    // A deadline already past fires on the next second's run (at most a second later).
    const second = Math.max(Math.ceil(at / 1000), Math.floor(now / 1000) + 1);
    let bucket = this.buckets.get(second);
    if (!bucket) {
      const timer = setTimeout(() => this.run(second), second * 1000 - now);
      timer.unref();
      bucket = { items: new Set(), timer };
      this.buckets.set(second, bucket);
    }
    bucket.items.add(item);
    return second;
  }

  /** Cancels `item` in `bucket` (what {@link add} returned); no-op for 0 or a bucket that ran. */
  remove(bucket: number, item: T): void {
    const entry = this.buckets.get(bucket);
    if (!entry) return;
    entry.items.delete(item);
    if (entry.items.size === 0) {
      clearTimeout(entry.timer);
      this.buckets.delete(bucket);
    }
  }

  /** Pending items, for tests and diagnostics. */
  get size(): number {
    let size = 0;
    for (const bucket of this.buckets.values()) size += bucket.items.size;
    return size;
  }

  /** Cancels everything (server shutdown). */
  clear(): void {
    for (const bucket of this.buckets.values()) clearTimeout(bucket.timer);
    this.buckets.clear();
  }

  private run(second: number): void {
    const bucket = this.buckets.get(second);
    if (!bucket) return;
    this.buckets.delete(second);
    for (const item of bucket.items) {
      try {
        this.fire(item);
      } catch {
        // One failing item must not keep the others of its second from firing; the callers'
        // own handlers log what they need.
      }
    }
  }
}
