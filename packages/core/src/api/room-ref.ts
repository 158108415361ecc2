import type { parley } from '@parley/protocol';
import { RoomKind, type RoomState } from './room-handle.js';

/** A room address: its id, or a full reference (H numeric id with region, channel kind). */
export type RoomTarget = string | parley.v1.RoomRef.$Properties;

/**
 * The wire reference of a target. An id takes the kind of the room entered under it, so a
 * channel the client is in needs no kind from the caller; any other id is a live room.
 */
export function roomRef(rooms: ReadonlyMap<string, RoomState>, target: RoomTarget): parley.v1.RoomRef.$Properties {
  if (typeof target !== 'string') return target;
  return { roomId: target, kind: rooms.get(target)?.kind ?? RoomKind.LIVE };
}
