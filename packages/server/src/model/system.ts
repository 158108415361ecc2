import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { BROADCAST_CONV_ID, SYSTEM_CONV_ID } from './conversations.js';
import { loadGroup, memberIdsInTx } from './groups.js';
import { BROADCAST_LOG, encodeMessage, fromJson, K, type LogHead, logId, type Message, systemLog, toJson } from './schema.js';
import { decodeRoom } from './rooms.js';
import { transact, type Tx } from './tx.js';
import { checkUserId } from './users.js';

/**
 * Notices and system messages (CAPABILITIES.md §1.14, §2.13, §3.7). Every user has a system
 * log (conversation `system`) that the server writes notices to: group applications, kicks,
 * dismissals, custom `system.send` messages.
 *
 * `system.send` scopes:
 * - `user`: one `NOTICE_CUSTOM` entry in that user's system log (pushed as `notice`);
 * - `group`: the same, in the system log of each member of the group;
 * - `room`: a live `notice` push to the sessions present in the room, never stored;
 * - `all`: ONE entry in the app's broadcast log (conversation `system:all`), pushed as
 *   `notice` to every live session of the app.
 *
 * The broadcast cursor. Writing a change-stream row per user for a broadcast would cost one
 * write per user of the app, so the stream learns of broadcasts lazily: each user has a
 * `bcseen` row holding the broadcast head last announced in their stream. When the user
 * reads the stream (`sync.changes`, which clients run after every login and resume, §4.8),
 * {@link catchUpBroadcast} compares it with the app's broadcast head and, when it is
 * behind, records a `systemHead` change first. The client then reads the new entries with
 * `sync.pull` or `msg.history` on `system:all` from the `broadcastSeq` it last saw; every
 * user of the app may read that log (and no user of another app: keys carry the app id).
 * The `systemHead` entry also reaches users who got the live push: it is idempotent.
 */

const { ReceiveOpt, UserKind, SystemScope, NoticeKind, GroupStatus } = parley.v1;

/** Rows of this module (tags `bcseen`). */
const SK = {
  /** The broadcast head last announced in the user's change stream: `{ seq }`. */
  broadcastSeen: (app: string, userId: string): Key => [app, 'bcseen', userId],
};

/** Element kinds a custom notice may carry: message content, never tips or control entries. */
const NOTICE_CONTENT_KINDS: ReadonlySet<string> = new Set(['text', 'image', 'audio', 'video', 'file', 'location', 'face', 'custom', 'card', 'merger', 'quote']);

/** Options of {@link appendNotice}. */
export interface NoticeOptions {
  /** The session that caused it gets its result in the response instead of a push. */
  exceptSessionId?: string;
  /** Text for clients that cannot show the notice (the app's language). */
  fallbackText?: string;
  /** The sender's time of a custom notice (MaxLeap `ts`); 0 = none. */
  clientTime?: number;
}

/** A notice entry as every system log stores it: no sender, admin kind. */
function noticeEntry(notice: parley.v1.INoticeElem, options: NoticeOptions): Message {
  return new parley.v1.Message({
    senderId: '',
    senderKind: UserKind.USER_KIND_ADMIN,
    elements: [{ notice }],
    fallbackText: options.fallbackText ?? '',
    clientTime: options.clientTime ?? 0,
  });
}

/**
 * Appends `notice` to the system log of each of `userIds` inside `tx` (each gets its own seq
 * and its `system` conversation row moves); the `notice` pushes leave after the commit.
 */
export async function appendNotice(tx: Tx, ctx: ModelContext, userIds: readonly string[], notice: parley.v1.INoticeElem, options: NoticeOptions = {}): Promise<void> {
  for (const userId of new Set(userIds)) {
    const entry = noticeEntry(notice, options);
    const appended = await ctx.messaging.append(tx, ctx, systemLog(userId), entry, [{ userId, receiveOpt: ReceiveOpt.RECEIVE_OPT_NOTIFY }]);
    tx.onCommit(() => ctx.messaging.pushAppended(ctx, appended, options.exceptSessionId));
  }
}

/** The kind of an element: the set oneof field (decoded instances name it, plain objects do not). */
function elementKindOf(element: parley.v1.IElement): string {
  const named = (element as parley.v1.Element).kind;
  if (named) return named;
  const set = Object.entries(element).filter(([, value]) => value != null);
  return set.length === 1 ? (set[0]?.[0] ?? '') : '';
}

/** Checks the content of a `system.send` and builds its notice (without the target). */
function customNotice(ctx: ModelContext, req: parley.v1.ISystemSend): { notice: parley.v1.INoticeElem; options: NoticeOptions } {
  const { policy } = ctx.app;
  const elements = req.elements ?? [];
  const contentJson = req.contentJson ?? '';
  if (elements.length === 0 && contentJson === '') throw invalidParam('elements', 'elements or contentJson is required');
  if (elements.length > policy.maxElements) throw invalidParam('elements', `at most ${policy.maxElements} elements`);
  let fallbackText = '';
  elements.forEach((element, i) => {
    const kind = elementKindOf(element);
    if (!NOTICE_CONTENT_KINDS.has(kind)) throw invalidParam(`elements[${i}]`, kind ? `"${kind}" cannot be sent` : 'empty element');
    const text = element.text?.text ?? '';
    if (Buffer.byteLength(text) > policy.maxTextBytes) {
      throw new ServerError(ErrorCode.TOO_LARGE, `text is over ${policy.maxTextBytes} bytes`, { detail: `elements[${i}]` });
    }
    fallbackText ||= text;
  });
  if (contentJson !== '') fallbackText ||= maxleapBody(contentJson);
  const ts = Number(req.ts ?? 0);
  if (!Number.isSafeInteger(ts) || ts < 0) throw invalidParam('ts', 'must be a time in milliseconds since the epoch');
  const notice: parley.v1.INoticeElem = { kind: NoticeKind.NOTICE_CUSTOM, scope: req.scope ?? SystemScope.SYSTEM_SCOPE_USER, elements, data: contentJson };
  const options: NoticeOptions = { fallbackText, clientTime: ts || ctx.now() };
  const size = encodeMessage(noticeEntry(notice, options)).length;
  if (size > policy.maxBodyBytes) throw new ServerError(ErrorCode.TOO_LARGE, `message is over ${policy.maxBodyBytes} bytes`, { detail: 'elements' });
  return { notice, options };
}

/** The `body` of MaxLeap `{media, body}` content, which is its text; refuses JSON that is not an object. */
function maxleapBody(contentJson: string): string {
  let content: unknown;
  try {
    content = JSON.parse(contentJson);
  } catch {
    throw invalidParam('contentJson', 'must be JSON');
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) throw invalidParam('contentJson', 'must be a JSON object');
  const body = (content as { body?: unknown }).body;
  return typeof body === 'string' ? body : '';
}

/** A target id of the group or room scope: 1–64 bytes. */
function checkTargetId(targetId: string | null | undefined): string {
  if (!targetId || Buffer.byteLength(targetId) > 64) throw invalidParam('targetId', 'must be 1–64 bytes');
  return targetId;
}

/**
 * `system.send` (§2.13): a custom notice to one user, a group's members, a room's present
 * sessions or everyone in the app. Needs app privilege (§5.2).
 *
 * @throws ServerError PERMISSION_DENIED (no privilege), INVALID_PARAM, TOO_LARGE,
 *   USER_NOT_FOUND, GROUP_NOT_FOUND, ROOM_NOT_FOUND.
 */
export async function sendSystem(ctx: ModelContext, actor: Actor, req: parley.v1.ISystemSend): Promise<void> {
  if (!actor.privileged) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'system.send needs app privilege');
  const { notice, options } = customNotice(ctx, req);
  const app = ctx.app.id;
  switch (req.scope ?? SystemScope.SYSTEM_SCOPE_USER) {
    case SystemScope.SYSTEM_SCOPE_USER: {
      const userId = checkUserId(req.targetId, 'targetId');
      await transact(
        ctx.store,
        async (tx) => {
          if (!(await tx.get(K.user(app, userId)))) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'targetId' });
          await appendNotice(tx, ctx, [userId], notice, options);
        },
        { locks: [logId(systemLog(userId))] },
      );
      return;
    }
    case SystemScope.SYSTEM_SCOPE_GROUP: {
      const groupId = checkTargetId(req.targetId);
      await transact(ctx.store, async (tx) => {
        const group = await loadGroup(tx, app, groupId);
        if (!group || group.status === GroupStatus.GROUP_STATUS_DISMISSED) throw new ServerError(ErrorCode.GROUP_NOT_FOUND, 'no such group', { detail: 'targetId' });
        await appendNotice(tx, ctx, await memberIdsInTx(tx, app, groupId), { ...notice, groupId }, options);
      });
      return;
    }
    case SystemScope.SYSTEM_SCOPE_ROOM: {
      const roomId = checkTargetId(req.targetId);
      const row = await ctx.store.get(K.room(app, roomId));
      if (!row) throw new ServerError(ErrorCode.ROOM_NOT_FOUND, 'no such room', { detail: 'targetId' });
      // Rooms are live only (§3.6): the notice reaches the sessions present now and is not kept.
      const entry = noticeEntry({ ...notice, roomId }, options);
      entry.serverMsgId = ctx.ids.nextServerMsgId();
      entry.time = ctx.now();
      entry.convId = SYSTEM_CONV_ID;
      const room = decodeRoom(row.value);
      // MaxLeap clients never enter their (listed) rooms: members online get it instead.
      if (room.kind === parley.v1.RoomKind.ROOM_KIND_LISTED) for (const userId of room.memberIds) ctx.deliver.toUser(app, userId, { notice: { message: entry } });
      else ctx.deliver.toRoom(app, roomId, { notice: { message: entry } });
      return;
    }
    case SystemScope.SYSTEM_SCOPE_ALL: {
      if (req.targetId) throw invalidParam('targetId', 'must be empty for scope all');
      await transact(
        ctx.store,
        async (tx) => {
          const appended = await ctx.messaging.append(tx, ctx, BROADCAST_LOG, noticeEntry(notice, options), []);
          // No change-stream cursor: offline users learn of it through catchUpBroadcast.
          tx.onCommit(() => ctx.deliver.toApp(app, { notice: { message: appended.entry } }));
        },
        { locks: [logId(BROADCAST_LOG)] },
      );
      return;
    }
    default:
      throw invalidParam('scope', 'must be user, group, room or all');
  }
}

async function headOf(ctx: ModelContext, key: Key): Promise<number> {
  const row = await ctx.store.get(key);
  return row ? fromJson<LogHead>(row.value).seq : 0;
}

/**
 * The lazy half of the broadcast cursor (see the module comment): when the app's broadcast
 * log moved past what `userId`'s change stream last announced, records a `systemHead` change
 * for them. Called before the stream is read; costs two point reads when nothing is new.
 */
export async function catchUpBroadcast(ctx: ModelContext, userId: string): Promise<void> {
  const app = ctx.app.id;
  const [head, seen] = await Promise.all([headOf(ctx, K.logHead(app, BROADCAST_LOG)), ctx.store.get(SK.broadcastSeen(app, userId))]);
  if (head <= (seen ? fromJson<{ seq: number }>(seen.value).seq : 0)) return;
  await transact(ctx.store, async (tx) => {
    const [headBytes, seenBytes] = await tx.getMany([K.logHead(app, BROADCAST_LOG), SK.broadcastSeen(app, userId)]);
    const current = headBytes ? fromJson<LogHead>(headBytes).seq : 0;
    if (current <= (seenBytes ? fromJson<{ seq: number }>(seenBytes).seq : 0)) return;
    await recordChange(tx, app, userId, 'systemHead', SYSTEM_CONV_ID);
    tx.set(SK.broadcastSeen(app, userId), toJson({ seq: current }));
  });
}

/** The heads of a user's system log and of the app's broadcast log. */
export async function systemHeadOf(ctx: ModelContext, userId: string): Promise<parley.v1.ISystemHead> {
  const [systemSeq, broadcastSeq] = await Promise.all([headOf(ctx, K.logHead(ctx.app.id, systemLog(userId))), headOf(ctx, K.logHead(ctx.app.id, BROADCAST_LOG))]);
  return { systemSeq, broadcastSeq };
}

/** Change-stream resolver of `systemHead` rows (id `system`). */
export async function systemChanges(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>> {
  const out = new Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>();
  if (ids.length > 0) {
    const head = await systemHeadOf(ctx, userId);
    for (const id of ids) out.set(id, { systemHead: head });
  }
  return out;
}

/** The system heads in `sync.snapshot` (always included: they are two numbers). */
export async function systemSnapshot(ctx: ModelContext, userId: string, _sections: ReadonlySet<parley.v1.SnapshotSection>): Promise<Partial<parley.v1.ISnapshot>> {
  return { systemHead: await systemHeadOf(ctx, userId) };
}

export { BROADCAST_CONV_ID, SYSTEM_CONV_ID };
