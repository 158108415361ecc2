import type { parley } from '@parley/protocol';
import { handleApplication, listApplications } from '../../model/group-applications.js';
import {
  addMembers,
  getMembers,
  joinGroup,
  listMembers,
  muteMember,
  quitGroup,
  removeMembers,
  setMemberRole,
  updateMember,
} from '../../model/group-members.js';
import { searchGroups } from '../../model/group-search.js';
import { dismissGroup, transferOwner, updateGroup } from '../../model/group-update.js';
import { createGroup, getGroups, listJoinedGroups } from '../../model/groups.js';
import { createTopic, deleteTopics, listTopics, updateTopic } from '../../model/topics.js';
import type { OpCall, OpFamily } from './types.js';

/** Groups, members, applications and topics (§2.9). */
export const groupOps: OpFamily = {
  ops: {
    groupCreate: ({ ctx, actor, payload }: OpCall<parley.v1.GroupCreate>) => createGroup(ctx, actor, payload),
    groupDismiss: ({ ctx, actor, payload }: OpCall<parley.v1.GroupId>) => dismissGroup(ctx, actor, payload),
    groupGet: ({ ctx, actor, payload }: OpCall<parley.v1.GroupGet>) => getGroups(ctx, actor, payload),
    groupListJoined: ({ ctx, actor, payload }: OpCall<parley.v1.GroupListJoined>) => listJoinedGroups(ctx, actor, payload),
    groupUpdate: ({ ctx, actor, payload }: OpCall<parley.v1.GroupUpdate>) => updateGroup(ctx, actor, payload),
    groupSearch: ({ ctx, actor, payload }: OpCall<parley.v1.Query>) => searchGroups(ctx, actor, payload),
    groupTransferOwner: ({ ctx, actor, payload }: OpCall<parley.v1.GroupTransferOwner>) => transferOwner(ctx, actor, payload),
    groupJoin: ({ ctx, actor, payload }: OpCall<parley.v1.GroupJoin>) => joinGroup(ctx, actor, payload),
    groupQuit: ({ ctx, actor, payload }: OpCall<parley.v1.GroupId>) => quitGroup(ctx, actor, payload),
    groupAddMembers: ({ ctx, actor, payload }: OpCall<parley.v1.GroupMembersEdit>) => addMembers(ctx, actor, payload),
    groupRemoveMembers: ({ ctx, actor, payload }: OpCall<parley.v1.GroupMembersEdit>) => removeMembers(ctx, actor, payload),
    groupListMembers: ({ ctx, actor, payload }: OpCall<parley.v1.GroupListMembers>) => listMembers(ctx, actor, payload),
    groupGetMembers: ({ ctx, actor, payload }: OpCall<parley.v1.GroupGetMembers>) => getMembers(ctx, actor, payload),
    groupSetMemberRole: ({ ctx, actor, payload }: OpCall<parley.v1.GroupMemberEdit>) => setMemberRole(ctx, actor, payload),
    groupMuteMember: ({ ctx, actor, payload }: OpCall<parley.v1.GroupMemberEdit>) => muteMember(ctx, actor, payload),
    groupUpdateMember: ({ ctx, actor, payload }: OpCall<parley.v1.GroupMemberEdit>) => updateMember(ctx, actor, payload),
    groupListApplications: ({ ctx, actor, payload }: OpCall<parley.v1.GroupListApplications>) => listApplications(ctx, actor, payload),
    groupHandleApplication: ({ ctx, actor, payload }: OpCall<parley.v1.GroupHandleApplication>) => handleApplication(ctx, actor, payload),
    topicCreate: ({ ctx, actor, payload }: OpCall<parley.v1.TopicEdit>) => createTopic(ctx, actor, payload),
    topicDelete: ({ ctx, actor, payload }: OpCall<parley.v1.TopicEdit>) => deleteTopics(ctx, actor, payload),
    topicUpdate: ({ ctx, actor, payload }: OpCall<parley.v1.TopicEdit>) => updateTopic(ctx, actor, payload),
    topicList: ({ ctx, actor, payload }: OpCall<parley.v1.TopicEdit>) => listTopics(ctx, actor, payload),
  },
  readOnly: ['groupGet', 'groupListJoined', 'groupSearch', 'groupListMembers', 'groupGetMembers', 'groupListApplications', 'topicList'],
};
