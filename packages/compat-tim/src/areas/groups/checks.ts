/**
 * The argument checks of the groups area, whose methods load on first use. tim-js-sdk's facade
 * throws synchronously for invalid arguments (and rejects at once for the refusals it decides
 * locally before asking the server); these checks stay in the page's first download so that a
 * call made before the area has loaded behaves the same. Each method runs its check again when
 * it runs, in the same order as before: one rule, in one place. The member and topic methods'
 * checks are in `member-checks.ts`.
 */
import { TYPES } from '../../constants.js';
import { TIM_GROUP_TYPES } from '../../convert/group.js';
import type { TimCore } from '../../core.js';
import { paramsError, TimCode, TimError } from '../../errors.js';
import { optionalString, requireGroupID, requireOptions, stringList } from './state.js';

/** The id prefix tim-js-sdk reserves for communities (tim.md §6.12). */
const COMMUNITY_PREFIX = '@TGS#_';

/** An options argument, as a record to read fields from. */
export type Options = Record<string, unknown>;

/** A non-negative number option, floored, or undefined when not given. */
function optionalNumber(options: Options, field: string): number | undefined {
  const value = options[field];
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw paramsError(field);
  return Math.floor(n);
}

/** The options and the group they name. */
export function groupOptions(options: unknown): { o: Options; id: string } {
  const o = requireOptions(options);
  return { o, id: requireGroupID(o.groupID) };
}

/** `createGroup`: the fields of the group to make; 2600 for a type TIM does not have, 2602 for a community id on another type. */
export function createGroup(_tim: TimCore, options: unknown) {
  const o = requireOptions(options);
  const name = optionalString(o, 'name');
  if (!name) throw paramsError('name');
  const type = o.type === undefined || o.type === null || o.type === '' ? 'Private' : String(o.type);
  if (!TIM_GROUP_TYPES.has(type)) throw new TimError({ code: TimCode.ILLEGAL_GROUP_TYPE });
  const groupID = optionalString(o, 'groupID');
  if (groupID?.startsWith(COMMUNITY_PREFIX) && type !== 'Community') throw new TimError({ code: TimCode.ILLEGAL_GROUP_ID });
  const members = type === 'AVChatRoom' ? [] : Array.isArray(o.memberList) ? (o.memberList as Options[]) : [];
  if (members.some((m) => !m || typeof m.userID !== 'string' || !m.userID)) throw paramsError('memberList');
  return {
    o,
    name,
    type,
    groupID,
    members,
    introduction: optionalString(o, 'introduction'),
    notification: optionalString(o, 'notification'),
    avatar: optionalString(o, 'avatar'),
    maxMemberNum: optionalNumber(o, 'maxMemberNum'),
  };
}

/** `dismissGroup`, `searchGroupByID`, `quitGroup`, `getGroupOnlineMemberCount`: the group id. */
export function dismissGroup(_tim: TimCore, groupID: unknown): string {
  return requireGroupID(groupID);
}

export const searchGroupByID = dismissGroup;
export const quitGroup = dismissGroup;
export const getGroupOnlineMemberCount = dismissGroup;

/** `getGroupProfile`: the group and the custom fields wanted. */
export function getGroupProfile(_tim: TimCore, options: unknown): { id: string; filter: string[] } {
  const { o, id } = groupOptions(options);
  return { id, filter: stringList(o.groupCustomFieldFilter, 'groupCustomFieldFilter') };
}

/** `updateGroupProfile`: the group and the profile fields given. */
export function updateGroupProfile(_tim: TimCore, options: unknown) {
  const { o, id } = groupOptions(options);
  if (o.muteAllMembers !== undefined && typeof o.muteAllMembers !== 'boolean') throw paramsError('muteAllMembers');
  return {
    o,
    id,
    fields: {
      name: optionalString(o, 'name'),
      introduction: optionalString(o, 'introduction'),
      notification: optionalString(o, 'notification'),
      avatar: optionalString(o, 'avatar'),
      maxMemberCount: optionalNumber(o, 'maxMemberNum'),
    },
  };
}

/** `joinGroup`: the group, the application text and the type named; work groups cannot be joined (2601). */
export function joinGroup(_tim: TimCore, options: unknown): { id: string; applyMessage: string; type: string | undefined } {
  const { o, id } = groupOptions(options);
  const applyMessage = optionalString(o, 'applyMessage') ?? '';
  const type = o.type === undefined || o.type === null ? undefined : String(o.type);
  if (type === TYPES.GRP_WORK) throw new TimError({ code: TimCode.CANNOT_JOIN_WORK });
  return { id, applyMessage, type };
}

/** `changeGroupOwner`: the group and the new owner. */
export function changeGroupOwner(_tim: TimCore, options: unknown): { id: string; newOwnerID: string } {
  const { o, id } = groupOptions(options);
  return { id, newOwnerID: requireGroupID(o.newOwnerID, 'newOwnerID') };
}

/** Reads a string field of an untyped object. */
function str(from: unknown, key: string): string {
  const value = (from as Options | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

/** An application, named by its id or by its group and applicant, and the notice that carried it. */
export interface ApplicationRef {
  ref: string | { groupId: string; applicantId: string };
  groupId: string;
  message?: { ID?: unknown };
}

/**
 * The application a notice message or an `applicationList` item names: its id (the notice's
 * `authentication`/`messageKey`), else its group and applicant.
 */
function applicationOf(o: Options): ApplicationRef {
  const message = o.message as { ID?: unknown; payload?: Options } | undefined;
  const application = o.application as Options | undefined;
  if (message && typeof message === 'object' && message.payload) {
    const payload = message.payload;
    const groupId = str(payload.groupProfile, 'groupID');
    const id = str(payload, 'authentication') || str(payload, 'messageKey');
    if (id) return { ref: id, groupId, message };
    if (groupId && str(payload, 'operatorID')) return { ref: { groupId, applicantId: str(payload, 'operatorID') }, groupId, message };
    throw paramsError('message');
  }
  if (application && typeof application === 'object') {
    const groupId = str(application, 'groupID');
    const id = str(application, 'authentication') || str(application, 'messageKey');
    if (id) return { ref: id, groupId };
    if (groupId && str(application, 'applicant')) return { ref: { groupId, applicantId: str(application, 'applicant') }, groupId };
    throw paramsError('application');
  }
  throw paramsError('message');
}

/** `handleGroupApplication`: `Agree` or `Reject`, the answer's text, and the application. */
export function handleGroupApplication(_tim: TimCore, options: unknown): ApplicationRef & { agree: boolean; handleMessage: string } {
  const o = requireOptions(options);
  if (o.handleAction !== 'Agree' && o.handleAction !== 'Reject') throw paramsError('handleAction');
  const handleMessage = optionalString(o, 'handleMessage') ?? '';
  return { agree: o.handleAction === 'Agree', handleMessage, ...applicationOf(o) };
}

/** `callExperimentalAPI`: `handleGroupInvitation` takes the options of `handleGroupApplication`. */
export function callExperimentalAPI(tim: TimCore, api: unknown, options?: unknown): void {
  if (api === 'handleGroupInvitation') handleGroupApplication(tim, options);
}

/** A `groupAttributes` argument: an object of string values. */
function attributeMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw paramsError('groupAttributes');
  const entries = Object.entries(value as Options);
  if (entries.some(([, v]) => typeof v !== 'string')) throw paramsError('groupAttributes');
  return Object.fromEntries(entries) as Record<string, string>;
}

/** `initGroupAttributes` and `setGroupAttributes`: the attributes and the AVChatRoom. */
export function setGroupAttributes(_tim: TimCore, options: unknown): { entries: Record<string, string>; id: string } {
  const o = requireOptions(options);
  const entries = attributeMap(o.groupAttributes);
  return { entries, id: requireGroupID(o.groupID) };
}

export const initGroupAttributes = setGroupAttributes;

/** `deleteGroupAttributes`: the keys (none: all) and the AVChatRoom. */
export function deleteGroupAttributes(_tim: TimCore, options: unknown): { keys: string[]; id: string } {
  const o = requireOptions(options);
  if (!Array.isArray(o.keyList)) throw paramsError('keyList');
  const keys = stringList(o.keyList, 'keyList');
  return { keys, id: requireGroupID(o.groupID) };
}

/** `getGroupAttributes`: the keys (none: all) and the AVChatRoom. */
export function getGroupAttributes(_tim: TimCore, options: unknown): { keys: string[]; id: string } {
  const o = requireOptions(options);
  const keys = stringList(o.keyList, 'keyList');
  return { keys, id: requireGroupID(o.groupID) };
}

function counterValue(value: unknown, field: string): number {
  const n = Number(value);
  if (typeof value !== 'number' || !Number.isInteger(n)) throw paramsError(field);
  return n;
}

/** `setGroupCounters`: the group and the counters to set (key → integer). */
export function setGroupCounters(_tim: TimCore, options: unknown): { id: string; counters: Record<string, number> } {
  const { o, id } = groupOptions(options);
  if (!o.counters || typeof o.counters !== 'object' || Array.isArray(o.counters)) throw paramsError('counters');
  return { id, counters: Object.fromEntries(Object.entries(o.counters as Options).map(([k, v]) => [k, counterValue(v, 'counters')])) };
}

/** `increaseGroupCounter` and `decreaseGroupCounter`: the group, the counter and a step of at least 0. */
export function increaseGroupCounter(_tim: TimCore, options: unknown): { id: string; key: string; by: number } {
  const { o, id } = groupOptions(options);
  const key = requireGroupID(o.key, 'key');
  const by = counterValue(o.value, 'value');
  if (by < 0) throw paramsError('value');
  return { id, key, by };
}

export const decreaseGroupCounter = increaseGroupCounter;

/** `getGroupCounters`, `deleteTopicFromCommunity`, `getTopicList`: the group and a list (`keyList` or `topicIDList`). */
export function getGroupCounters(_tim: TimCore, options: unknown): { id: string; keys: string[] } {
  const { o, id } = groupOptions(options);
  return { id, keys: stringList(o.keyList, 'keyList') };
}
