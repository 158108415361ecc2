import { parley } from '@parley/protocol';
import { parseHistoryPolicy } from '../config/policy.js';
import { ErrorCode, ServerError } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import type { ConvTarget } from './conversations.js';
import { checkUserIds } from './room-checks.js';
import type { BanRecord, MuteRecord } from './room-moderation.js';
import { roomPresenceOf } from './room-presence.js';
import { activeRow, historyPolicyOf, loadRoom, RK } from './rooms.js';
import { decodeMessage, type EntryLocation, K, logId, type Message, roomLog, toJson } from './schema.js';
import { findSent } from './sent.js';
import { findTransient, rememberTransient } from './transient-sent.js';
import { type Tx, transact } from './tx.js';

/**
 * Room messages and history (CAPABILITIES.md §1.9, §4.3): who may post and read, which entries
 * the room's history policy keeps, fan-out to the room, and retention of kept entries.
 */

const { RoomKind } = parley.v1;
type Room = parley.v1.Room;

/**
 * Checks inside a transaction that `actor` may post: not banned, not muted, and in the room
 * (present; listed rooms: on the member list). App privilege posts anywhere.
 * @throws ServerError ROOM_NOT_FOUND, BANNED, MUTED, NOT_IN_ROOM, NOT_MEMBER
 */
async function checkRoomSend(tx: Tx, ctx: ModelContext, actor: Actor, roomId: string): Promise<Room> {
  const app = ctx.app.id;
  const room = await loadRoom(tx, app, roomId);
  if (!room) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'convId' });
  if (actor.privileged) return room;
  const now = ctx.now();
  if (await activeRow<BanRecord>(tx, RK.ban(app, roomId, actor.userId), now)) throw new ServerError(ErrorCode.BANNED, 'banned from this room', { detail: 'convId' });
  if (await activeRow<MuteRecord>(tx, RK.mute(app, roomId, actor.userId), now)) throw new ServerError(ErrorCode.MUTED, 'muted in this room', { detail: 'convId' });
  if (room.kind === RoomKind.ROOM_KIND_LISTED) {
    if (!room.memberIds.includes(actor.userId)) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this room', { detail: 'convId' });
  } else if (!roomPresenceOf(ctx).isPresent(app, roomId, actor.userId)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'convId' });
  }
  return room;
}

/** Whether the room's history policy keeps this entry (`text:N` keeps text-only messages). */
function keeps(ctx: ModelContext, room: Room, entry: Message): boolean {
  const { keep } = parseHistoryPolicy(historyPolicyOf(ctx, room));
  if (keep === 'none' || entry.flags?.onlineOnly || entry.receiverIds.length > 0) return false;
  return keep === 'full' || entry.elements.every((element) => element.text != null);
}

/**
 * Hands a room message to its audience: the receivers' sessions in the room (unicast), every
 * listed member's sessions (listed rooms are delivered to members online, M), or everyone present.
 */
function fanOut(ctx: ModelContext, room: Room, entry: Message, exceptSessionId: string | undefined): void {
  const app = ctx.app.id;
  const push: parley.v1.IPush = { message: { message: entry } };
  if (entry.receiverIds.length > 0) roomPresenceOf(ctx).toMembers(app, room.roomId, entry.receiverIds, push, exceptSessionId);
  else if (room.kind === RoomKind.ROOM_KIND_LISTED) for (const userId of room.memberIds) ctx.deliver.toUser(app, userId, push, exceptSessionId);
  else ctx.deliver.toRoom(app, room.roomId, push, exceptSessionId);
}

/** Entries examined per retention sweep, and how often (in seqs) a send sweeps. */
const RETENTION_SWEEP = { rows: 256, everySeqs: 64 } as const;

/**
 * Enforces the `N` days of a `text:N`/`full:N` policy: every few appends, the oldest entries
 * past the window are deleted with their id indexes (room logs have no per-user rows).
 */
async function sweepRetention(tx: Tx, ctx: ModelContext, roomId: string, days: number): Promise<void> {
  const app = ctx.app.id;
  const log = roomLog(roomId);
  const cutoff = ctx.now() - days * 86_400_000;
  const rows = await tx.list({ prefix: K.logPrefix(app, log), limit: RETENTION_SWEEP.rows });
  for (const row of rows) {
    const old = decodeMessage(row.value);
    if (old.time >= cutoff) break;
    tx.delete(row.key);
    tx.delete(K.byServerId(app, old.serverMsgId));
    if (old.clientMsgId) tx.delete(K.byClientId(app, old.senderId, old.clientMsgId));
  }
}

/**
 * `msg.send` to a `room:` or `channel:` conversation: checks that the sender is in the room
 * and not muted, keeps the entry when the room's history policy says so, and fans it out to
 * the room's present members. `entry` is the message as `msg.send` built it. Entries with
 * `receiver_ids` are unicasts inside the room (H `sendSingleUserMessage`): never kept, and
 * delivered only to those users' sessions in the room.
 */
export async function sendRoomMessage(ctx: ModelContext, actor: Actor, target: ConvTarget, entry: Message): Promise<parley.v1.ISendResult> {
  const app = ctx.app.id;
  entry.receiverIds = checkUserIds(entry.receiverIds, 'receiverIds', 100);
  const now = ctx.now();
  type Outcome = { kind: 'duplicate'; result: parley.v1.ISendResult } | { kind: 'kept' | 'new'; room: Room };
  const outcome = await transact(ctx.store, async (tx): Promise<Outcome> => {
    // A resend of a message already fanned out gets its first answer, even when the sender has
    // left the room since (its node died and it has not entered again yet).
    const seen = await findTransient(tx, app, actor.userId, entry.clientMsgId, now);
    if (seen) return { kind: 'duplicate', result: seen };
    const room = await checkRoomSend(tx, ctx, actor, target.targetId);
    return { kind: keeps(ctx, room, entry) ? 'kept' : 'new', room };
  });
  if (outcome.kind === 'duplicate') return outcome.result;
  if (outcome.kind === 'kept') return appendRoomMessage(ctx, actor, outcome.room, entry);
  entry.serverMsgId = ctx.ids.nextServerMsgId();
  entry.time = now;
  entry.seq = 0;
  entry.convId = target.convId;
  fanOut(ctx, outcome.room, entry, actor.sessionId);
  const result = { serverMsgId: entry.serverMsgId, seq: 0, time: entry.time, duplicate: false, senderTinyId: entry.senderTinyId };
  await rememberTransient(ctx.store, app, actor.userId, entry.clientMsgId, result, now);
  return result;
}

/** A kept room message: appended to the room log (no per-user rows, no unread), then fanned out. */
async function appendRoomMessage(ctx: ModelContext, actor: Actor, room: Room, entry: Message): Promise<parley.v1.ISendResult> {
  const app = ctx.app.id;
  const log = roomLog(room.roomId);
  const { days } = parseHistoryPolicy(historyPolicyOf(ctx, room));
  return transact(
    ctx.store,
    async (tx) => {
      const duplicate = await findSent(tx, app, actor.userId, entry.clientMsgId);
      if (duplicate) return duplicate;
      const current = await checkRoomSend(tx, ctx, actor, room.roomId);
      const { entry: stored } = await ctx.messaging.append(tx, ctx, log, entry, []);
      tx.set(K.byClientId(app, actor.userId, entry.clientMsgId), toJson({ log, seq: stored.seq } satisfies EntryLocation));
      if (stored.seq % RETENTION_SWEEP.everySeqs === 0) await sweepRetention(tx, ctx, room.roomId, days);
      tx.onCommit(() => fanOut(ctx, current, stored, actor.sessionId));
      return { serverMsgId: stored.serverMsgId, seq: stored.seq, time: stored.time, duplicate: false, senderTinyId: stored.senderTinyId };
    },
    { locks: [logId(log)] },
  );
}

/**
 * Refuses a room log (history) to a viewer who may not read it: readers are the users present
 * (live rooms) or on the member list (listed rooms).
 * @throws ServerError ROOM_NOT_FOUND, NOT_IN_ROOM, NOT_MEMBER
 */
export async function assertRoomReader(ctx: ModelContext, viewer: string, roomId: string): Promise<void> {
  const room = await transact(ctx.store, (tx) => loadRoom(tx, ctx.app.id, roomId));
  if (!room) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'convId' });
  if (room.kind === RoomKind.ROOM_KIND_LISTED) {
    if (!room.memberIds.includes(viewer)) throw new ServerError(ErrorCode.NOT_MEMBER, 'not a member of this room', { detail: 'convId' });
  } else if (!roomPresenceOf(ctx).isPresent(ctx.app.id, roomId, viewer)) {
    throw new ServerError(ErrorCode.NOT_IN_ROOM, 'enter the room first', { detail: 'convId' });
  }
}
