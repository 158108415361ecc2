import { type MessageDraft, refOf } from '@parley/core';
import { CbEvents, RequestFunc } from '../../constants.js';
import { toMessageItem } from '../../convert/message.js';
import type { Item } from '../../convert/message-elem.js';
import type { OpenImCore } from '../../core.js';
import { OpenImCode, OpenImError, paramError } from '../../errors.js';
import { coreConvId, newClientMsgId, Session } from '../../ids.js';
import type { MethodSpec, MethodTable } from '../../method.js';
import { later as parser } from '../../part.js';
import { messageArg, object, record } from './params.js';
import { remember, stateOf } from './state.js';

/**
 * Whether this send needs the MessageItem parser (in the part loaded on first use) first. A message
 * this page created is sent from its kept draft; only an item from elsewhere (another page,
 * storage, a hand-written one) is parsed.
 */
function needsParser(core: OpenImCore, data: unknown): boolean {
  if (parser.get()) return false;
  try {
    return !stateOf(core).drafts.has(messageArg(core, record(data).message).clientMsgID as string);
  } catch {
    // Bad params: the send rejects them without parsing anything.
    return false;
  }
}

const optional = (value: unknown, what: string): string => {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw paramError(what);
  return value;
};

/** `offlinePushInfo` (`""` or absent when the app gave none) as the wire's `OfflinePush`. */
function offlinePushOf(value: unknown): MessageDraft['offlinePush'] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const p = object(value, 'offlinePushInfo');
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return { title: s(p.title), desc: s(p.desc), ext: s(p.ex), sound: s(p.iOSPushSound), badge: p.iOSBadgeCount === true };
}

/**
 * `sendMessage` / `sendMessageNotOss` (openim.md §2.4, §6.1 item 3): `recvID` wins, else
 * `groupID`. The message keeps its clientMsgID (the core's outbox sends it under that id, so a
 * retry after a failure is the same message). Media already carries URLs on the web, so both
 * methods send as they are. Resolves with the sent MessageItem (status 2, serverMsgID, sendTime).
 * @throws {OpenImError} 201 when both targets are empty, 1001 for a bad message; a refused send
 *   rejects 302 (208 not a member, 202 no such group).
 */
async function sendMessage(core: OpenImCore, data: unknown): Promise<Item> {
  const p = record(data);
  const item = messageArg(core, p.message);
  const recvID = optional(p.recvID, 'recvID');
  const groupID = optional(p.groupID, 'groupID');
  if (!recvID && !groupID) throw new OpenImError(OpenImCode.MESSAGE, 'recvID && groupID not be allowed');
  const offlinePush = offlinePushOf(p.offlinePushInfo);
  const convId = recvID ? coreConvId(Session.SINGLE, recvID) : coreConvId(Session.GROUP, groupID);
  const state = stateOf(core);
  const clientMsgId = (item.clientMsgID as string) || newClientMsgId();
  const draft = state.drafts.get(clientMsgId);
  // The draft may have gone since the call was made (the same message sent twice): then it is parsed.
  const content = draft?.content ?? (parser.get() ?? (await parser.load())).contentOfItem(item, core.userId);
  const cloudCustomData = draft?.cloudCustomData ?? (typeof item.ex === 'string' ? item.ex : '');
  const createTime = Number(item.createTime);
  const wire: MessageDraft = {
    convId,
    elements: content.elements,
    clientMsgId,
    clientTime: draft?.clientTime ?? (createTime > 0 ? createTime : Date.now()),
    fallbackText: content.fallbackText,
    sender: { platform: core.platformID },
    ...(content.mentions && { mentions: content.mentions }),
    ...(cloudCustomData && { cloudCustomData }),
    ...(offlinePush && { offlinePush }),
  };
  const client = core.client;
  // This page's own sends never come back as OnRecvNewMessage.
  remember(state.seen, `m:${clientMsgId}`);
  // A failed send of this message to the same place is retried under its id; elsewhere it starts over.
  const held = client.outbox.get(clientMsgId);
  const retry = held?.status === 'failed' && held.convId === convId;
  if (held && !retry) client.outbox.remove(clientMsgId);
  const sent = retry ? await client.resend(clientMsgId) : await client.send(wire);
  state.drafts.delete(clientMsgId);
  remember(state.refs, clientMsgId, refOf(sent));
  const out = toMessageItem(core, sent);
  // The vendor answers with the message as it was addressed (recvID "" for a group).
  out.recvID = recvID;
  if (!out.senderNickname && typeof item.senderNickname === 'string') out.senderNickname = item.senderNickname;
  if (!out.senderFaceUrl && typeof item.senderFaceUrl === 'string') out.senderFaceUrl = item.senderFaceUrl;
  core.emit(CbEvents.ONPROGRESS, { progress: 100 }, 'raw', '0');
  return out;
}

const spec = (event: string): MethodSpec => ({
  event,
  kind: 'message',
  send: true,
  load: (core, data) => (needsParser(core, data) ? parser.load() : undefined),
  run: (core, data) => sendMessage(core, data),
});

/** The send methods. */
export const sendMethods: MethodTable = {
  sendMessage: spec(RequestFunc.SENDMESSAGE),
  sendMessageNotOss: spec(RequestFunc.SENDMESSAGENOTOSS),
};
