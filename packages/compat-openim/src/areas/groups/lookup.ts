import { type Client, fetchProfiles, type GroupMember, type Profile } from '@parley/core';
import { type GroupMemberItem, toGroupMemberItem } from '../../convert/group.js';
import { chunks } from '../../lists.js';

/** Ids per `user.getProfiles` (the server's cap). */
const PROFILES_PER_REQUEST = 100;

/**
 * Profiles of users, cached ones first. A failed lookup leaves those users out: member and
 * application items then carry empty names rather than failing the call or event.
 */
export async function profilesOf(client: Client, userIds: readonly string[]): Promise<Map<string, Profile>> {
  const out = new Map<string, Profile>();
  const cached = client.store.profiles;
  for (const batch of chunks([...new Set(userIds)], PROFILES_PER_REQUEST)) {
    const found = await fetchProfiles(client, batch).catch(() => batch.map((id) => cached.get(id)).filter((p): p is Profile => p !== undefined));
    for (const profile of found) if (profile.userId) out.set(profile.userId, profile);
  }
  return out;
}

/** Core members as `GroupMemberItem`s, with their users' names and avatars. */
export async function memberItems(client: Client, members: readonly GroupMember[]): Promise<GroupMemberItem[]> {
  const profiles = await profilesOf(
    client,
    members.map((m) => m.userId ?? ''),
  );
  return members.map((m) => toGroupMemberItem(m, profiles.get(m.userId ?? '')));
}
