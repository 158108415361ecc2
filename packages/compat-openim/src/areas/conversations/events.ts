import type { Client } from '@parley/core';
import { CbEvents } from '../../constants.js';
import { type ConversationItem, isListed, toConversationItem, totalUnreadOf } from '../../convert/conversation.js';
import type { OpenImCore, Wiring } from '../../core.js';
import { ensureProfiles, knownRow, knownRows, sourcesOf } from './state.js';

/**
 * The conversation events of one signed-in client (openim.md §3.4, §6.1 item 5): it remembers
 * each conversation as last announced, and turns the core's row changes into
 * `OnNewConversation` (a conversation the user did not have and that now shows in the list),
 * `OnConversationChanged` (a conversation whose item changed) and
 * `OnTotalUnreadMessageCountChanged` (when the total moved). Changes are collected and announced
 * once the pushes received so far are applied, so they follow the `OnRecvNewMessage` of the
 * message that caused them, and a message and its row update make one event.
 */
export class ConversationWatch {
  /** The JSON of each conversation's item as last announced (or silently taken in). */
  readonly #seen = new Map<string, string>();
  readonly #dirty = new Set<string>();
  #total: number;
  #forceTotal = false;
  #chain: Promise<void> = Promise.resolve();
  #scheduled = false;
  #active = true;

  constructor(
    private readonly core: OpenImCore,
    private readonly client: Client,
  ) {
    // What the user has at login is already known: only later changes are announced.
    const sources = sourcesOf(core, client);
    for (const row of knownRows(client)) {
      const item = toConversationItem(row, sources);
      if (item) this.#seen.set(row.convId, JSON.stringify(item));
    }
    this.#total = totalUnreadOf(client.store.conversations.all());
  }

  /** Notes that these conversations may have changed; they are announced shortly. */
  touch(convIds: Iterable<string>): void {
    for (const id of convIds) this.#dirty.add(id);
    if (this.#scheduled) return;
    this.#scheduled = true;
    void this.client
      .settled()
      .catch(() => {})
      .then(() => this.drain());
  }

  /** The conversations already known (to tell which profile or group changes matter). */
  has(convId: string): boolean {
    return this.#seen.has(convId);
  }

  /**
   * Announces what is pending now; resolves once it is announced. With `forceTotal` the total
   * is announced even when it did not move (`deleteConversation` always announces it).
   */
  drain(forceTotal = false): Promise<void> {
    this.#scheduled = false;
    if (forceTotal) this.#forceTotal = true;
    this.#chain = this.#chain.then(() => this.#flush()).catch(() => {});
    return this.#chain;
  }

  stop(): void {
    this.#active = false;
  }

  async #flush(): Promise<void> {
    const ids = [...this.#dirty];
    this.#dirty.clear();
    await ensureProfiles(
      this.client,
      ids.map((id) => knownRow(this.client, id)),
    );
    if (!this.#active) return;
    const sources = sourcesOf(this.core, this.client);
    const fresh: ConversationItem[] = [];
    const changed: ConversationItem[] = [];
    for (const id of ids) {
      const row = knownRow(this.client, id);
      const item = row && toConversationItem(row, sources);
      if (!item) {
        this.#seen.delete(id);
        continue;
      }
      const json = JSON.stringify(item);
      const before = this.#seen.get(id);
      if (before === json) continue;
      this.#seen.set(id, json);
      // A row made by getOneConversation (no message, no draft) is taken in without an event.
      if (before === undefined) {
        if (isListed(item)) fresh.push(item);
      } else {
        changed.push(item);
      }
    }
    if (fresh.length) this.core.emit(CbEvents.ONNEWCONVERSATION, fresh, 'conversations');
    if (changed.length) this.core.emit(CbEvents.ONCONVERSATIONCHANGED, changed, 'conversations');
    const total = totalUnreadOf(this.client.store.conversations.all());
    if (total !== this.#total || this.#forceTotal) {
      this.#total = total;
      this.#forceTotal = false;
      this.core.emit(CbEvents.ONTOTALUNREADMESSAGECOUNTCHANGED, String(total), 'raw');
    }
  }
}

const watches = new WeakMap<OpenImCore, ConversationWatch>();

/** The watch of the signed-in client, if the wiring is attached. */
export function watchOf(core: OpenImCore): ConversationWatch | undefined {
  return watches.get(core);
}

/**
 * Subscribes to the core's conversation rows, and to the friends, profiles and groups that name
 * them (a remark or a group rename changes `showName`).
 */
export const wireConversations: Wiring = (core, client) => {
  const watch = new ConversationWatch(core, client);
  watches.set(core, watch);
  const touchKnown = (ids: Iterable<string>) => watch.touch([...ids].filter((id) => watch.has(id)));
  const offs = [
    client.on('conversations', (change) => watch.touch([...change.upserted.map((row) => row.convId), ...change.deleted])),
    client.on('friends', (change) => touchKnown([...change.upserted.map((f) => `c2c:${f.friendId ?? ''}`), ...change.deleted.map((id) => `c2c:${id}`)])),
    client.on('profiles', (change) => touchKnown(change.upserted.map((p) => `c2c:${p.userId ?? ''}`))),
    client.on('groups', (change) => touchKnown(change.upserted.map((g) => `group:${g.groupId ?? ''}`))),
  ];
  return () => {
    watch.stop();
    if (watches.get(core) === watch) watches.delete(core);
    for (const off of offs) off();
  };
};
