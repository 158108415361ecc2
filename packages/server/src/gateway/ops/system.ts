import type { parley } from '@parley/protocol';
import { sendSystem } from '../../model/system.js';
import type { OpCall, OpFamily } from './types.js';

/** System messages (§2.13): `system.send` needs app privilege (a MaxLeap-key session or the admin API). */
export const systemOps: OpFamily = {
  ops: {
    systemSend: ({ ctx, actor, payload }: OpCall<parley.v1.SystemSend>) => sendSystem(ctx, actor, payload),
  },
};
