import { RoomKind, roomsOf } from '@parley/core';
import type { Result } from '../../core.js';
import { Code, HummerError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { joinedHandle } from './joined.js';
import { intParam, paramsOf, stringMapParam } from './params.js';

/** The most users one `room.listMembers` request returns (the server's cap). */
const MEMBER_PAGE_MAX = 500;

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

/**
 * `chatroom.getUserList({num, pos})`: page `pos` (from 0) of `num` online uids, in join order →
 * `{pos, uids}`. There is no total: a page shorter than `num` is the last. Joining is not required.
 */
export function getUserList(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('getUserList', async () => {
    const p = paramsOf(input);
    const num = intParam(p, 'num', 1);
    const pos = intParam(p, 'pos', 0, 0);
    const rooms = roomsOf(room.core.client);
    const uids: string[] = [];
    let offset = pos * num;
    while (uids.length < num) {
      const page = await rooms.listMembers(room.target, { offset, count: Math.min(num - uids.length, MEMBER_PAGE_MAX) });
      uids.push(...page.userIds);
      offset += page.userIds.length;
      if (page.completed || page.userIds.length === 0) break;
    }
    return { ...room.echo(), pos, uids };
  });
}

/** `chatroom.getChatRoomUserCount()`: the room's online-user count → `{totalCount}`; joining is not required. */
export function getChatRoomUserCount(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getChatRoomUserCount', async () => {
    const totalCount = await roomsOf(room.core.client).count(room.target);
    return { ...room.echo(), totalCount };
  });
}

/**
 * `chatroom.dismissChatRoom()`: dissolves the room (its owner only: 3000 otherwise). Every member,
 * the caller included, gets `ChatRoomDismissed` and is out of the room.
 */
export function dismissChatRoom(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('dismissChatRoom', async () => {
    await roomsOf(room.core.client).dismiss(room.target);
    return room.echo();
  });
}
