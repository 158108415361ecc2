import { roomsOf } from '@parley/core';
import type { Result } from '../../core.js';
import { paramError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { paramsOf } from './params.js';

/** The most users one `room.listMembers` request returns (the server's cap). */
const MEMBER_PAGE_MAX = 500;

/** An integer of at least `min` (numeric strings accepted), or `fallback` when absent. @throws {HummerError} 1002. */
export function intParam(p: Record<string, unknown>, name: string, min: number, fallback?: number): number {
  const value = p[name];
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) throw paramError(`${name} must be an integer ≥ ${min}`);
  return n;
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
