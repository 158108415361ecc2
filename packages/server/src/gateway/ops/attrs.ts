import type { OpFamily } from './types.js';

/** Attribute stores and counters (§2.11). */
export const attrOps: OpFamily = {
  ops: {},
};
