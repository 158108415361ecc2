import type { Client } from '../client.js';
import { type Block, plain } from '../model.js';
import type { PresenceCache } from './presence.js';
import { type ItemResult, items, refs, succeeded } from './shared.js';

/**
 * The caller's blocklist, behind {@link ContactsApi}'s blocklist methods (documented there).
 * Every mutation applies its result to the store at once; the change stream confirms it later.
 */
export class Blocklist {
  constructor(
    private readonly client: Client,
    private readonly presence: PresenceCache,
  ) {}

  /** The blocklist as synced. */
  list(): Block[] {
    return this.client.store.blocklist.values();
  }

  /** Fetches the blocklist (with profiles) and replaces the store's. */
  async refresh(): Promise<Block[]> {
    const result = await this.client.request('blockList', {});
    const blocks = (result?.blocks ?? []).map((b) => plain(b));
    this.client.store.blocklist.replace(blocks);
    this.presence.absorb(result ?? {});
    return blocks;
  }

  /** Blocks users; an entry already held keeps its original time. */
  async block(userIds: readonly string[]): Promise<ItemResult[]> {
    const result = items(await this.client.request('blockAdd', { users: refs(userIds) }));
    const ownerId = this.client.userId;
    const now = this.client.options.env.now();
    this.client.store.blocklist.apply(succeeded(result).map((blockedId) => this.client.store.blocklist.get(blockedId) ?? { ownerId, blockedId, createdAt: now }));
    return result;
  }

  /** Unblocks users. */
  async unblock(userIds: readonly string[]): Promise<ItemResult[]> {
    const result = items(await this.client.request('blockRemove', { users: refs(userIds) }));
    this.client.store.blocklist.apply([], succeeded(result));
    return result;
  }
}
