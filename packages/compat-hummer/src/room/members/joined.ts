import type { RoomHandle } from '@parley/core';
import { Code, HummerError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';

/**
 * The handle of the room this instance has joined.
 * @throws {HummerError} 2004 ResourceNotFound when it has not joined, or was evicted, kicked or dismissed since.
 */
export function joinedHandle(room: ChatRoom): RoomHandle {
  const handle = room.handle;
  if (!handle?.active) throw new HummerError(Code.ResourceNotFound, 'ResourceNotFound: join the chat room first');
  return handle;
}

/**
 * Emits the event of the caller's own action on its own instance. The server tells every other
 * session; the vendor's broadcasts reach the sender too, so the shim says it here — only while the
 * instance still holds the room the action went to.
 */
export function echoOwn(room: ChatRoom, handle: RoomHandle, eventName: string, payload: unknown): void {
  if (room.handle === handle && handle.active) room.events.emit(eventName, payload);
}
