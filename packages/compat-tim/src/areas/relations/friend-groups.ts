import { ClientCode, contactsOf, type FriendGroup } from '@parley/core';
import { type TimFriendGroup, toTimFriendGroup } from '../../convert/profile.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import type { ADD_TO_FRIEND_GROUP_OPTIONS, CREATE_FRIEND_GROUP_OPTIONS, DELETE_FRIEND_GROUP_OPTIONS, REMOVE_FROM_FRIEND_GROUP_OPTIONS, RENAME_FRIEND_GROUP_OPTIONS } from '../../types.js';
import * as check from './checks.js';
import { mapped } from './params.js';
import { timFriendGroups } from './state.js';

/** A user a friend-group call left out, as tim-js-sdk reports it (`to`, and `userID` for convenience). */
export interface TimGroupFailure {
  to: string;
  userID: string;
  code: number;
  message: string;
}

/** Result of the calls that edit a group's members. */
export interface TimFriendGroupResult {
  friendGroup: TimFriendGroup;
  failureUserIDList: TimGroupFailure[];
}

const EXISTS = { [ClientCode.ALREADY_EXISTS]: TimCode.FRIEND_GROUP_EXISTED, [ClientCode.NOT_FOUND]: TimCode.FRIEND_GROUP_NOT_EXIST };

const existed = () => new TimError({ code: TimCode.FRIEND_GROUP_EXISTED, message: 'a friend group with this name exists' });
const missing = () => new TimError({ code: TimCode.FRIEND_GROUP_NOT_EXIST, message: 'no such friend group' });
const heldGroup = (tim: TimCore, name: string): FriendGroup | undefined => tim.client.store.friendGroups.get(name);
const isFriend = (tim: TimCore, userId: string): boolean => tim.client.store.friends.get(userId) !== undefined;

/** The friend groups, as synced. */
export function getFriendGroupList(tim: TimCore): TimFriendGroup[] {
  return timFriendGroups(tim.client);
}

/** Creates a friend group; users who are not friends are reported in `failureUserIDList`. */
export function createFriendGroup(tim: TimCore, options: CREATE_FRIEND_GROUP_OPTIONS): Promise<TimFriendGroupResult> {
  const { name, ids: asked } = check.createFriendGroup(tim, options);
  const ids = [...new Set(asked)];
  if (heldGroup(tim, name)) return Promise.reject(existed());
  const friends = ids.filter((id) => isFriend(tim, id));
  return mapped(contactsOf(tim.client).createFriendGroup(name, friends), EXISTS).then((group) => result(group, ids));
}

/** Deletes a friend group (its friends stay friends); resolves the group, emptied. */
export function deleteFriendGroup(tim: TimCore, options: DELETE_FRIEND_GROUP_OPTIONS): Promise<TimFriendGroup> {
  const name = check.deleteFriendGroup(tim, options);
  if (!heldGroup(tim, name)) return Promise.reject(missing());
  return mapped(contactsOf(tim.client).deleteFriendGroup(name), EXISTS).then(() => ({ name, userIDList: [], count: 0 }));
}

/** Renames a friend group; resolves it under its new name. */
export function renameFriendGroup(tim: TimCore, options: RENAME_FRIEND_GROUP_OPTIONS): Promise<TimFriendGroup> {
  const { oldName, newName } = check.renameFriendGroup(tim, options);
  if (!heldGroup(tim, oldName)) return Promise.reject(missing());
  if (oldName !== newName && heldGroup(tim, newName)) return Promise.reject(existed());
  return mapped(contactsOf(tim.client).renameFriendGroup(oldName, newName), EXISTS).then(() => toTimFriendGroup(heldGroup(tim, newName) ?? { name: newName }));
}

/** Adds friends to a group; users who are not friends are left out (and reported). */
export function addToFriendGroup(tim: TimCore, options: ADD_TO_FRIEND_GROUP_OPTIONS): Promise<TimFriendGroupResult> {
  return editMembers(tim, options, true);
}

/** Removes friends from a group. */
export function removeFromFriendGroup(tim: TimCore, options: REMOVE_FROM_FRIEND_GROUP_OPTIONS): Promise<TimFriendGroupResult> {
  return editMembers(tim, options, false);
}

function editMembers(tim: TimCore, options: ADD_TO_FRIEND_GROUP_OPTIONS | REMOVE_FROM_FRIEND_GROUP_OPTIONS, add: boolean): Promise<TimFriendGroupResult> {
  const { name, ids: asked } = check.addToFriendGroup(tim, options);
  const ids = [...new Set(asked)];
  const held = heldGroup(tim, name);
  if (!held) return Promise.reject(missing());
  // tim-js-sdk sends only its friends; with none left there is nothing to ask.
  const friends = ids.filter((id) => isFriend(tim, id));
  const contacts = contactsOf(tim.client);
  const edited = friends.length === 0 ? Promise.resolve(held) : mapped(add ? contacts.addToFriendGroup(name, friends) : contacts.removeFromFriendGroup(name, friends), EXISTS);
  return edited.then((group) => (add ? result(group, ids) : { friendGroup: toTimFriendGroup(group), failureUserIDList: notFriends(tim, ids) }));
}

/** The group, and the asked users that did not end up in it. */
function result(group: FriendGroup, asked: readonly string[]): TimFriendGroupResult {
  const inside = new Set(group.userIds ?? []);
  const failureUserIDList = asked.filter((id) => !inside.has(id)).map((id) => failure(id));
  return { friendGroup: toTimFriendGroup(group), failureUserIDList };
}

function notFriends(tim: TimCore, ids: readonly string[]): TimGroupFailure[] {
  return ids.filter((id) => !isFriend(tim, id)).map((id) => failure(id));
}

const failure = (id: string): TimGroupFailure => ({ to: id, userID: id, code: TimCode.NOT_MY_FRIEND, message: 'not your friend' });
