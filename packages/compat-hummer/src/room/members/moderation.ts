import { roomsOf } from '@parley/core';
import type { Result } from '../../core.js';
import { paramError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { echoOwn } from './joined.js';
import { paramsOf, uidParam } from './params.js';

/*
 * Room moderation by the owner (or an admin): 3000 AccessDenied for anyone else, and for the
 * owner as a target. Joining is not required; the caller's own instance, when joined, gets the
 * broadcast of its action like every member.
 */

/** An optional string; numbers are taken as their text (the demo passes `secs` either way). @throws {HummerError} 1002. */
export function optionalText(p: Record<string, unknown>, name: string): string {
  const value = p[name];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw paramError(`${name} must be a string`);
}

/** `{uid, secs, reason}` of the moderation calls. */
function targetOf(input: unknown): { uid: string; secs: string; reason: string } {
  const p = paramsOf(input);
  return { uid: uidParam(p, 'uid'), secs: optionalText(p, 'secs'), reason: optionalText(p, 'reason') };
}

/**
 * `chatroom.muteUser({uid, secs, reason})`: mutes a member until `unMuteUser` (their sends fail
 * with 3004). `secs` is reserved: stored and echoed in `UsersMuted`, never enforced.
 */
export function muteUser(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('muteUser', async () => {
    const { uid, secs, reason } = targetOf(input);
    const handle = room.handle;
    await roomsOf(room.core.client).mute(room.target, [uid], { secsText: secs, reason });
    if (handle) echoOwn(room, handle, 'UsersMuted', { opUid: room.core.uid, tuids: [uid], secs, reason });
    return room.echo();
  });
}

/** `chatroom.unMuteUser({uid, secs, reason})`: lifts a mute; members get `UsersUnMuted` (`secs` echoed). */
export function unMuteUser(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('unMuteUser', async () => {
    const { uid, secs, reason } = targetOf(input);
    const handle = room.handle;
    await roomsOf(room.core.client).unmute(room.target, [uid], { secsText: secs, reason });
    if (handle) echoOwn(room, handle, 'UsersUnMuted', { opUid: room.core.uid, tuids: [uid], secs, reason });
    return room.echo();
  });
}

/** `chatroom.getMutedUserList()`: the uids muted in the room → `{uids}`. */
export function getMutedUserList(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getMutedUserList', async () => {
    const uids = await roomsOf(room.core.client).listMuted(room.target);
    return { ...room.echo(), uids };
  });
}

/**
 * `chatroom.kickOffUser({uid, secs, reason})`: puts a member out of the room. Members (the kicked
 * one included) get `UserKickedOff {admin, tuids, secs, reason, kicktype: 0}`; `secs` (a number of
 * seconds, `'3000'` in the vendor demo) bars the user from joining again that long (3005).
 */
export function kickOffUser(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('kickOffUser', async () => {
    const { uid, secs, reason } = targetOf(input);
    const banSecs = Math.max(0, Math.floor(Number(secs) || 0));
    const handle = room.handle;
    await roomsOf(room.core.client).kick(room.target, [uid], { banSecs, reason });
    if (handle) echoOwn(room, handle, 'UserKickedOff', { admin: room.core.uid, tuids: [uid], secs: banSecs, reason, kicktype: 0 });
    return room.echo();
  });
}

/**
 * `chatroom.dismissChatRoom()`: dissolves the room (its owner only: 3000 otherwise). Every member,
 * the caller included, gets `ChatRoomDismissed` and is out of the room.
 */
export function dismissChatRoom(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('dismissChatRoom', async () => {
    await roomsOf(room.core.client).dismiss(room.target);
    return room.echo();
  });
}
