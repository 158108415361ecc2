import type { parley } from '@parley/protocol';
import type { Client } from '../client.js';
import type { PushFrame } from '../events.js';
import { type Presence, plain } from '../model.js';
import { PresenceStatus } from './constants.js';

export { PresenceStatus } from './constants.js';

/**
 * The presence cache and subscriptions behind {@link ContactsApi}'s presence methods (documented
 * there). Presence is not part of the synced store: it lives here, fed by queries, pushes and
 * the profiles and presences that come along with friend and block lists.
 */
export class PresenceCache {
  #presence = new Map<string, Presence>();
  #expiry = new Map<string, unknown>();

  constructor(private readonly client: Client) {
    // The event bus exists before any connection; pushes arrive only once connected.
    client.events.on('push', (push: PushFrame) => {
      if (push.presence?.userId) this.#presence.set(push.presence.userId, plain(push.presence));
    });
    // Signed out or closed: what was cached belongs to the old session, and no timer may outlive it.
    client.events.on('state', (state) => {
      if (state !== 'idle' && state !== 'closed') return;
      for (const timer of this.#expiry.values()) client.options.env.clearTimeout(timer);
      this.#expiry.clear();
      this.#presence.clear();
    });
  }

  /** The last known presence of a user, or `undefined`. */
  get(userId: string): Presence | undefined {
    return this.#presence.get(userId);
  }

  /** Queries the presence of users and caches the answers. */
  async query(userIds: readonly string[]): Promise<Presence[]> {
    const result = await this.client.request('presenceQuery', { userIds: [...userIds] });
    const list = (result?.presences ?? []).map((p) => plain(p));
    for (const p of list) this.#presence.set(p.userId ?? '', p);
    return list;
  }

  /** Subscribes to users' presence (with an optional client-side expiry), then queries it. */
  async subscribe(userIds: readonly string[], options: { ttlMs?: number }): Promise<Presence[]> {
    await this.client.request('presenceSubscribe', { userIds: [...userIds] });
    const env = this.client.options.env;
    for (const id of userIds) {
      env.clearTimeout(this.#expiry.get(id));
      this.#expiry.delete(id);
      if (options.ttlMs) this.#expiry.set(id, env.setTimeout(() => void this.unsubscribe([id]).catch(() => {}), options.ttlMs));
    }
    return this.query(userIds);
  }

  /** Ends the subscriptions to the users given, or all of them. */
  async unsubscribe(userIds?: readonly string[]): Promise<void> {
    const ids = userIds ? [...userIds] : [...this.#expiry.keys()];
    for (const id of ids) {
      this.client.options.env.clearTimeout(this.#expiry.get(id));
      this.#expiry.delete(id);
    }
    await this.client.request('presenceUnsubscribe', userIds ? { userIds: [...userIds] } : { all: true });
  }

  /** Sets the caller's custom status; the caller's own cached presence follows at once. */
  async setCustomStatus(customStatus: string): Promise<void> {
    await this.client.request('presenceSetCustomStatus', { customStatus });
    const self = this.client.userId;
    this.#presence.set(self, { ...(this.#presence.get(self) ?? { userId: self, status: PresenceStatus.ONLINE }), customStatus });
  }

  /** Profiles and presence that came along with a friend or block list. */
  absorb(result: { profiles?: parley.v1.Profile.$Properties[] | null; presences?: parley.v1.Presence.$Properties[] | null }): void {
    const profiles = result.profiles ?? [];
    if (profiles.length) this.client.store.profiles.apply(profiles.map((p) => plain(p)));
    for (const p of result.presences ?? []) this.#presence.set(p.userId ?? '', plain(p));
  }
}
