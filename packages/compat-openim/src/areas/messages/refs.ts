import { chatOf, type MessageRef, refOf } from '@parley/core';
import type { Item } from '../../convert/message-elem.js';
import type { OpenImCore } from '../../core.js';
import { coreConvId, Session } from '../../ids.js';
import { stateOf } from './state.js';

/** The core conversation of a MessageItem, seen by `self` ('' when it is not addressed). */
export function convIdOfItem(item: Item, self: string): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const sendID = str(item.sendID);
  if (item.sessionType === Session.GROUP && str(item.groupID)) return coreConvId(Session.GROUP, str(item.groupID));
  if (item.sessionType === Session.SINGLE) {
    const peer = sendID === self ? str(item.recvID) : sendID;
    if (peer) return coreConvId(Session.SINGLE, peer);
  }
  return '';
}

/**
 * The reference of a MessageItem argument: every identifying field it carries, so the server
 * finds it by (conversation, seq), by serverMsgID or by (sender, clientMsgID).
 */
export function refOfItem(core: OpenImCore, item: Item): MessageRef {
  const clientMsgId = typeof item.clientMsgID === 'string' ? item.clientMsgID : '';
  const known = clientMsgId ? stateOf(core).refs.get(clientMsgId) : undefined;
  if (known) return known;
  const ref: MessageRef = {};
  const convId = convIdOfItem(item, core.userId);
  const seq = Number(item.seq);
  if (convId && seq > 0) {
    ref.convId = convId;
    ref.seq = seq;
  }
  if (typeof item.serverMsgID === 'string' && item.serverMsgID) ref.serverMsgId = item.serverMsgID;
  if (clientMsgId) {
    ref.clientMsgId = clientMsgId;
    ref.senderId = typeof item.sendID === 'string' && item.sendID ? item.sendID : core.userId;
  }
  return ref;
}

/**
 * Where a clientMsgID of a conversation lives, for a history anchor: what this page handed out,
 * else the client's cache, else the server, asked for the message as sent by this user or (C2C)
 * by the peer. Undefined when nobody knows it.
 */
export async function anchorOf(core: OpenImCore, convId: string, clientMsgId: string): Promise<MessageRef | undefined> {
  const known = stateOf(core).refs.get(clientMsgId);
  if (known) return known;
  const client = core.client;
  const held = client.findMessage({ clientMsgId });
  if (held && held.seq > 0) return refOf(held);
  const senders = [core.userId];
  if (convId.startsWith('c2c:')) senders.push(convId.slice(4));
  for (const senderId of senders) {
    const [found] = await chatOf(client)
      .get([{ clientMsgId, senderId }])
      .catch(() => []);
    if (found) return refOf(found);
  }
  return undefined;
}
