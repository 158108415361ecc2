import { chatOf, type Message, type MessageRef, refOf } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import { toMessageItem } from '../../convert/message.js';
import type { Item } from '../../convert/message-elem.js';
import type { OpenImCore } from '../../core.js';
import { OpenImCode, OpenImError, paramError } from '../../errors.js';
import { coreConvId, Session } from '../../ids.js';
import type { MethodSpec } from '../../method.js';
import { later as refs } from '../../part.js';
import { number, record } from './params.js';
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
    anchor = await (refs.get() ?? (await refs.load())).anchorOf(core, convId, start);
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

/** Whether a history call pages from a message (the first page needs no anchor lookup). */
const anchored = (data: unknown): boolean => data !== null && typeof data === 'object' && typeof (data as Record<string, unknown>).startClientMsgID === 'string' && (data as Record<string, unknown>).startClientMsgID !== '';

/** `getHistoryMessageList`; paging back (an anchor) loads the anchor lookup on first use. */
export const getHistoryMessageList: MethodSpec = {
  event: RequestFunc.GETHISTORYMESSAGELIST,
  kind: 'messages',
  load: (_core, data) => (anchored(data) && !refs.get() ? refs.load() : undefined),
  run: (core, data) => history(core, data),
};
