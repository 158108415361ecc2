import { RoomKind, roomsOf } from '@parley/core';
import type { Result } from '../../core.js';
import { Code, HummerError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { joinedHandle } from './joined.js';
import { paramsOf, stringMapParam } from './params.js';

/** Instances with a join in flight: a second `joinChatRoom` meanwhile is refused as a repeat. */
const joining = new WeakSet<ChatRoom>();

/**
 * `chatroom.joinChatRoom({joinProps})`: enters the room by its numeric id and region. The others
 * get `UserOnlineUpdated` and `UserCountUpdated`; `joinProps` go to the server (webhooks) only.
 * Resolves `{rescode: 0, msg, appid, uid, roomid, props}`; 2004 for an unknown room, 2005 when this
 * instance has joined already, 3005 while a kick's ban lasts.
 */
export function joinChatRoom(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('joinChatRoom', async () => {
    const joinProps = stringMapParam(paramsOf(input), 'joinProps');
    if (room.handle?.active || joining.has(room)) throw new HummerError(Code.ResourceAlreadyExist, 'ResourceAlreadyExist: already joined');
    const client = room.core.client;
    joining.add(room);
    try {
      const handle = await roomsOf(client).join('', { kind: RoomKind.LIVE, numericId: room.roomid, region: room.region, joinProps, initialMembers: 0 });
      if (!handle.active || !room.core.loggedIn) {
        // Logged out, kicked or thrown out while entering: let go of it again.
        void handle.leave().catch(() => {});
        throw new HummerError(Code.ResourceNotFound, 'ResourceNotFound: the room was left while joining');
      }
      room.attach(handle);
    } finally {
      joining.delete(room);
    }
    return room.echo();
  });
}

/** `chatroom.leaveChatRoom()`: leaves the room (the others hear of it when the user's last session leaves). 2004 when not joined. */
export function leaveChatRoom(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('leaveChatRoom', async () => {
    const handle = joinedHandle(room);
    try {
      await handle.leave();
    } finally {
      if (room.handle === handle) room.detach();
    }
    return room.echo();
  });
}
