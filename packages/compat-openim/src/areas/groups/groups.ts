import { type GroupPatch, GroupType, groupsOf, type NewGroup } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import { toGroupItem } from '../../convert/group.js';
import { paramError } from '../../errors.js';
import { chunks } from '../../lists.js';
import type { MethodTable } from '../../method.js';
import { fetchGroups, GROUPS_PER_REQUEST } from './fetch.js';
import { getJoinedGroupList } from './joined.js';
import { coreRoleOf, exFields, idListParam, idParam, optionalText, paramsOf, textParam } from './params.js';

/** Mutators answer the JSON text of an empty string (openim.md §2). */
export const OK = '""';

/** `groupBaseInfo`/`groupInfo` fields → the core's profile fields. */
const PROFILE_FIELDS = [
  ['groupName', 'name'],
  ['introduction', 'introduction'],
  ['notification', 'notification'],
  ['faceURL', 'avatar'],
] as const;

/**
 * The profile fields of `groupBaseInfo` or `groupInfo`. With `skipEmpty` (setGroupInfo) an
 * empty string leaves the field as it is, as the vendor's server treats it.
 */
function profilePatch(info: Record<string, unknown>, skipEmpty: boolean): GroupPatch {
  const patch: GroupPatch = {};
  for (const [from, to] of PROFILE_FIELDS) {
    const value = optionalText(info[from], from);
    if (value !== undefined && !(skipEmpty && value === '')) patch[to] = value;
  }
  const ex = optionalText(info.ex, 'ex');
  if (ex !== undefined && !(skipEmpty && ex === '')) patch.customFields = exFields(ex);
  return patch;
}

/** `createGroup`'s `memberList`: `[{userID, roleLevel}]`, roleLevel 0/1 member or 3 admin. */
function initialMembers(value: unknown): NonNullable<NewGroup['members']> {
  if (!Array.isArray(value)) throw paramError('memberList');
  return value.map((entry: unknown, i) => {
    const member = paramsOf(entry);
    const role = coreRoleOf(member.roleLevel ?? 1);
    if (role === undefined) throw paramError(`memberList[${i}].roleLevel`);
    return { userId: idParam(member.userID, `memberList[${i}].userID`), role };
  });
}

/** Group creation, profiles, the joined list, and the owner's operations (openim.md §2.10). */
export const groupMethods: MethodTable = {
  createGroup: {
    event: RequestFunc.CREATEGROUP,
    kind: 'group',
    async run(core, data) {
      const params = paramsOf(data);
      const base = paramsOf(params.groupBaseInfo);
      textParam(base.groupName, 'groupBaseInfo.groupName');
      const members = initialMembers(params.memberList);
      const { customFields, ...profile } = profilePatch(base, false);
      const init: NewGroup = { ...profile, type: GroupType.STANDARD, members, ...(customFields ? { customFields } : {}) };
      const { group } = await groupsOf(core.client).create(init);
      return toGroupItem(group);
    },
  },
  getGroupsInfo: {
    event: RequestFunc.GETGROUPSINFO,
    kind: 'groups',
    async run(core, data) {
      const ids = idListParam(data, 'groupIDList');
      const groups = [];
      for (const batch of chunks(ids, GROUPS_PER_REQUEST)) groups.push(...(await fetchGroups(core.client, batch)));
      return groups.map(toGroupItem);
    },
  },
  setGroupInfo: {
    event: RequestFunc.SETGROUPINFO,
    kind: 'ok',
    async run(core, data) {
      const params = paramsOf(data);
      const groupId = idParam(params.groupID, 'groupID');
      await groupsOf(core.client).update(groupId, profilePatch(paramsOf(params.groupInfo), true));
      return OK;
    },
  },
  getJoinedGroupList,
  quitGroup: {
    event: RequestFunc.QUITGROUP,
    kind: 'ok',
    async run(core, data) {
      await groupsOf(core.client).quit(idParam(data, 'groupID'));
      return OK;
    },
  },
  dismissGroup: {
    event: RequestFunc.DISMISSGROUP,
    kind: 'ok',
    async run(core, data) {
      await groupsOf(core.client).dismiss(idParam(data, 'groupID'));
      return OK;
    },
  },
  transferGroupOwner: {
    event: RequestFunc.TRANSFERGROUPOWNER,
    kind: 'ok',
    async run(core, data) {
      const params = paramsOf(data);
      await groupsOf(core.client).transferOwner(idParam(params.groupID, 'groupID'), idParam(params.newOwnerUserID, 'newOwnerUserID'));
      return OK;
    },
  },
  changeGroupMute: {
    event: RequestFunc.CHANGEGROUPMUTE,
    kind: 'ok',
    async run(core, data) {
      const params = paramsOf(data);
      const groupId = idParam(params.groupID, 'groupID');
      if (typeof params.isMute !== 'boolean') throw paramError('isMute');
      await groupsOf(core.client).update(groupId, { muteAll: params.isMute });
      return OK;
    },
  },
};
