import { type Client, contactsOf, type FriendRequest } from '@parley/core';
import { type FriendApplicationItem, type TotalUserStruct, toFriendApplicationItem, toTotalUser } from '../../convert/user.js';
import { chunks } from './params.js';

/** `user.getProfiles` answers at most this many users per call. */
export const PROFILE_BATCH = 100;

/**
 * Fetches the profiles the store does not hold yet (friends, blocked users, request parties), so
 * their names and avatars can be shown. A failed fetch leaves the fields empty rather than
 * failing the list it was for, as the vendor shows a row whose user lookup failed.
 */
export async function fillProfiles(client: Client, userIds: readonly string[]): Promise<void> {
  const profiles = client.store.profiles;
  const missing = [...new Set(userIds)].filter((id) => id !== '' && !profiles.get(id));
  for (const part of chunks(missing, PROFILE_BATCH)) {
    await contactsOf(client)
      .getProfiles(part, { refresh: true })
      .catch(() => []);
  }
}

/** One user from the store as a `TotalUserStruct`: friend and blacklist parts when they apply. */
export function totalUserOf(client: Client, userId: string, withPublic: boolean): TotalUserStruct {
  const store = client.store;
  return toTotalUser({ userId, profile: store.profiles.get(userId), withPublic, friend: store.friends.get(userId), block: store.blocklist.get(userId) });
}

/** A friend request from the store as a `FriendApplicationItem`. */
export function applicationOf(client: Client, request: FriendRequest): FriendApplicationItem {
  return toFriendApplicationItem(request, (id) => client.store.profiles.get(id));
}

/** The other party of a request, seen by the signed-in user. */
export const partyOf = (client: Client, request: FriendRequest): string => (request.fromId === client.userId ? request.toId : request.fromId) ?? '';
