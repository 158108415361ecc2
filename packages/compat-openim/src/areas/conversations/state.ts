import { type Client, type Conversation, ConvType, fetchProfiles } from '@parley/core';
import { type ConversationItem, type ConversationSources, compareItems, isListed, toConversationItem } from '../../convert/conversation.js';
import { toMessageItem } from '../../convert/message.js';
import type { OpenImCore } from '../../core.js';
import { chunks } from '../../lists.js';

const VISIBILITY_DELETED = 2;

/** Where the conversions of this signed-in user look things up. */
export function sourcesOf(core: OpenImCore, client: Client): ConversationSources {
  const store = client.store;
  return { friends: store.friends, profiles: store.profiles, groups: store.groups, latestMsg: (m) => JSON.stringify(toMessageItem(core, m)) };
}

/** The row of a conversation this user has: hidden rows count, deleted ones do not. */
export function knownRow(client: Client, convId: string): Conversation | undefined {
  const row = client.store.conversations.get(convId);
  return row && row.visibility !== VISIBILITY_DELETED ? row : undefined;
}

/** Every single and group conversation this user has, hidden ones included. */
export function knownRows(client: Client): Conversation[] {
  return [...client.store.conversations.all()].filter((row) => row.visibility !== VISIBILITY_DELETED && (row.type === ConvType.C2C || row.type === ConvType.GROUP));
}

/** The conversations `getAllConversationList` shows, in its order. */
export function listedItems(core: OpenImCore, client: Client): ConversationItem[] {
  const sources = sourcesOf(core, client);
  return knownRows(client)
    .map((row) => toConversationItem(row, sources))
    .filter((item): item is ConversationItem => item !== undefined && isListed(item))
    .sort(compareItems);
}

const asked = new WeakMap<Client, Set<string>>();

/**
 * Fetches the profiles of single-chat peers the store lacks (once per peer per client), so
 * `showName` and `faceURL` come from the server profile as the vendor resolves them. Failures
 * are left to the `userID` fallback.
 */
export async function ensureProfiles(client: Client, rows: Iterable<Conversation | undefined>): Promise<void> {
  let seen = asked.get(client);
  if (!seen) {
    seen = new Set();
    asked.set(client, seen);
  }
  const missing: string[] = [];
  for (const row of rows) {
    if (row?.type !== ConvType.C2C) continue;
    const peer = row.convId.slice(4);
    if (client.store.profiles.get(peer) || seen.has(peer)) continue;
    seen.add(peer);
    missing.push(peer);
  }
  for (const part of chunks(missing, 100)) await fetchProfiles(client, part).catch(() => []);
}
