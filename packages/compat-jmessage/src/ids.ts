import { type Client, type Group, groupsOf } from '@parley/core';

/** J `gid` (a number): the group's numeric alias, or its id when that is numeric. */
export function gidOf(group: Pick<Group, 'groupId' | 'numericId'>): number {
  return Number(group.numericId) || Number(group.groupId) || 0;
}

/**
 * The group id a `gid` names: a joined group with that numeric alias, else the server's
 * resolution of the alias (`group.get` accepts numeric aliases), else the gid as text.
 */
export async function groupIdOf(client: Client, gid: number | string): Promise<string> {
  const n = Number(gid);
  const text = String(gid).trim();
  const joined = groupsOf(client)
    .joined()
    .find((g) => Number(g.numericId) === n || g.groupId === text);
  if (joined?.groupId) return joined.groupId;
  try {
    const { groups } = await groupsOf(client).get([text]);
    const found = groups[0]?.groupId;
    if (found) return found;
  } catch {
    // Unknown: the caller's request reports it with the method's code.
  }
  return text;
}

/** The 1:1 conversation `key` of a user: the server-assigned `tinyId` (jmessage.md A3), as a number. */
export function userKeyOf(profile: { tinyId?: number | null | undefined; userId?: string | null | undefined } | undefined): number {
  return Number(profile?.tinyId ?? 0);
}

/** A J avatar or media id from a stored reference: the server's `media:<id>` form loses its prefix; URLs stay as they are. */
export function mediaIdOf(ref: string | null | undefined): string {
  const value = ref ?? '';
  return value.startsWith('media:') ? value.slice('media:'.length) : value;
}
