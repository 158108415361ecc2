import { GroupType } from '@parley/core/client';
import { RequestFunc } from '../../constants.js';
import { toGroupItem } from '../../convert/group.js';
import type { MethodSpec } from '../../method.js';

/**
 * `getJoinedGroupList` (openim.md §2.10), which a chat page calls to start; the other group
 * methods (`groups.ts`, `members.ts`, `applications.ts`) load on their first call.
 *
 * It makes the request `groupsOf(client).listJoined()` makes (every group type; the groups go
 * to the store, whose `groups` event updates conversation names) rather than calling it:
 * `groupsOf` is a class that brings the core's whole groups area (members, attributes,
 * lifecycle, topics: about 2 kB gzipped) into a chat page's first download for this one call.
 */
export const getJoinedGroupList: MethodSpec = {
  event: RequestFunc.GETJOINEDGROUPLIST,
  kind: 'groups',
  noData: true,
  async run(core) {
    const client = core.client;
    const groups = (await client.request('groupListJoined', { type: GroupType.STANDARD, anyType: true }))?.groups ?? [];
    client.store.groups.apply(groups);
    return groups.map(toGroupItem);
  },
};
