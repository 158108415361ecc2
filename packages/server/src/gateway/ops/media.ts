import type { OpFamily } from './types.js';

/** Media tickets and resolution (§2.12); the bytes go over HTTP. */
export const mediaOps: OpFamily = {
  ops: {},
};
