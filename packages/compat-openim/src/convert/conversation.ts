import { type Conversation, ConvType, displayName, type Friend, type Group, type Lookup, type Message, type Profile, totalUnread } from '@parley/core';
import { conversationIdOf, Session } from '../ids.js';
import type * as Declared from '../types/entities.js';

/** open-im-sdk 2.0.3's `ConversationItem` (openim.md §4.4). */
export type ConversationItem = Declared.ConversationItem;

/** OpenIM's `OptType` (openim.md §4.3): note that 1 and 2 are the other way round from the core's. */
export const RecvMsgOpt = { NORMAL: 0, NOT_RECEIVE: 1, NOT_NOTIFY: 2 } as const;

/**
 * The core's `ReceiveOpt` values (the wire's). Importing `ReceiveOpt` would put the core's whole
 * conversations API module in every page's first download, since it is defined there; the
 * conversion test keeps these equal to it.
 */
export const CoreReceiveOpt = { NOTIFY: 0, SILENT: 1, BLOCK: 2 } as const;

/** The `recvMsgOpt` of a core receive option: notify → 0, block → 1 (`Mute`), silent → 2 (`WithoutNotify`). */
export function recvMsgOptOf(receiveOpt: number | null | undefined): number {
  if (receiveOpt === CoreReceiveOpt.BLOCK) return RecvMsgOpt.NOT_RECEIVE;
  if (receiveOpt === CoreReceiveOpt.SILENT) return RecvMsgOpt.NOT_NOTIFY;
  return RecvMsgOpt.NORMAL;
}

/** The core receive option of a `recvMsgOpt`; undefined for anything but 0, 1 and 2. */
export function receiveOptOf(recvMsgOpt: unknown): number | undefined {
  if (recvMsgOpt === RecvMsgOpt.NORMAL) return CoreReceiveOpt.NOTIFY;
  if (recvMsgOpt === RecvMsgOpt.NOT_RECEIVE) return CoreReceiveOpt.BLOCK;
  if (recvMsgOpt === RecvMsgOpt.NOT_NOTIFY) return CoreReceiveOpt.SILENT;
  return undefined;
}

/** Where a conversion looks up names, avatars and the latest message's text. */
export interface ConversationSources {
  friends: Lookup<Friend>;
  profiles: Lookup<Profile>;
  groups: Lookup<Group>;
  /** The latest message as `ConversationItem.latestMsg` (JSON of a `MessageItem`). */
  latestMsg(message: Message): string;
}

const VISIBILITY_DELETED = 2;

/**
 * A core row as a `ConversationItem`, or undefined for rows OpenIM has no conversation for
 * (rooms, channels, the system log). A deleted row reads as an empty one: it comes back with
 * the next message. A draft on a row without messages gives it `latestMsgSendTime` = the
 * draft's time, as the vendor sets it to "now" so the conversation shows up in the lists.
 */
export function toConversationItem(row: Conversation, sources: ConversationSources): ConversationItem | undefined {
  const single = row.type === ConvType.C2C;
  if (!single && row.type !== ConvType.GROUP) return undefined;
  const sourceID = row.convId.slice(row.convId.indexOf(':') + 1);
  const deleted = row.visibility === VISIBILITY_DELETED;
  const last = deleted ? null : row.lastMessage;
  const draftText = row.draft?.text ?? '';
  const draftTextTime = draftText ? Number(row.draft?.updatedAt ?? 0) : 0;
  const sent = deleted ? 0 : Number(row.lastMessageAt) || Number(last?.time ?? 0);
  const group = single ? undefined : sources.groups.get(sourceID);
  return {
    conversationID: conversationIdOf(single ? Session.SINGLE : Session.GROUP, sourceID),
    conversationType: single ? Session.SINGLE : Session.GROUP,
    userID: single ? sourceID : '',
    groupID: single ? '' : sourceID,
    showName: single ? displayName(sourceID, { friends: sources.friends, profiles: sources.profiles }) : group?.name || sourceID,
    faceURL: (single ? sources.profiles.get(sourceID)?.avatar : group?.avatar) ?? '',
    recvMsgOpt: recvMsgOptOf(row.receiveOpt),
    unreadCount: deleted ? 0 : row.unreadCount,
    groupAtType: 0,
    latestMsg: last ? sources.latestMsg(last) : '',
    latestMsgSendTime: sent || draftTextTime,
    draftText,
    draftTextTime,
    isPinned: row.pinned,
    isPrivateChat: false,
    attachedInfo: '',
    ex: '',
  };
}

/** Whether a conversation shows in `getAllConversationList`: rows without a message or draft stay hidden. */
export function isListed(item: ConversationItem): boolean {
  return item.latestMsgSendTime > 0;
}

/** The list order (openim.md §6.1 item 10): pinned first, then `max(latestMsgSendTime, draftTextTime)` newest first. */
export function compareItems(a: ConversationItem, b: ConversationItem): number {
  if (a.isPinned !== b.isPinned) return a.isPinned ? -1 : 1;
  const activity = Math.max(b.latestMsgSendTime, b.draftTextTime) - Math.max(a.latestMsgSendTime, a.draftTextTime);
  if (activity !== 0) return activity;
  return a.conversationID < b.conversationID ? -1 : a.conversationID > b.conversationID ? 1 : 0;
}

/**
 * The total unread OpenIM shows (openim.md §6.1 item 9): every single and group row except those
 * with `recvMsgOpt` 2 (`WithoutNotify`); rows with 1 receive nothing, so they add nothing.
 */
export function totalUnreadOf(rows: Iterable<Conversation>): number {
  const chats: Conversation[] = [];
  for (const row of rows) if (row.type === ConvType.C2C || row.type === ConvType.GROUP) chats.push(row);
  return totalUnread(chats, 'openim');
}
