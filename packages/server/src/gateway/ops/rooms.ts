import type { OpFamily } from './types.js';

/** Rooms and channels (§2.10). */
export const roomOps: OpFamily = {
  ops: {},
};
