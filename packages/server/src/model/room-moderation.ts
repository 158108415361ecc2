import type { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { checkText, checkUserIds } from './room-checks.js';
import { roomPresenceOf } from './room-presence.js';
import { assertManager, requireRoom, RK } from './rooms.js';
import { fromJson, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';

/**
 * Room moderation (CAPABILITIES.md §1.9, §2.10): mutes, kicks with their re-entry bans, and
 * marks on present members, all by the owner, admins or app privilege.
 */

type Room = parley.v1.Room;

/** A mute: `until` 0 = indefinite; `secsText` is H's opaque `secs`, echoed back. */
export interface MuteRecord {
  until: number;
  secsText: string;
  reason: string;
  by: string;
}

/** A ban blocks re-entry until `until` (T kick duration, H `UserKickedOff` secs). */
export interface BanRecord {
  until: number;
  reason: string;
  kickType: string;
  by: string;
}

function checkTargets(req: parley.v1.RoomModerate): string[] {
  const userIds = checkUserIds(req.userIds, 'userIds', 500);
  if (userIds.length === 0) throw invalidParam('userIds', 'at least one');
  return userIds;
}

/** Loads the room for a moderation op and checks that the actor manages it (not the owner as target). */
async function moderated(tx: Tx, app: string, actor: Actor, req: parley.v1.RoomModerate, targets: readonly string[]): Promise<Room> {
  const room = await requireRoom(tx, app, req.room);
  assertManager(room, actor);
  if (!actor.privileged && room.ownerId && room.ownerId !== actor.userId && targets.includes(room.ownerId)) {
    throw new ServerError(ErrorCode.PERMISSION_DENIED, 'the owner cannot be moderated', { detail: 'userIds' });
  }
  return room;
}

/**
 * `room.mute` / `room.unmute` (H `muteUser` / `unMuteUser`, T `setGroupMemberMuteTime`): a mute
 * lasts `secs` seconds (0 = until unmuted); `secs_text` is echoed in `room_mute`.
 */
export async function muteInRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomModerate, muted: boolean): Promise<void> {
  const app = ctx.app.id;
  const userIds = checkTargets(req);
  const secsText = checkText(req.secsText, 'secsText', 64);
  const reason = checkText(req.reason, 'reason', 256);
  await transact(ctx.store, async (tx) => {
    const room = await moderated(tx, app, actor, req, userIds);
    const until = req.secs > 0 ? ctx.now() + req.secs * 1000 : 0;
    for (const userId of userIds) {
      if (muted) tx.set(RK.mute(app, room.roomId, userId), toJson({ until, secsText, reason, by: actor.userId } satisfies MuteRecord));
      else tx.delete(RK.mute(app, room.roomId, userId));
    }
    tx.onCommit(() => ctx.deliver.toRoom(app, room.roomId, { roomMute: { roomId: room.roomId, by: actor.userId, userIds, secsText, reason, muted } }, actor.sessionId));
  });
}

/** `room.listMuted` (H `getMutedUserList`): users muted now. */
export async function listMuted(ctx: ModelContext, req: parley.v1.RoomRefOp): Promise<parley.v1.IUserIds> {
  const app = ctx.app.id;
  const room = await transact(ctx.store, (tx) => requireRoom(tx, app, req.room));
  const now = ctx.now();
  const rows = await ctx.store.list({ prefix: RK.mutes(app, room.roomId) });
  return {
    userIds: rows.filter((row) => {
      const mute = fromJson<MuteRecord>(row.value);
      return mute.until === 0 || mute.until > now;
    }).map((row) => row.key[row.key.length - 1] as string),
  };
}

/**
 * `room.kick` (H `kickOffUser`, T `deleteGroupMember` on an AVChatRoom): `room_kick` to the
 * room (the kicked users included), then they leave; `secs` > 0 bans re-entry that long.
 */
export async function kickFromRoom(ctx: ModelContext, actor: Actor, req: parley.v1.RoomModerate): Promise<void> {
  const app = ctx.app.id;
  const userIds = checkTargets(req);
  const reason = checkText(req.reason, 'reason', 256);
  const kickType = checkText(req.kickType, 'kickType', 32);
  await transact(ctx.store, async (tx) => {
    const room = await moderated(tx, app, actor, req, userIds);
    if (req.secs > 0) {
      const until = ctx.now() + req.secs * 1000;
      for (const userId of userIds) tx.set(RK.ban(app, room.roomId, userId), toJson({ until, reason, kickType, by: actor.userId } satisfies BanRecord));
    }
    tx.onCommit(() => {
      ctx.deliver.toRoom(app, room.roomId, { roomKick: { roomId: room.roomId, by: actor.userId, userIds, banSecs: req.secs, reason, kickType } }, actor.sessionId);
      roomPresenceOf(ctx).evict(app, room.roomId, userIds);
    });
  });
}

/** `room.markMembers` (T `markGroupMemberList`): marks ≥ 1000 on present members, by managers. */
export async function markRoomMembers(ctx: ModelContext, actor: Actor, req: parley.v1.RoomModerate): Promise<void> {
  const userIds = checkTargets(req);
  if (req.mark < 1000) throw invalidParam('mark', 'marks are 1000 or more');
  const room = await transact(ctx.store, (tx) => moderated(tx, ctx.app.id, actor, req, []));
  roomPresenceOf(ctx).mark(ctx.app.id, room.roomId, userIds, req.mark, req.enable);
}
