import type { parley } from '@parley/protocol';
import { ErrorCode, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import type { ConvTarget } from './conversations.js';
import type { Message } from './schema.js';

/** Rooms and channels (CAPABILITIES.md §1.9, §2.10, §3.6). */

/**
 * `msg.send` to a `room:` or `channel:` conversation: checks that the sender is in the room
 * and not muted, keeps the entry when the room's history policy says so, and fans it out to
 * the room's present members. `entry` is the message as `msg.send` built it.
 */
export async function sendRoomMessage(_ctx: ModelContext, _actor: Actor, _target: ConvTarget, _entry: Message): Promise<parley.v1.ISendResult> {
  throw new ServerError(ErrorCode.NOT_SUPPORTED, 'rooms are not served yet');
}

/** Refuses a room log (history) to a viewer who may not read it. */
export async function assertRoomReader(_ctx: ModelContext, _viewer: string, _roomId: string): Promise<void> {
  throw new ServerError(ErrorCode.NOT_SUPPORTED, 'rooms are not served yet');
}

/** Ids of the listed rooms (MaxLeap) whose member list includes `userId`. */
export async function listedRoomIdsOf(_ctx: ModelContext, _userId: string): Promise<string[]> {
  return [];
}
