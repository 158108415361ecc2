import { roomsOf } from '@parley/core';
import type { Result } from '../../core.js';
import { paramError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { attributesUpdated, ownRooms } from './events.js';
import { paramsOf, stringMap } from './params.js';
import { basicAttributes, patched, patchOf } from './profile.js';

/** `chatroom.getChatRoomAttributes()` → `{attributes}` (the room's basic attributes, all strings); joining is not needed. */
export function getChatRoomAttributes(room: ChatRoom, _input: unknown): Promise<Result> {
  return room.core.call('getChatRoomAttributes', async () => {
    const profile = await roomsOf(room.core.client).get(room.target);
    return { ...room.echo(), attributes: basicAttributes(profile, room.core.appid) };
  });
}

/**
 * `chatroom.updateChatRoomAttributes({attributes})`: merges the listed keys (owner and admins;
 * 3000 otherwise). Everyone in the room, the caller's joined ChatRoom objects included, gets
 * `ChatRoomAttributesUpdated` once.
 */
export function updateChatRoomAttributes(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('updateChatRoomAttributes', async () => {
    const patch = patchOf(stringMap(paramsOf(input).attributes, 'attributes'));
    const same = ownRooms(room.core, (r) => r.roomid === room.roomid && r.region === room.region);
    // By its id when this hummer holds the room, so that the core updates the profile it holds.
    const roomId = room.handle?.roomId || same[0]?.[1].roomId || '';
    await roomsOf(room.core.client).update({ ...room.target, roomId }, patch);
    for (const [r, handle] of same) {
      const [name, payload] = attributesUpdated(room.core.uid, basicAttributes(patched(handle.profile, patch), room.core.appid));
      r.events.emit(name, payload());
    }
    return room.echo();
  });
}

/** The `roler` values and the core's role names. */
const ROLES = { '': '', owner: 'owner', admin: 'admin' } as const;

/** `chatroom.getChatRoomManager({roler})` → `{admins: {[role]: uids}}`; `roler` `"owner"` or `"admin"`, none for both. */
export function getChatRoomManager(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('getChatRoomManager', async () => {
    const roler = paramsOf(input).roler ?? '';
    if (typeof roler !== 'string' || !Object.hasOwn(ROLES, roler)) throw paramError('roler must be "owner" or "admin"');
    const role = ROLES[roler as keyof typeof ROLES];
    const { owners, admins } = await roomsOf(room.core.client).managers(room.target, role);
    const out: Record<string, string[]> = {};
    if (role !== 'admin') out.owner = owners;
    if (role !== 'owner') out.admin = admins;
    return { ...room.echo(), admins: out };
  });
}
