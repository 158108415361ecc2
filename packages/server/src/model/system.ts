import { parley } from '@parley/protocol';
import type { ModelContext } from './context.js';
import { SYSTEM_CONV_ID } from './conversations.js';
import { BROADCAST_LOG, fromJson, K, type LogHead, systemLog } from './schema.js';
import type { Tx } from './tx.js';

/**
 * Notices and system messages (CAPABILITIES.md §1.14, §2.13, §3.7). Every user has a system
 * log (conversation `system`) that the server writes notices to: group applications, kicks,
 * dismissals, custom `system.send` messages. `system.send` to everyone writes one entry to the
 * app's broadcast log (`system:all`) instead of a copy per user.
 */

const { ReceiveOpt, UserKind } = parley.v1;

/** Options of {@link appendNotice}. */
export interface NoticeOptions {
  /** The session that caused it gets its result in the response instead of a push. */
  exceptSessionId?: string;
  /** Text for clients that cannot show the notice (the app's language). */
  fallbackText?: string;
}

/**
 * Appends `notice` to the system log of each of `userIds` inside `tx` (each gets its own seq
 * and its `system` conversation row moves); the `notice` pushes leave after the commit.
 */
export async function appendNotice(tx: Tx, ctx: ModelContext, userIds: readonly string[], notice: parley.v1.INoticeElem, options: NoticeOptions = {}): Promise<void> {
  for (const userId of new Set(userIds)) {
    const entry = new parley.v1.Message({
      senderId: '',
      senderKind: UserKind.USER_KIND_ADMIN,
      elements: [{ notice }],
      fallbackText: options.fallbackText ?? '',
    });
    const appended = await ctx.messaging.append(tx, ctx, systemLog(userId), entry, [{ userId, receiveOpt: ReceiveOpt.RECEIVE_OPT_NOTIFY }]);
    tx.onCommit(() => ctx.messaging.pushAppended(ctx, appended, options.exceptSessionId));
  }
}

async function headOf(ctx: ModelContext, key: ReturnType<typeof K.logHead>): Promise<number> {
  const row = await ctx.store.get(key);
  return row ? fromJson<LogHead>(row.value).seq : 0;
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

export { SYSTEM_CONV_ID };
