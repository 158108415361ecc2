import type { parley } from '@parley/protocol';
import type { Client } from '../client.js';
import { type FriendGroup, plain } from '../model.js';

/**
 * The caller's friend groups (T "lists"), behind {@link ContactsApi}'s friend-group methods
 * (documented there). Every mutation applies its result to the store at once.
 */
export class FriendGroups {
  constructor(private readonly client: Client) {}

  /** The friend groups as synced. */
  list(): FriendGroup[] {
    return this.client.store.friendGroups.values();
  }

  /** Fetches the friend groups and replaces the store's. */
  async refresh(): Promise<FriendGroup[]> {
    const groups = ((await this.client.request('friendGroupList', {}))?.groups ?? []).map((g) => plain(g));
    this.client.store.friendGroups.replace(groups);
    return groups;
  }

  /** Creates a friend group with friends in it. */
  async create(name: string, userIds: readonly string[]): Promise<FriendGroup> {
    return this.#stored(await this.client.request('friendGroupCreate', { name, userIds: [...userIds] }));
  }

  /** Deletes a friend group. */
  async delete(name: string): Promise<void> {
    await this.client.request('friendGroupDelete', { name });
    this.client.store.friendGroups.apply([], [name]);
  }

  /** Renames a friend group. */
  async rename(name: string, newName: string): Promise<void> {
    await this.client.request('friendGroupRename', { name, newName });
    const held = this.client.store.friendGroups.get(name);
    this.client.store.friendGroups.apply([{ ...held, name: newName }], [name]);
  }

  /** Adds friends to a friend group. */
  async add(name: string, userIds: readonly string[]): Promise<FriendGroup> {
    return this.#stored(await this.client.request('friendGroupAddUsers', { name, userIds: [...userIds] }));
  }

  /** Removes friends from a friend group. */
  async remove(name: string, userIds: readonly string[]): Promise<FriendGroup> {
    return this.#stored(await this.client.request('friendGroupRemoveUsers', { name, userIds: [...userIds] }));
  }

  #stored(result: parley.v1.FriendGroup.$Properties | undefined): FriendGroup {
    const group = plain(result ?? {}) as FriendGroup;
    this.client.store.friendGroups.apply([group]);
    return group;
  }
}
