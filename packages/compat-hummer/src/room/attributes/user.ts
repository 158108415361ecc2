import { roomsOf } from '@parley/core';
import type { Result } from '../../core.js';
import type { ChatRoom } from '../../room.js';
import { echoOwn, userAttributesSet } from './events.js';
import { joinedHandle, paramsOf, stringMap } from './params.js';

/**
 * `chatroom.setUserAttributes({attributes})`: replaces the caller's own attributes in the room
 * (joined: 2004 otherwise; cleared when they leave). Everyone in the room, the caller included,
 * gets `UserAttributesSet {uid, attributes}` once.
 */
export function setUserAttributes(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('setUserAttributes', async () => {
    const attributes = stringMap(paramsOf(input).attributes, 'attributes');
    const handle = joinedHandle(room);
    await handle.setMemberAttrs(attributes);
    echoOwn(room.core, handle.roomId, userAttributesSet(room.core.uid, attributes));
    return room.echo();
  });
}

/** `chatroom.getUserAttributesList()` → `{users: {[uid]: attributes}}` of the users present who have set any. */
export function getUserAttributesList(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getUserAttributesList', async () => {
    const users = await roomsOf(room.core.client).listMemberAttrs(room.target);
    return { ...room.echo(), users };
  });
}
