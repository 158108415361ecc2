/**
 * Group management (jmessage.md §2.5) and its events 8–12 (§3.4): `createGroup`, `exitGroup`,
 * `addGroupMembers`, `delGroupMembers`, `getGroups`, `getGroupInfo`, `updateGroupInfo`,
 * `getGroupMembers`, and `groupsWiring`.
 */
export { groupsWiring } from './groups/events.js';
export { createGroup, exitGroup, getGroupInfo, getGroups, updateGroupInfo } from './groups/manage.js';
export { addGroupMembers, delGroupMembers, getGroupMembers } from './groups/members.js';
