import { parley } from '@parley/protocol';
import { ErrorCode } from '../../src/errors.js';
import type { OpSpec } from './matrix.js';

/** The matrix table, part 3: groups, members, applications and topics (§2.9). */

const { OK, NOT_FOUND, PERMISSION_DENIED, GROUP_NOT_FOUND } = ErrorCode;
const { GroupRole } = parley.v1;

export const GROUP_OPS = {
  groupCreate: {
    access: 'self',
    build: () => ({ group: { name: 'new group' } }),
    cells: { lacksRole: { code: PERMISSION_DENIED, as: 'member', note: 'a group owned by someone else needs app privilege', build: (ids) => ({ group: { ownerId: ids.owner } }) } },
  },
  groupDismiss: { access: 'groupOwner', build: (ids) => ({ groupId: ids.group }), foreign: GROUP_NOT_FOUND },
  groupGet: { access: 'user', build: (ids) => ({ groupIds: [ids.group] }), foreign: GROUP_NOT_FOUND },
  groupListJoined: { access: 'self', build: () => ({ anyType: true }) },
  groupUpdate: {
    access: 'groupAdmin',
    build: (ids) => ({ groupId: ids.group, patch: { name: 'renamed' }, setFields: ['name'] }),
    foreign: GROUP_NOT_FOUND,
    cells: {
      lacksRole: [
        { code: PERMISSION_DENIED, as: 'member' },
        { code: PERMISSION_DENIED, as: 'admin', note: 'an admin handing the group over', build: (ids) => ({ groupId: ids.group, patch: { ownerId: ids.admin }, setFields: ['ownerId'] }) },
      ],
    },
  },
  groupSearch: { access: 'self', build: () => ({ limit: 100 }), foreign: OK },
  groupTransferOwner: { access: 'groupOwner', build: (ids) => ({ groupId: ids.group, newOwnerId: ids.member }), foreign: GROUP_NOT_FOUND },
  groupJoin: { access: 'user', build: (ids) => ({ groupId: ids.group, applyMessage: 'hi' }), foreign: GROUP_NOT_FOUND },
  groupQuit: { access: 'member', build: (ids) => ({ groupId: ids.group }), foreign: GROUP_NOT_FOUND },
  groupAddMembers: { access: 'member', build: (ids) => ({ groupId: ids.group, users: [{ userId: ids.blocker }] }), foreign: GROUP_NOT_FOUND },
  groupRemoveMembers: {
    access: 'groupAdmin',
    build: (ids) => ({ groupId: ids.group, users: [{ userId: ids.muted }] }),
    foreign: GROUP_NOT_FOUND,
    cells: {
      lacksRole: [
        { code: PERMISSION_DENIED, as: 'member' },
        // Per-user outcome: the owner is listed under `failure`, and nobody is removed.
        { code: OK, as: 'admin', note: 'an admin removing the owner', build: (ids) => ({ groupId: ids.group, users: [{ userId: ids.owner }] }) },
      ],
    },
  },
  groupListMembers: { access: 'member', build: (ids) => ({ groupId: ids.group, anyRole: true }), foreign: GROUP_NOT_FOUND },
  groupGetMembers: { access: 'member', build: (ids) => ({ groupId: ids.group, userIds: [ids.owner] }), foreign: GROUP_NOT_FOUND },
  groupSetMemberRole: { access: 'groupOwner', build: (ids) => ({ groupId: ids.group, userId: ids.member, role: GroupRole.GROUP_ROLE_ADMIN }), foreign: GROUP_NOT_FOUND },
  groupMuteMember: {
    access: 'groupAdmin',
    build: (ids) => ({ groupId: ids.group, userId: ids.muted, muteSeconds: 60 }),
    foreign: GROUP_NOT_FOUND,
    cells: {
      lacksRole: [
        { code: PERMISSION_DENIED, as: 'member' },
        { code: PERMISSION_DENIED, as: 'admin', note: 'an admin muting the owner', build: (ids) => ({ groupId: ids.group, userId: ids.owner, muteSeconds: 60 }) },
      ],
    },
  },
  groupUpdateMember: {
    access: 'groupAdmin',
    build: (ids) => ({ groupId: ids.group, userId: ids.owner, nameCard: 'boss', setFields: ['nameCard'] }),
    foreign: GROUP_NOT_FOUND,
    cells: { lacksRole: { code: PERMISSION_DENIED, as: 'member', note: "the owner's member profile" } },
  },
  groupListApplications: { access: 'self', build: () => ({}) },
  groupHandleApplication: { access: 'groupAdmin', build: (ids) => ({ applicationId: ids.application, accept: true }), foreign: NOT_FOUND },
  topicCreate: { access: 'groupAdmin', build: (ids) => ({ communityId: ids.community, topic: { groupId: `${ids.community}@TOPIC#_new` } }), foreign: GROUP_NOT_FOUND },
  topicDelete: { access: 'groupAdmin', build: (ids) => ({ communityId: ids.community, topicIds: [ids.topic] }), foreign: GROUP_NOT_FOUND },
  topicUpdate: { access: 'groupAdmin', build: (ids) => ({ communityId: ids.community, topic: { groupId: ids.topic, name: 'renamed' }, setFields: ['name'] }), foreign: GROUP_NOT_FOUND },
  topicList: { access: 'member', build: (ids) => ({ communityId: ids.community }), foreign: GROUP_NOT_FOUND },
} satisfies Record<string, OpSpec>;
