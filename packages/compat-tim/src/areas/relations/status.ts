import { ClientCode, contactsOf, isParleyError } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimCore } from '../../core.js';
import { TimServerCode } from '../../errors.js';
import type { GET_USER_STATUS_OPTIONS, SET_SELF_STATUS_OPTIONS, SUBSCRIBE_USER_STATUS_OPTIONS, UNSUBSCRIBE_USER_STATUS_OPTIONS } from '../../types.js';
import * as check from './checks.js';
import { capped } from './params.js';
import { timStatusType } from './state.js';

/** One user's status as tim-js-sdk reports it (`USER_STATUS_*`). */
export interface TimUserStatus {
  userID: string;
  statusType: number;
  customStatus: string;
}

/** A user a status call could not serve. */
export interface TimUserFailure {
  userID: string;
  code: number;
  message: string;
}

// tim-js-sdk's limits (it keeps the first ones and warns).
const MAX_QUERY = 500;
const MAX_SUBSCRIBE = 100;

/** Sets the own custom status; resolves the own status, as the vendor does. */
export function setSelfStatus(tim: TimCore, options: SET_SELF_STATUS_OPTIONS): Promise<TimUserStatus> {
  const customStatus = check.setSelfStatus(tim, options);
  const client = tim.client;
  return contactsOf(client)
    .setCustomStatus(customStatus)
    .then(() => ({ userID: client.userId, statusType: TYPES.USER_STATUS_ONLINE as number, customStatus }));
}

/**
 * Statuses of users (at most 500; the rest are dropped as the vendor does). The caller is
 * answered locally as online. Users the server does not answer for are failures.
 */
export function getUserStatus(tim: TimCore, options: GET_USER_STATUS_OPTIONS): Promise<{ successUserList: TimUserStatus[]; failureUserList: TimUserFailure[] }> {
  return statusesOf(tim, [...new Set(check.getUserStatus(tim, options))]);
}

async function statusesOf(tim: TimCore, ids: readonly string[]): Promise<{ successUserList: TimUserStatus[]; failureUserList: TimUserFailure[] }> {
  const client = tim.client;
  const contacts = contactsOf(client);
  const self = client.userId;
  const successUserList: TimUserStatus[] = [];
  if (ids.includes(self)) {
    successUserList.push({ userID: self, statusType: TYPES.USER_STATUS_ONLINE as number, customStatus: contacts.presence(self)?.customStatus ?? '' });
  }
  const others = capped(
    ids.filter((id) => id !== self),
    MAX_QUERY,
  );
  if (others.length === 0) return { successUserList, failureUserList: [] };
  const answered = new Map((await contacts.queryPresence(others)).map((p) => [p.userId ?? '', p]));
  const failureUserList: TimUserFailure[] = [];
  for (const id of others) {
    const p = answered.get(id);
    // The server answers UNKNOWN only for ids of no user: those are the vendor's failures.
    if (p?.status) successUserList.push({ userID: id, statusType: timStatusType(p.status), customStatus: p.customStatus ?? '' });
    else failureUserList.push(noSuchUser(id));
  }
  return { successUserList, failureUserList };
}

const noSuchUser = (userID: string): TimUserFailure => ({ userID, code: TimServerCode.INVALID_ACCOUNT, message: 'no such user' });

/**
 * Subscribes to users' status changes (at most 100), which arrive as USER_STATUS_UPDATED.
 * Resolves `{failureUserList}`: the ids of no user.
 */
export function subscribeUserStatus(tim: TimCore, options: SUBSCRIBE_USER_STATUS_OPTIONS): Promise<{ failureUserList: TimUserFailure[] }> {
  return subscribe(tim, capped([...new Set(check.subscribeUserStatus(tim, options))], MAX_SUBSCRIBE));
}

async function subscribe(tim: TimCore, ids: readonly string[]): Promise<{ failureUserList: TimUserFailure[] }> {
  if (ids.length === 0) return { failureUserList: [] };
  const contacts = contactsOf(tim.client);
  try {
    await contacts.subscribePresence(ids);
    return { failureUserList: [] };
  } catch (error) {
    // The server refuses the whole batch for one unknown id; the vendor reports that id alone.
    if (!isParleyError(error) || error.code !== ClientCode.USER_NOT_FOUND) throw error;
  }
  const known = new Set((await contacts.queryPresence(ids)).filter((p) => p.status).map((p) => p.userId ?? ''));
  const subscribable = ids.filter((id) => known.has(id));
  if (subscribable.length > 0) await contacts.subscribePresence(subscribable);
  return { failureUserList: ids.filter((id) => !known.has(id)).map(noSuchUser) };
}

/** Ends subscriptions: of the users given (at most 100), or all of them when none are given. */
export function unsubscribeUserStatus(tim: TimCore, options?: UNSUBSCRIBE_USER_STATUS_OPTIONS): Promise<{ failureUserList: TimUserFailure[] }> {
  const ids = capped([...new Set(check.unsubscribeUserStatus(tim, options))], MAX_SUBSCRIBE);
  return contactsOf(tim.client)
    .unsubscribePresence(ids.length > 0 ? ids : undefined)
    .then(() => ({ failureUserList: [] }));
}
