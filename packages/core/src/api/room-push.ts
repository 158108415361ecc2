import type { Client } from '../client.js';
import type { PushFrame } from '../events.js';
import { plain, type Room, toMessage } from '../model.js';
import type { RoomEmitter, RoomState } from './room-handle.js';

/** Closes every handle of a room after telling them why (the rooms API owns the room map). */
export type CloseRoom = (state: RoomState, tell: (emitter: RoomEmitter) => void) => void;

/**
 * Applies a push to the live state of the room it is about, if this client is in it, and
 * emits it to that room's handles. Pushes about rooms the client is not in are dropped: room
 * pushes are live only.
 */
export function applyRoomPush(client: Client, rooms: ReadonlyMap<string, RoomState>, push: PushFrame, close: CloseRoom): void {
  if (rooms.size === 0) return;
  const message = push.message?.message;
  if (message) {
    const state = rooms.get((message.convId ?? '').slice((message.convId ?? '').indexOf(':') + 1));
    if (state && state.convId === message.convId) {
      const m = toMessage(message);
      for (const e of state.handles.values()) e.emit('message', m);
    }
    return;
  }
  const roomId = roomOf(push);
  const state = roomId ? rooms.get(roomId) : undefined;
  if (!state) return;
  const each = (fn: (e: RoomEmitter) => void) => {
    for (const e of [...state.handles.values()]) fn(e);
  };
  if (push.roomPresence) {
    const joined = push.roomPresence.joined ?? [];
    const left = push.roomPresence.left ?? [];
    for (const id of joined) state.members.add(id);
    for (const id of left) state.members.delete(id);
    each((e) => e.emit('presence', { joined, left }));
  } else if (push.roomCount) {
    state.count = push.roomCount.totalCount ?? 0;
    each((e) => e.emit('count', state.count));
  } else if (push.roomKick) {
    const k = push.roomKick;
    const kick = { by: k.by ?? '', userIds: k.userIds ?? [], banSecs: k.banSecs ?? 0, reason: k.reason ?? '', kickType: k.kickType ?? '' };
    for (const id of kick.userIds) state.members.delete(id);
    each((e) => e.emit('kick', kick));
    if (kick.userIds.includes(client.userId)) close(state, () => {});
  } else if (push.roomMute) {
    const m = push.roomMute;
    const mute = { by: m.by ?? '', userIds: m.userIds ?? [], secsText: m.secsText ?? '', reason: m.reason ?? '', muted: m.muted ?? false };
    for (const id of mute.userIds) mute.muted ? state.muted.add(id) : state.muted.delete(id);
    each((e) => e.emit('mute', mute));
  } else if (push.roomProfile) {
    const p = push.roomProfile;
    state.profile = plain(p.profile ?? {}) as Room;
    each((e) => e.emit('profile', { by: p.by ?? '', profile: state.profile, changedFields: p.changedFields ?? [] }));
  } else if (push.roomMemberAttrs) {
    const userId = push.roomMemberAttrs.userId ?? '';
    const attributes = { ...(push.roomMemberAttrs.attributes ?? {}) };
    state.memberAttrs.set(userId, attributes);
    each((e) => e.emit('memberAttrs', { userId, attributes }));
  } else if (push.attributes) {
    const change = plain(push.attributes);
    state.attributes = { ...(change.full ?? {}) };
    each((e) => e.emit('attributes', change));
  } else if (push.roomEvicted) {
    close(state, (e) => e.emit('evicted', 'timeout'));
  } else if (push.roomDismissed) {
    const by = push.roomDismissed.by ?? '';
    close(state, (e) => e.emit('dismissed', { by }));
  }
}

/** The room a room push is about. */
function roomOf(push: PushFrame): string | undefined {
  const ev = push.roomPresence ?? push.roomCount ?? push.roomKick ?? push.roomMute ?? push.roomProfile ?? push.roomMemberAttrs ?? push.roomEvicted ?? push.roomDismissed;
  return ev?.roomId ?? push.attributes?.scope?.roomId ?? undefined;
}
