import { contactsOf } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import type { TotalUserStruct } from '../../convert/user.js';
import type { MethodTable } from '../../method.js';
import { fillProfiles } from './fill.js';
import { totalUserOf } from './lookup.js';
import { single, userIdParam } from './params.js';

/**
 * The blacklist methods (openim.md §2.9). Blacklisting a friend keeps the friendship
 * (CAPABILITIES §1.7): only `checkFriend` and the lists' `blackInfo` show it.
 */
export const blacklistMethods: MethodTable = {
  addBlack: {
    event: RequestFunc.ADDBLACK,
    kind: 'ok',
    async run(core, data): Promise<string> {
      single(await contactsOf(core.client).block([userIdParam(data)]));
      return '""';
    },
  },
  removeBlack: {
    event: RequestFunc.REMOVEBLACK,
    kind: 'ok',
    async run(core, data): Promise<string> {
      single(await contactsOf(core.client).unblock([userIdParam(data)]));
      return '""';
    },
  },
  getBlackList: {
    event: RequestFunc.GETBLACKLIST,
    kind: 'totalUsers',
    noData: true,
    async run(core): Promise<TotalUserStruct[]> {
      const client = core.client;
      const ids = client.store.blocklist.values().map((b) => b.blockedId ?? '');
      await fillProfiles(client, ids);
      return ids.map((id) => totalUserOf(client, id, false));
    },
  },
};
