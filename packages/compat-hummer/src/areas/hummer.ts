import { contactsOf, PresenceStatus, RoomKind, roomsOf } from '@parley/core';
import { OnlineStatus } from '../constants.js';
import type { HummerCore, Result } from '../core.js';
import { paramError } from '../errors.js';
import { paramsOf, regionOf, roomByNumber, stringMap } from './params.js';
import { profileOf } from './room-profile.js';

/*
 * The hummer object's room and presence calls, loaded on first call (on-demand.ts).
 */

/** How long rooms made with `createChatRoom` keep their TextChat history (CAPABILITIES.md `historyPolicy` `text:<days>`). */
const HISTORY_POLICY = 'text:7';

/** Ids per presence query on the wire. */
const PRESENCE_BATCH = 500;

/** The wire's presence status → the vendor's `OnlineStatus`. */
const STATUS: Record<number, number> = {
  [PresenceStatus.UNKNOWN]: OnlineStatus.UNDEFINED,
  [PresenceStatus.ONLINE]: OnlineStatus.ONLINE,
  [PresenceStatus.DISCONNECTED]: OnlineStatus.DISCONNECTED,
  [PresenceStatus.OFFLINE]: OnlineStatus.OFFLINE,
};

/**
 * `hummer.createChatRoom({region, attributes})`: a new chat room with a server-assigned numeric
 * `roomid`, owned by the caller (who does not join it). `attributes` are its basic attributes
 * (`Name`, `Description`, `Bulletin`, `AppExtra`/`Extention`, `Passwd`, `MaxUser`, others kept as
 * custom keys). Resolves `{roomid, appid, uid, props}`.
 */
export function createChatRoom(core: HummerCore, input: unknown): Promise<Result> {
  return core.call('createChatRoom', async () => {
    const p = paramsOf(input);
    const region = regionOf(p.region, core.region);
    const { customFields, ...fields } = profileOf(stringMap(p.attributes, 'attributes'));
    // Hummer chat rooms keep their TextChat history (CAPABILITIES.md `historyPolicy` `text:<days>`).
    const room = await roomsOf(core.client).create({ ...fields, customFields, kind: RoomKind.LIVE, region, historyPolicy: HISTORY_POLICY });
    return { appid: core.appid, uid: core.uid, roomid: room.numericId ?? 0, props: {} };
  });
}

/**
 * `hummer.dismissChatRoom({region, roomid})`: dissolves a room (owner only: 3000 otherwise;
 * an unknown room: 2004). Everyone in it gets `ChatRoomDismissed` on their ChatRoom object.
 */
export function dismissChatRoom(core: HummerCore, input: unknown): Promise<Result> {
  return core.call('dismissChatRoom', async () => {
    const { ref, roomid } = roomByNumber(paramsOf(input));
    await roomsOf(core.client).dismiss(ref);
    return { appid: core.appid, uid: core.uid, roomid, props: {} };
  });
}

/** `hummer.getChatRoomUserCount({region, roomid})`: the number of users in a room, joined or not. Resolves `{totalCount, appid, uid, roomid, props}`. */
export function getChatRoomUserCount(core: HummerCore, input: unknown): Promise<Result> {
  return core.call('getChatRoomUserCount', async () => {
    const { ref, roomid } = roomByNumber(paramsOf(input));
    const totalCount = await roomsOf(core.client).count(ref);
    return { appid: core.appid, uid: core.uid, roomid, props: {}, totalCount };
  });
}

/**
 * `hummer.fetchUserOnlineStatus({uids})`: `status: {[uid]: OnlineStatus}` — 1 ONLINE, 0 OFFLINE,
 * 2 DISCONNECTED (dropped, inside the reconnect grace period), -1 UNDEFINED (no such user).
 */
export function fetchUserOnlineStatus(core: HummerCore, input: unknown): Promise<Result> {
  return core.call('fetchUserOnlineStatus', async () => {
    const { uids } = paramsOf(input);
    if (!Array.isArray(uids) || uids.some((uid) => typeof uid !== 'string' || uid === '')) throw paramError('uids must be an array of uid strings');
    const ids = [...new Set(uids as string[])];
    const contacts = contactsOf(core.client);
    const status: Record<string, number> = {};
    for (const id of ids) status[id] = OnlineStatus.UNDEFINED;
    for (let i = 0; i < ids.length; i += PRESENCE_BATCH) {
      for (const presence of await contacts.queryPresence(ids.slice(i, i + PRESENCE_BATCH))) {
        if (presence.userId) status[presence.userId] = STATUS[presence.status ?? PresenceStatus.UNKNOWN] ?? OnlineStatus.UNDEFINED;
      }
    }
    return { appid: core.appid, uid: core.uid, status };
  });
}
