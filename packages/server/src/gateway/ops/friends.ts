import type { OpFamily } from './types.js';

/** Friends, friend requests, friend groups and the blocklist (§2.4, §2.5). */
export const friendOps: OpFamily = {
  ops: {},
};
