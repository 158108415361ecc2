import { type Client, type Conversation, ConvType, convsOf, type Group, groupsOf } from '@parley/core';
import type { JmCore } from '../../core.js';
import type { JmHandle } from '../../handle.js';
import { gidOf, mediaIdOf, userKeyOf } from '../../ids.js';
import { profilesOf } from '../../profiles.js';

/** Largest batch of `group.get`. */
const BATCH = 100;

/** Groups by id: the joined ones from the store, the others from the server. */
async function groupsById(client: Client, groupIds: readonly string[]): Promise<Map<string, Group>> {
  const found = new Map<string, Group>();
  const missing: string[] = [];
  for (const id of groupIds) {
    const joined = groupsOf(client).group(id);
    if (joined) found.set(id, joined);
    else missing.push(id);
  }
  for (let i = 0; i < missing.length; i += BATCH) {
    const { groups } = await groupsOf(client).get(missing.slice(i, i + BATCH));
    for (const g of groups) if (g.groupId) found.set(g.groupId, g);
  }
  return found;
}

/** Every visible row of the server's list (pages of 100). */
async function allRows(client: Client): Promise<Conversation[]> {
  const rows: Conversation[] = [];
  let cursor = '';
  for (;;) {
    const page = await convsOf(client).serverList({ cursor, count: 100 });
    rows.push(...page.conversations);
    if (page.completed || !page.nextCursor) return rows;
    cursor = page.nextCursor;
  }
}

/**
 * `getConversation()`: the 1:1 and group conversations as `{name, nickname, avatar, type, key}`
 * (jmessage.md §4.4): `type` 3 with `key` = the peer's tinyId, or 4 with `key` = the gid, plus
 * the later revision's `username`/`appkey` (1:1), `gid` (group), `unread_msg_count` and `mtime` (ms).
 */
export function getConversation(core: JmCore, input: unknown): JmHandle {
  return core.run('getConversation', input, async () => {
    const client = core.client;
    const rows = (await allRows(client)).filter((r) => r.type === ConvType.C2C || r.type === ConvType.GROUP);
    const peers = rows.filter((r) => r.type === ConvType.C2C).map((r) => r.convId.slice('c2c:'.length));
    const groupIds = rows.filter((r) => r.type === ConvType.GROUP).map((r) => r.convId.slice('group:'.length));
    const [profiles, groups] = await Promise.all([profilesOf(client, peers), groupsById(client, groupIds)]);
    const conversations = rows.map((row) => {
      const common = { unread_msg_count: row.unreadCount, mtime: row.lastMessageAt };
      if (row.type === ConvType.C2C) {
        const username = row.convId.slice('c2c:'.length);
        const profile = profiles.get(username);
        return { name: username, nickname: profile?.nickname ?? '', avatar: mediaIdOf(profile?.avatar), type: 3, key: userKeyOf(profile), username, appkey: core.appkey, ...common };
      }
      const groupId = row.convId.slice('group:'.length);
      const group = groups.get(groupId);
      const gid = gidOf(group ?? { groupId });
      return { name: group?.name ?? '', nickname: '', avatar: mediaIdOf(group?.avatar), type: 4, key: gid, gid, appkey: core.appkey, ...common };
    });
    return { data: { conversations } };
  });
}
