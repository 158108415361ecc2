import type { parley } from '@parley/protocol';
import { invalidParam } from '../errors.js';
import { buildSnapshot, resolveChanges } from './change-views.js';
import { readChanges } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { loadConv, parseConvId } from './conversations.js';
import type { Messaging } from './messaging.js';
import { deletedSeqsIn, deletedStub } from './overlay-read.js';
import { encodeConversation, K, logId } from './schema.js';
import { catchUpBroadcast } from './system.js';
import { transact } from './tx.js';

/** Stored bytes of entries one `sync.pull` response carries at most (frames are capped at 1 MiB). */
const PULL_BUDGET_BYTES = 512 * 1024;

/**
 * Sync (CAPABILITIES.md §2.14, §4.4–4.9): the change stream, range pulls that fill seq gaps
 * and deliver offline messages, delivery acks, and the snapshot after a reset.
 */
export class Sync {
  constructor(private readonly messaging: Messaging) {}

  /** `sync.changes`: compacted changes after a cursor, with each entity's current state. */
  async changes(ctx: ModelContext, actor: Actor, req: parley.v1.SyncChanges): Promise<parley.v1.IChangeBatch> {
    const limit = Math.min(req.limit || 200, 1000);
    await catchUpBroadcast(ctx, actor.userId);
    const { changes, head, hasMore } = await readChanges(ctx.store, ctx.app.id, actor.userId, req.cursor, limit);
    // A cursor from the future (another server's database, a wiped store): start over.
    if (req.cursor > head) return { changes: [], cursor: head, reset: true, hasMore: false };
    const entries = await resolveChanges(ctx, actor.userId, changes);
    const cursor = changes.length > 0 ? (changes[changes.length - 1]?.cursor ?? head) : Math.max(req.cursor, hasMore ? req.cursor : head);
    return { changes: entries, cursor, reset: false, hasMore };
  }

  /**
   * `sync.pull`: entries `(fromSeq, toSeq]` per conversation, ascending, with the viewer's
   * overlay. Entries deleted for self are stubs marked `deletedForSelf`; local inserts travel
   * in the change stream's `overlay` entries, not here.
   */
  async pull(ctx: ModelContext, actor: Actor, req: parley.v1.SyncPull): Promise<parley.v1.IPullResult> {
    if (req.ranges.length === 0 || req.ranges.length > 100) throw invalidParam('ranges', 'between 1 and 100 ranges');
    const ranges: parley.v1.IPulledRange[] = [];
    // Stored bytes one response may carry; ranges past it come back empty with hasMore.
    const budget = { bytes: PULL_BUDGET_BYTES };
    for (const range of req.ranges) {
      const target = parseConvId(actor.userId, range.convId, 'ranges.convId');
      await this.messaging.assertCanRead(ctx, actor.userId, target.log);
      const head = await this.messaging.headSeq(ctx, target.log);
      const row = await transact(ctx.store, (tx) => loadConv(tx, ctx.app.id, actor.userId, target.convId));
      const limit = Math.min(range.limit || 100, 500);
      const from = Math.max(range.fromSeq ?? 0, row?.clearedSeq ?? 0);
      const to = range.toSeq ? Math.min(range.toSeq, head) : head;
      const cut = budget.bytes <= 0;
      const messages = to > from && !cut ? await this.messaging.readRange(ctx, actor.userId, target.log, from, to, limit + 1, budget) : [];
      const kept = messages.slice(0, limit);
      const lastSeq = kept[kept.length - 1]?.seq ?? from;
      const hasMore = messages.length > limit || (to > lastSeq && (cut || budget.bytes <= 0));
      // Entries the puller deleted for self come back as stubs: the range stays gap-free.
      const deleted = kept.length > 0 ? await deletedSeqsIn(ctx, actor.userId, target.convId, from, kept[kept.length - 1]?.seq ?? to) : new Set<number>();
      const page = kept.map((m) => (deleted.has(m.seq) ? deletedStub(m) : this.messaging.overlay(m, actor.userId, row)));
      ranges.push({ convId: target.convId, messages: page, hasMore, maxSeq: head });
    }
    return { ranges };
  }

  /** `sync.ack`: moves `deliveredSeq` forward (never back, never past the head). */
  async ack(ctx: ModelContext, actor: Actor, req: parley.v1.SyncAck): Promise<void> {
    if (req.marks.length > 500) throw invalidParam('marks', 'at most 500');
    const app = ctx.app.id;
    // Every id is parsed before the first mark is written: a malformed one refuses the whole request.
    const targets = req.marks.map((mark) => parseConvId(actor.userId, mark.convId, 'marks.convId'));
    for (const [i, mark] of req.marks.entries()) {
      const target = targets[i] as (typeof targets)[number];
      await transact(
        ctx.store,
        async (tx) => {
          const row = await loadConv(tx, app, actor.userId, target.convId);
          if (!row) return;
          const seq = Math.min(mark.deliveredSeq ?? 0, row.maxSeq);
          if (seq <= row.deliveredSeq) return;
          row.deliveredSeq = seq;
          // Bookkeeping only: not a change other sessions need, so the stream is not touched.
          tx.set(K.conv(app, actor.userId, row.convId), encodeConversation(row));
        },
        { locks: [logId(target.log)] },
      );
    }
  }

  /** `sync.snapshot`: full state and the cursor it is valid at. */
  async snapshot(ctx: ModelContext, actor: Actor, req: parley.v1.SyncSnapshot): Promise<parley.v1.ISnapshot> {
    // The head is read first: anything that changes while the sections are read is newer
    // than the cursor, so the client sees it again from the stream (never misses it).
    const { head } = await readChanges(ctx.store, ctx.app.id, actor.userId, Number.MAX_SAFE_INTEGER - 1, 0);
    return { ...(await buildSnapshot(ctx, actor.userId, req.sections ?? [])), cursor: head };
  }
}
