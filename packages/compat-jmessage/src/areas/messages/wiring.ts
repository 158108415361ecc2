import type { Message } from '@parley/core';
import type { Wiring } from '../../core.js';
import { userKeyOf } from '../../ids.js';
import { onDemand } from '../../lazy.js';
import { profilesOf } from '../../profiles.js';
import { gidOfConv, isChat, isShown, itemOf, type JmMessageItem } from './items.js';

/** What the first sync after login brought for one conversation. */
interface Pulled {
  /** The server's `deliveredSeq` when the batch arrived: later entries of others are offline messages. */
  floor: number;
  /** The lowest seq pulled (older offline entries, if any, are paged in from there). */
  oldest: number;
  entries: Message[];
}

/** One conversation of the `onSyncConversation` array (jmessage.md §3.3, with the later revision's fields). */
interface SyncedConversation {
  key: number;
  msg_type: 3 | 4;
  from_username?: string;
  from_appkey?: string;
  from_gid?: number;
  unread_msg_count: number;
  msgs: JmMessageItem[];
}

/**
 * `onMsgReceive` and `onSyncConversation`. The first sync after login is collected, not
 * emitted: its offline messages (entries of others past the server's `deliveredSeq`) and, with
 * roaming (`init` `flag: 1`), the newest entries of every conversation including own sends,
 * go to `onSyncConversation` once, after `login`'s `onSuccess`, grouped by conversation `key`
 * (`[]` when there is nothing). Afterwards every new message of someone else is one
 * `onMsgReceive` call with the hybrid payload `{messages: [item], ...item}` (jmessage.md §3.2).
 * Own messages are never delivered live (this SDK version has no multi-device sync); group
 * tips are left to the groups area.
 */
export const messagesWiring: Wiring = (core, client) => {
  let phase: 'login' | 'first-sync' | 'live' = 'login';
  let stopped = false;
  const pulled = new Map<string, Pulled>();
  // Emissions in order: the sync batch first, then live messages that arrived meanwhile.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    chain = chain.then(work).catch((error: unknown) => core.log('messages', error));
  };

  const collect = (convId: string, messages: Message[]) => {
    let conv = pulled.get(convId);
    if (!conv) {
      // Read before the core acknowledges the batch (acks go out at the end of the sync).
      conv = { floor: Number(client.conversation(convId)?.deliveredSeq ?? 0), oldest: Number.POSITIVE_INFINITY, entries: [] };
      pulled.set(convId, conv);
    }
    for (const m of messages) {
      if (m.seq > 0) conv.oldest = Math.min(conv.oldest, m.seq);
      conv.entries.push(m);
    }
  };

  const live = (messages: Message[]) => {
    const fresh = messages.filter((m) => isShown(m) && m.senderId !== client.userId);
    if (fresh.length === 0) return;
    enqueue(async () => {
      for (const m of fresh) {
        const item = await itemOf(core, client, m);
        if (!stopped) core.emit('msg', { messages: [item], ...item });
      }
    });
  };

  const conversationOf = async (convId: string, messages: Message[], keys: Map<string, number>): Promise<SyncedConversation> => {
    const msgs: JmMessageItem[] = [];
    for (const m of messages) msgs.push(await itemOf(core, client, m));
    const unread_msg_count = client.conversation(convId)?.unreadCount ?? 0;
    if (convId.startsWith('group:')) {
      const gid = await gidOfConv(client, convId);
      return { key: gid, msg_type: 4, from_gid: gid, unread_msg_count, msgs };
    }
    const peer = convId.slice('c2c:'.length);
    return { key: keys.get(peer) ?? 0, msg_type: 3, from_username: peer, from_appkey: core.appkey, unread_msg_count, msgs };
  };

  const batch = async (): Promise<SyncedConversation[]> => {
    const me = client.userId;
    const picked = new Map<string, Message[]>();
    for (const [convId, conv] of pulled) {
      const offline = (m: Message) => m.seq > conv.floor && m.senderId !== me;
      // Rarely needed (more offline messages than the login prefetch holds): loaded when it is.
      const older = Number.isFinite(conv.oldest) && conv.oldest > conv.floor + 1 ? await (await onDemand.load()).pageBack(client, convId, conv.floor, conv.oldest) : [];
      const entries = [...older.filter(offline), ...conv.entries.filter((m) => core.roaming || offline(m))].filter(isShown);
      if (entries.length) picked.set(convId, entries);
    }
    const peers = [...picked.keys()].filter((id) => id.startsWith('c2c:')).map((id) => id.slice('c2c:'.length));
    const keys = new Map([...(await profilesOf(client, peers))].map(([id, profile]) => [id, userKeyOf(profile)]));
    const out: SyncedConversation[] = [];
    for (const [convId, messages] of picked) out.push(await conversationOf(convId, messages, keys));
    // Conversations by their newest message, oldest first, like the messages inside each.
    const newest = (c: SyncedConversation) => c.msgs[c.msgs.length - 1]?.ctime_ms ?? 0;
    return out.sort((a, b) => newest(a) - newest(b));
  };

  const flush = async () => {
    const conversations = await batch().catch((error: unknown) => {
      core.log('sync', error);
      return [];
    });
    Object.defineProperty(conversations, 'messages', { value: conversations, enumerable: false });
    // After login's `onSuccess`, where apps often register `onSyncConversation`.
    await new Promise<void>((resolve) => core.afterLogin(resolve));
    if (!stopped) core.emit('sync', conversations);
  };

  const offs = [
    client.on('syncStart', () => {
      if (phase === 'login') phase = 'first-sync';
    }),
    client.on('messages', (convId: string, messages: Message[]) => {
      if (!isChat(convId)) return;
      if (phase === 'first-sync') collect(convId, messages);
      else if (phase === 'live') live(messages);
    }),
    client.on('syncEnd', () => {
      if (phase !== 'first-sync') return;
      phase = 'live';
      enqueue(flush);
    }),
  ];
  return () => {
    stopped = true;
    for (const off of offs) off();
  };
};
