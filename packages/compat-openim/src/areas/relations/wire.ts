import type { Block, Client, Friend, FriendRequest, Profile, PushFrame } from '@parley/core';
import { CbEvents } from '../../constants.js';
import type { OpenImCore, Wiring } from '../../core.js';
import { later } from '../../part.js';
import { fillProfiles, partyOf } from './fill.js';

/** The converters of these events, in the part loaded on first use (events of this kind are rare). */
type Converters = Awaited<ReturnType<typeof later.load>>;

/** Identifies one state of a profile: the server bumps both on every change. */
const versionOf = (p: Profile): string => `${p.profileVersion ?? 0}:${p.updatedAt ?? 0}`;

/** Whether `p` is later than the state `previous` (a {@link versionOf} key) names; a late, older answer is not. */
function isNewer(p: Profile, previous: string): boolean {
  const [version = 0, at = 0] = previous.split(':').map(Number);
  const next = p.profileVersion ?? 0;
  return next > version || (next === version && (p.updatedAt ?? 0) > at);
}

/** What a `FriendItem` shows of the edge itself (the profile part changes through OnFriendInfoChanged too). */
const edgeKey = (c: Converters, f: Friend): string => JSON.stringify(c.toFriendItem(f, undefined));

const keyed = <T>(items: readonly T[], idOf: (item: T) => string | null | undefined): Map<string, T> => new Map(items.map((i) => [idOf(i) ?? '', i]));

/**
 * Translates the core's relation changes into OpenIM's friend, application, blacklist and
 * self-profile events (openim.md §3.1, §3.5, §6.1 item 16). Each payload is one object.
 *
 * Login resolves after the first sync, so the records held when this wiring starts are the
 * baseline; every later change is diffed against the last record seen, because a mutation
 * applies its result at once and the change stream then confirms the same record. The last
 * records also describe what a deletion removed. Emissions are queued in order behind the
 * converters (loaded with the first event) and a fetch of the profiles they show (a new friend's
 * or applicant's name and avatar).
 */
export const wireRelations: Wiring = (core: OpenImCore, client: Client) => {
  const store = client.store;
  const self = client.userId;
  const friends = keyed(store.friends.values(), (f) => f.friendId);
  const requests = keyed(store.friendRequests.values(), (r) => r.id);
  const blocks = keyed(store.blocklist.values(), (b) => b.blockedId);
  /** userId → newest profile version seen; a first sighting (a fetch) is not a change. */
  const seen = new Map(store.profiles.values().map((p) => [p.userId ?? '', versionOf(p)]));
  /** userId → profile version last announced, so the store's and the push's reports make one event. */
  const announced = new Map<string, string>();
  let live = true;
  let queue: Promise<void> = Promise.resolve();

  /** Queues an event: unless `check` finds nothing to tell, the profiles it shows are fetched, then it is emitted. */
  const queued = (userIds: readonly string[], emit: (c: Converters) => void, check?: (c: Converters) => boolean): void => {
    queue = queue
      .then(() => later.get() ?? later.load())
      .then(async (c) => {
        if (check && !check(c)) return;
        await fillProfiles(client, userIds);
        if (live) emit(c);
      })
      .catch(() => {});
  };
  const profile = (id: string) => store.profiles.get(id);
  const friendEvent = (event: string, f: Friend, check?: (c: Converters) => boolean) =>
    queued([f.friendId ?? ''], (c) => core.emit(event, c.toFriendItem(f, profile(f.friendId ?? '')), 'friend'), check);
  const blackEvent = (event: string, b: Block) => queued([b.blockedId ?? ''], (c) => core.emit(event, c.toBlackItem(b, profile(b.blockedId ?? '')), 'black'));
  const applicationEvent = (event: string, r: FriendRequest) => queued([self, partyOf(client, r)], (c) => core.emit(event, c.applicationOf(client, r), 'friendApplication'));

  /** The own profile or a friend's changed to `p`: OnSelfInfoUpdated or OnFriendInfoChanged, once per version. */
  const announce = (p: Profile): void => {
    const id = p.userId ?? '';
    const friend = friends.get(id);
    if (announced.get(id) === versionOf(p) || (id !== self && !friend)) return;
    announced.set(id, versionOf(p));
    if (id === self) queued([], (c) => core.emit(CbEvents.ONSELFINFOUPDATED, c.toFullUserItem(id, p), 'user'));
    else if (friend) queued([], (c) => core.emit(CbEvents.ONFRIENDINFOCHANGED, c.toFriendItem(friend, p), 'friend'));
  };

  const unsubscribe = [
    client.on('friends', ({ upserted, deleted }) => {
      for (const f of upserted) {
        const id = f.friendId ?? '';
        const before = friends.get(id);
        friends.set(id, f);
        if (!before) friendEvent(CbEvents.ONFRIENDADDED, f);
        // Told only when what the item shows of the edge changed (a confirmation repeats it).
        else friendEvent(CbEvents.ONFRIENDINFOCHANGED, f, (c) => edgeKey(c, before) !== edgeKey(c, f));
      }
      for (const id of deleted) {
        const before = friends.get(id);
        friends.delete(id);
        if (before) friendEvent(CbEvents.ONFRIENDDELETED, before);
      }
    }),
    client.on('friendRequests', ({ upserted, deleted }) => {
      for (const r of upserted) {
        const id = r.id ?? '';
        const before = requests.get(id);
        // A repeated request after a refusal reuses the id: pending again is a new application.
        const previous = before ? (before.handleResult ?? 0) : undefined;
        const result = r.handleResult ?? 0;
        requests.set(id, r);
        if (result === 0 && previous !== 0) applicationEvent(CbEvents.ONFRIENDAPPLICATIONADDED, r);
        else if (result === 1 && previous !== 1) applicationEvent(CbEvents.ONFRIENDAPPLICATIONACCEPTED, r);
        else if (result === -1 && previous !== -1) applicationEvent(CbEvents.ONFRIENDAPPLICATIONREJECTED, r);
      }
      for (const id of deleted) {
        const before = requests.get(id);
        requests.delete(id);
        if (before) applicationEvent(CbEvents.ONFRIENDAPPLICATIONDELETED, before);
      }
    }),
    client.on('blocklist', ({ upserted, deleted }) => {
      for (const b of upserted) {
        const id = b.blockedId ?? '';
        const before = blocks.get(id);
        blocks.set(id, b);
        if (!before) blackEvent(CbEvents.ONBLACKADDED, b);
      }
      for (const id of deleted) {
        const before = blocks.get(id);
        blocks.delete(id);
        if (before) blackEvent(CbEvents.ONBLACKDELETED, before);
      }
    }),
    client.on('profiles', ({ upserted }) => {
      for (const p of upserted) {
        const id = p.userId ?? '';
        const previous = seen.get(id);
        if (previous !== undefined && !isNewer(p, previous)) continue;
        seen.set(id, versionOf(p));
        if (previous !== undefined) announce(p);
      }
    }),
    // A profile push is always a change, even of a profile this page never fetched.
    client.on('push', (push: PushFrame) => {
      const id = push.profile?.profile?.userId;
      const held = id ? store.profiles.get(id) : undefined;
      if (held) announce(held);
    }),
  ];
  return () => {
    live = false;
    for (const off of unsubscribe) off();
  };
};
