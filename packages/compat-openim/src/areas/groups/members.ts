import { type Client, type GroupMember, groupsOf, type MemberResults } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import { paramError } from '../../errors.js';
import { chunks } from '../../lists.js';
import type { MethodTable } from '../../method.js';
import { OK } from './groups.js';
import { memberItems } from './lookup.js';
import { countParam, filterRole, idListParam, idParam, paramsOf, textParam } from './params.js';

/** The server's page size of `group.listMembers`, and its id cap of `group.getMembers`. */
const PAGE = 100;
const IDS_PER_GET = 50;

/** `inviteUserToGroup`/`kickGroupMember` results: 0 for each user it worked for, -1 for the others. */
function perUser(userIds: readonly string[], outcome: MemberResults): Array<{ userID: string; result: number }> {
  const ok = new Set(outcome.success);
  return userIds.map((userID) => ({ userID, result: ok.has(userID) ? 0 : -1 }));
}

/**
 * `count` members from `offset`, all or of one role. The server filters by every role but
 * "member" (its role 0 means no filter), so ordinary members are picked from the whole list.
 */
async function membersPage(client: Client, groupId: string, role: number | undefined, offset: number, count: number): Promise<GroupMember[]> {
  const api = groupsOf(client);
  const serverFilter = role === undefined || role === 0 ? {} : { role };
  const matches = (m: GroupMember) => role !== 0 || (m.role ?? 0) === 0 || (m.role ?? 0) === 3;
  const out: GroupMember[] = [];
  let skip = role === 0 ? offset : 0;
  let cursor = role === 0 ? 0 : offset;
  for (;;) {
    const page = await api.listMembers(groupId, { ...serverFilter, offset: cursor, count: PAGE });
    for (const m of page.members.filter(matches)) {
      if (skip > 0) skip -= 1;
      else if (out.length < count) out.push(m);
    }
    if (out.length >= count || page.nextOffset === 0) return out;
    cursor = page.nextOffset;
  }
}

/** Member lists and member operations (openim.md §2.10). */
export const memberMethods: MethodTable = {
  getGroupMemberList: {
    event: RequestFunc.GETGROUPMEMBERLIST,
    kind: 'members',
    async run(core, data) {
      const params = paramsOf(data);
      const groupId = idParam(params.groupID, 'groupID');
      const filter = countParam(params.filter, 'filter');
      if (filter > 3) throw paramError('filter');
      const offset = countParam(params.offset, 'offset');
      const count = countParam(params.count, 'count');
      if (count === 0) return [];
      return memberItems(core.client, await membersPage(core.client, groupId, filterRole(filter), offset, count));
    },
  },
  getGroupMembersInfo: {
    event: RequestFunc.GETGROUPMEMBERSINFO,
    kind: 'members',
    async run(core, data) {
      const params = paramsOf(data);
      const groupId = idParam(params.groupID, 'groupID');
      const ids = idListParam(params.userIDList, 'userIDList');
      const members: GroupMember[] = [];
      for (const batch of chunks(ids, IDS_PER_GET)) members.push(...(await groupsOf(core.client).getMembers(groupId, batch)));
      return memberItems(core.client, members);
    },
  },
  inviteUserToGroup: {
    event: RequestFunc.INVITEUSERTOGROUP,
    kind: 'results',
    async run(core, data) {
      const params = paramsOf(data);
      const groupId = idParam(params.groupID, 'groupID');
      const reason = textParam(params.reason, 'reason');
      const ids = idListParam(params.userIDList, 'userIDList');
      return perUser(ids, await groupsOf(core.client).addMembers(groupId, ids, { reason }));
    },
  },
  kickGroupMember: {
    event: RequestFunc.KICKGROUPMEMBER,
    kind: 'results',
    async run(core, data) {
      const params = paramsOf(data);
      const groupId = idParam(params.groupID, 'groupID');
      const reason = textParam(params.reason, 'reason');
      const ids = idListParam(params.userIDList, 'userIDList');
      return perUser(ids, await groupsOf(core.client).removeMembers(groupId, ids, { reason }));
    },
  },
  changeGroupMemberMute: {
    event: RequestFunc.CHANGEGROUPMEMBERMUTE,
    kind: 'ok',
    async run(core, data) {
      const params = paramsOf(data);
      const groupId = idParam(params.groupID, 'groupID');
      const userId = idParam(params.userID, 'userID');
      await groupsOf(core.client).mute(groupId, userId, countParam(params.mutedSeconds, 'mutedSeconds'));
      return OK;
    },
  },
};
