import type { Client, PushFrame } from '@parley/core';
import type { JmCore, Wiring } from '../../core.js';
import { EventType } from '../../event-type.js';

/** The wire's `Change` values a relation push carries. */
const Change = { UPDATED: 0, ADDED: 1, DELETED: 2, ACCEPTED: 3, REJECTED: 4 } as const;
/** Who a friend push is `by` when the server's admin API made the change. */
const ADMIN = 'admin';
/**
 * `return_code` of a rejected invitation (event 5, `extra=2`): J documents only "non-zero";
 * the server keeps no code for a refusal, so every refusal carries this one.
 */
const FRIEND_REJECTED = 1;
/** How many push cursors are remembered to drop a push delivered twice. */
const SEEN_MAX = 256;

/** Event 5 for a friend-request push: the invitation to the invitee, the answer to the inviter. */
function requestEvent(core: JmCore, self: string, ev: NonNullable<PushFrame['friendRequest']>): void {
  const r = ev.request;
  if (!r) return;
  const change = ev.change ?? Change.UPDATED;
  const fromAppkey = core.appkey;
  if ((change === Change.ADDED || change === Change.UPDATED) && r.toId === self && !r.handleResult) {
    core.event(EventType.FRIEND_INVITATION, { from_username: r.fromId ?? '', from_appkey: fromAppkey, extra: 1, description: r.wording ?? '' });
  } else if ((change === Change.ACCEPTED || change === Change.REJECTED) && r.fromId === self) {
    const accepted = change === Change.ACCEPTED;
    core.event(EventType.FRIEND_INVITATION, {
      from_username: r.toId ?? '',
      from_appkey: fromAppkey,
      extra: 2,
      return_code: accepted ? 0 : FRIEND_REJECTED,
      description: accepted ? '' : (r.handleMsg ?? ''),
    });
  }
}

/** Event 7 for any change the admin API made (to both parties: each gets its own edge), event 6 when the other party unfriended. */
function friendEvent(core: JmCore, ev: NonNullable<PushFrame['friend']>): void {
  const friend = ev.friend;
  if (!friend) return;
  const other = friend.friendId ?? '';
  const change = ev.change ?? Change.UPDATED;
  const fromAppkey = friend.crossAppKey || core.appkey;
  if (ev.by === ADMIN) {
    const description = change === Change.ADDED ? 'add' : change === Change.DELETED ? 'delete' : 'update';
    core.event(EventType.FRIEND_UPDATED, { from_username: other, from_appkey: fromAppkey, description });
  } else if (change === Change.DELETED && ev.by === other) {
    core.event(EventType.FRIEND_DELETED, { from_username: other, from_appkey: fromAppkey });
  }
}

/**
 * Events 5, 6, 7, 37 and 38 (jmessage.md §3.4, §6.12–13).
 *
 * Friend events come from the pushes meant for this user (the server sends none to the session
 * that acted), one event per push. The no-disturb (37) and blacklist (38) events go to the
 * user who changed them: they come from the store, which takes a change as soon as this
 * session's request is confirmed and when another session's change is pushed. Each store update
 * is compared with the last state seen, so the confirmation the change stream brings later is
 * not a second change; updates in one turn make one event. The store's content at the end of a
 * sync (the login snapshot, or what a reconnect caught up) is the new baseline, not a change.
 */
export const relationsWiring: Wiring = (core: JmCore, client: Client) => {
  let live = true;
  let syncing = true;
  const receiveOpts = new Map<string, number>();
  const blocked = new Set<string>();
  let globalSilent = false;
  const seen = new Set<number>();
  const pending = new Set<number>();

  const changed = (eventType: number): void => {
    if (syncing || pending.has(eventType)) return;
    pending.add(eventType);
    queueMicrotask(() => {
      pending.delete(eventType);
      if (live) core.event(eventType);
    });
  };

  const unsubscribe = [
    client.on('syncStart', () => {
      syncing = true;
    }),
    client.on('syncEnd', () => {
      syncing = false;
    }),
    client.on('syncFailed', () => {
      syncing = false;
    }),
    client.on('conversations', ({ upserted }) => {
      let moved = false;
      for (const row of upserted) {
        const opt = row.receiveOpt ?? 0;
        if ((receiveOpts.get(row.convId) ?? 0) !== opt) moved = true;
        receiveOpts.set(row.convId, opt);
      }
      if (moved) changed(EventType.NO_DISTURB_CHANGED);
    }),
    client.on('settings', (settings) => {
      const now = settings.globalSilent ?? false;
      if (now !== globalSilent) changed(EventType.NO_DISTURB_CHANGED);
      globalSilent = now;
    }),
    client.on('blocklist', ({ upserted, deleted }) => {
      let moved = false;
      for (const b of upserted) {
        const id = b.blockedId ?? '';
        if (!blocked.has(id)) moved = true;
        blocked.add(id);
      }
      for (const id of deleted) if (blocked.delete(id)) moved = true;
      if (moved) changed(EventType.BLACKLIST_CHANGED);
    }),
    client.on('push', (push: PushFrame) => {
      if (!push.friendRequest && !push.friend) return;
      const cursor = Number(push.cursor ?? 0);
      if (cursor > 0) {
        if (seen.has(cursor)) return;
        seen.add(cursor);
        if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value ?? 0);
      }
      if (push.friendRequest) requestEvent(core, client.userId, push.friendRequest);
      else if (push.friend) friendEvent(core, push.friend);
    }),
  ];
  return () => {
    live = false;
    for (const off of unsubscribe) off();
  };
};
