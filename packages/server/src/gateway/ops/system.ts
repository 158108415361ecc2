import type { OpFamily } from './types.js';

/** System messages (§2.13). */
export const systemOps: OpFamily = {
  ops: {},
};
