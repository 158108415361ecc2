/**
 * The argument checks of the messages area's methods that load on first use (history, read
 * marks, extensions, receipts, revoke, modify, delete). tim-js-sdk's facade throws
 * synchronously for invalid arguments, before anything else happens; these checks stay in the
 * page's first download so that a call made before its area has loaded still throws at once.
 * Each method runs its check again when it runs: one rule, in one place.
 */
import type { TimMessage } from '../../convert/message.js';
import type { TimCore } from '../../core.js';
import { paramsError } from '../../errors.js';
import { requireConvId } from '../../ids.js';
import { isObject, isSystem, isTimMessage } from './state.js';

/** tim-js-sdk's page size: the default and the most a page holds. */
const MAX_COUNT = 15;

/** tim-js-sdk sets at most 20 extensions per call and drops the rest. */
const MAX_EXTENSIONS = 20;

/** A `count` argument: a positive integer (default and cap 15), else a synchronous throw. */
function countOf(value: unknown): number {
  if (value === undefined || value === null) return MAX_COUNT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw paramsError('count');
  return Math.min(value, MAX_COUNT);
}

/** `getMessageList`: the conversation, the page size and the page to continue from. */
export function getMessageList(tim: TimCore, options: unknown): { convId: string; count: number; nextReq: string | undefined } {
  if (!isObject(options)) throw paramsError('options');
  const convId = requireConvId(options.conversationID, tim.rooms);
  const count = countOf(options.count);
  const nextReq = options.nextReqMessageID;
  if (nextReq !== undefined && nextReq !== null && typeof nextReq !== 'string') throw paramsError('nextReqMessageID');
  return { convId, count, nextReq: nextReq || undefined };
}

/** `getMessageListHopping`: the conversation, the page size and the direction (0 older, 1 newer). */
export function getMessageListHopping(tim: TimCore, options: unknown): { convId: string; count: number; direction: number; o: Record<string, unknown> } {
  if (!isObject(options)) throw paramsError('options');
  const convId = requireConvId(options.conversationID, tim.rooms);
  const count = countOf(options.count);
  const direction = options.direction ?? 0;
  if (direction !== 0 && direction !== 1) throw paramsError('direction');
  if (options.sequence !== undefined && typeof options.sequence !== 'number') throw paramsError('sequence');
  if (options.time !== undefined && typeof options.time !== 'number') throw paramsError('time');
  return { convId, count, direction, o: options };
}

/** `setMessageRead`: the conversation. */
export function setMessageRead(tim: TimCore, options: unknown): string {
  if (!isObject(options)) throw paramsError('options');
  return requireConvId(options.conversationID, tim.rooms);
}

/** Extensions need a sent message that was sent with `isSupportExtension`. */
function extensible(message: unknown): TimMessage {
  if (!isTimMessage(message) || message.status !== 'success' || message.isSupportExtension !== true) throw paramsError('message');
  return message;
}

function keysOf(keyList: unknown): string[] {
  if (keyList === undefined || keyList === null) return [];
  if (!Array.isArray(keyList)) throw paramsError('keyList');
  return keyList.map((key) => String(key));
}

/** `setMessageExtensions`: the message and the values by key (the first 20 items). */
export function setMessageExtensions(_tim: TimCore, message: unknown, extensions: unknown): { m: TimMessage; values: Record<string, string> } {
  const m = extensible(message);
  if (!Array.isArray(extensions) || extensions.length === 0) throw paramsError('extensions');
  const values: Record<string, string> = {};
  for (const item of extensions.slice(0, MAX_EXTENSIONS)) {
    if (!isObject(item) || typeof item.key !== 'string' || item.key === '') throw paramsError('extensions');
    values[item.key] = item.value === undefined || item.value === null ? '' : String(item.value);
  }
  return { m, values };
}

/** `getMessageExtensions` and `deleteMessageExtensions`: the message and the keys (none: all). */
export function getMessageExtensions(_tim: TimCore, message: unknown, keyList?: unknown): { m: TimMessage; keys: string[] } {
  const m = extensible(message);
  return { m, keys: keysOf(keyList) };
}

export const deleteMessageExtensions = getMessageExtensions;

/** A `messageList` argument: a non-empty array; what is not a message of this SDK is left out. */
export function sendMessageReadReceipt(_tim: TimCore, messageList: unknown): TimMessage[] {
  if (!Array.isArray(messageList) || messageList.length === 0) throw paramsError('messageList');
  return messageList.filter(isTimMessage);
}

export const getMessageReadReceiptList = sendMessageReadReceipt;

/** `getGroupMessageReadMemberList`: the options, which must carry a message. */
export function getGroupMessageReadMemberList(_tim: TimCore, options: unknown): Record<string, unknown> {
  if (!isObject(options) || !isObject(options.message)) throw paramsError('message');
  return options;
}

/** `downloadMergeMessage`: a message object. */
export function downloadMergeMessage(_tim: TimCore, message: unknown): Record<string, unknown> {
  if (!isObject(message)) throw paramsError('message');
  return message;
}

export const downloadMergerMessage = downloadMergeMessage;

/** `translateText`: a list of texts and a target language. */
export function translateText(_tim: TimCore, options: unknown): void {
  if (!isObject(options) || !Array.isArray(options.sourceTextList)) throw paramsError('sourceTextList');
  if (typeof options.targetLanguage !== 'string') throw paramsError('targetLanguage');
}

/** `revokeMessage`: a message that is no system notice and not revoked yet. */
export function revokeMessage(_tim: TimCore, message: unknown): Record<string, unknown> {
  if (!isObject(message)) throw paramsError('message');
  if (isSystem(message) || message.isRevoked === true) throw paramsError('message');
  return message;
}

/** `modifyMessage`: a message of this SDK that is no system notice. */
export function modifyMessage(_tim: TimCore, message: unknown): TimMessage {
  if (!isTimMessage(message)) throw paramsError('message');
  if (isSystem(message)) throw paramsError('message');
  return message;
}

/** `deleteMessage`: a non-empty list whose first item is a message object. */
export function deleteMessage(_tim: TimCore, messageList: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(messageList) || messageList.length === 0) throw paramsError('messageList');
  if (!isObject(messageList[0])) throw paramsError('messageList');
  return messageList as Array<Record<string, unknown>>;
}
