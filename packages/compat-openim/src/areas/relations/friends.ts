import { contactsOf } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import type { TotalUserStruct } from '../../convert/user.js';
import { paramError } from '../../errors.js';
import type { MethodTable } from '../../method.js';
import { fillProfiles } from './fill.js';
import { totalUserOf } from './lookup.js';
import { objectParam, requireString, single, userIdParam, userIdsParam } from './params.js';

/** A `checkFriend` row (`FriendRelationItem`). */
export interface FriendRelationItem {
  userID: string;
  /** 1 a friend and not blacklisted, else 0. */
  result: number;
}

/**
 * The friend methods (openim.md §2.8, without the applications). Reads come from the synced
 * store, as the vendor reads its local database.
 */
export const friendMethods: MethodTable = {
  getFriendList: {
    event: RequestFunc.GETFRIENDLIST,
    kind: 'totalUsers',
    noData: true,
    async run(core): Promise<TotalUserStruct[]> {
      const client = core.client;
      const ids = client.store.friends.values().map((f) => f.friendId ?? '');
      await fillProfiles(client, ids);
      return ids.map((id) => totalUserOf(client, id, false));
    },
  },
  getDesignatedFriendsInfo: {
    event: RequestFunc.GETDESIGNATEDFRIENDSINFO,
    kind: 'totalUsers',
    async run(core, data): Promise<TotalUserStruct[]> {
      const client = core.client;
      // Non-friends are left out; getUsersInfo serves them.
      const ids = userIdsParam(data).filter((id) => client.store.friends.get(id) !== undefined);
      await fillProfiles(client, ids);
      return ids.map((id) => totalUserOf(client, id, false));
    },
  },
  setFriendRemark: {
    event: RequestFunc.SETFRIENDREMARK,
    kind: 'ok',
    async run(core, data): Promise<string> {
      const o = objectParam(data);
      const toUserID = requireString(o, 'toUserID');
      // An empty remark clears it.
      if (typeof o.remark !== 'string') throw paramError('remark');
      await contactsOf(core.client).update(toUserID, { remark: o.remark });
      return '""';
    },
  },
  checkFriend: {
    event: RequestFunc.CHECKFRIEND,
    kind: 'results',
    run(core, data): FriendRelationItem[] {
      const store = core.client.store;
      // A blacklisted friend stays a friend but is reported as 0 (openim.md §6.1 item 16).
      return userIdsParam(data).map((userID) => ({ userID, result: store.friends.get(userID) && !store.blocklist.get(userID) ? 1 : 0 }));
    },
  },
  deleteFriend: {
    event: RequestFunc.DELETEFRIEND,
    kind: 'ok',
    async run(core, data): Promise<string> {
      single(await contactsOf(core.client).delete([userIdParam(data)]));
      return '""';
    },
  },
};
