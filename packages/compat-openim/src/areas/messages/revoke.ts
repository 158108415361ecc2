import { chatOf } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import type { OpenImCore } from '../../core.js';
import { OpenImCode, OpenImError } from '../../errors.js';
import type { MethodTable } from '../../method.js';
import { messageArg } from './params.js';
import { refOfItem } from './refs.js';
import { remember, stateOf } from './state.js';

/**
 * `revokeMessage` (openim.md §6.1 item 7): only the sender, only a sent message. The server
 * marks it revoked and appends the revoke tip, which every other session of both sides receives
 * (OnRecvMessageRevoked + the 111 OnRecvNewMessage); this page announces nothing for its own revoke.
 * @throws {OpenImError} 201 `only you send message can be revoked` / `only send success message can be revoked`.
 */
async function revoke(core: OpenImCore, data: unknown): Promise<string> {
  const item = messageArg(core, data);
  if (item.sendID !== core.userId) throw new OpenImError(OpenImCode.MESSAGE, 'only you send message can be revoked');
  if (item.status !== 2) throw new OpenImError(OpenImCode.MESSAGE, 'only send success message can be revoked');
  const ref = refOfItem(core, item);
  remember(stateOf(core).seen, `r:${item.clientMsgID as string}`);
  await chatOf(core.client).revoke(ref);
  return '';
}

/** `revokeMessage`. */
export const revokeMethods: MethodTable = {
  revokeMessage: { event: RequestFunc.REVOKEMESSAGE, kind: 'ok', run: (core, data) => revoke(core, data) },
};
