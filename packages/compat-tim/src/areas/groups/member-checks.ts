/**
 * The argument checks of the groups area's member and topic methods (see `checks.ts` for why
 * they are in the page's first download).
 */
import type { Group } from '@parley/core';
import { TOPIC_CUSTOM_DATA_KEY } from '../../convert/group.js';
import type { TimCore } from '../../core.js';
import { paramsError, TimCode, TimError } from '../../errors.js';
import { groupOptions, type Options } from './checks.js';
import { optionalString, requireGroupID, stringList } from './state.js';

/** tim-js-sdk's page size and cap for `getGroupMemberList` (tim.md §6.14). */
const MEMBER_PAGE = { default: 15, max: 100 } as const;
const MAX_PROFILE_IDS = 50;
const MAX_ADD_IDS = 500;

/** A non-empty list of user ids (`userIDList`), cut to `max`. */
function userList(o: Options, max = Number.POSITIVE_INFINITY): string[] {
  const userIds = stringList(o.userIDList, 'userIDList').slice(0, max);
  if (userIds.length === 0) throw paramsError('userIDList');
  return userIds;
}

function count(value: unknown): number {
  if (value === undefined || value === null) return MEMBER_PAGE.default;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw paramsError('count');
  return Math.min(n, MEMBER_PAGE.max);
}

function offset(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw paramsError('offset');
  return n;
}

/** `getGroupMemberList`: the group and the page (`count` default 15, at most 100). */
export function getGroupMemberList(_tim: TimCore, options: unknown): { o: Options; id: string; page: { offset: number; count: number } } {
  const { o, id } = groupOptions(options);
  return { o, id, page: { offset: offset(o.offset), count: count(o.count) } };
}

/** `getGroupMemberProfile`: the group, at most 50 users, and the custom fields wanted. */
export function getGroupMemberProfile(_tim: TimCore, options: unknown): { id: string; userIds: string[]; filter: string[] } {
  const { o, id } = groupOptions(options);
  const userIds = userList(o, MAX_PROFILE_IDS);
  return { id, userIds, filter: stringList(o.memberCustomFieldFilter, 'memberCustomFieldFilter') };
}

/** `addGroupMember`: the group and at most 500 users. */
export function addGroupMember(_tim: TimCore, options: unknown): { id: string; userIds: string[] } {
  const { o, id } = groupOptions(options);
  return { id, userIds: userList(o, MAX_ADD_IDS) };
}

/** `deleteGroupMember`: the group, the users and the reason. */
export function deleteGroupMember(_tim: TimCore, options: unknown): { o: Options; id: string; userIds: string[]; reason: string } {
  const { o, id } = groupOptions(options);
  const userIds = userList(o);
  return { o, id, userIds, reason: optionalString(o, 'reason') ?? '' };
}

/** `setGroupMemberMuteTime`: the group, the member and whole seconds; muting oneself is refused (2685). */
export function setGroupMemberMuteTime(tim: TimCore, options: unknown): { id: string; userId: string; secs: number } {
  const { o, id } = groupOptions(options);
  const userId = requireGroupID(o.userID, 'userID');
  const muteTime = Number(o.muteTime);
  if (!Number.isFinite(muteTime) || muteTime < 0) throw paramsError('muteTime');
  if (userId === tim.userId) throw new TimError({ code: TimCode.CANNOT_MUTE_SELF });
  return { id, userId, secs: Math.floor(muteTime) };
}

/** `setGroupMemberRole`: the group and the member. */
export function setGroupMemberRole(_tim: TimCore, options: unknown): { o: Options; id: string; userId: string } {
  const { o, id } = groupOptions(options);
  return { o, id, userId: requireGroupID(o.userID, 'userID') };
}

/** `setGroupMemberNameCard`: the group, the name card and the member (default: the user). */
export function setGroupMemberNameCard(tim: TimCore, options: unknown): { id: string; nameCard: string; userId: string } {
  const { o, id } = groupOptions(options);
  const nameCard = optionalString(o, 'nameCard');
  if (nameCard === undefined) throw paramsError('nameCard');
  return { id, nameCard, userId: optionalString(o, 'userID') || tim.userId };
}

/** `setGroupMemberCustomField`: the group, the fields and the member (default: the user). */
export function setGroupMemberCustomField(tim: TimCore, options: unknown): { o: Options; id: string; userId: string } {
  const { o, id } = groupOptions(options);
  if (!Array.isArray(o.memberCustomField)) throw paramsError('memberCustomField');
  return { o, id, userId: optionalString(o, 'userID') || tim.userId };
}

/** `markGroupMemberList`: the AVChatRoom, 1–500 users, the mark and whether to set it. */
export function markGroupMemberList(_tim: TimCore, options: unknown): { id: string; userIds: string[]; markType: number; enable: boolean } {
  const { o, id } = groupOptions(options);
  const userIds = stringList(o.userIDList, 'userIDList');
  const markType = Number(o.markType);
  if (userIds.length === 0 || userIds.length > MAX_ADD_IDS) throw paramsError('userIDList');
  if (!Number.isInteger(markType)) throw paramsError('markType');
  const enable = o.enableMark;
  if (typeof enable !== 'boolean') throw paramsError('enableMark');
  return { id, userIds, markType, enable };
}

type TopicFields = Partial<Pick<Group, 'name' | 'introduction' | 'notification' | 'avatar' | 'muteAll' | 'customFields'>>;

/** The topic profile fields of a TIM call (those given). */
function topicFields(o: Options): TopicFields {
  const fields: TopicFields = {};
  const name = optionalString(o, 'topicName');
  const introduction = optionalString(o, 'introduction');
  const notification = optionalString(o, 'notification');
  const avatar = optionalString(o, 'avatar');
  const customData = optionalString(o, 'customData');
  if (name !== undefined) fields.name = name;
  if (introduction !== undefined) fields.introduction = introduction;
  if (notification !== undefined) fields.notification = notification;
  if (avatar !== undefined) fields.avatar = avatar;
  // TIM's single customData string rides in the core's custom fields.
  if (customData !== undefined) fields.customFields = { [TOPIC_CUSTOM_DATA_KEY]: JSON.stringify(customData) };
  if (o.muteAllMembers !== undefined) {
    if (typeof o.muteAllMembers !== 'boolean') throw paramsError('muteAllMembers');
    fields.muteAll = o.muteAllMembers;
  }
  return fields;
}

/** `createTopicInCommunity`: the community, the topic's fields (a name is required) and its id, if given. */
export function createTopicInCommunity(_tim: TimCore, options: unknown): { id: string; fields: TopicFields; topicID: string | undefined } {
  const { o, id } = groupOptions(options);
  const fields = topicFields(o);
  if (!fields.name) throw paramsError('topicName');
  return { id, fields, topicID: optionalString(o, 'topicID') };
}

/** `deleteTopicFromCommunity` and `getTopicList`: the community and the topics (none: all). */
export function getTopicList(_tim: TimCore, options: unknown): { id: string; topicIds: string[] } {
  const { o, id } = groupOptions(options);
  return { id, topicIds: stringList(o.topicIDList, 'topicIDList') };
}

export const deleteTopicFromCommunity = getTopicList;

/** `updateTopicProfile`: the community, the topic and the fields given. */
export function updateTopicProfile(_tim: TimCore, options: unknown): { id: string; topicId: string; fields: TopicFields } {
  const { o, id } = groupOptions(options);
  const topicId = requireGroupID(o.topicID, 'topicID');
  return { id, topicId, fields: topicFields(o) };
}
