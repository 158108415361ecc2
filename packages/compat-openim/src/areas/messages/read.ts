import { ClientCode, chatOf, isParleyError, type MessageRef } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import type { OpenImCore } from '../../core.js';
import { OpenImCode, OpenImError, paramError } from '../../errors.js';
import { coreConvId, Session } from '../../ids.js';
import type { MethodTable } from '../../method.js';
import { id, ids } from './list-params.js';
import { record, text } from './params.js';

const isCode = (error: unknown, ...codes: number[]) => isParleyError(error) && codes.includes(error.code);

/** Marks a whole conversation read (unread 0). A conversation that does not exist yet has nothing to mark. */
async function markAllRead(core: OpenImCore, convId: string): Promise<string> {
  try {
    await chatOf(core.client).markRead(convId);
  } catch (error) {
    if (!isCode(error, ClientCode.NOT_FOUND)) throw error;
  }
  return '';
}

const alreadyRead = () => new OpenImError(OpenImCode.MESSAGE, 'message has been marked read');

/**
 * Read receipts for a peer's messages (openim.md §6.1 item 8): the peer gets
 * OnRecvC2CReadReceipt; the read position and unread count stay. Like the vendor, ids that are
 * unknown or already read are skipped, and a call that leaves nothing to mark fails.
 * @throws {OpenImError} 201 `message has been marked read`.
 */
async function sendReceipts(core: OpenImCore, peer: string, msgIDs: readonly string[]): Promise<void> {
  const chat = chatOf(core.client);
  const convId = coreConvId(Session.SINGLE, peer);
  const refs: MessageRef[] = [...new Set(msgIDs)].map((clientMsgId) => ({ convId, clientMsgId, senderId: peer }));
  try {
    await chat.sendReceipts(refs);
    return;
  } catch (error) {
    if (isCode(error, ClientCode.ALREADY_SET)) throw alreadyRead();
    if (!isCode(error, ClientCode.MESSAGE_NOT_FOUND) || refs.length === 1) throw isCode(error, ClientCode.MESSAGE_NOT_FOUND) ? alreadyRead() : error;
  }
  // One id the server does not know fails the batch: receipt the others one by one.
  let marked = 0;
  for (const ref of refs) {
    try {
      await chat.sendReceipts([ref]);
      marked++;
    } catch (error) {
      if (!isCode(error, ClientCode.MESSAGE_NOT_FOUND, ClientCode.ALREADY_SET)) throw error;
    }
  }
  if (marked === 0) throw alreadyRead();
}

/** Read marks, receipts and typing (openim.md §2.5). */
export const readMethods: MethodTable = {
  markC2CMessageAsRead: {
    event: RequestFunc.MARKC2CMESSAGEASREAD,
    kind: 'ok',
    async run(core, data) {
      const p = record(data);
      const peer = id(p.userID, 'userID');
      const msgIDs = ids(p.msgIDList, 'msgIDList');
      // [] marks the whole conversation read (2.x's replacement of markSingleMessageHasRead).
      if (msgIDs.length === 0) return markAllRead(core, coreConvId(Session.SINGLE, peer));
      await sendReceipts(core, peer, msgIDs);
      return '';
    },
  },
  markGroupMessageHasRead: {
    event: RequestFunc.MARKGROUPMESSAGEHASREAD,
    kind: 'ok',
    run: (core, data) => markAllRead(core, coreConvId(Session.GROUP, id(data, 'groupID'))),
  },
  // 2.0.3's group and by-conversation marks: groups have no receipts here, so both are read marks.
  markGroupMessageAsRead: {
    event: RequestFunc.MARKGROUPMESSAGEASREAD,
    kind: 'ok',
    run(core, data) {
      const p = record(data);
      ids(p.msgIDList ?? [], 'msgIDList');
      return markAllRead(core, coreConvId(Session.GROUP, id(p.groupID, 'groupID')));
    },
  },
  markMessageAsReadByConID: {
    event: RequestFunc.MARKMESSAGEASREADBYCONID,
    kind: 'ok',
    run(core, data) {
      const p = record(data);
      const conv = core.dialect.parseConversationId(p.conversationID);
      if (!conv) throw paramError('conversationID');
      ids(p.msgIDList ?? [], 'msgIDList');
      return markAllRead(core, coreConvId(conv.sessionType, conv.sourceID));
    },
  },
  typingStatusUpdate: {
    event: RequestFunc.TYPINGSTATUSUPDATE,
    kind: 'ok',
    async run(core, data) {
      const p = record(data);
      // Online-only: the peer's open sessions get it as a 113 message; nothing is stored.
      await chatOf(core.client).typing(id(p.recvID, 'recvID'), text(p.msgTip, 'msgTip'));
      return '';
    },
  },
};
