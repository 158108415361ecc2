import { type Client, ClientCode, type Group, groupsOf, isParleyError } from '@parley/core';

/** Ids per `group.get` (the server's cap). */
export const GROUPS_PER_REQUEST = 50;

/**
 * `group.get` of some ids: the groups found, none when none exists. In the part loaded on first
 * use: `groupsOf` brings the core's whole groups area, which a chat page does not need to start.
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
