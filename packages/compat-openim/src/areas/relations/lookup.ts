import type { Client, FriendRequest } from '@parley/core';
import { type FriendApplicationItem, type TotalUserStruct, toFriendApplicationItem, toTotalUser } from '../../convert/user.js';

/** One user from the store as a `TotalUserStruct`: friend and blacklist parts when they apply. */
export function totalUserOf(client: Client, userId: string, withPublic: boolean): TotalUserStruct {
  const store = client.store;
  return toTotalUser({ userId, profile: store.profiles.get(userId), withPublic, friend: store.friends.get(userId), block: store.blocklist.get(userId) });
}

/** A friend request from the store as a `FriendApplicationItem`. */
export function applicationOf(client: Client, request: FriendRequest): FriendApplicationItem {
  return toFriendApplicationItem(request, (id) => client.store.profiles.get(id));
}
