import type { Message } from '@parley/core';
import type { OpenImCore } from '../core.js';
import type { Entry } from './message-elem.js';
import { type ItemView, messageItem } from './message-item.js';

/**
 * How `core`'s user sees messages: their own id, and sender names from the client's profile
 * cache when an entry carries no sender snapshot (messages this page sent, local drafts).
 */
export function itemViewOf(core: OpenImCore): ItemView {
  return {
    self: core.userId,
    profile(userId) {
      try {
        return core.client.store.profiles.get(userId);
      } catch {
        // Logged out: no cache to read.
        return undefined;
      }
    },
  };
}

/**
 * A core message as an OpenIM 2.x `MessageItem` object (openim.md §4.1), seen by the signed-in
 * user. A revoked message comes out as its contentType 111 tip (`content` = the revoked
 * message's clientMsgID, clientMsgID `revoke:<serverMsgId>`): that is what OpenIM shows as a
 * conversation's `latestMsg` after a revoke.
 */
export function toMessageItem(core: OpenImCore, message: Message | Entry): Record<string, unknown> {
  return messageItem(message, itemViewOf(core));
}
