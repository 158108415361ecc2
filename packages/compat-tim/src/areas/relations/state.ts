import { type Client, type Friend, fetchProfiles, PresenceStatus, type Profile } from '@parley/core/client';
import { EVENT, TYPES } from '../../constants.js';
import { isPending, type TimFriend, type TimFriendApplication, type TimFriendGroup, toTimFriend, toTimFriendApplication, toTimFriendGroup, toTimProfile } from '../../convert/profile.js';
import type { TimCore } from '../../core.js';
import { chunks } from './params.js';

/**
 * What the relations area keeps per signed-in client: which profile version of each user it
 * has seen and announced (PROFILE_UPDATED is for changes, not for every profile the cache
 * learns), and what it last emitted for the non-coalesced list events (so a mutation's
 * immediate store update and the change stream's confirmation make one event, not two).
 */
export interface RelationsState {
  client: Client;
  /** userId → version key of the newest profile seen. */
  seen: Map<string, string>;
  /** userId → version key last announced in PROFILE_UPDATED. */
  announced: Map<string, string>;
  /** Users whose profiles were asked for (once each), to fill Friend.profile and applications. */
  asked: Set<string>;
  /** Event name → JSON of the data it last carried. */
  last: Map<string, string>;
}

const states = new WeakMap<TimCore, RelationsState>();

/** The area's state for `client` (fresh after every login). */
export function relationsState(tim: TimCore, client: Client = tim.client): RelationsState {
  let state = states.get(tim);
  if (state?.client !== client) {
    // Starting from the empty lists: a login with nothing pending announces nothing.
    const last = new Map([
      [EVENT.BLACKLIST_UPDATED as string, '[]'],
      [EVENT.FRIEND_GROUP_LIST_UPDATED as string, '[]'],
      [EVENT.FRIEND_APPLICATION_LIST_UPDATED as string, JSON.stringify({ friendApplicationList: [], unreadCount: 0 })],
    ]);
    state = { client, seen: new Map(), announced: new Map(), asked: new Set(), last };
    states.set(tim, state);
  }
  return state;
}

/** Identifies one state of a profile: the server bumps both on every change. */
export const versionOf = (p: Profile): string => `${p.profileVersion ?? 0}:${p.updatedAt ?? 0}`;

/** Whether `p` is a later state than the one `previous` (a {@link versionOf} key) names; a late, older answer is not. */
export function isNewer(p: Profile, previous: string): boolean {
  const [version = 0, at = 0] = previous.split(':').map(Number);
  const next = p.profileVersion ?? 0;
  return next > version || (next === version && (p.updatedAt ?? 0) > at);
}

/** The profiles PROFILE_UPDATED is about: the user's own and their friends'. */
export function isWatched(client: Client, userId: string): boolean {
  return userId === client.userId || client.store.friends.get(userId) !== undefined;
}

/** Emits PROFILE_UPDATED for profiles not announced at this version yet; records them as announced. */
export function announceProfiles(tim: TimCore, state: RelationsState, profiles: readonly Profile[]): void {
  const fresh = profiles.filter((p) => state.announced.get(p.userId ?? '') !== versionOf(p));
  if (fresh.length === 0) return;
  for (const p of fresh) state.announced.set(p.userId ?? '', versionOf(p));
  tim.emit(EVENT.PROFILE_UPDATED, fresh.map(toTimProfile));
  // A friend's profile is part of the Friend objects the coalesced list carries.
  if (fresh.some((p) => p.userId !== state.client.userId)) tim.listChanged('friends');
}

/** Emits `name` with `data` unless the last emission of `name` carried the same data. */
export function emitIfChanged(tim: TimCore, state: RelationsState, name: string, data: unknown): void {
  const json = JSON.stringify(data);
  if (state.last.get(name) === json) return;
  state.last.set(name, json);
  tim.emit(name, data);
}

// ——— the lists, as tim-js-sdk hands them out ———

/**
 * The core's presence as a TIM status type. The numbers line up: ONLINE 1, DISCONNECTED (only
 * sessions inside the reconnect grace, TIM's "offline but logged in") 2, OFFLINE (no session,
 * TIM's "not logged in") 3, UNKNOWN 0.
 */
export function timStatusType(status: number | null | undefined): number {
  switch (status) {
    case PresenceStatus.ONLINE:
      return TYPES.USER_STATUS_ONLINE as number;
    case PresenceStatus.DISCONNECTED:
      return TYPES.USER_STATUS_OFFLINE as number;
    case PresenceStatus.OFFLINE:
      return TYPES.USER_STATUS_UNLOGINED as number;
    default:
      return TYPES.USER_STATUS_UNKNOWN as number;
  }
}

/**
 * A friend as TIM shows it. `groupList` comes from the synced friend groups: an edge's own
 * `groups` is filled when the edge is read, and a group edit does not rewrite the edge.
 */
export function timFriend(client: Client, f: Friend): TimFriend {
  const id = f.friendId ?? '';
  const groups = client.store.friendGroups
    .values()
    .filter((g) => g.userIds?.includes(id))
    .map((g) => g.name ?? '');
  return toTimFriend({ ...f, groups }, client.store.profiles.get(id));
}

/** The friend list. */
export function timFriends(client: Client): TimFriend[] {
  return client.store.friends.values().map((f) => timFriend(client, f));
}

/** The pending friend requests (newest first) and how many received ones are unread. */
export function timApplications(client: Client): { friendApplicationList: TimFriendApplication[]; unreadCount: number } {
  const self = client.userId;
  const pending = client.store.friendRequests
    .values()
    .filter(isPending)
    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
  const profiles = client.store.profiles;
  return {
    friendApplicationList: pending.map((r) => toTimFriendApplication(r, self, (id) => profiles.get(id))),
    unreadCount: pending.filter((r) => r.toId === self && !r.readByRecipient).length,
  };
}

/** The friend groups. */
export const timFriendGroups = (client: Client): TimFriendGroup[] => client.store.friendGroups.values().map(toTimFriendGroup);

/** The blocked user ids. */
export const timBlacklist = (client: Client): string[] => client.store.blocklist.values().map((b) => b.blockedId ?? '');

/**
 * Fetches the profiles of `userIds` the store does not hold and has not asked for (friends for
 * Friend.profile, request parties for nick and avatar). Their arrival is a first sighting, so
 * it announces nothing (see the wiring).
 */
export async function fillProfiles(tim: TimCore, state: RelationsState, userIds: readonly string[]): Promise<boolean> {
  const profiles = state.client.store.profiles;
  const missing = [...new Set(userIds)].filter((id) => id && !profiles.get(id) && !state.asked.has(id));
  if (missing.length === 0) return false;
  for (const id of missing) state.asked.add(id);
  // user.getProfiles answers at most 100 users.
  for (const part of chunks(missing, 100)) {
    await fetchProfiles(state.client, part, { refresh: true }).catch((error: unknown) => tim.log.warn('relations: profiles', error));
  }
  return true;
}
