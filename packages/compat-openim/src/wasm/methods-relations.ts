import { LoginStatus as Status } from '../core.js';
import { paramError } from '../errors.js';
import { LoginStatus } from './enums.js';
import { isObj } from './message.js';
import { applications, arrayOf, type Ctx, obj, page, unsupported, type WasmTable } from './spec.js';

/** 2.x `TotalUserStruct[]` without the users on the blocklist when `filterBlack`. */
function filterBlack(value: unknown, filter: unknown): unknown[] {
  const items = arrayOf(value);
  return filter === true ? items.filter((item) => !(isObj(item) && isObj(item.blackInfo))) : items;
}

/** `updateFriends`: the remark is all this server keeps per friend. */
async function updateFriends(ctx: Ctx, data: unknown): Promise<string> {
  const { friendUserIDs, remark, isPinned, ex } = obj(data);
  if (!Array.isArray(friendUserIDs)) throw paramError('friendUserIDs');
  if (isPinned !== undefined || ex !== undefined) throw unsupported('updateFriends(isPinned, ex)');
  if (typeof remark === 'string') for (const toUserID of friendUserIDs) await ctx.call('setFriendRemark', { toUserID, remark });
  return '';
}

/** The session, user, friend and blocklist methods of the 3.x SDK. */
export const relationMethods: WasmTable = {
  getLoginStatus: {
    noData: true,
    ungated: true,
    kind: 'raw',
    run: ({ core }) => (core.status === Status.LOGGED_IN ? LoginStatus.Logged : core.status === Status.LOGGING_IN ? LoginStatus.Logging : LoginStatus.Logout),
  },
  getLoginUserID: { noData: true, ungated: true, kind: 'raw', text: true, run: ({ core }) => (core.status === Status.LOGGED_IN ? core.userId : '') },
  // The page's background state and network changes need nothing here: the connection recovers itself.
  setAppBackgroundStatus: { ungated: true, kind: 'ok', run: () => '' },
  networkStatusChanged: { noData: true, ungated: true, kind: 'ok', run: () => '' },
  getSelfUserInfo: { via: 'getSelfUserInfo', noData: true },
  // 2.x answers user lookups with TotalUserStruct[]; 3.x with the public profiles.
  getUsersInfo: { via: 'getUsersInfo', kind: 'users', result: (value) => arrayOf(value).map((t) => (isObj(t) ? t.publicInfo : t)) },
  setSelfInfo: { via: 'setSelfInfo' },
  SetSelfInfoEx: { via: 'setSelfInfo' },
  addFriend: { via: 'addFriend' },
  getSpecifiedFriendsInfo: {
    via: 'getDesignatedFriendsInfo',
    args: (data) => {
      const { friendUserIDList } = obj(data);
      if (!Array.isArray(friendUserIDList)) throw paramError('friendUserIDList');
      return friendUserIDList;
    },
    result: (value, _ctx, data) => filterBlack(value, isObj(data) ? data.filterBlack : false),
  },
  getFriendList: { via: 'getFriendList', args: () => undefined, result: (value, _ctx, data) => filterBlack(value, data) },
  getFriendListPage: {
    via: 'getFriendList',
    args: () => undefined,
    result: (value, _ctx, data) => {
      const { offset, count, filterBlack: filter } = obj(data);
      return page(filterBlack(value, filter), offset, count);
    },
  },
  getFriendApplicationListAsRecipient: { via: 'getRecvFriendApplicationList', args: () => undefined, result: (value, _ctx, data) => applications(value, data) },
  getFriendApplicationListAsApplicant: { via: 'getSendFriendApplicationList', args: () => undefined, result: (value, _ctx, data) => applications(value, data) },
  setFriendRemark: { via: 'setFriendRemark' },
  updateFriends: { kind: 'ok', run: updateFriends },
  checkFriend: { via: 'checkFriend' },
  acceptFriendApplication: { via: 'acceptFriendApplication' },
  refuseFriendApplication: { via: 'refuseFriendApplication' },
  deleteFriend: { via: 'deleteFriend' },
  addBlack: {
    via: 'addBlack',
    args: (data) => {
      const { toUserID } = obj(data);
      if (typeof toUserID !== 'string' || toUserID === '') throw paramError('toUserID');
      return toUserID;
    },
  },
  removeBlack: { via: 'removeBlack' },
  getBlackList: {
    via: 'getBlackList',
    noData: true,
    kind: 'raw',
    result: (value, ctx) => arrayOf(value).map((t) => ctx.core.dialect.out('black', isObj(t) ? { ...(isObj(t.publicInfo) ? t.publicInfo : {}), ...(isObj(t.blackInfo) ? t.blackInfo : {}) } : t)),
  },
};
