import type { JmCore, Wiring } from '../core.js';
import { JmError } from '../errors.js';
import type { JmHandle } from '../handle.js';

/** `createGroup` — placeholder. */
export function createGroup(core: JmCore, input: unknown): JmHandle {
  return core.run('createGroup', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `exitGroup` — placeholder. */
export function exitGroup(core: JmCore, input: unknown): JmHandle {
  return core.run('exitGroup', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `addGroupMembers` — placeholder. */
export function addGroupMembers(core: JmCore, input: unknown): JmHandle {
  return core.run('addGroupMembers', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `delGroupMembers` — placeholder. */
export function delGroupMembers(core: JmCore, input: unknown): JmHandle {
  return core.run('delGroupMembers', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `getGroups` — placeholder. */
export function getGroups(core: JmCore, input: unknown): JmHandle {
  return core.run('getGroups', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `getGroupInfo` — placeholder. */
export function getGroupInfo(core: JmCore, input: unknown): JmHandle {
  return core.run('getGroupInfo', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `updateGroupInfo` — placeholder. */
export function updateGroupInfo(core: JmCore, input: unknown): JmHandle {
  return core.run('updateGroupInfo', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `getGroupMembers` — placeholder. */
export function getGroupMembers(core: JmCore, input: unknown): JmHandle {
  return core.run('getGroupMembers', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** events 8–12 from group tips — placeholder. */
export const groupsWiring: Wiring = () => () => {};
