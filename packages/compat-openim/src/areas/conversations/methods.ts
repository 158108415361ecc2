import { type ConversationPatch, contactsOf, convsOf } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import { type ConversationItem, receiveOptOf, recvMsgOptOf, toConversationItem, totalUnreadOf } from '../../convert/conversation.js';
import type { OpenImCore } from '../../core.js';
import { OpenImCode, OpenImError, paramError } from '../../errors.js';
import { conversationIdOf, coreConvId, Session } from '../../ids.js';
import type { MethodTable } from '../../method.js';
import { watchOf } from './events.js';
import { allConversations, getAllConversationList } from './list.js';
import { ensureProfiles, knownRow, sourcesOf } from './state.js';

/** The server takes at most this many conversations per `conv.update`. */
const UPDATE_BATCH = 30;

function record(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw paramError('data');
  return data as Record<string, unknown>;
}

/** A 2.x conversationID as the core's id. @throws {OpenImError} 1001 for anything else. */
function convIdOf(core: OpenImCore, id: unknown, what = 'conversationID'): string {
  const parsed = core.dialect.parseConversationId(id);
  if (!parsed) throw paramError(what);
  return coreConvId(parsed.sessionType, parsed.sourceID);
}

/** A list of conversationIDs: an array, or its JSON text (the vendor SDK pre-stringifies some). */
function convIdsOf(core: OpenImCore, value: unknown, what: string): string[] {
  let list = value;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      throw paramError(what);
    }
  }
  if (!Array.isArray(list)) throw paramError(what);
  return list.map((id) => convIdOf(core, id, what));
}

/** `{sourceID, sessionType}` → the core's conversation id. */
function sessionOf(data: unknown): { convId: string; sessionType: number; sourceID: string } {
  const { sourceID, sessionType } = record(data);
  if (typeof sourceID !== 'string' || sourceID === '') throw paramError('sourceID');
  if (sessionType !== Session.SINGLE && sessionType !== Session.GROUP) throw paramError('sessionType');
  return { convId: coreConvId(sessionType, sourceID), sessionType, sourceID };
}

/** Waits until the events a change causes are out, so they precede the method's answer. */
async function announced(core: OpenImCore, forceTotal = false): Promise<void> {
  await core.client.settled().catch(() => {});
  await watchOf(core)?.drain(forceTotal);
}

async function getOneConversation(core: OpenImCore, data: unknown): Promise<ConversationItem> {
  const { convId, sessionType, sourceID } = sessionOf(data);
  const client = core.client;
  if (!knownRow(client, convId)) {
    // The vendor resolves the peer's profile before it makes the row: an unknown user is 301.
    if (sessionType === Session.SINGLE) await contactsOf(client).getProfiles([sourceID]);
    await convsOf(client).get([convId], { createIfMissing: true });
  } else {
    await ensureProfiles(client, [knownRow(client, convId)]);
  }
  const row = client.store.conversations.get(convId);
  const item = row && toConversationItem(row, sourcesOf(core, client));
  if (!item) throw new OpenImError(OpenImCode.DB, 'record not found');
  return item;
}

async function getMultipleConversation(core: OpenImCore, data: unknown): Promise<ConversationItem[]> {
  const ids = convIdsOf(core, data, 'conversationIDList');
  const client = core.client;
  const missing = ids.filter((id) => !knownRow(client, id));
  if (missing.length) await convsOf(client).get(missing);
  await ensureProfiles(
    client,
    ids.map((id) => knownRow(client, id)),
  );
  const sources = sourcesOf(core, client);
  return ids.flatMap((id) => {
    const row = knownRow(client, id);
    const item = row && toConversationItem(row, sources);
    return item ? [item] : [];
  });
}

async function deleteConversation(core: OpenImCore, data: unknown): Promise<string> {
  const convId = convIdOf(core, data);
  if (!knownRow(core.client, convId)) throw new OpenImError(OpenImCode.DB, 'record not found');
  // OpenIM's delete takes the messages with it (CAPABILITIES.md §2.6).
  await convsOf(core.client).delete([convId], { clearHistory: true });
  await announced(core, true);
  return '';
}

async function update(core: OpenImCore, convIds: readonly string[], patch: ConversationPatch): Promise<string> {
  for (let i = 0; i < convIds.length; i += UPDATE_BATCH) await convsOf(core.client).update(convIds.slice(i, i + UPDATE_BATCH), patch);
  await announced(core);
  return '';
}

/** The conversation methods of open-im-sdk 2.0.3 (openim.md §2.7). */
export const conversationMethods: MethodTable = {
  getAllConversationList,
  getConversationListSplit: {
    event: RequestFunc.GETCONVERSATIONLISTSPLIT,
    kind: 'conversations',
    run: async (core, data) => {
      const { offset, count } = record(data);
      if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw paramError('offset');
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw paramError('count');
      return (await allConversations(core)).slice(offset, offset + count);
    },
  },
  getOneConversation: { event: RequestFunc.GETONECONVERSATION, kind: 'conversation', run: (core, data) => getOneConversation(core, data) },
  getConversationIDBySessionType: {
    event: RequestFunc.GETCONVERSATIONIDBYSESSIONTYPE,
    run: (_core, data) => {
      const { sessionType, sourceID } = sessionOf(data);
      return conversationIdOf(sessionType, sourceID);
    },
  },
  getMultipleConversation: { event: RequestFunc.GETMULTIPLECONVERSATION, kind: 'conversations', run: (core, data) => getMultipleConversation(core, data) },
  deleteConversation: { event: RequestFunc.DELETECONVERSATION, kind: 'ok', run: (core, data) => deleteConversation(core, data) },
  deleteConversationFromLocalAndSvr: { event: RequestFunc.DELETECONVERSATIONFROMLOCALANDSVR, kind: 'ok', run: (core, data) => deleteConversation(core, data) },
  setConversationDraft: {
    event: RequestFunc.SETCONVERSATIONDRAFT,
    kind: 'ok',
    run: (core, data) => {
      const { conversationID, draftText } = record(data);
      if (typeof draftText !== 'string') throw paramError('draftText');
      return update(core, [convIdOf(core, conversationID)], { draft: draftText || null });
    },
  },
  pinConversation: {
    event: RequestFunc.PINCONVERSATION,
    kind: 'ok',
    run: (core, data) => {
      const { conversationID, isPinned } = record(data);
      if (typeof isPinned !== 'boolean') throw paramError('isPinned');
      return update(core, [convIdOf(core, conversationID)], { pinned: isPinned });
    },
  },
  getTotalUnreadMsgCount: { event: RequestFunc.GETTOTALUNREADMSGCOUNT, noData: true, run: (core) => String(totalUnreadOf(core.client.store.conversations.all())) },
  setConversationRecvMessageOpt: {
    event: RequestFunc.SETCONVERSATIONRECVMESSAGEOPT,
    kind: 'ok',
    run: (core, data) => {
      const { conversationIDList, opt } = record(data);
      const receiveOpt = receiveOptOf(opt);
      if (receiveOpt === undefined) throw paramError('opt');
      const ids = convIdsOf(core, conversationIDList, 'conversationIDList');
      if (ids.length === 0) throw paramError('conversationIDList');
      return update(core, ids, { receiveOpt });
    },
  },
  getConversationRecvMessageOpt: {
    event: RequestFunc.GETCONVERSATIONRECVMESSAGEOPT,
    kind: 'results',
    run: async (core, data) => {
      const ids = convIdsOf(core, data, 'conversationIDList');
      if (ids.length === 0) return [];
      const { settings } = await convsOf(core.client).getSettings({ convIds: ids });
      const byId = new Map(settings.map((s) => [s.convId, s.receiveOpt]));
      return ids.map((id) => ({ conversationID: conversationIdOf(id.startsWith('c2c:') ? Session.SINGLE : Session.GROUP, id.slice(id.indexOf(':') + 1)), result: recvMsgOptOf(byId.get(id)) }));
    },
  },
};
