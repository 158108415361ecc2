import type { Client } from '../client.js';
import { type Conversation, type Group, plain, toConversation } from '../model.js';
import { given, type ItemResult, items } from './shared.js';

/** The topic fields a caller writes. */
type TopicFields = 'name' | 'introduction' | 'notification' | 'avatar' | 'muteAll' | 'customFields';

/** Topics of communities, behind {@link GroupsApi}'s topic methods (documented there). */
export class GroupTopics {
  constructor(private readonly client: Client) {}

  /** Creates a topic in a community. */
  async create(communityId: string, topic: Partial<Pick<Group, 'groupId' | TopicFields>>): Promise<Group> {
    return plain((await this.client.request('topicCreate', { communityId, topic })) ?? {}) as Group;
  }

  /** Deletes topics, or every topic when none are named. */
  async delete(communityId: string, topicIds: readonly string[]): Promise<ItemResult[]> {
    return items(await this.client.request('topicDelete', { communityId, topicIds: [...topicIds] }));
  }

  /** Writes a topic's profile fields (those given). */
  async update(communityId: string, topicId: string, patch: Partial<Pick<Group, TopicFields>>): Promise<void> {
    await this.client.request('topicUpdate', { communityId, topic: { ...patch, groupId: topicId }, setFields: given(patch) });
  }

  /** A community's topics (or the named ones) with the caller's conversation rows. */
  async list(communityId: string, topicIds: readonly string[]): Promise<{ topics: Group[]; conversations: Conversation[] }> {
    const result = await this.client.request('topicList', { communityId, topicIds: [...topicIds] });
    return { topics: (result?.groups ?? []).map((g) => plain(g)), conversations: (result?.conversations ?? []).map((c) => toConversation(c)) };
  }
}
