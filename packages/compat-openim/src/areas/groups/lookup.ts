import { type Client, ClientCode, contactsOf, type Group, type GroupMember, groupsOf, isParleyError, type Profile } from '@parley/core';
import { type CoreGroupApplication, type GroupApplicationItem, type GroupMemberItem, toGroupApplicationItem, toGroupMemberItem } from '../../convert/group.js';
import { chunks } from './params.js';

/** Ids per `user.getProfiles` and per `group.get` (the server's caps). */
const PROFILES_PER_REQUEST = 100;
const GROUPS_PER_REQUEST = 50;

/**
 * Profiles of users, cached ones first. A failed lookup leaves those users out: member and
 * application items then carry empty names rather than failing the call or event.
 */
export async function profilesOf(client: Client, userIds: readonly string[]): Promise<Map<string, Profile>> {
  const out = new Map<string, Profile>();
  const contacts = contactsOf(client);
  for (const batch of chunks([...new Set(userIds)], PROFILES_PER_REQUEST)) {
    const found = await contacts.getProfiles(batch).catch(() => batch.map((id) => contacts.profile(id)).filter((p): p is Profile => p !== undefined));
    for (const profile of found) if (profile.userId) out.set(profile.userId, profile);
  }
  return out;
}

/** Group profiles by id: the joined ones from the store, the others fetched (unknown ones left out). */
export async function groupsById(client: Client, groupIds: readonly string[]): Promise<Map<string, Group>> {
  const api = groupsOf(client);
  const out = new Map<string, Group>();
  const missing: string[] = [];
  for (const id of new Set(groupIds)) {
    const held = api.group(id);
    if (held) out.set(id, held);
    else missing.push(id);
  }
  for (const batch of chunks(missing, GROUPS_PER_REQUEST)) {
    for (const group of await fetchGroups(client, batch)) if (group.groupId) out.set(group.groupId, group);
  }
  return out;
}

/**
 * `group.get` of some ids: the groups found, none when none exists.
 * @throws {ParleyError} anything but `GROUP_NOT_FOUND`.
 */
export async function fetchGroups(client: Client, groupIds: readonly string[]): Promise<Group[]> {
  try {
    return (await groupsOf(client).get(groupIds)).groups;
  } catch (error) {
    if (isParleyError(error) && error.code === ClientCode.GROUP_NOT_FOUND) return [];
    throw error;
  }
}

/** Core members as `GroupMemberItem`s, with their users' names and avatars. */
export async function memberItems(client: Client, members: readonly GroupMember[]): Promise<GroupMemberItem[]> {
  const profiles = await profilesOf(
    client,
    members.map((m) => m.userId ?? ''),
  );
  return members.map((m) => toGroupMemberItem(m, profiles.get(m.userId ?? '')));
}

/** Join applications as `GroupApplicationItem`s, with their groups and applicants. */
export async function applicationItems(client: Client, applications: readonly CoreGroupApplication[]): Promise<GroupApplicationItem[]> {
  const groups = await groupsById(
    client,
    applications.map((a) => a.groupId ?? ''),
  );
  const profiles = await profilesOf(
    client,
    applications.map((a) => a.applicantId ?? ''),
  );
  return applications.map((a) => toGroupApplicationItem(a, groups.get(a.groupId ?? ''), profiles.get(a.applicantId ?? '')));
}
