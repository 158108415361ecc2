import { type Client, type Group, groupsOf } from '@parley/core';
import type { GroupApplicationItem } from '../../convert/group.js';
import { type CoreGroupApplication, toGroupApplicationItem } from '../../convert/group-application.js';
import { chunks } from '../../lists.js';
import { fetchGroups, GROUPS_PER_REQUEST } from './fetch.js';
import { profilesOf } from './lookup.js';

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
