import { roomsOf } from '@parley/core';
import type { Result } from '../../core.js';
import type { ChatRoom } from '../../room.js';
import { basicAttributes } from './profile.js';

/** `chatroom.getChatRoomAttributes()` → `{attributes}` (the room's basic attributes, all strings); joining is not needed. */
export function getChatRoomAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getChatRoomAttributes', async () => {
    const profile = await roomsOf(room.core.client).get(room.target);
    return { ...room.echo(), attributes: basicAttributes(profile, room.core.appid) };
  });
}
