import type { RoomHandle } from '@parley/core';
import type { Result } from '../core.js';
import { HummerError } from '../errors.js';
import type { ChatRoom } from '../room.js';

/** `chatroom.getChatRoomAttributes` — placeholder. */
export function getChatRoomAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getChatRoomAttributes', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.updateChatRoomAttributes` — placeholder. */
export function updateChatRoomAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('updateChatRoomAttributes', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.getChatRoomManager` — placeholder. */
export function getChatRoomManager(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getChatRoomManager', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.setUserAttributes` — placeholder. */
export function setUserAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('setUserAttributes', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.getUserAttributesList` — placeholder. */
export function getUserAttributesList(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getUserAttributesList', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.setRoomExtraAttributes` — placeholder. */
export function setRoomExtraAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('setRoomExtraAttributes', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.updateRoomExtraAttributes` — placeholder. */
export function updateRoomExtraAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('updateRoomExtraAttributes', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.deleteRoomExtraAttributes` — placeholder. */
export function deleteRoomExtraAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('deleteRoomExtraAttributes', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.clearRoomExtraAttributes` — placeholder. */
export function clearRoomExtraAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('clearRoomExtraAttributes', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `chatroom.fetchRoomExtraAttributes` — placeholder. */
export function fetchRoomExtraAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('fetchRoomExtraAttributes', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** ChatRoomAttributesUpdated, UserAttributesSet and the four RoomExtraAttributes events — placeholder: subscribes to the handle's events, returns the unsubscribe. */
export function wireAttributes(_room: ChatRoom, _handle: RoomHandle): () => void {
  return () => {};
}
