import { parley } from '@parley/protocol';
import { addBlocks, listBlocks, removeBlocks } from '../../model/blocklist.js';
import { createFriendGroup, deleteFriendGroup, editFriendGroupUsers, listFriendGroups, renameFriendGroup } from '../../model/friend-groups.js';
import { deleteFriendRequest, listFriendRequests, markFriendRequestsRead, respondFriendRequest, sendFriendRequest } from '../../model/friend-requests.js';
import { addFriendDirect, checkFriends, deleteFriends, getFriends, listFriends, updateFriend } from '../../model/friends.js';
import type { OpCall, OpFamily } from './types.js';

/**
 * Who a friend change is `by` (§3.4 `ev.friend`): the acting user, or `admin` when a
 * privileged session (or the admin REST API) changes the relations of another user (§5.2).
 */
function byOf(call: OpCall<unknown>): string {
  return call.actor.privileged && call.session?.userId !== call.actor.userId ? 'admin' : call.actor.userId;
}

/** The presence query's batch limit. */
const PRESENCE_BATCH = 500;

/** `friend.list`, with the friends' presence from this server's presence hub when asked. */
async function friendList(call: OpCall<parley.v1.FriendList>): Promise<parley.v1.IFriends> {
  const { server, ctx, actor, payload } = call;
  const result = await listFriends(ctx, actor, payload);
  if (!payload.withPresence) return result;
  const ids = (result.friends ?? []).map((f) => f.friendId ?? '');
  const presences: parley.v1.IPresence[] = [];
  for (let i = 0; i < ids.length; i += PRESENCE_BATCH) {
    const batch = await server.presence.query(ctx, actor, new parley.v1.UserIds({ userIds: ids.slice(i, i + PRESENCE_BATCH) }));
    presences.push(...(batch.presences ?? []));
  }
  return { ...result, presences };
}

/** Friends, friend requests, friend groups and the blocklist (§2.4, §2.5). */
export const friendOps: OpFamily = {
  ops: {
    friendList,
    friendGet: ({ ctx, actor, payload }: OpCall<parley.v1.UserIds>) => getFriends(ctx, actor, payload),
    friendCheck: ({ ctx, actor, payload }: OpCall<parley.v1.FriendCheck>) => checkFriends(ctx, actor, payload),
    friendRequest: (call: OpCall<parley.v1.FriendRequestSend>) => sendFriendRequest(call.ctx, call.actor, call.payload, byOf(call)),
    friendRespond: (call: OpCall<parley.v1.FriendRespond>) => respondFriendRequest(call.ctx, call.actor, call.payload, byOf(call)),
    friendListRequests: ({ ctx, actor, payload }: OpCall<parley.v1.FriendListRequests>) => listFriendRequests(ctx, actor, payload),
    friendDeleteRequest: ({ ctx, actor, payload }: OpCall<parley.v1.FriendDeleteRequest>) => deleteFriendRequest(ctx, actor, payload),
    friendMarkRequestsRead: ({ ctx, actor }) => markFriendRequestsRead(ctx, actor),
    friendAddDirect: (call: OpCall<parley.v1.FriendAddDirect>) => addFriendDirect(call.ctx, call.actor, call.payload, byOf(call)),
    friendDelete: (call: OpCall<parley.v1.FriendDelete>) => deleteFriends(call.ctx, call.actor, call.payload, byOf(call)),
    friendUpdate: (call: OpCall<parley.v1.FriendUpdate>) => updateFriend(call.ctx, call.actor, call.payload, byOf(call)),

    friendGroupList: ({ ctx, actor }) => listFriendGroups(ctx, actor),
    friendGroupCreate: ({ ctx, actor, payload }: OpCall<parley.v1.FriendGroupEdit>) => createFriendGroup(ctx, actor, payload),
    friendGroupDelete: ({ ctx, actor, payload }: OpCall<parley.v1.FriendGroupEdit>) => deleteFriendGroup(ctx, actor, payload),
    friendGroupRename: ({ ctx, actor, payload }: OpCall<parley.v1.FriendGroupEdit>) => renameFriendGroup(ctx, actor, payload),
    friendGroupAddUsers: ({ ctx, actor, payload }: OpCall<parley.v1.FriendGroupEdit>) => editFriendGroupUsers(ctx, actor, payload, true),
    friendGroupRemoveUsers: ({ ctx, actor, payload }: OpCall<parley.v1.FriendGroupEdit>) => editFriendGroupUsers(ctx, actor, payload, false),

    blockList: ({ ctx, actor }) => listBlocks(ctx, actor),
    blockAdd: ({ ctx, actor, payload }: OpCall<parley.v1.BlockEdit>) => addBlocks(ctx, actor, payload),
    blockRemove: ({ ctx, actor, payload }: OpCall<parley.v1.BlockEdit>) => removeBlocks(ctx, actor, payload),
  },
  readOnly: ['friendList', 'friendGet', 'friendCheck', 'friendListRequests', 'friendGroupList', 'blockList'],
};
