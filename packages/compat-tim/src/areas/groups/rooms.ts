import { type Element, type Message, type MessageDraft, type Room, type RoomHandle, type RoomSendOptions, roomsOf } from '@parley/core';
import { EVENT, TYPES } from '../../constants.js';
import type { TimGroup } from '../../convert/group.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import { forgetRoom, heldRoomGroup, noteRoom, stateOf } from './state.js';

/** Room profile fields as the group-profile names of a TIM profile tip (`newGroupProfile`). */
const PROFILE_FIELDS: Record<string, string> = {
  name: 'name',
  description: 'introduction',
  bulletin: 'notification',
  avatar: 'avatar',
  maxUsers: 'maxMemberCount',
  customFields: 'customFields',
};

/**
 * Enters an AVChatRoom (tim.md §6.8). Unless the instance was created with
 * `unlimitedAVChatRoom`, the rooms it is in already are left first, except those the user owns,
 * as tim-js-sdk does.
 */
export async function joinRoom(tim: TimCore, roomId: string): Promise<{ status: string; group: TimGroup }> {
  const state = stateOf(tim);
  const held = state.handles.get(roomId);
  if (held) return { status: TYPES.JOIN_STATUS_ALREADY_IN_GROUP as string, group: heldRoomGroup(tim, held) };
  const client = tim.client;
  if (tim.options.unlimitedAVChatRoom !== true) {
    for (const [otherId, other] of [...state.handles]) {
      if (other.profile.ownerId !== tim.userId) await leaveRoom(tim, otherId).catch((error: unknown) => tim.log.warn(`leaving AVChatRoom ${otherId} failed`, error));
    }
  }
  // The TIM member list is paged on demand (getGroupMemberList): no initial member page.
  const handle = await roomsOf(client).join(roomId, { initialMembers: 0 });
  if (state.client !== client || !handle.active) {
    // Signed out (or thrown out) while entering: let go of it again.
    void handle.leave().catch(() => {});
    throw new TimError({ code: TimCode.JOIN_GROUP_FAIL });
  }
  hold(tim, handle);
  tim.listChanged('groups');
  return { status: TYPES.JOIN_STATUS_SUCCESS as string, group: heldRoomGroup(tim, handle) };
}

/**
 * Sends a message into an AVChatRoom this instance is in (through its room handle; room
 * messages have no outbox).
 * @throws {TimError} 2101 when the instance holds no handle of the room.
 */
export async function sendToRoom(tim: TimCore, roomId: string, wire: MessageDraft): Promise<Message> {
  const handle = roomsOf(tim.client).handles(roomId)[0];
  if (!handle) throw new TimError({ code: TimCode.MESSAGE_SEND_FAIL_NOT_IN_AVCHATROOM });
  const { convId: _convId, elements, ...rest } = wire;
  return handle.send(elements, rest as RoomSendOptions);
}

/**
 * Leaves an AVChatRoom the instance is in.
 * @throws {TimError} 2623 when it is not in it.
 */
export async function leaveRoom(tim: TimCore, roomId: string): Promise<void> {
  const handle = stateOf(tim).handles.get(roomId);
  if (!handle) throw new TimError({ code: TimCode.MEMBER_NOT_IN_GROUP });
  forgetRoom(tim, roomId);
  tim.listChanged('groups');
  await handle.leave();
}

/** Keeps a room handle and turns its events into TIM's: messages, tips and notices. */
function hold(tim: TimCore, handle: RoomHandle): void {
  const roomId = handle.roomId;
  const state = stateOf(tim);
  noteRoom(tim, handle.profile);
  state.handles.set(roomId, handle);
  tim.rooms.add(roomId);
  const gone = () => {
    if (state.handles.get(roomId) !== handle) return;
    forgetRoom(tim, roomId);
    tim.listChanged('groups');
  };
  state.listeners.set(roomId, [
    handle.on('message', (message) => {
      const m = tim.timMessage(message);
      if (m) tim.emit(EVENT.MESSAGE_RECEIVED, [m]);
    }),
    handle.on('profile', ({ by, profile, changedFields }) => {
      noteRoom(tim, profile);
      const profileChanges: Record<string, string> = {};
      for (const field of changedFields) {
        const name = PROFILE_FIELDS[field];
        if (name) profileChanges[name] = JSON.stringify(profile[field as keyof Room] ?? '');
      }
      emitRoomEntry(tim, handle, by, { groupTip: { tip: 6, operatorId: by, profileChanges } });
      tim.listChanged('groups');
    }),
    handle.on('mute', ({ by, userIds, secsText, muted }) => {
      const secs = Number(secsText) || 0;
      const muteUntil = muted && secs > 0 ? Date.now() + secs * 1000 : 0;
      emitRoomEntry(tim, handle, by, { groupTip: { tip: 7, operatorId: by, userIds, memberChanges: userIds.map((userId) => ({ userId, muteUntil })) } });
    }),
    handle.on('kick', ({ by, userIds, reason }) => {
      // tim-js-sdk turns an AVChatRoom kick into a ban: tip 10 in the room, notice 21 to the banned.
      emitRoomEntry(tim, handle, by, { groupTip: { tip: 10, operatorId: by, userIds, reason } });
      if (!userIds.includes(tim.userId)) return;
      emitNotice(tim, by, { notice: { kind: 21, roomId, operatorId: by, userIds, text: reason } });
      gone();
    }),
    handle.on('dismissed', ({ by }) => {
      emitNotice(tim, by, { notice: { kind: 5, roomId, operatorId: by } });
      gone();
    }),
    handle.on('evicted', gone),
  ]);
}

let synthetic = 0;

/** A core message the server did not send (AVChatRoom tips and notices are live events there). */
function syntheticMessage(convId: string, senderId: string, element: Element): Message {
  const now = Date.now();
  synthetic += 1;
  return { convId, clientMsgId: `${convId}-${now}-${synthetic}`, serverMsgId: '', seq: 0, senderId, time: now, clientTime: now, elements: [element], status: 'sent' };
}

function emitRoomEntry(tim: TimCore, handle: RoomHandle, senderId: string, element: Element): void {
  const m = tim.timMessage(syntheticMessage(handle.convId, senderId, element));
  if (m) tim.emit(EVENT.MESSAGE_RECEIVED, [m]);
}

function emitNotice(tim: TimCore, senderId: string, element: Element): void {
  const m = tim.timMessage(syntheticMessage('system', senderId, element));
  if (!m) return;
  tim.emit(EVENT.MESSAGE_RECEIVED, [m]);
  tim.emit(EVENT.GROUP_SYSTEM_NOTICE_RECEIVED, { type: m.payload.operationType, message: m });
}
