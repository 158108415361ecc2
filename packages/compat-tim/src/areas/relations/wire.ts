import type { Client, Profile, PushFrame } from '@parley/core';
import { EVENT } from '../../constants.js';
import type { TimCore } from '../../core.js';
import { announceProfiles, emitIfChanged, fillProfiles, isNewer, isWatched, type RelationsState, relationsState, timApplications, timBlacklist, timFriendGroups, timFriends, timStatusType, versionOf } from './state.js';

/**
 * Translates the core's relation events into TIM's: PROFILE_UPDATED, USER_STATUS_UPDATED,
 * BLACKLIST_UPDATED, FRIEND_LIST_UPDATED (coalesced), FRIEND_APPLICATION_LIST_UPDATED and
 * FRIEND_GROUP_LIST_UPDATED.
 *
 * PROFILE_UPDATED carries the own profile and friends' profiles when they change, as
 * tim-js-sdk's profile-modified notifications do. The store also learns profiles by fetching
 * them (getUserProfile, conversation peers, group members, the friend list's profiles at
 * login); a fetch is not a change, so a user's first profile seen in a session is recorded
 * silently, and only a later version is announced. A live profile push is always a change, so
 * it is announced even as a first sighting (a friend whose profile was never fetched).
 */
export function wireRelations(tim: TimCore, client: Client): () => void {
  const state = relationsState(tim, client);
  tim.defineList('friends', () => [EVENT.FRIEND_LIST_UPDATED, timFriends(client)]);

  const emitApplications = () => emitIfChanged(tim, state, EVENT.FRIEND_APPLICATION_LIST_UPDATED, timApplications(client));
  const fillThen = (ids: readonly string[], then: () => void) => {
    void fillProfiles(tim, state, ids).then((asked) => {
      if (asked && relationsState(tim, client) === state) then();
    });
  };

  const onReady = () => {
    if (client.store.friends.size > 0) tim.listChanged('friends');
  };
  tim.on(EVENT.SDK_READY, onReady);

  const unsubscribe = [
    client.on('profiles', ({ upserted }) => {
      const changed: Profile[] = [];
      for (const p of upserted) {
        const id = p.userId ?? '';
        const previous = state.seen.get(id);
        if (previous !== undefined && !isNewer(p, previous)) continue;
        state.seen.set(id, versionOf(p));
        if (tim.ready && previous !== undefined && isWatched(client, id)) changed.push(p);
      }
      announceProfiles(tim, state, changed);
      // Newly known nicks and avatars show in Friend.profile and in the applications.
      if (upserted.some((p) => client.store.friends.get(p.userId ?? ''))) tim.listChanged('friends');
      emitApplications();
    }),
    client.on('push', (push: PushFrame) => {
      const presence = push.presence;
      if (presence?.userId) {
        tim.emit(EVENT.USER_STATUS_UPDATED, [{ userID: presence.userId, statusType: timStatusType(presence.status), customStatus: presence.customStatus ?? '' }]);
      }
      const id = push.profile?.profile?.userId;
      const held = id ? client.store.profiles.get(id) : undefined;
      if (id && held && tim.ready && isWatched(client, id)) announceProfiles(tim, state, [held]);
    }),
    client.on('friends', ({ upserted }) => {
      tim.listChanged('friends');
      fillThen(
        upserted.map((f) => f.friendId ?? ''),
        () => tim.listChanged('friends'),
      );
    }),
    client.on('friendRequests', ({ upserted }) => {
      emitApplications();
      const self = client.userId;
      fillThen(
        upserted.map((r) => (r.toId === self ? r.fromId : r.toId) ?? ''),
        emitApplications,
      );
    }),
    client.on('friendGroups', () => {
      emitIfChanged(tim, state, EVENT.FRIEND_GROUP_LIST_UPDATED, timFriendGroups(client));
      // Friend.groupList follows the groups.
      tim.listChanged('friends');
    }),
    client.on('blocklist', () => emitIfChanged(tim, state, EVENT.BLACKLIST_UPDATED, timBlacklist(client))),
    client.on('syncEnd', () => seed(tim, state)),
  ];
  return () => {
    tim.off(EVENT.SDK_READY, onReady);
    for (const off of unsubscribe) off();
  };
}

/**
 * After a sync: profiles a persisted store held before this session count as seen (loading
 * them emits nothing), and friends without a profile get theirs fetched for Friend.profile.
 */
function seed(tim: TimCore, state: RelationsState): void {
  const client = state.client;
  const ids = [client.userId, ...client.store.friends.values().map((f) => f.friendId ?? '')];
  for (const id of ids) {
    const held = client.store.profiles.get(id);
    if (held && !state.seen.has(id)) state.seen.set(id, versionOf(held));
  }
  void fillProfiles(tim, state, ids).then((asked) => {
    if (asked) tim.listChanged('friends');
  });
}
