import type { RoomHandle } from '@parley/core';
import type { Result } from '../core.js';
import { HummerError } from '../errors.js';
import type { ChatRoom } from '../room.js';

/** `chatroom.joinChatRoom` — placeholder. */
export function joinChatRoom(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('joinChatRoom', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.leaveChatRoom` — placeholder. */
export function leaveChatRoom(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('leaveChatRoom', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.sendGroupMessage` — placeholder. */
export function sendGroupMessage(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('sendGroupMessage', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.sendSingleUserMessage` — placeholder. */
export function sendSingleUserMessage(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('sendSingleUserMessage', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.sendTextChat` — placeholder. */
export function sendTextChat(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('sendTextChat', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.getUserList` — placeholder. */
export function getUserList(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getUserList', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.muteUser` — placeholder. */
export function muteUser(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('muteUser', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.unMuteUser` — placeholder. */
export function unMuteUser(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('unMuteUser', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.getMutedUserList` — placeholder. */
export function getMutedUserList(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getMutedUserList', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.kickOffUser` — placeholder. */
export function kickOffUser(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('kickOffUser', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.fetchHistoryMessages` — placeholder. */
export function fetchHistoryMessages(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('fetchHistoryMessages', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.dismissChatRoom` — placeholder. */
export function dismissChatRoom(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('dismissChatRoom', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.getChatRoomUserCount` — placeholder. */
export function getChatRoomUserCount(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getChatRoomUserCount', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** Messages, presence, counts, moderation, eviction and dismissal events of a joined room — placeholder: subscribes to the handle's events, returns the unsubscribe. */
export function wireMembers(_room: ChatRoom, _handle: RoomHandle): () => void {
  return () => {};
}
