import { type Group, GroupType, groupsOf } from '@parley/core';
import { TOPIC_CUSTOM_DATA_KEY, type TimGroup, type TimTopic, toTimTopic } from '../../convert/group.js';
import type { TimCore } from '../../core.js';
import { paramsError } from '../../errors.js';
import { noteGroup, optionalString, requireGroupID, requireOptions, stringList, timGroupOf } from './state.js';

type TopicFields = Partial<Pick<Group, 'name' | 'introduction' | 'notification' | 'avatar' | 'muteAll' | 'customFields'>>;

/** The topic profile fields of a TIM call (those given). */
function topicFields(o: Record<string, unknown>): TopicFields {
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

/** `getJoinedCommunityList`: the joined communities that support topics. */
export async function getJoinedCommunityList(tim: TimCore): Promise<{ groupList: TimGroup[] }> {
  const communities = (await groupsOf(tim.client).listJoined({ type: GroupType.COMMUNITY })).filter((g) => g.isSupportTopic === true);
  for (const g of communities) noteGroup(tim, g);
  return { groupList: communities.map((g) => timGroupOf(tim, g)) };
}

/** `createTopicInCommunity`; a given `topicID` must be `<groupID>@TOPIC#_…`. Resolves `{topicID}`. */
export function createTopicInCommunity(tim: TimCore, options: unknown): Promise<{ topicID: string }> {
  const o = requireOptions(options);
  const id = requireGroupID(o.groupID);
  const fields = topicFields(o);
  if (!fields.name) throw paramsError('topicName');
  const topicID = optionalString(o, 'topicID');
  return (async () => {
    const topic = await groupsOf(tim.client).createTopic(id, topicID ? { ...fields, groupId: topicID } : fields);
    noteGroup(tim, topic);
    return { topicID: topic.groupId ?? '' };
  })();
}

/** `deleteTopicFromCommunity`: the topics of `topicIDList`, or all when it is not given. */
export function deleteTopicFromCommunity(tim: TimCore, options: unknown): Promise<{ successTopicList: Array<{ topicID: string }>; failureTopicList: Array<{ topicID: string; code: number; message: string }> }> {
  const o = requireOptions(options);
  const id = requireGroupID(o.groupID);
  const topicIds = stringList(o.topicIDList, 'topicIDList');
  return (async () => {
    const results = await groupsOf(tim.client).deleteTopics(id, topicIds);
    return {
      successTopicList: results.filter((r) => !r.code).map((r) => ({ topicID: r.id })),
      failureTopicList: results.filter((r) => r.code).map((r) => ({ topicID: r.id, code: r.code, message: r.message })),
    };
  })();
}

async function topicsOf(tim: TimCore, communityId: string, topicIds: readonly string[]): Promise<TimTopic[]> {
  const { topics, conversations } = await groupsOf(tim.client).listTopics(communityId, topicIds);
  const rows = new Map(conversations.map((c) => [c.convId, c]));
  return topics.map((topic) => {
    const row = rows.get(`group:${topic.groupId ?? ''}`);
    const last = row?.lastMessage ? tim.timMessage(row.lastMessage) : undefined;
    return toTimTopic(topic, row, last);
  });
}

/** `updateTopicProfile`: the fields given; resolves `{topic}`. */
export function updateTopicProfile(tim: TimCore, options: unknown): Promise<{ topic: TimTopic | undefined }> {
  const o = requireOptions(options);
  const id = requireGroupID(o.groupID);
  const topicId = requireGroupID(o.topicID, 'topicID');
  const fields = topicFields(o);
  return (async () => {
    await groupsOf(tim.client).updateTopic(id, topicId, fields);
    const [topic] = await topicsOf(tim, id, [topicId]);
    return { topic };
  })();
}

/** `getTopicList`: the topics of `topicIDList` (all when empty); unknown ids are failures. */
export function getTopicList(tim: TimCore, options: unknown): Promise<{ successTopicList: TimTopic[]; failureTopicList: Array<{ topicID: string; code: number; message: string }> }> {
  const o = requireOptions(options);
  const id = requireGroupID(o.groupID);
  const wanted = stringList(o.topicIDList, 'topicIDList');
  return (async () => {
    const topics = await topicsOf(tim, id, wanted);
    const found = new Set(topics.map((t) => t.topicID));
    return {
      successTopicList: topics,
      failureTopicList: wanted.filter((t) => !found.has(t)).map((topicID) => ({ topicID, code: 10010, message: 'no such topic' })),
    };
  })();
}
