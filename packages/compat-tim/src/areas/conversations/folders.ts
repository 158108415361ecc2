import { convsOf } from '@parley/core';
import type { TimCore } from '../../core.js';
import * as check from './checks.js';
import { batchResult, checkIds } from './edit.js';

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
  const { name, list } = check.createConversationGroup(tim, options);
  const checked = checkIds(tim, list);
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
  const name = check.deleteConversationGroup(tim, groupName);
  return convsOf(tim.client).deleteFolder(name);
}

/**
 * `renameConversationGroup({ oldName, newName })`.
 * @throws {Error} synchronously for a missing name or a new name over 32 characters.
 */
export function renameConversationGroup(tim: TimCore, options: unknown): Promise<void> {
  const { oldName, newName } = check.renameConversationGroup(tim, options);
  return convsOf(tim.client).renameFolder(oldName, newName);
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
  const { name: groupName, list } = check.addConversationsToGroup(tim, options);
  const checked = checkIds(tim, list);
  const client = tim.client;
  return (async () => {
    if (checked.convIds.length > 0) {
      if (edit === 'add') await convsOf(client).addToFolder(groupName, checked.convIds);
      else await convsOf(client).removeFromFolder(groupName, checked.convIds);
    }
    return batchResult(checked);
  })();
}
