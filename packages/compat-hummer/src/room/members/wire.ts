import { type EvictReason, type Message, RoomChannel, type RoomHandle, type RoomKick, type RoomMute } from '@parley/core';
import type { ChatRoom } from '../../room.js';
import { contentOf, kvExtraOf, legacyExtraOf } from './convert.js';

/** A room message from someone else as its vendor event: `GroupMessage`, `TextChat` or `SingleUserMessage` by its channel. */
function onMessage(room: ChatRoom, message: Message): void {
  const uid = message.senderId;
  const requestId = message.serverMsgId;
  if (message.roomChannel === RoomChannel.TEXT_CHAT) {
    const chat = { appid: room.core.appid, uid, roomid: room.roomid, chat: contentOf(message), extra: { extra: legacyExtraOf(message) }, kvExtra: kvExtraOf(message, true) };
    room.events.emit('TextChat', chat);
  } else if (message.roomChannel === RoomChannel.UNICAST) {
    const receiver = message.receiverIds?.includes(room.core.uid) ? room.core.uid : (message.receiverIds?.[0] ?? room.core.uid);
    room.events.emit('SingleUserMessage', { uid, receiver, content: contentOf(message), kvExtra: kvExtraOf(message, false), requestId });
  } else {
    room.events.emit('GroupMessage', { uid, content: contentOf(message), kvExtra: kvExtraOf(message, false), requestId });
  }
}

function onKick(room: ChatRoom, kick: RoomKick): void {
  room.events.emit('UserKickedOff', { admin: kick.by, tuids: kick.userIds, secs: kick.banSecs, reason: kick.reason, kicktype: Number(kick.kickType) || 0 });
  // The core closes a handle whose user was kicked right after this event.
  if (kick.userIds.includes(room.core.uid)) room.detach();
}

function onMute(room: ChatRoom, mute: RoomMute): void {
  const payload = { opUid: mute.by, tuids: mute.userIds, secs: mute.secsText, reason: mute.reason };
  room.events.emit(mute.muted ? 'UsersMuted' : 'UsersUnMuted', payload);
}

/**
 * The session is out of the room. Past the eviction grace (`timeout`), or when the session was
 * replaced by a new one while logged in, that is `ChatRoomUserOffline`: the app must join again,
 * nothing rejoins on its own. A logout or a kick of the session says nothing here.
 */
function onEvicted(room: ChatRoom, reason: EvictReason): void {
  const stillIn = room.core.loggedIn && (reason === 'timeout' || room.core.client.state === 'ready');
  room.detach();
  if (stillIn) room.events.emit('ChatRoomUserOffline');
}

/**
 * Messages, presence, counts, moderation, eviction and dismissal of a joined room as the §3.2
 * ChatRoom events; returns the unsubscribe. Presence pushes map one to one onto
 * `UserOnlineUpdated {joinUsers, leaveUsers}` (the server batches them; counts are coalesced by
 * `room.countPushIntervalMs`). `ChatRoomDismissed` carries `{roomid, opUid}`.
 */
export function wireMembers(room: ChatRoom, handle: RoomHandle): () => void {
  const unsubscribe = [
    handle.on('message', (message) => onMessage(room, message)),
    handle.on('presence', ({ joined, left }) => room.events.emit('UserOnlineUpdated', { joinUsers: joined, leaveUsers: left })),
    handle.on('count', (totalCount) => room.events.emit('UserCountUpdated', { totalCount })),
    handle.on('kick', (kick) => onKick(room, kick)),
    handle.on('mute', (mute) => onMute(room, mute)),
    handle.on('evicted', (reason) => onEvicted(room, reason)),
    handle.on('dismissed', ({ by }) => {
      room.detach();
      room.events.emit('ChatRoomDismissed', { roomid: room.roomid, opUid: by });
    }),
  ];
  return () => {
    for (const off of unsubscribe) off();
  };
}
