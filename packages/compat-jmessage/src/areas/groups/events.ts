import { type Client, type Element, GroupRole, groupsOf, type Profile, type PushFrame } from '@parley/core';
import { toJmUserRef } from '../../convert/group.js';
import type { JmCore, Wiring } from '../../core.js';
import { EventType } from '../../event-type.js';
import { gidOf } from '../../ids.js';
import { profilesOf } from '../../profiles.js';

type GroupTip = NonNullable<Element['groupTip']>;

/** The server's group tip kinds (`GroupTipKind`, CAPABILITIES.md §1.14) that J turns into events. */
const Tip = { JOINED: 1, QUIT: 2, KICKED: 3, PROFILE: 6, CREATED: 12, INVITED: 13, OWNER_TRANSFERRED: 14, DISMISSED: 15 } as const;

/** One `onEventNotification` to send: its type, who caused it, who it is about. */
export interface TipEvent {
  type: number;
  from: string;
  to: string[];
}

/**
 * The J event of one group tip as `me` sees it (jmessage.md §3.4, §6.12), or `undefined`.
 * `heldBy` is the user who handed the group over just before this tip (the owner leaving), if any.
 * - created → 8; members added or joined → 10; removed → 11 (the removed too); profile → 12.
 * - a member left → 9 to the others; the leaver sees it only when they were the owner.
 * - dismissed → 9 from the one who dismissed it: in J a group ends when its owner leaves it last.
 * - an owner transfer has no event in this SDK version.
 */
export function tipEvent(tip: GroupTip, me: string, heldBy: string | undefined): TipEvent | undefined {
  const from = tip.operatorId ?? '';
  const users = tip.userIds ?? [];
  switch (tip.tip) {
    case Tip.CREATED:
      return { type: EventType.GROUP_CREATED, from, to: users.length ? users : [from] };
    case Tip.INVITED:
    case Tip.JOINED:
      return { type: EventType.GROUP_MEMBERS_ADDED, from, to: users };
    case Tip.KICKED:
      return { type: EventType.GROUP_MEMBERS_REMOVED, from, to: users };
    case Tip.QUIT:
      return users.includes(me) && heldBy !== me ? undefined : { type: EventType.GROUP_MEMBER_EXIT, from, to: users.length ? users : [from] };
    case Tip.DISMISSED:
      return { type: EventType.GROUP_MEMBER_EXIT, from, to: [from] };
    case Tip.PROFILE:
      return { type: EventType.GROUP_INFO_UPDATED, from, to: [from] };
    default:
      return undefined;
  }
}

/** Who handed the group over in an owner-transfer tip: the operator, when the tip demotes them. */
function handedOverBy(tip: GroupTip): string | undefined {
  const by = tip.operatorId ?? '';
  const demoted = (tip.memberChanges ?? []).some((c) => c.userId === by && c.role !== GroupRole.OWNER);
  return tip.tip === Tip.OWNER_TRANSFERRED && demoted ? by : undefined;
}

/** The J `gid` of a group id: from the store, else from the server (a removed member is no longer in it). */
async function gidFor(client: Client, groupId: string): Promise<number> {
  const stored = groupsOf(client).group(groupId);
  if (stored) return gidOf(stored);
  try {
    const found = (await groupsOf(client).get([groupId])).groups[0];
    if (found) return gidOf(found);
  } catch {
    // A dismissed group: its id is all there is.
  }
  return gidOf({ groupId });
}

/**
 * Events 8–12 (§3.4) from the group tips the server pushes live (§1.14): one event per tip,
 * in order, to exactly the users the tip reaches. Tips read by the login sync are history and
 * make no event (A15: this SDK version has no offline events); onMsgReceive leaves tips out.
 */
export const groupsWiring: Wiring = (core, client) => {
  let live = true;
  let queue: Promise<void> = Promise.resolve();
  // Per group: who handed it over in the tip just before (an owner on their way out).
  const handOvers = new Map<string, string>();
  const off = client.on('push', (push: PushFrame) => {
    const message = push.message?.message;
    const convId = message?.convId ?? '';
    if (!message || !convId.startsWith('group:')) return;
    const groupId = convId.slice('group:'.length);
    for (const element of message.elements ?? []) {
      const tip = element.groupTip;
      if (!tip) continue;
      const event = tipEvent(tip, client.userId, handOvers.get(groupId));
      const by = handedOverBy(tip);
      if (by) handOvers.set(groupId, by);
      else handOvers.delete(groupId);
      if (!event) continue;
      const time = Number(message.time) || Date.now();
      queue = queue.then(() => emitEvent(core, client, groupId, event, time, () => live)).catch(() => {});
    }
  });
  return () => {
    live = false;
    off();
  };
};

async function emitEvent(core: JmCore, client: Client, groupId: string, event: TipEvent, time: number, live: () => boolean): Promise<void> {
  const [gid, profiles] = await Promise.all([gidFor(client, groupId), profilesOf(client, event.to).catch(() => new Map<string, Profile>())]);
  if (!live()) return;
  core.event(
    event.type,
    {
      gid,
      from_username: event.from,
      from_appkey: core.appkey,
      to_usernames: event.to.map((id) => toJmUserRef(id, profiles.get(id), core.appkey)),
    },
    time,
  );
}
