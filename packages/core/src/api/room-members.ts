import type { Client } from '../client.js';
import type { RoomState } from './room-handle.js';
import { type RoomTarget, roomRef } from './room-ref.js';

/**
 * Who is in a room: present users, managers and a listed room's member list, behind
 * {@link RoomsApi}'s methods of the same names (documented there). None of these need the
 * client to be in the room.
 */
export class RoomMembers {
  constructor(
    private readonly client: Client,
    private readonly rooms: ReadonlyMap<string, RoomState>,
  ) {}

  /** Users present. */
  async count(target: RoomTarget): Promise<number> {
    return (await this.client.request('roomCount', { room: roomRef(this.rooms, target) }))?.totalCount ?? 0;
  }

  /** A page of present users (listed rooms: the member list). */
  async list(target: RoomTarget, options: { offset?: number; count?: number; mark?: number }): Promise<{ userIds: string[]; nextOffset: number; completed: boolean }> {
    const page = await this.client.request('roomListMembers', { room: roomRef(this.rooms, target), offset: options.offset ?? 0, count: options.count ?? 100, mark: options.mark ?? 0 });
    return { userIds: page?.userIds ?? [], nextOffset: page?.nextOffset ?? 0, completed: page?.completed ?? true };
  }

  /** Owners and admins, or one role. */
  async managers(target: RoomTarget, role: '' | 'owner' | 'admin'): Promise<{ owners: string[]; admins: string[] }> {
    const result = await this.client.request('roomGetManagers', { room: roomRef(this.rooms, target), role });
    return { owners: result?.owners ?? [], admins: result?.admins ?? [] };
  }

  /** Adds users to, then removes users from, a listed room's member list. */
  async edit(target: RoomTarget, change: { add?: readonly string[]; remove?: readonly string[] }): Promise<void> {
    const room = roomRef(this.rooms, target);
    if (change.add?.length) await this.client.request('roomAddMembers', { room, userIds: [...change.add] });
    if (change.remove?.length) await this.client.request('roomRemoveMembers', { room, userIds: [...change.remove] });
  }
}
