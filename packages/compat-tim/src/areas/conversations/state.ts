import { type Client, type Conversation, ConvType, fetchProfiles, type Message, totalUnread } from '@parley/core/client';
import { applyConversation, type ConversationSources, isTimRow, type TimConversation } from '../../convert/conversation.js';
import { TimGroup, timGroupType } from '../../convert/group.js';
import { applyMessage, type TimMessage } from '../../convert/message.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import { targetOf } from '../../ids.js';
import { stateOf as groupsStateOf, timGroupOf, timRoomGroupOf } from '../groups/state.js';

/**
 * What the conversation area keeps per signed-in client: the conversation instances it handed
 * out (tim-js-sdk updates its own in place), the peers whose profiles it asked for, the last
 * total it announced and the folders as last seen (to tell which folder event to emit).
 */
export interface ConversationState {
  client: Client;
  instances: Map<string, TimConversation>;
  askedProfiles: Set<string>;
  total: number;
  folders: Map<string, string[]>;
}

const states = new WeakMap<TimCore, ConversationState>();

/** The area's state for the current client (fresh after every login). @throws {TimError} 2024 when logged out. */
export function stateOf(tim: TimCore): ConversationState {
  const client = tim.client;
  let state = states.get(tim);
  if (state?.client !== client) {
    state = { client, instances: new Map(), askedProfiles: new Set(), total: 0, folders: folderSnapshot(client) };
    states.set(tim, state);
  }
  return state;
}

/** Folder name → conversation ids, as the store holds them now. */
export function folderSnapshot(client: Client): Map<string, string[]> {
  return new Map(client.store.folders.values().map((f) => [f.name ?? '', [...(f.convIds ?? [])]]));
}

/** Whether a core row belongs in TIM's list (topics are not conversations of their own in 2.27.6). */
export function listed(client: Client, row: Conversation): boolean {
  if (!isTimRow(row)) return false;
  return row.type !== ConvType.GROUP || !client.store.groups.get(targetOf(row.convId))?.parentId;
}

/** The rows TIM lists, pinned first, then the newest first. */
export function timRows(client: Client): Conversation[] {
  return client.conversations().filter((row) => listed(client, row));
}

function lastMessageOf(tim: TimCore, message: Message): TimMessage | undefined {
  // A throwaway copy: the row holds a snapshot, which must not overwrite the live instance.
  const converted = applyMessage(message, { userId: tim.userId, urlOf: (u) => tim.urlOf(u), groupType: (g) => tim.groupTypes.get(g) });
  const live = converted && tim.messages.get(converted.ID);
  if (converted && live) {
    converted.isRevoked ||= live.isRevoked;
    converted.revoker ??= live.revoker;
    converted.isPeerRead ||= live.isPeerRead;
  }
  return converted;
}

/**
 * The Group a group conversation carries (and `setMessageRemindType` resolves with): the groups
 * area's view of a joined group or a room this instance is in, else the little that is known.
 */
export function conversationGroupOf(tim: TimCore, client: Client, groupId: string, room: boolean): TimGroup {
  const group = client.store.groups.get(groupId);
  if (group && !room) return timGroupOf(tim, group);
  const profile = room ? groupsStateOf(tim).roomProfiles.get(groupId) : undefined;
  if (profile) return timRoomGroupOf(tim, profile);
  const bare = new TimGroup();
  bare.groupID = groupId;
  bare.type = (tim.groupTypes.get(groupId) as TimGroup['type'] | undefined) ?? (room ? 'AVChatRoom' : timGroupType(undefined));
  return bare;
}

/** Where conversions look up profiles, groups, remarks and folders. */
export function sourcesOf(tim: TimCore, client: Client): ConversationSources {
  const byConv = new Map<string, string[]>();
  for (const folder of client.store.folders.values()) {
    for (const convId of folder.convIds ?? []) byConv.set(convId, [...(byConv.get(convId) ?? []), folder.name ?? '']);
  }
  return {
    userId: tim.userId,
    lastMessage: (m) => lastMessageOf(tim, m),
    profiles: client.store.profiles,
    friends: client.store.friends,
    group: (groupId, room) => conversationGroupOf(tim, client, groupId, room),
    folders: (convId) => byConv.get(convId) ?? [],
  };
}

/** The TIM conversation of a row: the same instance for one conversation, refreshed. */
export function conversationOf(tim: TimCore, row: Conversation, sources?: ConversationSources): TimConversation {
  const state = stateOf(tim);
  const held = state.instances.get(row.convId);
  const c = applyConversation(row, sources ?? sourcesOf(tim, state.client), held);
  if (!held) state.instances.set(row.convId, c);
  return c;
}

/** The whole list, as CONVERSATION_LIST_UPDATED and getConversationList give it. */
export function fullList(tim: TimCore): TimConversation[] {
  const { client } = stateOf(tim);
  const rows = timRows(client);
  askProfiles(tim, rows);
  const sources = sourcesOf(tim, client);
  return rows.map((row) => conversationOf(tim, row, sources));
}

/** The total unread count TIM shows: no system conversation, no AVChatRooms, no muted ones. */
export function totalOf(client: Client): number {
  return totalUnread(timRows(client), 'tim');
}

/**
 * Fetches the profiles of C2C peers the store does not know (once per peer), as tim-js-sdk
 * fills its list's nicknames and avatars after the first sync; the `profiles` event that
 * follows refreshes the list.
 */
function askProfiles(tim: TimCore, rows: readonly Conversation[]): void {
  const state = stateOf(tim);
  const profiles = state.client.store.profiles;
  const missing = rows
    .filter((row) => row.type === ConvType.C2C)
    .map((row) => targetOf(row.convId))
    .filter((id) => !profiles.get(id) && !state.askedProfiles.has(id))
    .slice(0, 100);
  if (missing.length === 0) return;
  for (const id of missing) state.askedProfiles.add(id);
  fetchProfiles(state.client, missing).catch((error: unknown) => tim.log.warn('conversation profiles', error));
}

/** The row of a conversation this user has (hidden ones count; deleted ones do not). */
export function knownRow(client: Client, convId: string): Conversation | undefined {
  const row = client.store.conversations.get(convId);
  return row && row.visibility !== 2 ? row : undefined;
}

/** An item of a `failureConversationIDList`. */
export interface ConversationFailure {
  conversationID: string;
  code: number;
  message: string;
}

/** A failure item with tim-js-sdk's text for the code. */
export function failure(conversationID: string, code: number): ConversationFailure {
  return { conversationID, code, message: new TimError({ code }).message };
}

/** The 2500 rejection. */
export function notFound(): TimError {
  return new TimError({ code: TimCode.CONVERSATION_NOT_FOUND });
}
