import type { Client, CollectionChange, Conversation, ConvFolder } from '@parley/core';
import { EVENT, TYPES } from '../../constants.js';
import type { TimConversation } from '../../convert/conversation.js';
import type { TimCore } from '../../core.js';
import { folderSnapshot, fullList, stateOf, timRows, totalOf } from './state.js';

/** What `getConversationList` accepts (tim.md §2.1 row 19): nothing, conversationIDs, or a filter. */
export type ConversationListOptions = readonly string[] | { type?: unknown; markType?: unknown; groupName?: unknown } | undefined;

/**
 * `getConversationList([options])` → `{ conversationList, isSyncCompleted: true }`. The list is
 * the store's, kept in step by sync, so it is always complete. An array keeps the listed
 * conversationIDs; a filter object keeps a type (C2C or GROUP), a mark and a conversation group;
 * anything else gives an empty list, as tim-js-sdk does.
 */
export function getConversationList(tim: TimCore, options?: ConversationListOptions): { conversationList: TimConversation[]; isSyncCompleted: boolean } {
  return { conversationList: filterList(fullList(tim), options), isSyncCompleted: true };
}

/** Applies a `getConversationList` argument to the full list. */
export function filterList(list: TimConversation[], options: ConversationListOptions): TimConversation[] {
  if (options === undefined || options === null) return list;
  if (Array.isArray(options)) return list.filter((c) => options.includes(c.conversationID));
  if (typeof options !== 'object') return [];
  const { type, markType, groupName } = options as { type?: unknown; markType?: unknown; groupName?: unknown };
  return list.filter(
    (c) =>
      ((type !== TYPES.CONV_C2C && type !== TYPES.CONV_GROUP) || c.type === type) &&
      (typeof groupName !== 'string' || groupName === '' || c.conversationGroupList.includes(groupName)) &&
      (typeof markType !== 'number' || c.markList.includes(markType)),
  );
}

/** `getTotalUnreadMessageCount()`: a number, without `@TIM#SYSTEM`, AVChatRooms and muted conversations. */
export function getTotalUnreadMessageCount(tim: TimCore): number {
  return totalOf(tim.client);
}

/**
 * Subscribes to the core's rows, folders and the profiles a list shows, and emits
 * CONVERSATION_LIST_UPDATED and TOTAL_UNREAD_MESSAGE_COUNT_UPDATED (coalesced, full state),
 * CONVERSATION_GROUP_LIST_UPDATED and CONVERSATION_IN_GROUP_UPDATED. tim-js-sdk announces the
 * list (and a non-zero total) once its first sync is done, so both follow SDK_READY here too.
 */
export function wireConversations(tim: TimCore, client: Client): () => void {
  const state = stateOf(tim);
  tim.defineList('conversations', () => (tim.hasClient ? [EVENT.CONVERSATION_LIST_UPDATED, fullList(tim)] : undefined));
  tim.defineList('unread', () => {
    if (!tim.hasClient) return undefined;
    const total = totalOf(client);
    if (total === state.total) return undefined;
    state.total = total;
    return [EVENT.TOTAL_UNREAD_MESSAGE_COUNT_UPDATED, total];
  });
  const changed = () => {
    tim.listChanged('conversations');
    if (totalOf(client) !== state.total) tim.listChanged('unread');
  };
  const shows = (test: (row: Conversation) => boolean) => timRows(client).some(test);
  const onReady = () => {
    // Folders loaded from storage arrive without an event; take them as they are now.
    state.folders = folderSnapshot(client);
    changed();
    if (state.folders.size > 0) tim.emit(EVENT.CONVERSATION_GROUP_LIST_UPDATED, [...state.folders.keys()]);
  };
  tim.on(EVENT.SDK_READY, onReady);
  const offs = [
    client.on('conversations', (change) => {
      for (const convId of change.deleted) state.instances.delete(convId);
      changed();
    }),
    client.on('profiles', (change) => {
      const ids = new Set(change.upserted.map((p) => `c2c:${p.userId ?? ''}`));
      if (shows((row) => ids.has(row.convId))) tim.listChanged('conversations');
    }),
    client.on('friends', (change) => {
      const ids = new Set([...change.upserted.map((f) => `c2c:${f.friendId ?? ''}`), ...change.deleted.map((id) => `c2c:${id}`)]);
      if (shows((row) => ids.has(row.convId))) tim.listChanged('conversations');
    }),
    client.on('groups', (change) => {
      const ids = new Set([...change.upserted.map((g) => `group:${g.groupId ?? ''}`), ...change.deleted.map((id) => `group:${id}`)]);
      if (shows((row) => ids.has(row.convId))) changed();
    }),
    client.on('folders', (change) => onFolders(tim, client, change)),
  ];
  return () => {
    tim.off(EVENT.SDK_READY, onReady);
    for (const off of offs) off();
  };
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** Folder changes: the names (created, deleted, renamed) and the members of changed folders. */
function onFolders(tim: TimCore, client: Client, change: CollectionChange<ConvFolder>): void {
  const state = stateOf(tim);
  const before = state.folders;
  const after = folderSnapshot(client);
  state.folders = after;
  tim.listChanged('conversations');
  // Before SDK_READY the folders are announced with the ready state.
  if (!tim.ready) return;
  if (before.size !== after.size || [...after.keys()].some((name) => !before.has(name))) {
    tim.emit(EVENT.CONVERSATION_GROUP_LIST_UPDATED, [...after.keys()]);
  }
  for (const folder of change.upserted) {
    const name = folder.name ?? '';
    const members = after.get(name) ?? [];
    const old = before.get(name);
    if (old === undefined) {
      // A rename arrives as the new name upserted and the old one deleted, with the same members.
      const renamed = change.deleted.some((gone) => sameMembers(before.get(gone) ?? [], members));
      if (renamed || members.length === 0) continue;
    } else if (sameMembers(old, members)) {
      continue;
    }
    tim.emit(EVENT.CONVERSATION_IN_GROUP_UPDATED, { groupName: name, conversationList: fullList(tim).filter((c) => c.conversationGroupList.includes(name)) });
  }
}
