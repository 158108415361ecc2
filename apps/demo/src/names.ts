import { type Client, type Conversation, ConvType, displayName } from '@parley/core';

/** The peer of a C2C conversation id (`c2c:bob` → `bob`), or `undefined`. */
export function peerOf(convId: string): string | undefined {
  return convId.startsWith('c2c:') ? convId.slice(4) : undefined;
}

/** The title of a conversation: the peer's name, the group's name, or the id. */
export function titleOf(client: Client, convId: string, row?: Conversation): string {
  const peer = peerOf(convId);
  if (peer !== undefined) return userName(client, peer);
  const type = row?.type;
  if (convId.startsWith('group:') || type === ConvType.GROUP) {
    const groupId = convId.slice(convId.indexOf(':') + 1);
    return client.store.groups.get(groupId)?.name || groupId;
  }
  return convId;
}

/** How a user is shown: friend remark, nickname, else the id. */
export function userName(client: Client, userId: string): string {
  return displayName(userId, { friends: client.store.friends, profiles: client.store.profiles });
}
