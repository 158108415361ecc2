/**
 * The argument checks of the conversation methods that load on first use (profile, delete,
 * clear, pin, read-all, remind type, custom data, marks, conversation groups). tim-js-sdk's
 * facade throws synchronously for invalid arguments; these checks stay in the page's first
 * download so that a call made before its area has loaded still throws at once. Each method
 * runs its check again when it runs: one rule, in one place.
 */
import { TYPES } from '../../constants.js';
import { receiveOptOf } from '../../convert/conversation.js';
import type { TimCore } from '../../core.js';
import { paramsError } from '../../errors.js';
import { requireConvId } from '../../ids.js';

/** tim-js-sdk deletes at most this many conversations per call. */
const DELETE_MAX = 100;
/** tim-js-sdk's longest conversation-group name. */
const NAME_MAX = 32;
/** Mark bits the server stores (32). */
const MARK_BITS_MAX = 2 ** 31;

/** The fields of an options argument (`{}` for nothing). */
const fields = (options: unknown): Record<string, unknown> => (options ?? {}) as Record<string, unknown>;

/** A `conversationIDList`: an array (its items are sorted out by the method). */
export function idList(list: unknown, field = 'conversationIDList'): unknown[] {
  if (!Array.isArray(list)) throw paramsError(field);
  return list;
}

/** A conversation-group name: 1–32 characters. */
export function requireName(name: unknown, field: string): string {
  if (typeof name !== 'string' || name === '' || name.length > NAME_MAX) throw paramsError(field);
  return name;
}

/** A non-empty string (a conversation-group name that is not checked for length). */
function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw paramsError(field);
  return value;
}

/** `getConversationProfile`: the conversation. */
export function getConversationProfile(tim: TimCore, conversationID: unknown): string {
  return requireConvId(conversationID, tim.rooms);
}

/** `deleteConversation`: the conversations (at most 100), whether to clear their history, and which form was used. */
export function deleteConversation(tim: TimCore, target: unknown): { convIds: string[]; clearHistory: boolean; single: boolean } {
  if (typeof target === 'string') return { convIds: [requireConvId(target, tim.rooms)], clearHistory: false, single: true };
  if (!target || typeof target !== 'object') throw paramsError('conversationID');
  const { conversationIDList: list, clearHistoryMessage: clear } = target as { conversationIDList?: unknown; clearHistoryMessage?: unknown };
  if (!Array.isArray(list) || list.length === 0) throw paramsError('conversationIDList');
  if (clear !== undefined && typeof clear !== 'boolean') throw paramsError('clearHistoryMessage');
  const convIds = [...new Set(list.slice(0, DELETE_MAX).map((id) => requireConvId(id, tim.rooms)))];
  return { convIds, clearHistory: clear ?? true, single: false };
}

/** `clearHistoryMessage`: the conversation. */
export const clearHistoryMessage = getConversationProfile;

/** `pinConversation`: the conversation and whether to pin it. */
export function pinConversation(tim: TimCore, options: unknown): { convId: string; isPinned: boolean } {
  const { conversationID, isPinned } = fields(options);
  const convId = requireConvId(conversationID, tim.rooms);
  if (typeof isPinned !== 'boolean') throw paramsError('isPinned');
  return { convId, isPinned };
}

const READ_SCOPE: Record<string, 'c2c' | 'group' | 'all'> = {
  [TYPES.READ_ALL_C2C_MSG]: 'c2c',
  [TYPES.READ_ALL_GROUP_MSG]: 'group',
  [TYPES.READ_ALL_MSG]: 'all',
};

/** `setAllMessageRead`: which conversations (default: all). */
export function setAllMessageRead(_tim: TimCore, options?: unknown): 'c2c' | 'group' | 'all' {
  const scope = (options as { scope?: unknown } | undefined)?.scope || TYPES.READ_ALL_MSG;
  const which = READ_SCOPE[scope as string];
  if (!which) throw paramsError('scope');
  return which;
}

/** `setMessageRemindType`: the receive option, and a group id or (else) a user list. */
export function setMessageRemindType(_tim: TimCore, options: unknown): { receiveOpt: number; groupID: string | undefined; userIDList: unknown[] } {
  const { groupID, userIDList, messageRemindType } = fields(options);
  const receiveOpt = receiveOptOf(messageRemindType);
  if (receiveOpt === undefined) throw paramsError('messageRemindType');
  if (typeof groupID === 'string' && groupID !== '') return { receiveOpt, groupID, userIDList: [] };
  return { receiveOpt, groupID: undefined, userIDList: idList(userIDList, 'userIDList') };
}

/** `setConversationCustomData`: a string of at most 256 characters, and the list. */
export function setConversationCustomData(_tim: TimCore, options: unknown): { customData: string; list: unknown[] } {
  const { conversationIDList, customData } = fields(options);
  if (typeof customData !== 'string' || customData.length > 256) throw paramsError('customData');
  return { customData, list: idList(conversationIDList) };
}

/** The lowest set bit of a mark type: tim-js-sdk marks by that bit. */
function markBit(markType: number): number {
  let bit = 1;
  while (markType % (bit * 2) === 0) bit *= 2;
  return bit;
}

/** `markConversation`: the mark's bit (one of the 32 the server stores), set or cleared, and the list. */
export function markConversation(_tim: TimCore, options: unknown): { bit: number; enableMark: boolean; list: unknown[] } {
  const { conversationIDList, markType, enableMark } = fields(options);
  if (typeof markType !== 'number' || !Number.isInteger(markType) || markType <= 0) throw paramsError('markType');
  const bit = markBit(markType);
  // tim-js-sdk takes marks up to 2^64; this server keeps 32 bits of them.
  if (bit > MARK_BITS_MAX) throw paramsError('markType');
  if (typeof enableMark !== 'boolean') throw paramsError('enableMark');
  return { bit, enableMark, list: idList(conversationIDList) };
}

/** `createConversationGroup`: the name and the list. */
export function createConversationGroup(_tim: TimCore, options: unknown): { name: string; list: unknown[] } {
  const { conversationIDList, groupName } = fields(options);
  const name = requireName(groupName, 'groupName');
  return { name, list: idList(conversationIDList) };
}

/** `deleteConversationGroup`: the name. */
export function deleteConversationGroup(_tim: TimCore, groupName: unknown): string {
  return nonEmpty(groupName, 'groupName');
}

/** `renameConversationGroup`: the old name and the new one (1–32 characters). */
export function renameConversationGroup(_tim: TimCore, options: unknown): { oldName: string; newName: string } {
  const { oldName, newName } = fields(options);
  return { oldName: nonEmpty(oldName, 'oldName'), newName: requireName(newName, 'newName') };
}

/** `addConversationsToGroup` and `deleteConversationsFromGroup`: the name and the list. */
export function addConversationsToGroup(_tim: TimCore, options: unknown): { name: string; list: unknown[] } {
  const { conversationIDList, groupName } = fields(options);
  return { name: nonEmpty(groupName, 'groupName'), list: idList(conversationIDList) };
}

export const deleteConversationsFromGroup = addConversationsToGroup;
