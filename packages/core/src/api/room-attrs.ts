import type { Client } from '../client.js';
import { ATTR_MODES, type AttrMode, type AttrStore, toAttrStore } from './attrs.js';
import type { RoomState } from './room-handle.js';
import { type RoomTarget, roomRef } from './room-ref.js';

/**
 * Room attributes and member attributes, behind {@link RoomsApi}'s attribute methods
 * (documented there). A room this client is in keeps what was read or written in its live
 * state, which its handles show.
 */
export class RoomAttrs {
  constructor(
    private readonly client: Client,
    private readonly rooms: ReadonlyMap<string, RoomState>,
  ) {}

  /** Member attributes of the users present, by user; they replace the room's held ones. */
  async listMemberAttrs(target: RoomTarget): Promise<Record<string, Record<string, string>>> {
    const room = roomRef(this.rooms, target);
    const result = await this.client.request('roomListMemberAttrs', { room });
    const out = Object.fromEntries((result?.members ?? []).map((m) => [m.userId ?? '', { ...(m.attributes ?? {}) }]));
    const state = this.rooms.get(room.roomId ?? '');
    if (state) state.memberAttrs = new Map(Object.entries(out));
    return out;
  }

  /** Reads the room's attribute store; a full read replaces the held values, a read of some keys merges. */
  async read(roomId: string, keys: readonly string[]): Promise<AttrStore> {
    const store = toAttrStore(await this.client.request('attrRead', { scope: { roomId }, keys: [...keys] }));
    const state = this.rooms.get(roomId);
    if (state) state.attributes = keys.length ? { ...state.attributes, ...store.values } : store.values;
    return store;
  }

  /** Writes the room's attribute store; the answer is the whole store. */
  async write(roomId: string, mode: AttrMode, options: { entries?: Record<string, string>; keys?: readonly string[] }): Promise<AttrStore> {
    const result = await this.client.request('attrWrite', { scope: { roomId }, mode: ATTR_MODES[mode], entries: options.entries ?? {}, keys: [...(options.keys ?? [])] });
    const store = toAttrStore(result);
    const state = this.rooms.get(roomId);
    if (state) state.attributes = store.values;
    return store;
  }
}
