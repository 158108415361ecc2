import type { parley } from '@parley/protocol';
import { createGroup, getGroups, joinGroup, listJoinedGroups, listMembers, quitGroup } from '../../model/groups.js';
import type { OpCall, OpFamily } from './types.js';

/** Groups, members, applications and topics (§2.9). */
export const groupOps: OpFamily = {
  ops: {
    groupCreate: ({ ctx, actor, payload }: OpCall<parley.v1.GroupCreate>) => createGroup(ctx, actor, payload),
    groupJoin: ({ ctx, actor, payload }: OpCall<parley.v1.GroupJoin>) => joinGroup(ctx, actor, payload),
    groupQuit: ({ ctx, actor, payload }: OpCall<parley.v1.GroupId>) => quitGroup(ctx, actor, payload),
    groupListMembers: ({ ctx, actor, payload }: OpCall<parley.v1.GroupListMembers>) => listMembers(ctx, actor, payload),
    groupGet: ({ ctx, actor, payload }: OpCall<parley.v1.GroupGet>) => getGroups(ctx, actor, payload),
    groupListJoined: ({ ctx, actor }) => listJoinedGroups(ctx, actor),
  },
  readOnly: ['groupGet', 'groupListJoined', 'groupListMembers'],
};
