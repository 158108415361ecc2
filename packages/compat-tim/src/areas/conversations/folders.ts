import { convsOf } from '@parley/core';
import type { TimCore } from '../../core.js';
import { paramsError } from '../../errors.js';
import { batchResult, checkIds } from './edit.js';

/** tim-js-sdk's longest conversation-group name. */
const NAME_MAX = 32;

function requireName(name: unknown, field: string): string {
  if (typeof name !== 'string' || name === '' || name.length > NAME_MAX) throw paramsError(field);
  return name;
}

/** `getConversationGroupList()` → the names of the user's conversation groups (`string[]`). */
export function getConversationGroupList(tim: TimCore): string[] {
  return convsOf(tim.client)
    .folders()
    .map((f) => f.name ?? '');
}

/**
 * `createConversationGroup({ conversationIDList, groupName })` → the batch result. As in
 * tim-js-sdk, nothing is created when no listed conversation can go into it.
 * @throws {Error} synchronously for a missing list or a name that is empty or over 32 characters.
 */
export function createConversationGroup(tim: TimCore, options: unknown): Promise<ReturnType<typeof batchResult>> {
  const { conversationIDList, groupName } = (options ?? {}) as { conversationIDList?: unknown; groupName?: unknown };
  const name = requireName(groupName, 'groupName');
  const checked = checkIds(tim, conversationIDList);
  const client = tim.client;
  return (async () => {
    if (checked.convIds.length > 0) await convsOf(client).createFolder(name, checked.convIds);
    return batchResult(checked);
  })();
}

/**
 * `deleteConversationGroup(groupName)`: its conversations stay.
 * @throws {Error} synchronously for a name that is not a non-empty string.
 */
export function deleteConversationGroup(tim: TimCore, groupName: unknown): Promise<void> {
  if (typeof groupName !== 'string' || groupName === '') throw paramsError('groupName');
  return convsOf(tim.client).deleteFolder(groupName);
}

/**
 * `renameConversationGroup({ oldName, newName })`.
 * @throws {Error} synchronously for a missing name or a new name over 32 characters.
 */
export function renameConversationGroup(tim: TimCore, options: unknown): Promise<void> {
  const { oldName, newName } = (options ?? {}) as { oldName?: unknown; newName?: unknown };
  if (typeof oldName !== 'string' || oldName === '') throw paramsError('oldName');
  return convsOf(tim.client).renameFolder(oldName, requireName(newName, 'newName'));
}

/**
 * `addConversationsToGroup({ conversationIDList, groupName })` → the batch result.
 * @throws {Error} synchronously for a missing list or name.
 */
export function addConversationsToGroup(tim: TimCore, options: unknown): Promise<ReturnType<typeof batchResult>> {
  return editFolder(tim, options, 'add');
}

/**
 * `deleteConversationsFromGroup({ conversationIDList, groupName })` → the batch result.
 * @throws {Error} synchronously for a missing list or name.
 */
export function deleteConversationsFromGroup(tim: TimCore, options: unknown): Promise<ReturnType<typeof batchResult>> {
  return editFolder(tim, options, 'remove');
}

function editFolder(tim: TimCore, options: unknown, edit: 'add' | 'remove'): Promise<ReturnType<typeof batchResult>> {
  const { conversationIDList, groupName } = (options ?? {}) as { conversationIDList?: unknown; groupName?: unknown };
  if (typeof groupName !== 'string' || groupName === '') throw paramsError('groupName');
  const checked = checkIds(tim, conversationIDList);
  const client = tim.client;
  return (async () => {
    if (checked.convIds.length > 0) {
      if (edit === 'add') await convsOf(client).addToFolder(groupName, checked.convIds);
      else await convsOf(client).removeFromFolder(groupName, checked.convIds);
    }
    return batchResult(checked);
  })();
}
