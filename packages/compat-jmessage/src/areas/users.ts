import type { JmCore } from '../core.js';
import { JmError } from '../errors.js';
import type { JmHandle } from '../handle.js';

/** `getUserInfo` — placeholder. */
export function getUserInfo(core: JmCore, input: unknown): JmHandle {
  return core.run('getUserInfo', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `updateSelfInfo` — placeholder. */
export function updateSelfInfo(core: JmCore, input: unknown): JmHandle {
  return core.run('updateSelfInfo', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `updateSelfAvatar` — placeholder. */
export function updateSelfAvatar(core: JmCore, input: unknown): JmHandle {
  return core.run('updateSelfAvatar', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `updateSelfPwd` — placeholder. */
export function updateSelfPwd(core: JmCore, input: unknown): JmHandle {
  return core.run('updateSelfPwd', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}
