import { parley } from '@parley/protocol';
import { invalidParam } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { decodeRoom, roomView } from './rooms.js';

/** `room.search` (CAPABILITIES.md §2.10, M `searchRooms`): filtering and sorting the app's rooms. */

const { RoomKind } = parley.v1;
type Room = parley.v1.Room;

/** Sort keys of `room.search`: profile fields, else custom fields. */
function sortValue(room: Room, field: string): string | number {
  if (field === 'createdAt' || field === 'ts') return room.createdAt;
  if (field === 'name') return room.name;
  return room.customFields[field] ?? '';
}

/** Attribute equality of `room.search` (values are JSON); `name` is the profile name. */
function matches(room: Room, filter: Readonly<Record<string, string>>): boolean {
  return Object.entries(filter).every(([key, json]) => {
    let wanted: unknown;
    try {
      wanted = JSON.parse(json);
    } catch {
      throw invalidParam('filter', `the value of "${key}" is not JSON`);
    }
    if (key === 'name') return room.name === wanted;
    const value = room.customFields[key];
    return value !== undefined && JSON.stringify(JSON.parse(value)) === JSON.stringify(wanted);
  });
}

/**
 * `room.search` (M `searchRooms`): rooms of the app (channels excluded), filtered by attribute
 * equality, sorted by comma-separated fields (`-` descending), then `skip`/`limit`. It scans the
 * app's rooms, which suits the room counts MaxLeap apps have.
 */
export async function searchRooms(ctx: ModelContext, actor: Actor, req: parley.v1.Query): Promise<parley.v1.IRooms> {
  const limit = Math.min(req.limit || 20, 100);
  const sort = req.sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), dir: -1 } : { field: s, dir: 1 }));
  const rows = await ctx.store.list({ prefix: [ctx.app.id, 'room'] });
  const rooms = rows.map((row) => decodeRoom(row.value)).filter((room) => room.kind !== RoomKind.ROOM_KIND_CHANNEL && matches(room, req.filter));
  rooms.sort((a, b) => {
    for (const { field, dir } of sort) {
      const x = sortValue(a, field);
      const y = sortValue(b, field);
      if (x !== y) return (x < y ? -1 : 1) * dir;
    }
    return 0;
  });
  return { rooms: await Promise.all(rooms.slice(req.skip, req.skip + limit).map((room) => roomView(ctx, room, actor))) };
}
