import type { Client } from '../client.js';
import { type Friend, plain } from '../model.js';
import type { PresenceCache } from './presence.js';
import { type ItemResult, items, refs, SIDE, succeeded } from './shared.js';

/** How two users relate, as `check()` reports it (CAPABILITIES.md §2.4 `friend.check`). */
export type FriendRelation = 'none' | 'aWithB' | 'bWithA' | 'both';

/** One row of {@link ContactsApi.check}. */
export interface FriendCheck {
  userId: string;
  relation: FriendRelation;
  /** The caller has blocked this user. */
  blocked: boolean;
}

const RELATION: FriendRelation[] = ['none', 'aWithB', 'bWithA', 'both']; // parley.v1.FriendRelation

/**
 * The friend list and the caller's edges, behind {@link ContactsApi}'s friend methods
 * (documented there). Every mutation applies its result to the store at once; the change
 * stream confirms it later.
 */
export class Friends {
  constructor(
    private readonly client: Client,
    private readonly presence: PresenceCache,
  ) {}

  /** The friend list as synced. */
  list(): Friend[] {
    return this.client.store.friends.values();
  }

  /** Fetches the whole friend list and replaces the store's. */
  async refresh(options: { withProfile?: boolean; withPresence?: boolean }): Promise<Friend[]> {
    const result = await this.client.request('friendList', { withProfile: options.withProfile ?? false, withPresence: options.withPresence ?? false });
    const friends = (result?.friends ?? []).map((f) => plain(f));
    this.client.store.friends.replace(friends);
    this.presence.absorb(result ?? {});
    return friends;
  }

  /** Fetches and stores the caller's edges to these users. */
  async get(userIds: readonly string[]): Promise<Friend[]> {
    const result = await this.client.request('friendGet', { userIds: [...userIds] });
    const friends = (result?.friends ?? []).map((f) => plain(f));
    this.client.store.friends.apply(friends);
    this.presence.absorb(result ?? {});
    return friends;
  }

  /** How the caller relates to each user. */
  async check(userIds: readonly string[], type: 'single' | 'both'): Promise<FriendCheck[]> {
    const result = await this.client.request('friendCheck', { userIds: [...userIds], side: type === 'both' ? SIDE.both : SIDE.out });
    return (result?.items ?? []).map((i) => ({ userId: i.userId ?? '', relation: RELATION[i.relation ?? 0] ?? 'none', blocked: i.blocked ?? false }));
  }

  /** Makes `friendId` a friend of `subject` without consent. */
  async addDirect(friendId: string, options: { subject?: string }): Promise<Friend> {
    const result = await this.client.request('friendAddDirect', { friendId }, options.subject ? { subject: options.subject } : {});
    const friend = plain(result ?? {}) as Friend;
    // Another subject's edge is not the caller's to keep.
    if (!options.subject || options.subject === this.client.userId) this.client.store.friends.apply([friend]);
    return friend;
  }

  /** Removes friends, both edges or only the caller's. */
  async delete(userIds: readonly string[], options: { both?: boolean }): Promise<ItemResult[]> {
    const result = items(await this.client.request('friendDelete', { users: refs(userIds), side: options.both === false ? SIDE.out : SIDE.both }));
    this.client.store.friends.apply([], succeeded(result));
    return result;
  }

  /** Edits the caller's edge to a friend (the fields given). */
  async update(userId: string, patch: { remark?: string; memoOthers?: string; customFields?: Record<string, string> }): Promise<Friend> {
    const setFields = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
    const result = await this.client.request('friendUpdate', { userId, ...patch, setFields });
    const friend = plain(result ?? {}) as Friend;
    this.client.store.friends.apply([friend]);
    return friend;
  }
}
