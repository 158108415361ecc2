import { type Client, contactsOf, type FriendRequest } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import type { FriendApplicationItem } from '../../convert/user.js';
import type { MethodTable } from '../../method.js';
import { fillProfiles, partyOf } from './fill.js';
import { applicationOf } from './lookup.js';
import { objectParam, optionalString, requireString } from './params.js';

/** The signed-in user's requests on one side, newest first, with the parties' profiles. */
async function applications(client: Client, received: boolean): Promise<FriendApplicationItem[]> {
  const self = client.userId;
  const requests = client.store.friendRequests
    .values()
    .filter((r: FriendRequest) => (received ? r.toId === self : r.fromId === self))
    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  await fillProfiles(client, [self, ...requests.map((r) => partyOf(client, r))]);
  return requests.map((r) => applicationOf(client, r));
}

/** Answers the request from `toUserID` (the applicant). */
async function answer(client: Client, data: unknown, action: 'acceptAndAdd' | 'refuse'): Promise<string> {
  const o = objectParam(data);
  const applicant = requireString(o, 'toUserID');
  const handleMsg = optionalString(o, 'handleMsg');
  await contactsOf(client).respond(applicant, action, handleMsg ? { responseText: handleMsg } : {});
  return '""';
}

/**
 * The friend-application methods (openim.md §2.8). Handled requests stay in the lists with
 * `handleResult` 1 or -1, as in the vendor's tables.
 */
export const applicationMethods: MethodTable = {
  addFriend: {
    event: RequestFunc.ADDFRIEND,
    kind: 'ok',
    async run(core, data): Promise<string> {
      const o = objectParam(data);
      const toUserID = requireString(o, 'toUserID');
      const reqMsg = optionalString(o, 'reqMsg');
      // Always a request both ways: OpenIM friendships are mutual. A target whose allowType
      // accepts anyone becomes a friend at once (the server decides, CAPABILITIES §1.6).
      await contactsOf(core.client).request(toUserID, { addType: 'both', ...(reqMsg ? { wording: reqMsg } : {}) });
      return '""';
    },
  },
  getRecvFriendApplicationList: {
    event: RequestFunc.GETRECVFRIENDAPPLICATIONLIST,
    kind: 'friendApplications',
    noData: true,
    run: (core) => applications(core.client, true),
  },
  getSendFriendApplicationList: {
    event: RequestFunc.GETSENDFRIENDAPPLICATIONLIST,
    kind: 'friendApplications',
    noData: true,
    run: (core) => applications(core.client, false),
  },
  acceptFriendApplication: {
    event: RequestFunc.ACCEPTFRIENDAPPLICATION,
    kind: 'ok',
    // Both edges, whatever the request asked: OpenIM friendships are mutual.
    run: (core, data) => answer(core.client, data, 'acceptAndAdd'),
  },
  refuseFriendApplication: {
    event: RequestFunc.REFUSEFRIENDAPPLICATION,
    kind: 'ok',
    run: (core, data) => answer(core.client, data, 'refuse'),
  },
};
