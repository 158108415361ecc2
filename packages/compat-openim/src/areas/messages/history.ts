import { chatOf, type Message, type MessageRef, refOf } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import { toMessageItem } from '../../convert/message.js';
import type { Item } from '../../convert/message-elem.js';
import type { OpenImCore } from '../../core.js';
import { OpenImCode, OpenImError, paramError } from '../../errors.js';
import { coreConvId, Session } from '../../ids.js';
import type { MethodTable } from '../../method.js';
import { messageArg, number, record } from './params.js';
import { anchorOf, refOfItem } from './refs.js';
import { remember, stateOf } from './state.js';

/** The largest page the server serves. */
const SERVER_PAGE = 100;

/**
 * What OpenIM's history shows: visible entries and revoke tips (111). Revoked originals
 * (status 5), deleted ones (4) and other control entries (receipts: status 6) are left out.
 */
function shown(m: Message): boolean {
  if (m.deletedForSelf || m.state === 1) return false;
  return !m.hidden || m.elements.some((e) => e.revokeTip);
}

/** Records where handed-out messages live, so their clientMsgIDs can anchor the next page. */
export function rememberRefs(core: OpenImCore, messages: readonly Message[]): void {
  const { refs } = stateOf(core);
  for (const m of messages) if (m.clientMsgId && m.seq > 0) remember(refs, m.clientMsgId, refOf(m));
}

/** The conversation a history request names: `userID` first, then `groupID`, then (2.0.3) `conversationID`. */
function conversationOf(core: OpenImCore, p: Record<string, unknown>): string {
  if (typeof p.userID === 'string' && p.userID) return coreConvId(Session.SINGLE, p.userID);
  if (typeof p.groupID === 'string' && p.groupID) return coreConvId(Session.GROUP, p.groupID);
  const parsed = core.dialect.parseConversationId(p.conversationID);
  if (parsed) return coreConvId(parsed.sessionType, parsed.sourceID);
  throw paramError('userID or groupID');
}

/**
 * `getHistoryMessageList` (openim.md §2.5, §6.1 item 12; CAPABILITIES.md §4.7): up to `count`
 * messages older than `startClientMsgID` ("" = the newest), ascending. The server skips revoked
 * originals; its pages also hold control entries, which are dropped here, so pages are fetched
 * until `count` shown messages are found or the history ends: a short page means the start.
 * @throws {OpenImError} 1001 for a bad count or no conversation; 208 in a group one is not in.
 */
async function history(core: OpenImCore, data: unknown): Promise<Item[]> {
  const p = record(data);
  const convId = conversationOf(core, p);
  const count = number(p.count, 'count');
  if (count <= 0) throw paramError('count');
  const start = typeof p.startClientMsgID === 'string' ? p.startClientMsgID : '';
  const chat = chatOf(core.client);
  let anchor: MessageRef | undefined;
  if (start) {
    anchor = await anchorOf(core, convId, start);
    if (!anchor) throw new OpenImError(OpenImCode.DB, `startClientMsgID ${start} is not a message of this conversation`);
  }
  const found: Message[] = [];
  for (;;) {
    const page = await chat.history(convId, { ...(anchor && { anchor }), limit: Math.min(SERVER_PAGE, count - found.length), filter: { skipRevoked: true } });
    found.unshift(...page.messages.filter(shown));
    const oldest = page.messages[0];
    if (!page.hasMore || !oldest || found.length >= count) break;
    anchor = refOf(oldest);
  }
  rememberRefs(core, found);
  return found.map((m) => toMessageItem(core, m));
}

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

/** History and revoke. */
export const historyMethods: MethodTable = {
  getHistoryMessageList: { event: RequestFunc.GETHISTORYMESSAGELIST, kind: 'messages', run: (core, data) => history(core, data) },
  revokeMessage: { event: RequestFunc.REVOKEMESSAGE, kind: 'ok', run: (core, data) => revoke(core, data) },
};
