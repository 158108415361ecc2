import { randomBytes } from 'node:crypto';
import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { loadConv } from './conversations.js';
import {
  accessOf,
  checkBytes,
  checkCustomFields,
  checkGroupId,
  GK,
  LIMITS,
  listMembersInTx,
  loadActiveGroup,
  loadGroup,
  RANK,
  requireMember,
  requireRank,
  saveGroup,
} from './group-core.js';
import { type Group, K, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';

/**
 * Community topics (T `createTopicInCommunity` & co., §2.9 `topic.*`): groups of type `topic`
 * with `parentId` = the community. A topic has its own log (`group:<topicId>`) and profile but
 * no members of its own: the community's members read and write it, and the community's
 * owner and admins manage it. Topic ids are `<communityId>@TOPIC#_<suffix>`.
 */

const { GroupType, GroupStatus, Change } = parley.v1;

const TOPIC_FIELDS = ['name', 'introduction', 'notification', 'avatar', 'muteAll', 'customFields'] as const;

/** The community of a topic request. @throws ServerError GROUP_NOT_FOUND, INVALID_PARAM */
async function loadCommunity(tx: Tx, ctx: ModelContext, communityId: string): Promise<Group> {
  const community = await loadActiveGroup(tx, ctx.app.id, communityId);
  if (community.type !== GroupType.GROUP_TYPE_COMMUNITY || !community.isSupportTopic) throw invalidParam('communityId', 'not a community with topics');
  return community;
}

function checkTopicProfile(ctx: ModelContext, topic: parley.v1.IGroup): void {
  checkBytes(topic.name, ctx.app.policy.groupNameMaxBytes, 'topic.name');
  checkBytes(topic.introduction, ctx.app.policy.groupIntroMaxBytes, 'topic.introduction');
  checkBytes(topic.notification, ctx.app.policy.groupNotificationMaxBytes, 'topic.notification');
  checkBytes(topic.avatar, LIMITS.avatarBytes, 'topic.avatar');
  if (topic.customFields) checkCustomFields(topic.customFields, 'topic.customFields');
}

/** Tells the community's members (the acting session has the response). */
async function pushTopicEvent(tx: Tx, ctx: ModelContext, actor: Actor, community: Group, event: parley.v1.ITopicEvent): Promise<void> {
  const members = (await listMembersInTx(tx, ctx.app.id, community.groupId)).map((m) => m.userId);
  tx.onCommit(() => {
    for (const userId of members) ctx.deliver.toUser(ctx.app.id, userId, { topic: event }, actor.sessionId);
  });
}

/** `topic.create`: the community's owner or an admin adds a topic. */
export async function createTopic(ctx: ModelContext, actor: Actor, req: parley.v1.TopicEdit): Promise<parley.v1.IGroup> {
  const communityId = checkGroupId(req.communityId, 'communityId');
  const init = req.topic ?? {};
  checkTopicProfile(ctx, init);
  const prefix = `${communityId}@TOPIC#_`;
  const topicId = init.groupId ? checkGroupId(init.groupId, 'topic.groupId') : checkGroupId(`${prefix}${randomBytes(6).toString('hex').toUpperCase()}`, 'communityId');
  if (!topicId.startsWith(prefix) || topicId.length === prefix.length) throw invalidParam('topic.groupId', `must start with ${prefix}`);
  const app = ctx.app.id;
  return transact(ctx.store, async (tx) => {
    const community = await loadCommunity(tx, ctx, communityId);
    requireRank(await accessOf(tx, ctx, actor, communityId), RANK.admin, 'create topics');
    if ((await tx.getMany([K.group(app, topicId), K.room(app, topicId)])).some((row) => row !== undefined)) {
      throw new ServerError(ErrorCode.ALREADY_EXISTS, 'the topic id is taken', { detail: 'topic.groupId' });
    }
    const now = ctx.now();
    const topic = new parley.v1.Group({
      groupId: topicId,
      parentId: communityId,
      type: GroupType.GROUP_TYPE_TOPIC,
      name: init.name ?? '',
      introduction: init.introduction ?? '',
      notification: init.notification ?? '',
      avatar: init.avatar ?? '',
      ownerId: community.ownerId,
      creatorId: actor.userId,
      createdAt: now,
      updatedAt: now,
      infoVersion: 1,
      muteAll: init.muteAll === true,
      customFields: init.customFields ?? {},
    });
    saveGroup(tx, app, topic);
    tx.set(GK.topic(app, communityId, topicId), toJson({}));
    await pushTopicEvent(tx, ctx, actor, community, { communityId, change: Change.CHANGE_ADDED, topics: [topic], topicIds: [topicId] });
    return topic;
  });
}

/** `topic.delete`: the listed topics, or all of them; per-topic results. Their logs stay. */
export async function deleteTopics(ctx: ModelContext, actor: Actor, req: parley.v1.TopicEdit): Promise<parley.v1.IItemResults> {
  const communityId = checkGroupId(req.communityId, 'communityId');
  if (req.topicIds.length > LIMITS.idsPerGet) throw invalidParam('topicIds', `at most ${LIMITS.idsPerGet}`);
  const wanted = req.topicIds.map((id) => checkGroupId(id, 'topicIds'));
  const app = ctx.app.id;
  return transact(ctx.store, async (tx) => {
    const community = await loadCommunity(tx, ctx, communityId);
    requireRank(await accessOf(tx, ctx, actor, communityId), RANK.admin, 'delete topics');
    const ids = wanted.length > 0 ? wanted : (await tx.list({ prefix: GK.topicPrefix(app, communityId) })).map((row) => row.key[row.key.length - 1] as string);
    const results: parley.v1.IItemResult[] = [];
    const deleted: string[] = [];
    for (const id of ids) {
      const topic = await loadGroup(tx, app, id);
      if (!topic || topic.parentId !== communityId || topic.status === GroupStatus.GROUP_STATUS_DISMISSED) {
        results.push({ id, code: ErrorCode.GROUP_NOT_FOUND, message: 'no such topic' });
        continue;
      }
      topic.status = GroupStatus.GROUP_STATUS_DISMISSED;
      topic.infoVersion += 1;
      topic.updatedAt = ctx.now();
      saveGroup(tx, app, topic);
      tx.delete(GK.topic(app, communityId, id));
      deleted.push(id);
      results.push({ id, code: 0 });
    }
    if (deleted.length > 0) await pushTopicEvent(tx, ctx, actor, community, { communityId, change: Change.CHANGE_DELETED, topicIds: deleted });
    return { results };
  });
}

/** `topic.update`: profile fields named in `setFields` (name, introduction, notification, avatar, muteAll, customFields). */
export async function updateTopic(ctx: ModelContext, actor: Actor, req: parley.v1.TopicEdit): Promise<void> {
  const communityId = checkGroupId(req.communityId, 'communityId');
  const patch = req.topic ?? {};
  const topicId = checkGroupId(patch.groupId || req.topicIds[0], 'topic.groupId');
  for (const f of req.setFields) if (!(TOPIC_FIELDS as readonly string[]).includes(f)) throw invalidParam('setFields', `unknown or read-only field "${f}"`);
  checkTopicProfile(ctx, patch);
  const app = ctx.app.id;
  await transact(ctx.store, async (tx) => {
    const community = await loadCommunity(tx, ctx, communityId);
    requireRank(await accessOf(tx, ctx, actor, communityId), RANK.admin, 'edit topics');
    const topic = await loadGroup(tx, app, topicId);
    if (!topic || topic.parentId !== communityId || topic.status === GroupStatus.GROUP_STATUS_DISMISSED) throw new ServerError(ErrorCode.GROUP_NOT_FOUND, 'no such topic', { detail: 'topic.groupId' });
    for (const field of req.setFields as (typeof TOPIC_FIELDS)[number][]) {
      const value = patch[field] ?? (field === 'muteAll' ? false : field === 'customFields' ? {} : '');
      Object.assign(topic, { [field]: value });
    }
    topic.infoVersion += 1;
    topic.updatedAt = ctx.now();
    saveGroup(tx, app, topic);
    await pushTopicEvent(tx, ctx, actor, community, { communityId, change: Change.CHANGE_UPDATED, topics: [topic], topicIds: [topicId] });
  });
}

/** `topic.list`: the community's topics (or the listed ones) with the caller's conversation rows. */
export async function listTopics(ctx: ModelContext, actor: Actor, req: parley.v1.TopicEdit): Promise<parley.v1.IGroups> {
  const communityId = checkGroupId(req.communityId, 'communityId');
  if (req.topicIds.length > LIMITS.idsPerGet) throw invalidParam('topicIds', `at most ${LIMITS.idsPerGet}`);
  const wanted = req.topicIds.map((id) => checkGroupId(id, 'topicIds'));
  const app = ctx.app.id;
  return transact(ctx.store, async (tx) => {
    await loadCommunity(tx, ctx, communityId);
    requireMember(await accessOf(tx, ctx, actor, communityId));
    const ids = wanted.length > 0 ? wanted : (await tx.list({ prefix: GK.topicPrefix(app, communityId) })).map((row) => row.key[row.key.length - 1] as string);
    const groups: Group[] = [];
    const conversations: parley.v1.Conversation[] = [];
    for (const id of ids) {
      const topic = await loadGroup(tx, app, id);
      if (!topic || topic.parentId !== communityId || topic.status === GroupStatus.GROUP_STATUS_DISMISSED) continue;
      groups.push(topic);
      const row = await loadConv(tx, app, actor.userId, `group:${id}`);
      if (row) conversations.push(row);
    }
    return { groups, conversations };
  });
}
