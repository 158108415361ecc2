import { ClientCode, contactsOf } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimFriendApplication } from '../../convert/profile.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import type { ACCEPT_FRIEND_APPLICATION_OPTIONS, DELETE_FRIEND_APPLICATION_OPTIONS, REFUSE_FRIEND_APPLICATION_OPTIONS } from '../../types.js';
import * as check from './checks.js';
import { mapped } from './params.js';
import { fillProfiles, relationsState, timApplications } from './state.js';

/** A request that is gone or already answered is "not found" to tim-js-sdk. */
const NOT_FOUND = { [ClientCode.NOT_FOUND]: TimCode.FRIEND_APPLICATION_NOT_EXIST, [ClientCode.ALREADY_HANDLED]: TimCode.FRIEND_APPLICATION_NOT_EXIST };

/** The pending friend requests, received and sent (newest first), and the unread count of received ones. */
export async function getFriendApplicationList(tim: TimCore): Promise<{ friendApplicationList: TimFriendApplication[]; unreadCount: number }> {
  const client = tim.client;
  const self = client.userId;
  const parties = contactsOf(client)
    .requests()
    .map((r) => (r.toId === self ? r.fromId : r.toId) ?? '');
  await fillProfiles(tim, relationsState(tim, client), parties);
  return timApplications(client);
}

/**
 * Accepts the request from `userID`: both ways by default (`SNS_APPLICATION_AGREE_AND_ADD`),
 * or only as the applicant asked with `SNS_APPLICATION_AGREE`.
 */
export function acceptFriendApplication(tim: TimCore, options: ACCEPT_FRIEND_APPLICATION_OPTIONS): Promise<void> {
  const { o, userID, remark } = check.acceptFriendApplication(tim, options);
  const action = o.type === TYPES.SNS_APPLICATION_AGREE ? 'accept' : 'acceptAndAdd';
  return mapped(contactsOf(tim.client).respond(userID, action, remark ? { remark } : {}), NOT_FOUND);
}

/** Refuses the request from `userID`. */
export function refuseFriendApplication(tim: TimCore, options: REFUSE_FRIEND_APPLICATION_OPTIONS): Promise<void> {
  const { userID } = check.refuseFriendApplication(tim, options);
  return mapped(contactsOf(tim.client).respond(userID, 'refuse'), NOT_FOUND);
}

/**
 * Deletes a pending request: received from `userID` (default, `SNS_APPLICATION_SENT_TO_ME`) or
 * sent to them (`SNS_APPLICATION_SENT_BY_ME`). One not in the list is refused with 2716.
 */
export function deleteFriendApplication(tim: TimCore, options: DELETE_FRIEND_APPLICATION_OPTIONS): Promise<void> {
  const { o, userID } = check.deleteFriendApplication(tim, options);
  const type = (o.type === TYPES.SNS_APPLICATION_SENT_BY_ME ? TYPES.SNS_APPLICATION_SENT_BY_ME : TYPES.SNS_APPLICATION_SENT_TO_ME) as string;
  const client = tim.client;
  const listed = timApplications(client).friendApplicationList.some((a) => a.userID === userID && a.type === type);
  if (!listed) return Promise.reject(new TimError({ code: TimCode.FRIEND_APPLICATION_NOT_EXIST, message: 'no such friend application' }));
  return mapped(contactsOf(client).deleteRequest(userID, type === (TYPES.SNS_APPLICATION_SENT_BY_ME as string) ? 'out' : 'in'), NOT_FOUND);
}

/** Marks every received request read (the unread count drops to 0). */
export async function setFriendApplicationRead(tim: TimCore): Promise<void> {
  await contactsOf(tim.client).markRequestsRead();
}
