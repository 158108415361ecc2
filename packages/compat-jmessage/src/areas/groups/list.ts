import { GroupType } from '@parley/core';
import { toJmGroup } from '../../convert/group.js';
import type { JmCore } from '../../core.js';
import type { JmHandle } from '../../handle.js';

/** `getGroups()` → `{group_list}`: every group the caller is in. */
export function getGroups(core: JmCore, input: unknown): JmHandle {
  return core.run('getGroups', input, async (_p, ctx) => {
    const result = await ctx.request('groupListJoined', { type: GroupType.STANDARD, anyType: true });
    return { data: { group_list: (result?.groups ?? []).map((g) => toJmGroup(g, core.appkey)) } };
  });
}
