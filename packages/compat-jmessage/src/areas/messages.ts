import type { JmCore, Wiring } from '../core.js';
import { JmError } from '../errors.js';
import type { JmHandle } from '../handle.js';

/** `getConversation` — placeholder. */
export function getConversation(core: JmCore, input: unknown): JmHandle {
  return core.run('getConversation', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendSingleMsg` — placeholder. */
export function sendSingleMsg(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSingleMsg', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendSinglePic` — placeholder. */
export function sendSinglePic(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSinglePic', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendSingleFile` — placeholder. */
export function sendSingleFile(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSingleFile', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendSingleLocation` — placeholder. */
export function sendSingleLocation(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSingleLocation', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendSingleCustom` — placeholder. */
export function sendSingleCustom(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSingleCustom', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendGroupMsg` — placeholder. */
export function sendGroupMsg(core: JmCore, input: unknown): JmHandle {
  return core.run('sendGroupMsg', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendGroupPic` — placeholder. */
export function sendGroupPic(core: JmCore, input: unknown): JmHandle {
  return core.run('sendGroupPic', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendGroupFile` — placeholder. */
export function sendGroupFile(core: JmCore, input: unknown): JmHandle {
  return core.run('sendGroupFile', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendGroupLocation` — placeholder. */
export function sendGroupLocation(core: JmCore, input: unknown): JmHandle {
  return core.run('sendGroupLocation', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `sendGroupCustom` — placeholder. */
export function sendGroupCustom(core: JmCore, input: unknown): JmHandle {
  return core.run('sendGroupCustom', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** `getResource` — placeholder. */
export function getResource(core: JmCore, input: unknown): JmHandle {
  return core.run('getResource', input, async () => {
    throw new JmError(880001, 'not implemented');
  });
}

/** onMsgReceive (real-time messages) and onSyncConversation (offline and roaming batches at login) — placeholder. */
export const messagesWiring: Wiring = () => () => {};
