import type { Message } from '@parley/core';
import type { OpenImCore } from '../core.js';

/**
 * A core message as an OpenIM 2.x `MessageItem` object (openim.md §4.1), seen by the signed-in
 * user. Placeholder: the messages area writes it.
 */
export function toMessageItem(_core: OpenImCore, message: Message): Record<string, unknown> {
  return { clientMsgID: message.clientMsgId, serverMsgID: message.serverMsgId, sendID: message.senderId, sendTime: message.time };
}
