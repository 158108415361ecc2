import type { JmCore, Wiring } from '../core.js';
import { JmError } from '../errors.js';
import type { JmHandle } from '../handle.js';

/** `getFriendList` — placeholder. */
export function getFriendList(core: JmCore, input: unknown): JmHandle {
  return core.run('getFriendList', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `addFriend` — placeholder. */
export function addFriend(core: JmCore, input: unknown): JmHandle {
  return core.run('addFriend', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `delFriend` — placeholder. */
export function delFriend(core: JmCore, input: unknown): JmHandle {
  return core.run('delFriend', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `updateFriendMemo` — placeholder. */
export function updateFriendMemo(core: JmCore, input: unknown): JmHandle {
  return core.run('updateFriendMemo', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `getBlacks` — placeholder. */
export function getBlacks(core: JmCore, input: unknown): JmHandle {
  return core.run('getBlacks', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `addSingleBlacks` — placeholder. */
export function addSingleBlacks(core: JmCore, input: unknown): JmHandle {
  return core.run('addSingleBlacks', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `delSingleBlacks` — placeholder. */
export function delSingleBlacks(core: JmCore, input: unknown): JmHandle {
  return core.run('delSingleBlacks', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `getNoDisturb` — placeholder. */
export function getNoDisturb(core: JmCore, input: unknown): JmHandle {
  return core.run('getNoDisturb', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `addSingleNoDisturb` — placeholder. */
export function addSingleNoDisturb(core: JmCore, input: unknown): JmHandle {
  return core.run('addSingleNoDisturb', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `delSingleNoDisturb` — placeholder. */
export function delSingleNoDisturb(core: JmCore, input: unknown): JmHandle {
  return core.run('delSingleNoDisturb', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `addGroupNoDisturb` — placeholder. */
export function addGroupNoDisturb(core: JmCore, input: unknown): JmHandle {
  return core.run('addGroupNoDisturb', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `delGroupNoDisturb` — placeholder. */
export function delGroupNoDisturb(core: JmCore, input: unknown): JmHandle {
  return core.run('delGroupNoDisturb', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `addGroupShield` — placeholder. */
export function addGroupShield(core: JmCore, input: unknown): JmHandle {
  return core.run('addGroupShield', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `delGroupShield` — placeholder. */
export function delGroupShield(core: JmCore, input: unknown): JmHandle {
  return core.run('delGroupShield', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `addGlobalNoDisturb` — placeholder. */
export function addGlobalNoDisturb(core: JmCore, input: unknown): JmHandle {
  return core.run('addGlobalNoDisturb', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `delGlobalNoDisturb` — placeholder. */
export function delGlobalNoDisturb(core: JmCore, input: unknown): JmHandle {
  return core.run('delGlobalNoDisturb', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** events 5, 6, 7, 37 and 38 — placeholder. */
export const relationsWiring: Wiring = () => () => {};
