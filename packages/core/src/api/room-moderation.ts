import type { Client } from '../client.js';
import type { RoomState } from './room-handle.js';
import { type RoomTarget, roomRef } from './room-ref.js';

type ModerationOp = 'roomMute' | 'roomUnmute' | 'roomKick' | 'roomMarkMembers';
type ModerationFields = { secs?: number; secsText?: string; reason?: string; kickType?: string; mark?: number; enable?: boolean };

/**
 * Mutes, kicks and marks, behind {@link RoomsApi}'s moderation methods (documented there). A
 * room this client is in shows the caller's own mutes and kicks at once.
 */
export class RoomModeration {
  constructor(
    private readonly client: Client,
    private readonly rooms: ReadonlyMap<string, RoomState>,
  ) {}

  /** Mutes users. */
  async mute(target: RoomTarget, userIds: readonly string[], options: { secs?: number; secsText?: string; reason?: string }): Promise<void> {
    await this.#moderate('roomMute', target, userIds, options);
    for (const id of userIds) this.rooms.get(roomRef(this.rooms, target).roomId ?? '')?.muted.add(id);
  }

  /** Lifts mutes. */
  async unmute(target: RoomTarget, userIds: readonly string[], options: { secsText?: string; reason?: string }): Promise<void> {
    await this.#moderate('roomUnmute', target, userIds, options);
    for (const id of userIds) this.rooms.get(roomRef(this.rooms, target).roomId ?? '')?.muted.delete(id);
  }

  /** Users muted now. */
  async listMuted(target: RoomTarget): Promise<string[]> {
    return (await this.client.request('roomListMuted', { room: roomRef(this.rooms, target) }))?.userIds ?? [];
  }

  /** Kicks users out, optionally barring them for a while. */
  async kick(target: RoomTarget, userIds: readonly string[], options: { banSecs?: number; reason?: string; kickType?: string }): Promise<void> {
    await this.#moderate('roomKick', target, userIds, { secs: options.banSecs ?? 0, ...options });
    const state = this.rooms.get(roomRef(this.rooms, target).roomId ?? '');
    for (const id of userIds) state?.members.delete(id);
  }

  /** Sets or clears a mark on present users. */
  async markMembers(target: RoomTarget, userIds: readonly string[], mark: number, enable: boolean): Promise<void> {
    await this.#moderate('roomMarkMembers', target, userIds, { mark, enable });
  }

  async #moderate(op: ModerationOp, target: RoomTarget, userIds: readonly string[], fields: ModerationFields): Promise<void> {
    const { secs, secsText, reason, kickType, mark, enable } = fields;
    await this.client.request(op, { room: roomRef(this.rooms, target), userIds: [...userIds], secs: secs ?? 0, secsText: secsText ?? '', reason: reason ?? '', kickType: kickType ?? '', mark: mark ?? 0, enable: enable ?? false });
  }
}
