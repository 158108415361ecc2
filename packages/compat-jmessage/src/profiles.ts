import { type Client, ClientCode, fetchProfiles, type Profile, RequestError } from '@parley/core';

/** Ids `user.getProfiles` takes at once. */
const PROFILES_PER_CALL = 100;

/**
 * The profiles of `userIds` that exist, by user id (cached ones are not asked for again):
 * conversation keys, event and member nicknames, member checks all read them.
 */
export async function profilesOf(client: Client, userIds: readonly string[]): Promise<Map<string, Profile>> {
  const out = new Map<string, Profile>();
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += PROFILES_PER_CALL) {
    for (const profile of await someProfiles(client, ids.slice(i, i + PROFILES_PER_CALL))) if (profile.userId) out.set(profile.userId, profile);
  }
  return out;
}

/** The server leaves unknown users out, and refuses a batch in which none is known. */
async function someProfiles(client: Client, ids: string[]): Promise<Profile[]> {
  try {
    return await fetchProfiles(client, ids);
  } catch (error) {
    if (error instanceof RequestError && error.code === ClientCode.USER_NOT_FOUND) return [];
    throw error;
  }
}
