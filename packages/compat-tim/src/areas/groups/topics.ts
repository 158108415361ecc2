import { GroupType, groupsOf } from '@parley/core';
import { type TimGroup, type TimTopic, toTimTopic } from '../../convert/group.js';
import type { TimCore } from '../../core.js';
import * as check from './member-checks.js';
import { noteGroup, timGroupOf } from './state.js';

/** `getJoinedCommunityList`: the joined communities that support topics. */
export async function getJoinedCommunityList(tim: TimCore): Promise<{ groupList: TimGroup[] }> {
  const communities = (await groupsOf(tim.client).listJoined({ type: GroupType.COMMUNITY })).filter((g) => g.isSupportTopic === true);
  for (const g of communities) noteGroup(tim, g);
  return { groupList: communities.map((g) => timGroupOf(tim, g)) };
}

/** `createTopicInCommunity`; a given `topicID` must be `<groupID>@TOPIC#_…`. Resolves `{topicID}`. */
export function createTopicInCommunity(tim: TimCore, options: unknown): Promise<{ topicID: string }> {
  const { id, fields, topicID } = check.createTopicInCommunity(tim, options);
  return (async () => {
    const topic = await groupsOf(tim.client).createTopic(id, topicID ? { ...fields, groupId: topicID } : fields);
    noteGroup(tim, topic);
    return { topicID: topic.groupId ?? '' };
  })();
}

/** `deleteTopicFromCommunity`: the topics of `topicIDList`, or all when it is not given. */
export function deleteTopicFromCommunity(tim: TimCore, options: unknown): Promise<{ successTopicList: Array<{ topicID: string }>; failureTopicList: Array<{ topicID: string; code: number; message: string }> }> {
  const { id, topicIds } = check.deleteTopicFromCommunity(tim, options);
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
  const { id, topicId, fields } = check.updateTopicProfile(tim, options);
  return (async () => {
    await groupsOf(tim.client).updateTopic(id, topicId, fields);
    const [topic] = await topicsOf(tim, id, [topicId]);
    return { topic };
  })();
}

/** `getTopicList`: the topics of `topicIDList` (all when empty); unknown ids are failures. */
export function getTopicList(tim: TimCore, options: unknown): Promise<{ successTopicList: TimTopic[]; failureTopicList: Array<{ topicID: string; code: number; message: string }> }> {
  const { id, topicIds: wanted } = check.getTopicList(tim, options);
  return (async () => {
    const topics = await topicsOf(tim, id, wanted);
    const found = new Set(topics.map((t) => t.topicID));
    return {
      successTopicList: topics,
      failureTopicList: wanted.filter((t) => !found.has(t)).map((topicID) => ({ topicID, code: 10010, message: 'no such topic' })),
    };
  })();
}
