import type { parley } from '@parley/protocol';
import type { Client } from '../client.js';
import { type Block, type Friend, type FriendGroup, type FriendRequest, type Presence, type Profile, plain } from '../model.js';
import { area } from './area.js';
import { Blocklist } from './blocklist.js';
import { FriendGroups } from './friend-groups.js';
import { FriendRequests } from './friend-requests.js';
import { type FriendCheck, Friends } from './friends.js';
import { PresenceCache } from './presence.js';
import { fetchProfiles } from './profiles.js';
import { CUSTOM_MODE, type ItemResult, type SearchQuery, type Side } from './shared.js';

export type { FriendCheck, FriendRelation } from './friends.js';
export { PresenceStatus } from './presence.js';
export type { ItemResult, SearchQuery, Side } from './shared.js';

/** Standard profile fields to write, plus custom fields (values are JSON text). */
export interface ProfilePatch extends Partial<Pick<Profile, 'nickname' | 'avatar' | 'gender' | 'birthday' | 'selfSignature' | 'location' | 'region' | 'address' | 'phoneNumber' | 'email' | 'language' | 'level' | 'role' | 'allowType' | 'messageSettings' | 'adminForbidType' | 'ex'>> {
  customFields?: Record<string, string>;
  /** How `customFields` applies. @default 'merge' */
  customMode?: 'merge' | 'replace' | 'clear' | 'removeKeys';
  /** Keys to remove with `customMode: 'removeKeys'`. */
  removeCustomKeys?: string[];
}

const PATCH_META = new Set(['customFields', 'customMode', 'removeCustomKeys']);

/**
 * Users and relations (CAPABILITIES.md §2.2–§2.5): profiles, presence, friends, friend
 * requests and friend groups, and the blocklist. Reads of what the change stream keeps
 * (`friends()`, `requests()`, `blocklist()`, `friendGroups()`) are synchronous; every mutation
 * applies its result to the store at once, and the change stream confirms it later.
 */
export class ContactsApi {
  readonly #presence: PresenceCache;
  readonly #friends: Friends;
  readonly #requests: FriendRequests;
  readonly #friendGroups: FriendGroups;
  readonly #blocklist: Blocklist;

  constructor(private readonly client: Client) {
    this.#presence = new PresenceCache(client);
    this.#friends = new Friends(client, this.#presence);
    this.#requests = new FriendRequests(client, this.#friends);
    this.#friendGroups = new FriendGroups(client);
    this.#blocklist = new Blocklist(client, this.#presence);
  }

  // Profiles ---------------------------------------------------------------------------------

  /** The cached profile of a user (own, friends', and any fetched), or `undefined`. */
  profile(userId: string): Profile | undefined {
    return this.client.store.profiles.get(userId);
  }

  /**
   * Profiles of users, in the order asked (unknown users are left out). Cached profiles are
   * used unless `refresh`; fetched ones go into the store (the `profiles` event).
   * @throws {RequestError} from `user.getProfiles` (`INVALID_PARAM` above 100 ids).
   */
  getProfiles(userIds: readonly string[], options: { refresh?: boolean } = {}): Promise<Profile[]> {
    return fetchProfiles(this.client, userIds, options);
  }

  /**
   * Updates the caller's profile; fields left out are kept.
   * @throws {RequestError} `INVALID_PARAM`, `TOO_LARGE`, `PERMISSION_DENIED` (`adminForbidType`).
   */
  async updateProfile(patch: ProfilePatch): Promise<Profile> {
    const setFields = Object.keys(patch).filter((k) => !PATCH_META.has(k) && patch[k as keyof ProfilePatch] !== undefined);
    const { customFields, customMode, removeCustomKeys, ...fields } = patch;
    const result = await this.client.request('userUpdateProfile', {
      patch: { ...fields, customFields: customFields ?? {} },
      setFields,
      customMode: CUSTOM_MODE[customMode ?? 'merge'],
      removeCustomKeys: removeCustomKeys ?? [],
    });
    const profile = plain(result ?? {}) as Profile;
    this.client.store.profiles.apply([profile]);
    return profile;
  }

  /**
   * Searches the user directory (M `searchUsers`).
   * @throws {RequestError} from `user.search`.
   */
  async search(query: SearchQuery): Promise<Array<{ profile: Profile; online: boolean }>> {
    const result = await this.client.request('userSearch', { ...query });
    return (result?.hits ?? []).map((h) => ({ profile: plain(h.profile ?? {}) as Profile, online: h.online ?? false }));
  }

  /**
   * A user's summary (M `userInfo`): sessions, installs, friends, groups, rooms, attributes.
   * @throws {RequestError} `USER_NOT_FOUND`, `PERMISSION_DENIED` (another user without privilege).
   */
  async summary(userId: string): Promise<parley.v1.UserSummary.$Properties> {
    return plain((await this.client.request('userGetSummary', { userId })) ?? {});
  }

  // Presence ---------------------------------------------------------------------------------

  /** The last known presence of a user (from queries and `presence` pushes), or `undefined`. */
  presence(userId: string): Presence | undefined {
    return this.#presence.get(userId);
  }

  /**
   * Asks the server for the presence of users (≤ 500); the answers feed {@link presence}.
   * @throws {RequestError} from `presence.query`.
   */
  queryPresence(userIds: readonly string[]): Promise<Presence[]> {
    return this.#presence.query(userIds);
  }

  /**
   * Subscribes to presence changes of users (≤ 100 per call; T `subscribeUserStatus`), then
   * queries their current presence, which it returns. Changes arrive as `presence` pushes.
   * @param options.ttlMs unsubscribes these users after this long. @default no client-side
   *   expiry (the server keeps a subscription for 30 days)
   * @throws {RequestError} `USER_NOT_FOUND`, `LIMIT_EXCEEDED`.
   */
  subscribePresence(userIds: readonly string[], options: { ttlMs?: number } = {}): Promise<Presence[]> {
    return this.#presence.subscribe(userIds, options);
  }

  /**
   * Ends presence subscriptions: of the users given, or all of them.
   * @throws {RequestError} from `presence.unsubscribe`.
   */
  unsubscribePresence(userIds?: readonly string[]): Promise<void> {
    return this.#presence.unsubscribe(userIds);
  }

  /**
   * Sets the caller's custom status (T `setSelfStatus`); subscribers see it in `presence` pushes.
   * @throws {RequestError} `TOO_LARGE` above 256 bytes.
   */
  setCustomStatus(customStatus: string): Promise<void> {
    return this.#presence.setCustomStatus(customStatus);
  }

  // Friends ----------------------------------------------------------------------------------

  /** The friend list as synced (the caller's edges). */
  friends(): Friend[] {
    return this.#friends.list();
  }

  /**
   * Fetches the whole friend list and replaces the store's (profiles and presence too, when asked).
   * @throws {RequestError} from `friend.list`.
   */
  refreshFriends(options: { withProfile?: boolean; withPresence?: boolean } = {}): Promise<Friend[]> {
    return this.#friends.refresh(options);
  }

  /**
   * The caller's edges to these users (non-friends left out), fetched and stored.
   * @throws {RequestError} from `friend.get`.
   */
  getFriends(userIds: readonly string[]): Promise<Friend[]> {
    return this.#friends.get(userIds);
  }

  /**
   * How the caller relates to each user. `type: 'single'` checks the caller's edge only.
   * @default type 'both'
   * @throws {RequestError} from `friend.check`.
   */
  check(userIds: readonly string[], type: 'single' | 'both' = 'both'): Promise<FriendCheck[]> {
    return this.#friends.check(userIds, type);
  }

  /**
   * Sends a friend request. `added` means the target accepts anyone: the edges exist already.
   * @default options.addType 'both'
   * @throws {RequestError} `USER_NOT_FOUND`, `ALREADY_EXISTS` (already friends), `PERMISSION_DENIED` (target denies all).
   */
  request(
    toId: string,
    options: { wording?: string; remark?: string; group?: string; source?: string; addType?: 'both' | 'single'; appKey?: string } = {},
  ): Promise<{ status: 'pending' | 'added'; request: FriendRequest }> {
    return this.#requests.send(toId, options);
  }

  /**
   * Answers a received friend request, named by its id or by the applicant's user id.
   * `accept` adds the edges the request asked for; `acceptAndAdd` always adds both.
   * @throws {RequestError} `NOT_FOUND`, `ALREADY_HANDLED`.
   */
  respond(requestOrFromId: string, action: 'accept' | 'acceptAndAdd' | 'refuse', options: { remark?: string; responseText?: string } = {}): Promise<void> {
    return this.#requests.respond(requestOrFromId, action, options);
  }

  /** Friend requests as synced (received and sent, pending and handled). */
  requests(): FriendRequest[] {
    return this.#requests.list();
  }

  /**
   * Fetches friend requests (newest first) and the unread count of received ones.
   * @default side 'both'
   * @throws {RequestError} from `friend.listRequests`.
   */
  listRequests(side: Side = 'both'): Promise<{ requests: FriendRequest[]; unreadCount: number }> {
    return this.#requests.fetch(side);
  }

  /**
   * Deletes the request from (`in`), to (`out`) or between the caller and `userId`.
   * @default side 'both'
   * @throws {RequestError} `NOT_FOUND`.
   */
  deleteRequest(userId: string, side: Side = 'both'): Promise<void> {
    return this.#requests.delete(userId, side);
  }

  /**
   * Marks every received request read (T `setFriendApplicationRead`).
   * @throws {RequestError} from `friend.markRequestsRead`.
   */
  markRequestsRead(): Promise<void> {
    return this.#requests.markRead();
  }

  /**
   * Makes `friendId` a friend of `subject` (both edges, no consent; M `addFriend`). Needs app privilege.
   * @default options.subject the caller
   * @throws {RequestError} `PERMISSION_DENIED` without privilege, `USER_NOT_FOUND`.
   */
  addDirect(friendId: string, options: { subject?: string } = {}): Promise<Friend> {
    return this.#friends.addDirect(friendId, options);
  }

  /**
   * Removes friends: both edges, or only the caller's with `both: false` (T one-way delete).
   * @default options.both true
   * @throws {RequestError} from `friend.delete`; per-user refusals are in the results.
   */
  delete(userIds: readonly string[], options: { both?: boolean } = {}): Promise<ItemResult[]> {
    return this.#friends.delete(userIds, options);
  }

  /**
   * Edits the caller's edge to a friend; only the fields given are written. Custom-field values
   * are JSON text, and an empty value removes the key.
   * @throws {RequestError} `NOT_FRIENDS`, `INVALID_PARAM`.
   */
  update(userId: string, patch: { remark?: string; memoOthers?: string; customFields?: Record<string, string> }): Promise<Friend> {
    return this.#friends.update(userId, patch);
  }

  // Friend groups (T "lists") ------------------------------------------------------------------

  /** The caller's friend groups as synced. */
  friendGroups(): FriendGroup[] {
    return this.#friendGroups.list();
  }

  /**
   * Fetches the friend groups and replaces the store's.
   * @throws {RequestError} from `friendGroup.list`.
   */
  refreshFriendGroups(): Promise<FriendGroup[]> {
    return this.#friendGroups.refresh();
  }

  /**
   * Creates a friend group with friends in it.
   * @throws {RequestError} `ALREADY_EXISTS`, `LIMIT_EXCEEDED`.
   */
  createFriendGroup(name: string, userIds: readonly string[] = []): Promise<FriendGroup> {
    return this.#friendGroups.create(name, userIds);
  }

  /**
   * Deletes a friend group (the friends stay).
   * @throws {RequestError} `NOT_FOUND`.
   */
  deleteFriendGroup(name: string): Promise<void> {
    return this.#friendGroups.delete(name);
  }

  /**
   * Renames a friend group.
   * @throws {RequestError} `NOT_FOUND`, `ALREADY_EXISTS`.
   */
  renameFriendGroup(name: string, newName: string): Promise<void> {
    return this.#friendGroups.rename(name, newName);
  }

  /**
   * Adds friends to a friend group.
   * @throws {RequestError} `NOT_FOUND`.
   */
  addToFriendGroup(name: string, userIds: readonly string[]): Promise<FriendGroup> {
    return this.#friendGroups.add(name, userIds);
  }

  /**
   * Removes friends from a friend group.
   * @throws {RequestError} `NOT_FOUND`.
   */
  removeFromFriendGroup(name: string, userIds: readonly string[]): Promise<FriendGroup> {
    return this.#friendGroups.remove(name, userIds);
  }

  // Blocklist --------------------------------------------------------------------------------

  /** The caller's blocklist as synced. */
  blocklist(): Block[] {
    return this.#blocklist.list();
  }

  /**
   * Fetches the blocklist (with profiles) and replaces the store's.
   * @throws {RequestError} from `block.list`.
   */
  refreshBlocklist(): Promise<Block[]> {
    return this.#blocklist.refresh();
  }

  /**
   * Blocks users: their C2C sends to the caller are refused (`BLOCKED_BY_PEER`).
   * @throws {RequestError} from `block.add`; per-user refusals (yourself) are in the results.
   */
  block(userIds: readonly string[]): Promise<ItemResult[]> {
    return this.#blocklist.block(userIds);
  }

  /**
   * Unblocks users.
   * @throws {RequestError} from `block.remove`; per-user refusals are in the results.
   */
  unblock(userIds: readonly string[]): Promise<ItemResult[]> {
    return this.#blocklist.unblock(userIds);
  }
}

/** Profiles, presence, friends, friend requests and groups, blocklist. One instance per client, made on first use. */
export const contactsOf = /* @__PURE__ */ area((client) => new ContactsApi(client));
