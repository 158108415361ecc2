import type { Client, PushFrame } from '@parley/core';
import { EVENT } from '../../constants.js';
import { toTimTopic } from '../../convert/group.js';
import type { TimCore } from '../../core.js';
import { joinedGroups, noteGroup, resetState, stateOf } from './state.js';

/** The wire's `Change` values of a topic push. */
const CHANGE = { UPDATED: 0, ADDED: 1, DELETED: 2 } as const;

/**
 * Translates the core's group events into TIM's: `GROUP_LIST_UPDATED` (coalesced, the whole
 * list) on group and membership changes, and `GROUP_ATTRIBUTES_UPDATED`, `GROUP_COUNTER_UPDATED`
 * and `TOPIC_*` from pushes. Tips and notices of the core's logs are the messages area's
 * (`MESSAGE_RECEIVED`, `GROUP_SYSTEM_NOTICE_RECEIVED`); AVChatRoom messages, tips and notices
 * come from the room handles (see `rooms.ts`).
 */
export function wireGroups(tim: TimCore, client: Client): () => void {
  resetState(tim, client);
  tim.defineList('groups', () => (tim.hasClient ? [EVENT.GROUP_LIST_UPDATED as string, joinedGroups(tim)] : undefined));
  for (const group of client.store.groups.values()) noteGroup(tim, group);
  // The group list synced before SDK_READY is announced once the SDK is ready.
  const onReady = () => tim.listChanged('groups');
  tim.on(EVENT.SDK_READY, onReady);
  const offs = [
    client.on('groups', (change) => {
      for (const group of change.upserted) noteGroup(tim, group);
      tim.listChanged('groups');
    }),
    client.on('memberships', (change) => {
      for (const groupId of change.deleted) stateOf(tim).self.delete(groupId);
      tim.listChanged('groups');
    }),
    client.on('members', (groupId, change) => {
      const self = change.upserted.find((m) => m.userId === tim.userId);
      if (self) stateOf(tim).self.set(groupId, self);
      if (self || change.deleted.includes(tim.userId)) tim.listChanged('groups');
    }),
    client.on('push', (push) => onPush(tim, push)),
  ];
  return () => {
    for (const off of offs) off();
    tim.off(EVENT.SDK_READY, onReady);
    resetState(tim, undefined);
  };
}

function onPush(tim: TimCore, push: PushFrame): void {
  const attributes = push.attributes;
  if (attributes) {
    const scope = attributes.scope ?? {};
    const groupID = scope.groupId || (scope.roomId && tim.rooms.has(scope.roomId) ? scope.roomId : '');
    if (!groupID) return;
    const data: Record<string, unknown> = { groupID, groupAttributes: { ...(attributes.full ?? {}) } };
    const updated = Object.keys(attributes.changed ?? {});
    const deleted = [...(attributes.deletedKeys ?? [])];
    if (updated.length) data.updatedKeyList = updated;
    if (deleted.length) data.deletedKeyList = deleted;
    tim.emit(EVENT.GROUP_ATTRIBUTES_UPDATED, data);
    return;
  }
  const counter = push.counter;
  if (counter?.groupId) {
    for (const [key, value] of Object.entries(counter.values ?? {})) tim.emit(EVENT.GROUP_COUNTER_UPDATED, { groupID: counter.groupId, key, value: Number(value) });
    return;
  }
  const topic = push.topic;
  if (topic?.communityId) {
    const groupID = topic.communityId;
    const change = Number(topic.change ?? CHANGE.UPDATED);
    const ids = topic.topicIds?.length ? [...topic.topicIds] : (topic.topics ?? []).map((t) => t.groupId ?? '');
    if (change === CHANGE.ADDED) for (const topicID of ids) tim.emit(EVENT.TOPIC_CREATED, { groupID, topicID });
    else if (change === CHANGE.DELETED) tim.emit(EVENT.TOPIC_DELETED, { groupID, topicIDList: ids });
    else for (const t of topic.topics ?? []) tim.emit(EVENT.TOPIC_UPDATED, { groupID, topic: toTimTopic(t, tim.client.conversation(`group:${t.groupId ?? ''}`)) });
  }
}
