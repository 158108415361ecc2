import { type Room, roomsOf } from '@parley/core';
import { type ProfileFields, profileOf } from '../../areas/room-profile.js';
import type { Result } from '../../core.js';
import { paramError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { attributesUpdated, ownRooms } from './events.js';
import { paramsOf, stringMap } from './params.js';
import { basicAttributes } from './profile.js';

/**
 * The room patch of `updateChatRoomAttributes`: the basic-attribute keys as `createChatRoom`
 * stores them (`Extention` (sic) is `AppExtra`; `Roomid`, `Owner`, `Appid` are ignored; other
 * keys are merged into the custom fields).
 * @throws {HummerError} 1002 for a bad `MaxUser`, or when nothing writable is given.
 */
function patchOf(attributes: Readonly<Record<string, string>>): ProfileFields {
  const patch = profileOf(attributes);
  if (Object.keys(patch).length === 1 && Object.keys(patch.customFields).length === 0) throw paramError('attributes: nothing to update');
  return patch;
}

/** A profile with a patch applied (custom fields merged), as the server stores it. */
function patched(profile: Room, patch: ProfileFields): Room {
  const { customFields, ...fields } = patch;
  return { ...profile, ...fields, customFields: { ...(profile.customFields ?? {}), ...customFields } };
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
