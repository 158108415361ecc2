import { type Client, type FriendRequest, fetchProfiles } from '@parley/core';
import { chunks } from '../../lists.js';

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
  for (const part of chunks(missing, PROFILE_BATCH)) await fetchProfiles(client, part, { refresh: true }).catch(() => []);
}

/** The other party of a request, seen by the signed-in user. */
export const partyOf = (client: Client, request: FriendRequest): string => (request.fromId === client.userId ? request.toId : request.fromId) ?? '';
