import type { HummerCore, Result, Wiring } from '../core.js';
import { HummerError } from '../errors.js';

/** `hummer.createChatRoom({region, attributes})` — placeholder. */
export function createChatRoom(core: HummerCore, _input: unknown): Promise<Result> {
  return core.call('createChatRoom', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `hummer.dismissChatRoom({region, roomid})` — placeholder. */
export function dismissChatRoom(core: HummerCore, _input: unknown): Promise<Result> {
  return core.call('dismissChatRoom', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `hummer.getChatRoomUserCount({region, roomid})` — placeholder. */
export function getChatRoomUserCount(core: HummerCore, _input: unknown): Promise<Result> {
  return core.call('getChatRoomUserCount', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `hummer.fetchUserOnlineStatus({uids})` — placeholder. */
export function fetchUserOnlineStatus(core: HummerCore, _input: unknown): Promise<Result> {
  return core.call('fetchUserOnlineStatus', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `hummer.sendP2PMessage({receiver | recevier | uid, message, options, appExtras})` — placeholder. */
export function sendP2PMessage(core: HummerCore, _input: unknown): Promise<Result> {
  return core.call('sendP2PMessage', () => {
    throw new HummerError(-1, 'not implemented');
  });
}

/** `P2PMessageReceived` from the session's one-to-one messages — placeholder. */
export const p2pWiring: Wiring = () => () => {};
