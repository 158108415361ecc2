import { ClientCode, chatOf, isParleyError, type MessageTarget } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import { toMessageItem } from '../../convert/message.js';
import type { Item } from '../../convert/message-elem.js';
import { contentOfItem } from '../../convert/message-parse.js';
import type { OpenImCore } from '../../core.js';
import { OpenImCode, OpenImError } from '../../errors.js';
import { coreConvId, newClientMsgId, Session } from '../../ids.js';
import type { MethodSpec, MethodTable } from '../../method.js';
import { rememberRefs } from './history.js';
import { id } from './list-params.js';
import { messageArg, record } from './params.js';
import { refOfItem } from './refs.js';
import { remember, stateOf } from './state.js';

/*
 * "Local storage" in open-im-sdk's web stack was the user's own store on the SDK server
 * (openim.md §6.2). Here it is the user's overlay on the Parley server (CAPABILITIES.md §2.7:
 * msg.deleteForSelf, msg.insertForSelf, msg.clearForSelf), so it survives a reload and shows on
 * every device of the user, and never touches the peer's copy.
 */

/** `deleteMessageFromLocalStorage` / `…FromLocalAndSvr`: hidden for this user (status 4). An unsent message leaves the outbox. */
async function deleteOne(core: OpenImCore, data: unknown): Promise<string> {
  const item = messageArg(core, data);
  const client = core.client;
  const unsent = client.outbox.get(item.clientMsgID as string);
  const target: MessageTarget = unsent ?? refOfItem(core, item);
  await chatOf(client).deleteForSelf([target]);
  return '';
}

/**
 * `insertSingleMessageToLocalStorage` / `insertGroupMessageToLocalStorage`: a copy of the
 * message only this user sees, never delivered, with a new clientMsgID and the given sender.
 * A single chat's conversation is the other party's: `sendID` unless that is this user, else
 * `recvID` (as the vendor picks it). Resolves with the inserted MessageItem (status 2).
 */
async function insert(core: OpenImCore, data: unknown, group: boolean): Promise<Item> {
  const p = record(data);
  const item = messageArg(core, p.message);
  const sendID = id(p.sendID, 'sendID');
  const self = core.userId;
  const recvID = group ? '' : id(p.recvID, 'recvID');
  const convId = group ? coreConvId(Session.GROUP, id(p.groupID, 'groupID')) : coreConvId(Session.SINGLE, sendID === self ? recvID : sendID);
  const content = stateOf(core).drafts.get(item.clientMsgID as string)?.content ?? contentOfItem(item, self);
  const clientMsgId = newClientMsgId();
  // The core announces the insert as a new message; OpenIM does not (it is not received).
  remember(stateOf(core).seen, `m:${clientMsgId}`);
  const inserted = await chatOf(core.client).insertForSelf(convId, {
    elements: content.elements,
    fallbackText: content.fallbackText,
    senderId: sendID,
    clientMsgId,
    ...(typeof item.ex === 'string' && item.ex && { cloudCustomData: item.ex }),
  });
  rememberRefs(core, [inserted]);
  const out = toMessageItem(core, inserted);
  if (!group) out.recvID = recvID;
  return out;
}

const ignoreMissing = (error: unknown) => {
  if (!(isParleyError(error) && error.code === ClientCode.NOT_FOUND)) throw error;
};

/** `clearC2CHistoryMessage` / `clearGroupHistoryMessage`: the row stays, emptied (unread, latest message, draft). */
async function clear(core: OpenImCore, convId: string): Promise<string> {
  await chatOf(core.client).clearHistory(convId).catch(ignoreMissing);
  return '';
}

/** `deleteAllMsgFromLocal` / `…AndSvr`: every single and group conversation cleared for this user. */
async function clearAll(core: OpenImCore): Promise<string> {
  const client = core.client;
  const chat = chatOf(client);
  const rows = client.conversations().filter((row) => row.convId.startsWith('c2c:') || row.convId.startsWith('group:'));
  for (const row of rows) await chat.clearHistory(row.convId).catch(ignoreMissing);
  return '';
}

const ok = (event: string, run: MethodSpec['run'], noData = false): MethodSpec => ({ event, kind: 'ok', ...(noData && { noData: true }), run });

/** The local-storage methods (openim.md §2.6). */
export const localMethods: MethodTable = {
  deleteMessageFromLocalStorage: ok(RequestFunc.DELETEMESSAGEFROMLOCALSTORAGE, (core, data) => deleteOne(core, data)),
  deleteMessageFromLocalAndSvr: ok(RequestFunc.DELETEMESSAGEFROMLOCALANDSVR, (core, data) => deleteOne(core, data)),
  insertSingleMessageToLocalStorage: { event: RequestFunc.INSERTSINGLEMESSAGETOLOCALSTORAGE, kind: 'message', run: (core, data) => insert(core, data, false) },
  insertGroupMessageToLocalStorage: { event: RequestFunc.INSERTGROUPMESSAGETOLOCALSTORAGE, kind: 'message', run: (core, data) => insert(core, data, true) },
  clearC2CHistoryMessage: ok(RequestFunc.CLEARC2CHISTORYMESSAGE, (core, data) => clear(core, coreConvId(Session.SINGLE, id(data, 'userID')))),
  clearGroupHistoryMessage: ok(RequestFunc.CLEARGROUPHISTORYMESSAGE, (core, data) => clear(core, coreConvId(Session.GROUP, id(data, 'groupID')))),
  deleteAllMsgFromLocal: ok(RequestFunc.DELETEALLMSGFROMLOCAL, (core) => clearAll(core), true),
  deleteAllMsgFromLocalAndSvr: ok(RequestFunc.DELETEALLMSGFROMLOCALANDSVR, (core) => clearAll(core), true),
  setOneConversationPrivateChat: ok(RequestFunc.SETONECONVERSATIONPRIVATECHAT, () => {
    throw new OpenImError(OpenImCode.API, 'private chat (burn after reading) is not supported by this server');
  }),
};
