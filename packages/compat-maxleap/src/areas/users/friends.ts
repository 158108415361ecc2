import { type Friend, PresenceStatus, RequestError } from '@parley/core';
import type { MlCore } from '../../core.js';
import { MlCode, MlError } from '../../errors.js';
import { customFieldsOf, idArg } from './args.js';

/** A friendship as the vendor returns it (§2.3 #3): `from` befriended `to` in app `ns` at `ts` (ms). */
export interface Friendship {
  id: string;
  from: string;
  to: string;
  ns: string;
  ts: number;
}

function friendship(core: MlCore, edge: Friend): Friendship {
  return { id: edge.id ?? '', from: edge.ownerId ?? '', to: edge.friendId ?? '', ns: String(core.options.appId), ts: Number(edge.createdAt ?? 0) };
}

/**
 * `im.listFriends(userid, callback, withDetail)` (the callback comes second): the user's friends
 * as ids, or with `withDetail` as `[{id, online}]`. An unknown user is 5004.
 */
export function listFriends(core: MlCore, ...args: unknown[]): void {
  const [userid, callback, withDetail] = args;
  core.rest(callback, async () => {
    const subject = idArg(userid, 'userid');
    const detail = Boolean(withDetail);
    // The friend list of an unknown id is empty on the server; the user check makes it 5004.
    const [result] = await Promise.all([core.client.request('friendList', { withPresence: detail }, { subject }), customFieldsOf(core, subject)]);
    const ids = (result?.friends ?? []).map((f) => f.friendId ?? '');
    if (!detail) return ids;
    const online = new Set((result?.presences ?? []).filter((p) => p.status === PresenceStatus.ONLINE).map((p) => p.userId));
    return ids.map((id) => ({ id, online: online.has(id) }));
  });
}

/**
 * `im.addFriend(userid, friendid, callback)`: makes the two users friends of each other at once
 * (no request, no consent) → `{id, from, to, ns, ts}`. Adding an existing friend returns the
 * same friendship.
 */
export function addFriend(core: MlCore, ...args: unknown[]): void {
  const [userid, friendid] = args;
  core.rest(args.at(-1), async () => {
    const subject = idArg(userid, 'userid');
    const friendId = idArg(friendid, 'friendid');
    const edge = await core.client.request('friendAddDirect', { friendId }, { subject });
    return friendship(core, edge ?? {});
  });
}

/** `im.rmFriend(userid, friendid, callback)`: ends the friendship on both sides → `{}`; 5004 when they are not friends. */
export function rmFriend(core: MlCore, ...args: unknown[]): void {
  const [userid, friendid] = args;
  core.rest(args.at(-1), async () => {
    const subject = idArg(userid, 'userid');
    const friendId = idArg(friendid, 'friendid');
    const result = await core.client.request('friendDelete', { users: [{ userId: friendId }] }, { subject });
    const failed = result?.results?.find((r) => (r.code ?? 0) !== 0);
    if (failed) throw new RequestError('friendDelete', failed.code ?? 0, failed.message ?? '');
  });
}

/** `im.getFriendshipInfo(userid, friendid, callback)`: the friendship record `{id, from, to, ns, ts}`; 5004 when they are not friends. */
export function getFriendshipInfo(core: MlCore, ...args: unknown[]): void {
  const [userid, friendid] = args;
  core.rest(args.at(-1), async () => {
    const subject = idArg(userid, 'userid');
    const friendId = idArg(friendid, 'friendid');
    const result = await core.client.request('friendGet', { userIds: [friendId] }, { subject });
    const edge = result?.friends?.find((f) => f.friendId === friendId);
    if (!edge) throw new MlError(MlCode.NOT_FOUND, 'not friends');
    return friendship(core, edge);
  });
}
