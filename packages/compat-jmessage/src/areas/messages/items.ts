import { type Client, fetchProfiles, type Group, groupsOf, type Message } from '@parley/core';
import { contentOf, type JmContent } from '../../convert/content.js';
import type { JmCore } from '../../core.js';
import { gidOf } from '../../ids.js';

/** One message of `onMsgReceive` (`messages[]`) and of `onSyncConversation` (`msgs[]`), jmessage.md §3.2–3.3. */
export interface JmMessageItem {
  ctime_ms: number;
  /** The conversation type: 3 single, 4 group. */
  msg_type: 3 | 4;
  msg_id: number;
  msg_level: number;
  from_gid?: number;
  from_username: string;
  from_appkey: string;
  content: JmContent;
  /** Who the message mentions: `[]` is @all; absent when it mentions nobody. */
  at_list?: Array<{ username: string; appkey: string }>;
  need_receipt: false;
  custom_notification: { enabled: false };
}

const GROUP = 'group:';
const C2C = 'c2c:';

/** Whether a conversation id is one J shows (1:1 or group). */
export function isChat(convId: string): boolean {
  return convId.startsWith(C2C) || convId.startsWith(GROUP);
}

/**
 * Whether an entry is a message J delivers: not a control entry, not deleted or revoked, and
 * not a group tip or notice (the groups area turns tips into events 8–12).
 */
export function isShown(message: Message): boolean {
  if (message.hidden || message.deletedForSelf || message.state === 1 || message.elements.length === 0) return false;
  return !message.elements.some((e) => e.groupTip || e.notice);
}

/** The group a group conversation id names: the joined one, else the server's record (`undefined` when unknown). */
export async function groupOf(client: Client, groupId: string): Promise<Group | undefined> {
  const joined = groupsOf(client).group(groupId);
  if (joined) return joined;
  const fetched = await groupsOf(client)
    .get([groupId])
    .catch(() => undefined);
  return fetched?.groups[0];
}

/** A user's nickname ('' when unknown). */
export async function nicknameOf(client: Client, userId: string): Promise<string> {
  const [profile] = await fetchProfiles(client, [userId]).catch(() => []);
  return profile?.nickname ?? '';
}

/** The gid of a group conversation id. */
export async function gidOfConv(client: Client, convId: string): Promise<number> {
  const groupId = convId.slice(GROUP.length);
  return gidOf((await groupOf(client, groupId)) ?? { groupId });
}

/**
 * The `content` of a message as its viewer sees it: the target is the group, or for 1:1 the
 * user it was sent to (the viewer, or the peer for the viewer's own messages); the target name
 * is the one the sender gave, else the stored nickname or group name (jmessage.md §6.16).
 */
export async function contentFor(core: JmCore, client: Client, message: Message): Promise<JmContent> {
  const fromAppkey = message.sender?.appKey || core.appkey;
  if (message.convId.startsWith(GROUP)) {
    const groupId = message.convId.slice(GROUP.length);
    const group = await groupOf(client, groupId);
    return contentOf(message, { type: 'group', id: String(gidOf(group ?? { groupId })), name: message.targetName || group?.name || '', fromAppkey });
  }
  const peer = message.convId.slice(C2C.length);
  const targetId = message.senderId === client.userId ? peer : client.userId;
  const name = message.targetName || (await nicknameOf(client, targetId));
  return contentOf(message, { type: 'single', id: targetId, name, appkey: message.crossAppTarget || core.appkey, fromAppkey });
}

/** The envelope of one received (or synced) message. */
export async function itemOf(core: JmCore, client: Client, message: Message): Promise<JmMessageItem> {
  const content = await contentFor(core, client, message);
  const group = message.convId.startsWith(GROUP);
  const mentions = message.mentions;
  const mentioned = mentions && (mentions.all || (mentions.userIds?.length ?? 0) > 0);
  return {
    ctime_ms: message.time,
    msg_type: group ? 4 : 3,
    msg_id: Number(message.serverMsgId) || 0,
    msg_level: message.priority ?? 0,
    ...(group && { from_gid: Number(content.target_id) }),
    from_username: message.senderId,
    from_appkey: content.from_appkey,
    content,
    ...(mentioned && { at_list: mentions.all ? [] : (mentions.userIds ?? []).map((username) => ({ username, appkey: core.appkey })) }),
    need_receipt: false,
    custom_notification: { enabled: false },
  };
}
