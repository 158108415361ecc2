/**
 * The argument checks of the relations area, whose methods load on first use. tim-js-sdk's
 * facade throws synchronously for invalid arguments; these checks stay in the page's first
 * download so that a call made before the area has loaded still throws at once. Each method
 * runs its check again when it runs: one rule, in one place.
 */
import { SNS_CUSTOM_PREFIX, type TimCustomField } from '../../convert/profile.js';
import type { TimCore } from '../../core.js';
import { paramsError } from '../../errors.js';
import { optionalIds, optionalString, optionsOf, requireIds, requireString } from './params.js';

type Options = Record<string, unknown>;

/** `getUserProfile`: the options, whose `userIDList` must be an array. */
export function getUserProfile(_tim: TimCore, options: unknown): unknown[] {
  const o = optionsOf(options);
  if (!Array.isArray(o.userIDList)) throw paramsError('userIDList');
  return o.userIDList;
}

/** `updateMyProfile`: the options; `profileCustomField`, when given, is an array. */
export function updateMyProfile(_tim: TimCore, options: unknown): Options {
  const o = optionsOf(options);
  const custom = o.profileCustomField;
  if (custom !== undefined && custom !== null && custom !== '' && !Array.isArray(custom)) throw paramsError('profileCustomField');
  return o;
}

/** `addToBlacklist`, `removeFromBlacklist`, `deleteFriend`, `checkFriend`, `getFriendProfile`: a non-empty `userIDList`. */
export function addToBlacklist(_tim: TimCore, options: unknown): string[] {
  return requireIds(optionsOf(options));
}

export const removeFromBlacklist = addToBlacklist;
export const deleteFriend = addToBlacklist;
export const checkFriend = addToBlacklist;
export const getFriendProfile = addToBlacklist;

/** `setSelfStatus`: the custom status ('' when not given). */
export function setSelfStatus(_tim: TimCore, options: unknown): string {
  return optionalString(optionsOf(options), 'customStatus') ?? '';
}

/** `getUserStatus` and `subscribeUserStatus`: the user ids (none given: `[]`). */
export function getUserStatus(_tim: TimCore, options: unknown): string[] {
  return optionalIds(optionsOf(options));
}

export const subscribeUserStatus = getUserStatus;

/** `unsubscribeUserStatus`: the user ids (none: every subscription). */
export function unsubscribeUserStatus(_tim: TimCore, options?: unknown): string[] {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) throw paramsError('options');
  return optionalIds((options ?? {}) as Options);
}

/** A remark: at most 96 characters. */
function remarkOf(o: Options): string | undefined {
  const remark = optionalString(o, 'remark');
  if (remark !== undefined && remark.length > 96) throw paramsError('remark');
  return remark;
}

/** `addFriend`: the target, the source (`AddSource_Type_` and a keyword of at most 8 characters) and the optional texts. */
export function addFriend(_tim: TimCore, options: unknown) {
  const o = optionsOf(options);
  const to = requireString(o, 'to');
  const source = requireString(o, 'source');
  if (!source.startsWith('AddSource_Type_') || source.length - 'AddSource_Type_'.length > 8) throw paramsError('source');
  const remark = remarkOf(o);
  return { o, to, source, remark, wording: optionalString(o, 'wording'), groupName: optionalString(o, 'groupName') };
}

/** Friend custom fields: `Tag_SNS_Custom_` keys of at most 8 characters after the prefix, string values. */
function friendFields(value: unknown): TimCustomField[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw paramsError('friendCustomField');
  for (const field of value as Array<Partial<TimCustomField> | null>) {
    const key = field?.key;
    if (typeof key !== 'string' || !key.includes(SNS_CUSTOM_PREFIX)) throw paramsError('friendCustomField');
    if (typeof field?.value !== 'string') throw paramsError('friendCustomField');
    if (key.replace(`${SNS_CUSTOM_PREFIX}_`, '').length > 8) throw paramsError('friendCustomField');
  }
  return value as TimCustomField[];
}

/** `updateFriend`: the friend, the remark and the custom fields. */
export function updateFriend(_tim: TimCore, options: unknown): { userID: string; remark: string | undefined; fields: TimCustomField[] } {
  const o = optionsOf(options);
  const userID = requireString(o, 'userID');
  const remark = remarkOf(o);
  return { userID, remark, fields: friendFields(o.friendCustomField) };
}

/** `acceptFriendApplication`: the options, the applicant and the remark. */
export function acceptFriendApplication(_tim: TimCore, options: unknown): { o: Options; userID: string; remark: string | undefined } {
  const o = optionsOf(options);
  const userID = requireString(o, 'userID');
  return { o, userID, remark: optionalString(o, 'remark') };
}

/** `refuseFriendApplication` and `deleteFriendApplication`: the options and the other party. */
export function refuseFriendApplication(_tim: TimCore, options: unknown): { o: Options; userID: string } {
  const o = optionsOf(options);
  return { o, userID: requireString(o, 'userID') };
}

export const deleteFriendApplication = refuseFriendApplication;

/** `createFriendGroup`: the name and the users (none: `[]`). */
export function createFriendGroup(_tim: TimCore, options: unknown): { name: string; ids: string[] } {
  const o = optionsOf(options);
  const name = requireString(o, 'name');
  return { name, ids: optionalIds(o) };
}

/** `deleteFriendGroup`: the name. */
export function deleteFriendGroup(_tim: TimCore, options: unknown): string {
  return requireString(optionsOf(options), 'name');
}

/** `renameFriendGroup`: the old name and the new one. */
export function renameFriendGroup(_tim: TimCore, options: unknown): { oldName: string; newName: string } {
  const o = optionsOf(options);
  const oldName = requireString(o, 'oldName');
  return { oldName, newName: requireString(o, 'newName') };
}

/** `addToFriendGroup` and `removeFromFriendGroup`: the name and a non-empty `userIDList`. */
export function addToFriendGroup(_tim: TimCore, options: unknown): { name: string; ids: string[] } {
  const o = optionsOf(options);
  const name = requireString(o, 'name');
  return { name, ids: requireIds(o) };
}

export const removeFromFriendGroup = addToFriendGroup;
