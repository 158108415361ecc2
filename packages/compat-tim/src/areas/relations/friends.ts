import { ClientCode, contactsOf, ParleyError } from '@parley/core';
import { TYPES } from '../../constants.js';
import { SNS_CUSTOM_PREFIX, type TimFriend } from '../../convert/profile.js';
import { coreCustomFields } from '../../convert/profile-edit.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError, toTimError } from '../../errors.js';
import type { ADD_FRIEND_OPTIONS, CHECK_FRIEND_OPTIONS, DELETE_FRIEND_OPTIONS, GET_FRIEND_PROFILE_OPTIONS, UPDATE_FRIEND_OPTIONS } from '../../types.js';
import * as check from './checks.js';
import { capped, chunks, mapped } from './params.js';
import { fillProfiles, relationsState, timFriend, timFriends } from './state.js';

/** A user a friend call could not serve. */
export interface TimFriendFailure {
  userID: string;
  code: number;
  message: string;
}

// Tencent's relationship-chain server codes for addFriend [X: Tencent's public error table].
const ADD_PENDING = 30539;
const ADD_DENIED_BY_PEER = 30516;
const ADD_IN_PEER_BLACKLIST = 30525;

/** tim-js-sdk truncates deleteFriend lists here; the core's `friend.delete` takes 100 per call. */
const MAX_DELETE = 1000;
const DELETE_BATCH = 100;
/** `friend.get` answers at most 100 users per call. */
const GET_BATCH = 100;

const notMyFriend = (userID: string): TimFriendFailure => ({ userID, code: TimCode.NOT_MY_FRIEND, message: 'not your friend' });
const isFriend = (tim: TimCore, userId: string): boolean => tim.client.store.friends.get(userId) !== undefined;

/** The friend list, with every friend's profile (fetched first when some are not known yet). */
export async function getFriendList(tim: TimCore): Promise<TimFriend[]> {
  const client = tim.client;
  await fillProfiles(
    tim,
    relationsState(tim, client),
    contactsOf(client)
      .friends()
      .map((f) => f.friendId ?? ''),
  );
  return timFriends(client);
}

/**
 * Sends a friend request. Resolves `{userID, code: 0}` when the friendship exists at once (the
 * target accepts anyone) and `{userID, code: 30539, message}` when it waits for the target's
 * answer, as the vendor does; an existing friend is refused with 2701.
 */
export function addFriend(tim: TimCore, options: ADD_FRIEND_OPTIONS): Promise<{ userID: string; code: number; message?: string }> {
  const { o, to, source, remark, wording, groupName } = check.addFriend(tim, options);
  if (isFriend(tim, to)) return Promise.reject(new TimError({ code: TimCode.ALREADY_MY_FRIEND, message: 'already your friend' }));
  const request = contactsOf(tim.client).request(to, {
    source,
    addType: o.type === TYPES.SNS_ADD_TYPE_SINGLE ? 'single' : 'both',
    ...(wording ? { wording } : {}),
    ...(remark ? { remark } : {}),
    ...(groupName ? { group: groupName } : {}),
  });
  return mapped(request, { [ClientCode.ALREADY_EXISTS]: TimCode.ALREADY_MY_FRIEND, [ClientCode.PERMISSION_DENIED]: ADD_DENIED_BY_PEER, [ClientCode.BLOCKED_BY_PEER]: ADD_IN_PEER_BLACKLIST }).then(
    ({ status }) => (status === 'added' ? { userID: to, code: 0 } : { userID: to, code: ADD_PENDING, message: 'the friend request was sent and waits for an answer' }),
  );
}

/**
 * Deletes friends, both ways unless `type` is `SNS_DELETE_TYPE_SINGLE`. Users who are not
 * friends fail with 2700 without a request, as the vendor checks its own list.
 */
export function deleteFriend(tim: TimCore, options: DELETE_FRIEND_OPTIONS): Promise<{ successUserIDList: Array<{ userID: string }>; failureUserIDList: TimFriendFailure[] }> {
  const ids = check.deleteFriend(tim, options);
  return deleteFriends(tim, [...new Set(capped(ids, MAX_DELETE))], options.type !== TYPES.SNS_DELETE_TYPE_SINGLE);
}

async function deleteFriends(tim: TimCore, ids: readonly string[], both: boolean): Promise<{ successUserIDList: Array<{ userID: string }>; failureUserIDList: TimFriendFailure[] }> {
  const successUserIDList: Array<{ userID: string }> = [];
  const failureUserIDList = ids.filter((id) => !isFriend(tim, id)).map(notMyFriend);
  const friends = ids.filter((id) => isFriend(tim, id));
  for (const part of chunks(friends, DELETE_BATCH)) {
    for (const result of await contactsOf(tim.client).delete(part, { both })) {
      if (result.code === 0) successUserIDList.push({ userID: result.id });
      else failureUserIDList.push({ userID: result.id, ...itemError(result.code, result.message) });
    }
  }
  return { successUserIDList, failureUserIDList };
}

/** A per-user refusal of a batch op, coded as the facade codes whole-call errors. */
function itemError(code: number, message: string): { code: number; message: string } {
  if (code === ClientCode.NOT_FRIENDS || code === ClientCode.NOT_FOUND) return { code: TimCode.NOT_MY_FRIEND, message };
  const mappedError = toTimError(new ParleyError(code, message));
  return { code: mappedError.code, message: mappedError.message };
}

const RELATIONS = {
  none: TYPES.SNS_TYPE_NO_RELATION,
  aWithB: TYPES.SNS_TYPE_A_WITH_B,
  bWithA: TYPES.SNS_TYPE_B_WITH_A,
  both: TYPES.SNS_TYPE_BOTH_WAY,
} as const;

/**
 * How the caller relates to each user: both ways (default) or, with `SNS_CHECK_TYPE_SINGLE`,
 * only whether they are on the caller's list (`SNS_TYPE_A_WITH_B` or `SNS_TYPE_NO_RELATION`).
 */
export function checkFriend(
  tim: TimCore,
  options: CHECK_FRIEND_OPTIONS,
): Promise<{ successUserIDList: Array<{ userID: string; code: number; relation: string }>; failureUserIDList: TimFriendFailure[] }> {
  const ids = [...new Set(check.checkFriend(tim, options))];
  const type = options.type === TYPES.SNS_CHECK_TYPE_SINGLE ? 'single' : 'both';
  return contactsOf(tim.client)
    .check(ids, type)
    .then((checks) => ({
      successUserIDList: checks.map((c) => ({ userID: c.userId, code: 0, relation: RELATIONS[c.relation] as string })),
      failureUserIDList: [],
    }));
}

/** Friends' data and profiles, fetched fresh; non-friends fail with 2700. */
export function getFriendProfile(tim: TimCore, options: GET_FRIEND_PROFILE_OPTIONS): Promise<{ friendList: TimFriend[]; failureUserIDList: TimFriendFailure[] }> {
  return friendProfiles(tim, [...new Set(check.getFriendProfile(tim, options))]);
}

async function friendProfiles(tim: TimCore, ids: readonly string[]): Promise<{ friendList: TimFriend[]; failureUserIDList: TimFriendFailure[] }> {
  const failureUserIDList = ids.filter((id) => !isFriend(tim, id)).map(notMyFriend);
  const friends = ids.filter((id) => isFriend(tim, id));
  const client = tim.client;
  const friendList: TimFriend[] = [];
  for (const part of chunks(friends, GET_BATCH)) {
    const fetched = await contactsOf(client).getFriends(part);
    for (const f of fetched) friendList.push(timFriend(client, f));
    // Unfriended meanwhile: the server leaves them out.
    const got = new Set(fetched.map((f) => f.friendId));
    failureUserIDList.push(...part.filter((id) => !got.has(id)).map(notMyFriend));
  }
  return { friendList, failureUserIDList };
}

/**
 * Updates a friend's remark and custom fields (keys `Tag_SNS_Custom_*`, keyword ≤ 8, string
 * values); resolves the updated Friend. A non-friend is refused with 2700.
 */
export function updateFriend(tim: TimCore, options: UPDATE_FRIEND_OPTIONS): Promise<TimFriend> {
  const { userID, remark, fields } = check.updateFriend(tim, options);
  if (!isFriend(tim, userID)) return Promise.reject(new TimError({ code: TimCode.NOT_MY_FRIEND, message: 'not your friend' }));
  const client = tim.client;
  const patch = { ...(remark !== undefined ? { remark } : {}), ...(fields.length > 0 ? { customFields: coreCustomFields(SNS_CUSTOM_PREFIX, fields) } : {}) };
  const updated = Object.keys(patch).length > 0 ? mapped(contactsOf(client).update(userID, patch), { [ClientCode.NOT_FRIENDS]: TimCode.NOT_MY_FRIEND }) : Promise.resolve(client.store.friends.get(userID));
  return updated.then((friend) => timFriend(client, friend ?? { friendId: userID }));
}
