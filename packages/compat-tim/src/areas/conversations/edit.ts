import { type Client, type ConversationPatch, chatOf, convsOf } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimCore } from '../../core.js';
import { TimCode, toTimError } from '../../errors.js';
import { requireConvId, toConversationID, toConvId } from '../../ids.js';
import * as check from './checks.js';
import { type ConversationFailure, conversationGroupOf, failure, knownRow, notFound, stateOf } from './state.js';

/** The server changes at most this many rows per `conv.update`. */
const UPDATE_BATCH = 30;

/** The conversations of a `conversationIDList` that can be changed, and the failure items of the rest. */
export interface CheckedIds {
  convIds: string[];
  conversationIDs: string[];
  failures: ConversationFailure[];
}

/**
 * Sorts a `conversationIDList` as tim-js-sdk does before a batch change: an invalid ID fails
 * with 2503, one the user has no conversation for with 2500; the rest go to the server.
 * @throws {Error} synchronously when the list is not an array.
 */
export function checkIds(tim: TimCore, list: unknown, field = 'conversationIDList'): CheckedIds {
  const ids = check.idList(list, field);
  const client = tim.client;
  const out: CheckedIds = { convIds: [], conversationIDs: [], failures: [] };
  for (const id of new Set<unknown>(ids)) {
    const convId = toConvId(id, tim.rooms);
    if (!convId || convId === 'system') out.failures.push(failure(String(id), TimCode.INVALID_CONVERSATION_ID));
    else if (!knownRow(client, convId)) out.failures.push(failure(id as string, TimCode.CONVERSATION_NOT_FOUND));
    else {
      out.convIds.push(convId);
      out.conversationIDs.push(id as string);
    }
  }
  return out;
}

/** `{ successConversationIDList, failureConversationIDList }`, the batch result of tim-js-sdk. */
export function batchResult(checked: CheckedIds): { successConversationIDList: string[]; failureConversationIDList: ConversationFailure[] } {
  return { successConversationIDList: checked.conversationIDs, failureConversationIDList: checked.failures };
}

async function updateRows(client: Client, convIds: readonly string[], patch: ConversationPatch): Promise<void> {
  for (let i = 0; i < convIds.length; i += UPDATE_BATCH) await convsOf(client).update(convIds.slice(i, i + UPDATE_BATCH), patch);
}

/**
 * `deleteConversation(conversationID | { conversationIDList, clearHistoryMessage? })`.
 * The string form keeps the history, as the seed documents (2.27.6 clears it; tim.md §6.10);
 * the object form follows `clearHistoryMessage`, which defaults to true as in 2.27.6. Only
 * conversations the user has are deleted (at most 100); none → 2500.
 * Resolves `{ conversationID }` for the string form, `{ conversationIDList }` for the object form.
 * @throws {Error} synchronously for an invalid ID, an empty list or a non-boolean `clearHistoryMessage`.
 */
export function deleteConversation(tim: TimCore, target: unknown): Promise<{ conversationID: string } | { conversationIDList: string[] }> {
  const { convIds, clearHistory, single } = check.deleteConversation(tim, target);
  const client = tim.client;
  return (async () => {
    const known = convIds.filter((convId) => knownRow(client, convId));
    if (known.length === 0) throw notFound();
    const deleted = await convsOf(client).delete(known, { clearHistory });
    if (deleted.length === 0) throw notFound();
    for (const convId of deleted) stateOf(tim).instances.delete(convId);
    const ids = deleted.map(toConversationID);
    return single ? { conversationID: ids[0] ?? '' } : { conversationIDList: ids };
  })();
}

/**
 * `clearHistoryMessage(conversationID)` → `{ conversationID }`: clears the history for this
 * user (here and on the server), which also resets the unread count and the last message.
 * @throws {Error} synchronously for an invalid ID; rejects 2500 for a conversation the user does not have.
 */
export function clearHistoryMessage(tim: TimCore, conversationID: string): Promise<{ conversationID: string }> {
  const convId = check.clearHistoryMessage(tim, conversationID);
  const client = tim.client;
  return (async () => {
    if (!knownRow(client, convId)) throw notFound();
    await chatOf(client).clearHistory(convId);
    return { conversationID };
  })();
}

/**
 * `pinConversation({ conversationID, isPinned })` → `{ conversationID }`; the list is re-sorted
 * and announced. Pinning a pinned conversation resolves without a request.
 * @throws {Error} synchronously for an invalid ID or a non-boolean `isPinned`; rejects 2500 for an unknown conversation.
 */
export function pinConversation(tim: TimCore, options: unknown): Promise<{ conversationID: string }> {
  const { convId, isPinned } = check.pinConversation(tim, options);
  const { conversationID } = options as { conversationID: string };
  const client = tim.client;
  return (async () => {
    const row = knownRow(client, convId);
    if (!row) throw notFound();
    if (row.pinned !== isPinned) await convsOf(client).update([convId], { pinned: isPinned });
    return { conversationID };
  })();
}

/**
 * `setAllMessageRead({ scope? })`: marks every C2C, group or (the default) every conversation read.
 * @throws {Error} synchronously for an unknown scope.
 */
export function setAllMessageRead(tim: TimCore, options?: unknown): Promise<void> {
  const which = check.setAllMessageRead(tim, options);
  return chatOf(tim.client).markAllRead(which);
}

/**
 * `setMessageRemindType({ groupID | userIDList, messageRemindType })`: the receive option of a
 * group conversation (→ `{ group }`) or of up to 30 C2C conversations (→ `{ successUserIDList:
 * [{ userID }], failureUserIDList: [{ userID, code }] }`). Muted conversations leave the total
 * unread count.
 * @throws {Error} synchronously for an unknown `messageRemindType` or neither `groupID` nor `userIDList`.
 */
export function setMessageRemindType(tim: TimCore, options: unknown): Promise<unknown> {
  const { receiveOpt, groupID, userIDList } = check.setMessageRemindType(tim, options);
  const { messageRemindType } = options as { messageRemindType: string };
  const client = tim.client;
  if (groupID !== undefined) {
    const convId = requireConvId(`${TYPES.CONV_GROUP}${groupID}`, tim.rooms);
    return (async () => {
      await convsOf(client).update([convId], { receiveOpt });
      const group = conversationGroupOf(tim, client, groupID, convId.startsWith('room:'));
      group.selfInfo = { ...group.selfInfo, messageRemindType };
      return { group };
    })();
  }
  const userIDs = [...new Set(userIDList.slice(0, UPDATE_BATCH).filter((id): id is string => typeof id === 'string' && id !== ''))];
  return (async () => {
    const failureUserIDList: Array<{ userID: string; code: number }> = [];
    if (userIDs.length > 0) {
      try {
        await convsOf(client).update(
          userIDs.map((id) => `c2c:${id}`),
          { receiveOpt },
        );
      } catch {
        // One refused user fails the batch: find out which, one by one.
        for (const userID of userIDs) {
          await convsOf(client)
            .update([`c2c:${userID}`], { receiveOpt })
            .catch((error: unknown) => failureUserIDList.push({ userID, code: toTimError(error).code }));
        }
      }
    }
    const failed = new Set(failureUserIDList.map((f) => f.userID));
    return { successUserIDList: userIDs.filter((id) => !failed.has(id)).map((userID) => ({ userID })), failureUserIDList };
  })();
}

/**
 * `setConversationCustomData({ conversationIDList, customData })` → the batch result.
 * @throws {Error} synchronously when `customData` is not a string of at most 256 characters.
 */
export function setConversationCustomData(tim: TimCore, options: unknown): Promise<ReturnType<typeof batchResult>> {
  const { customData, list } = check.setConversationCustomData(tim, options);
  const checked = checkIds(tim, list);
  const client = tim.client;
  return (async () => {
    if (checked.convIds.length > 0) await updateRows(client, checked.convIds, { customData });
    return batchResult(checked);
  })();
}

/**
 * `markConversation({ conversationIDList, markType, enableMark })` → the batch result. A mark
 * is one bit (`CONV_MARK_TYPE_*` or a custom power of two).
 * @throws {Error} synchronously for a `markType` that is not a positive integer whose lowest set
 * bit is one of the 32 the server stores, or a non-boolean `enableMark`.
 */
export function markConversation(tim: TimCore, options: unknown): Promise<ReturnType<typeof batchResult>> {
  const { bit, enableMark, list } = check.markConversation(tim, options);
  const checked = checkIds(tim, list);
  const client = tim.client;
  return (async () => {
    if (checked.convIds.length > 0) await updateRows(client, checked.convIds, enableMark ? { marksSet: bit } : { marksClear: bit });
    return batchResult(checked);
  })();
}
