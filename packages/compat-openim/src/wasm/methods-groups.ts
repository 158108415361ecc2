import { paramError } from '../errors.js';
import { isObj } from './message.js';
import { applications, arrayOf, type Ctx, obj, page, unsupported, type WasmTable } from './spec.js';

/** 3.x member filters (0 all, 1 owner, 2 admin, 3 member) as 2.x's (0 all, 2 owner, 3 admin, 1 member). */
const FILTER_V2: Record<number, number> = { 0: 0, 1: 2, 2: 3, 3: 1 };
/** The 3.x filters 2.x has no value for, as the 2.x roles (1 member, 2 owner, 3 admin) they keep. */
const FILTER_ROLES: Record<number, number[]> = { 4: [3, 1], 5: [2, 3] };
/** Enough to fetch every member when the page is cut here. */
const ALL = 100_000;

/** The members of a group the 3.x filter keeps, one page of them. */
async function memberList(ctx: Ctx, data: unknown): Promise<unknown> {
  const { groupID, filter, offset, count } = obj(data);
  if (typeof groupID !== 'string' || groupID === '') throw paramError('groupID');
  const f = typeof filter === 'number' ? filter : 0;
  const roles = FILTER_ROLES[f];
  if (!roles) {
    const v2 = FILTER_V2[f];
    if (v2 === undefined) throw paramError('filter');
    return ctx.call('getGroupMemberList', { groupID, filter: v2, offset, count });
  }
  const all = arrayOf(await ctx.call('getGroupMemberList', { groupID, filter: 0, offset: 0, count: ALL }));
  return page(
    all.filter((m) => isObj(m) && roles.includes(m.roleLevel as number)),
    offset,
    count,
  );
}

/** 3.x's `createGroup` (member, admin IDs and a flat group info) as 2.x's (a member list with roles). */
function createArgs(data: unknown, ctx: Ctx): unknown {
  const { memberUserIDs, adminUserIDs, ownerUserID, groupInfo } = obj(data);
  if (ownerUserID !== undefined && ownerUserID !== '' && ownerUserID !== ctx.core.userId) throw unsupported('createGroup with another owner');
  const info = isObj(groupInfo) ? groupInfo : {};
  const memberList = [...arrayOf(memberUserIDs).map((userID) => ({ userID, roleLevel: 1 })), ...arrayOf(adminUserIDs).map((userID) => ({ userID, roleLevel: 3 }))];
  return { groupBaseInfo: { ...groupBaseInfo(info), groupType: 0 }, memberList };
}

/** The group fields 2.x can set; 3.x's other settings (verification, permissions) are not kept here. */
function groupBaseInfo(info: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['groupName', 'introduction', 'notification', 'faceURL', 'ex']) if (typeof info[key] === 'string') out[key] = info[key];
  return out;
}

/** The group methods of the 3.x SDK, over the groups area. */
export const groupMethods: WasmTable = {
  inviteUserToGroup: { via: 'inviteUserToGroup' },
  kickGroupMember: { via: 'kickGroupMember' },
  getSpecifiedGroupMembersInfo: { via: 'getGroupMembersInfo' },
  getGroupMemberList: { via: 'getGroupMemberList', run: memberList },
  getGroupMemberOwnerAndAdmin: { via: 'getGroupMemberList', run: (ctx, groupID) => memberList(ctx, { groupID, filter: 5, offset: 0, count: 0 }) },
  getJoinedGroupList: { via: 'getJoinedGroupList', noData: true },
  getJoinedGroupListPage: {
    via: 'getJoinedGroupList',
    args: () => undefined,
    result: (value, _ctx, data) => {
      const { offset, count } = obj(data);
      return page(arrayOf(value), offset, count);
    },
  },
  isJoinGroup: {
    kind: 'raw',
    run: async (ctx, groupID) => arrayOf(await ctx.call('getJoinedGroupList')).some((g) => isObj(g) && g.groupID === groupID),
  },
  getSpecifiedGroupsInfo: { via: 'getGroupsInfo' },
  createGroup: { via: 'createGroup', args: createArgs },
  setGroupInfo: {
    via: 'setGroupInfo',
    args: (data) => {
      const info = obj(data);
      if (typeof info.groupID !== 'string' || info.groupID === '') throw paramError('groupID');
      return { groupID: info.groupID, groupInfo: groupBaseInfo(info) };
    },
  },
  joinGroup: {
    via: 'joinGroup',
    args: (data) => {
      const { groupID, reqMsg } = obj(data);
      return { groupID, reqMsg: typeof reqMsg === 'string' ? reqMsg : '' };
    },
  },
  quitGroup: { via: 'quitGroup' },
  dismissGroup: { via: 'dismissGroup' },
  changeGroupMute: {
    via: 'changeGroupMute',
    args: (data) => {
      const { groupID, isMute } = obj(data);
      return { groupID, isMute };
    },
  },
  changeGroupMemberMute: { via: 'changeGroupMemberMute' },
  transferGroupOwner: { via: 'transferGroupOwner' },
  getGroupApplicationListAsRecipient: { via: 'getRecvGroupApplicationList', args: () => undefined, result: (value, _ctx, data) => groupApplications(value, data) },
  getGroupApplicationListAsApplicant: { via: 'getSendGroupApplicationList', args: () => undefined, result: (value, _ctx, data) => groupApplications(value, data) },
  acceptGroupApplication: { via: 'acceptGroupApplication' },
  refuseGroupApplication: { via: 'refuseGroupApplication' },
};

/** Group applications of the groups the params name (all when none), by result, paged. */
function groupApplications(value: unknown, data: unknown): unknown[] {
  const groups = isObj(data) && Array.isArray(data.groupID) ? data.groupID : [];
  return applications(value, data, (item) => groups.length === 0 || groups.includes(item.groupID));
}
