import type { Client, CollectionChange, Group, GroupMember, GroupMembership, PushFrame } from '@parley/core';
import { CbEvents } from '../../constants.js';
import { type GroupItem, type GroupMemberItem, toGroupItem } from '../../convert/group.js';
import type { OpenImCore } from '../../core.js';
import { later } from '../../part.js';
import { memberItems } from './lookup.js';

/** The wire's `Change` of a `groupApplication` push → the event it fires. */
const APPLICATION_EVENTS: Record<number, string> = {
  1: CbEvents.ONGROUPAPPLICATIONADDED,
  2: CbEvents.ONGROUPAPPLICATIONDELETED,
  3: CbEvents.ONGROUPAPPLICATIONACCEPTED,
  4: CbEvents.ONGROUPAPPLICATIONREJECTED,
};
const KIND_JOIN = 0;

/** A member as last reported: the core's row (to tell changes) and the item sent. */
interface Seen {
  raw: string;
  item: GroupMemberItem;
}

/**
 * Translates the core's group state into OpenIM's group events (openim.md §3.6, §6.1 item 15).
 *
 * - Joined groups come and go with the `memberships` collection (`OnJoinedGroupAdded` /
 *   `OnJoinedGroupDeleted`); profile changes of joined groups are `OnGroupInfoChanged`.
 * - Member events need the whole member list: the core keeps a list current only once
 *   fetched, so every joined group's list is fetched (as the vendor's core syncs them at
 *   login) and later changes are told apart from it (added, changed, deleted).
 * - Join requests come from `groupApplication` pushes; the acting session's own are emitted
 *   by the methods (the server pushes them to the other sessions only).
 *
 * Events are handled one at a time, in order, since some need a lookup first.
 */
export function wireGroups(core: OpenImCore, client: Client): () => void {
  /** Joined groups, and the item last reported for each. */
  const infos = new Map<string, GroupItem>();
  const joined = new Set<string>();
  /** Member lists being followed, once their first fetch is in. */
  const tracked = new Map<string, Map<string, Seen>>();
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  const enqueue = (task: () => Promise<void> | void) => {
    chain = chain.then(async () => {
      if (!closed) await task();
    }).catch(() => {});
  };

  const remember = (group: Group): GroupItem => {
    const item = toGroupItem(group);
    infos.set(item.groupID, item);
    return item;
  };

  /** Fetches a member list and follows it from there on (no events for what it already holds). */
  const follow = async (groupId: string): Promise<void> => {
    tracked.delete(groupId);
    await client.refreshMembers(groupId);
    const members = client.store.members(groupId).values();
    const items = await memberItems(client, members);
    const seen = new Map<string, Seen>(members.map((m, i) => [m.userId ?? '', { raw: JSON.stringify(m), item: items[i] as GroupMemberItem }]));
    if (joined.has(groupId)) tracked.set(groupId, seen);
  };

  const onJoined = async (groupId: string): Promise<void> => {
    // A group not synced yet is fetched; the lookup is in the part loaded on first use.
    const group = client.store.groups.get(groupId) ?? (await (later.get() ?? (await later.load())).fetchGroups(client, [groupId]))[0];
    await follow(groupId).catch(() => {});
    if (!joined.has(groupId)) return;
    core.emit(CbEvents.ONJOINEDGROUPADDED, group ? remember(group) : toGroupItem({ groupId }), 'group');
  };

  const onMemberships = (change: CollectionChange<GroupMembership>) => {
    for (const membership of change.upserted) {
      const groupId = membership.groupId ?? '';
      if (!groupId || joined.has(groupId)) continue;
      joined.add(groupId);
      enqueue(() => onJoined(groupId));
    }
    for (const groupId of change.deleted) {
      if (!joined.delete(groupId)) continue;
      tracked.delete(groupId);
      const item = infos.get(groupId) ?? toGroupItem({ groupId });
      infos.delete(groupId);
      enqueue(() => core.emit(CbEvents.ONJOINEDGROUPDELETED, item, 'group'));
    }
  };

  const onGroups = (change: CollectionChange<Group>) => {
    for (const group of change.upserted) {
      const groupId = group.groupId ?? '';
      enqueue(async () => {
        if (!joined.has(groupId)) return;
        const before = infos.get(groupId);
        const item = remember(group);
        if (!before || JSON.stringify(before) === JSON.stringify(item)) return;
        core.emit(CbEvents.ONGROUPINFOCHANGED, item, 'group');
        // A new owner: the roles moved, which no member push tells the other members.
        if (before.ownerUserID !== item.ownerUserID && tracked.has(groupId)) await client.refreshMembers(groupId).catch(() => {});
      });
    }
  };

  const onMembers = (groupId: string, change: CollectionChange<GroupMember>) => {
    enqueue(async () => {
      const seen = tracked.get(groupId);
      if (!seen) return;
      const fresh = change.upserted.filter((m) => seen.get(m.userId ?? '')?.raw !== JSON.stringify(m));
      const items = await memberItems(client, fresh);
      fresh.forEach((m, i) => {
        const item = items[i] as GroupMemberItem;
        const known = seen.has(item.userID);
        seen.set(item.userID, { raw: JSON.stringify(m), item });
        core.emit(known ? CbEvents.ONGROUPMEMBERINFOCHANGED : CbEvents.ONGROUPMEMBERADDED, item, 'member');
      });
      for (const userId of change.deleted) {
        const gone = seen.get(userId);
        if (!gone) continue;
        seen.delete(userId);
        core.emit(CbEvents.ONGROUPMEMBERDELETED, gone.item, 'member');
      }
    });
  };

  const onPush = (push: PushFrame) => {
    const pushed = push.groupApplication;
    const event = APPLICATION_EVENTS[Number(pushed?.change ?? 0)];
    const application = pushed?.application;
    if (!event || !application || (application.kind ?? KIND_JOIN) !== KIND_JOIN) return;
    enqueue(async () => {
      // Join requests are rare: their converter loads with the first one.
      const { applicationItems } = later.get() ?? (await later.load());
      const [item] = await applicationItems(client, [application]);
      core.emit(event, item, 'groupApplication');
    });
  };

  for (const group of client.store.groups.values()) remember(group);
  for (const membership of client.store.memberships.values()) {
    const groupId = membership.groupId ?? '';
    if (!groupId) continue;
    joined.add(groupId);
    enqueue(() => follow(groupId).catch(() => {}));
  }
  const offs = [client.on('memberships', onMemberships), client.on('groups', onGroups), client.on('members', onMembers), client.on('push', onPush)];
  return () => {
    closed = true;
    for (const off of offs) off();
  };
}
