import type { OpFamily } from './types.js';

/** Users, profiles, presence and guests (§2.2, §2.3, §2.13). */
export const userOps: OpFamily = {
  ops: {},
};
