import type { parley } from '@parley/protocol';
import { readAttrs, writeAttrs } from '../../model/attrs.js';
import { readCounters, writeCounters } from '../../model/counters.js';
import type { OpCall, OpFamily } from './types.js';

/** Attribute stores and counters (§2.11). */
export const attrOps: OpFamily = {
  ops: {
    attrWrite: ({ ctx, actor, payload }: OpCall<parley.v1.AttrWrite>) => writeAttrs(ctx, actor, payload),
    attrRead: ({ ctx, actor, payload }: OpCall<parley.v1.AttrRead>) => readAttrs(ctx, actor, payload),
    counterWrite: ({ ctx, actor, payload }: OpCall<parley.v1.CounterWrite>) => writeCounters(ctx, actor, payload),
    counterRead: ({ ctx, actor, payload }: OpCall<parley.v1.CounterRead>) => readCounters(ctx, actor, payload),
  },
  readOnly: ['attrRead', 'counterRead'],
  guest: ['attrRead'],
};
