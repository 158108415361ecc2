import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { assertUsersExist, checkCustomFields, checkText, checkUserIds, HISTORY_POLICY, isTextField, TEXT_FIELDS } from './room-checks.js';
import { assertListedEditor, assertManager, requireRoom, roomView, saveRoom, setListedMembers } from './rooms.js';
import { transact } from './tx.js';

/**
 * `room.update` (CAPABILITIES.md §1.9, §2.10): profile fields, custom fields and the member list
 * of a listed room, with the `room_profile` push.
 */

const { RoomKind } = parley.v1;
type Room = parley.v1.Room;

/** Applies `set_fields` of a patch; returns the names it changed. */
function applyProfilePatch(room: Room, patch: parley.v1.IRoom, setFields: readonly string[]): string[] {
  const changed: string[] = [];
  for (const field of new Set(setFields)) {
    if (isTextField(field)) {
      room[field] = checkText(patch[field], `patch.${field}`, TEXT_FIELDS[field]);
    } else if (field === 'maxUsers') {
      room.maxUsers = patch.maxUsers ?? 0;
    } else if (field === 'allowAnonymous') {
      room.allowAnonymous = patch.allowAnonymous ?? false;
    } else if (field === 'historyPolicy') {
      const value = patch.historyPolicy ?? '';
      if (value && !HISTORY_POLICY.test(value)) throw invalidParam('patch.historyPolicy', '"none", "text:<days>" or "full:<days>"');
      room.historyPolicy = value;
    } else if (field === 'adminIds') {
      room.adminIds = checkUserIds(patch.adminIds, 'patch.adminIds', 100);
    } else {
      throw invalidParam('setFields', `"${field}" cannot be set`);
    }
    changed.push(field);
  }
  return changed;
}

/** Applies the custom-field part of `room.update` (merge, replace, clear, remove keys). */
function applyCustomPatch(room: Room, req: parley.v1.RoomUpdate): boolean {
  const incoming = req.patch?.customFields ?? {};
  const before = JSON.stringify(room.customFields);
  let next: Record<string, string>;
  switch (req.customMode) {
    case parley.v1.PatchMode.PATCH_MODE_REPLACE:
      next = { ...incoming };
      break;
    case parley.v1.PatchMode.PATCH_MODE_CLEAR:
      next = {};
      break;
    case parley.v1.PatchMode.PATCH_MODE_REMOVE_KEYS:
      next = Object.fromEntries(Object.entries(room.customFields).filter(([key]) => !req.removeCustomKeys.includes(key)));
      break;
    default:
      next = { ...room.customFields, ...incoming };
  }
  checkCustomFields(next, 'patch.customFields');
  room.customFields = next;
  return JSON.stringify(next) !== before;
}

/**
 * `room.update`: profile fields named in `set_fields`, custom fields per `custom_mode`, and the
 * member list of a listed room (`replace_members`). Pushes `room_profile` to the room.
 */
export async function updateRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomUpdate): Promise<void> {
  const app = ctx.app.id;
  const patch = req.patch ?? new parley.v1.Room();
  const memberIds = req.replaceMembers ? checkUserIds(patch.memberIds, 'patch.memberIds', ctx.app.policy.roomMaxUsers || 100_000) : [];
  await assertUsersExist(ctx, memberIds, 'patch.memberIds');
  await transact(ctx.store, async (tx) => {
    const room = await requireRoom(tx, app, req.room);
    if (room.kind === RoomKind.ROOM_KIND_CHANNEL) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'channels have no profile', { detail: 'room' });
    if (room.kind === RoomKind.ROOM_KIND_LISTED) assertListedEditor(room, actor);
    else assertManager(room, actor);
    const changed = applyProfilePatch(room, patch, req.setFields);
    if (changed.includes('adminIds') && room.kind === RoomKind.ROOM_KIND_LISTED) throw invalidParam('setFields', 'listed rooms have no admins');
    if (changed.includes('adminIds') && !actor.privileged && room.ownerId !== actor.userId) {
      throw new ServerError(ErrorCode.PERMISSION_DENIED, 'only the owner may change the admins', { detail: 'setFields' });
    }
    if (applyCustomPatch(room, req)) changed.push('customFields');
    if (req.replaceMembers) {
      if (room.kind !== RoomKind.ROOM_KIND_LISTED) throw invalidParam('replaceMembers', 'only listed rooms have a member list');
      setListedMembers(tx, app, room, memberIds);
      changed.push('memberIds');
    }
    saveRoom(tx, app, room);
    tx.onCommit(() => {
      void roomView(ctx, room, { userId: '' }).then((profile) => {
        ctx.deliver.toRoom(app, room.roomId, { roomProfile: { roomId: room.roomId, by: actor.userId, profile, changedFields: changed } }, actor.sessionId);
      });
    });
  });
}
