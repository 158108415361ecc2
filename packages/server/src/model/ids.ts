import type { IdSource } from './context.js';

/** 2024-01-01T00:00:00Z: 40 bits of milliseconds from here last until 2058. */
const EPOCH_MS = 1_704_067_200_000;
const NODE_BITS = 5;
const COUNTER_BITS = 8;

/**
 * Snowflake-style server message ids below 2^53: 40 bits of milliseconds, 5 bits of node id,
 * 8 bits of counter (256 ids per millisecond per node; the generator borrows from the next
 * millisecond when a burst exceeds that). A counter row in the store would serialise every
 * send of every conversation, so ids come from the clock instead.
 */
export class SnowflakeIds implements IdSource {
  private lastMs = 0;
  private counter = 0;

  constructor(
    private readonly nodeId: number,
    private readonly clock: () => number = Date.now,
  ) {
    if (!Number.isInteger(nodeId) || nodeId < 0 || nodeId >= 2 ** NODE_BITS) {
      throw new RangeError(`nodeId must be an integer 0–${2 ** NODE_BITS - 1}`);
    }
  }

  nextServerMsgId(): string {
    const now = this.clock() - EPOCH_MS;
    if (now > this.lastMs) {
      this.lastMs = now;
      this.counter = 0;
    } else if (++this.counter >= 2 ** COUNTER_BITS) {
      // Out of ids in this millisecond (or the clock went back): move on to the next one.
      this.lastMs += 1;
      this.counter = 0;
    }
    return String((this.lastMs * 2 ** NODE_BITS + this.nodeId) * 2 ** COUNTER_BITS + this.counter);
  }
}
