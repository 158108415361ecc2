import { parley, WireReader } from '@parley/protocol';
import { ErrorCode, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import type { ModelContext } from './context.js';
import { fromJson, K, type Message } from './schema.js';

/**
 * The per-user overlay of a conversation (CAPABILITIES.md §1.11, §4.1): what one user did to
 * a shared log for themselves only. Nothing here touches the shared log, so the other
 * parties' seqs stay gap-free (S1).
 *
 * - Tombstones (`msg.deleteForSelf`, T `deleteMessage`, O `deleteMessageFromLocalStorage`):
 *   one row per deleted seq. `msg.history` and `msg.get` leave those entries out (T removes
 *   them from the list); `sync.pull` returns a content-free stub marked `deletedForSelf`, so
 *   the puller still sees every seq of the range and never mistakes a deletion for a gap.
 * - `clearedSeq` (`msg.clearForSelf`) lives on the conversation row; a clear also drops the
 *   tombstones and local inserts it covers.
 * - Local inserts (`msg.insertForSelf`, O `insert*MessageToLocalStorage`): messages with
 *   `localOnly`, never delivered, visible to their owner only. Their seqs come from a private
 *   space that starts at {@link LOCAL_SEQ_BASE}, disjoint from every shared log's seqs, so
 *   `(convId, seq)` still names one message for the owner. Each remembers the shared head it
 *   was inserted after (`afterSeq`); history merges it right after that entry, which is also
 *   its time order (its time is never before the head's).
 *
 * The change stream has one `overlay` row per conversation whose entry is the whole overlay
 * (`deleted_seqs`, `local_inserts`), or a tombstone once it is empty. push.proto has no
 * overlay push: every overlay edit also saves the conversation row and pushes it, and that
 * push's cursor lies past the overlay row's, so a live session sees its cursor jump and reads
 * `sync.changes`.
 *
 * This module holds the overlay's rows and its read side: what `msg.history`, `msg.get`,
 * `sync.pull`, `sync.changes` and `sync.snapshot` use. The write ops are in `overlay.ts`.
 */

const { Message: MessageClass } = parley.v1;

/** The first seq of the private space of local inserts (2^52; shared logs never get there). */
export const LOCAL_SEQ_BASE = 2 ** 52;

/** Row keys of the overlay (tags `ovl`, `lins`); tombstones are `K.tombstone` rows. */
export const OK = {
  /** The local-seq counter of one (user, conversation). */
  head: (app: string, userId: string, convId: string): Key => [app, 'ovl', userId, convId],
  insert: (app: string, userId: string, convId: string, seq: number): Key => [app, 'lins', userId, convId, seq],
  inserts: (app: string, userId: string, convId: string): Key => [app, 'lins', userId, convId],
  insertsOfUser: (app: string, userId: string): Key => [app, 'lins', userId],
  tombstonesOfUser: (app: string, userId: string): Key => [app, 'tomb', userId],
};

/** A stored local insert: the shared head it follows and the message (protobuf, base64). */
export interface InsertRecord {
  afterSeq: number;
  message: string;
}

/** One local insert as the read paths use it. */
export interface LocalInsert {
  afterSeq: number;
  message: Message;
}

/** A user's overlay of one conversation, read from committed rows. */
export interface OverlayView {
  deleted: ReadonlySet<number>;
  /** Ascending by seq, which is also ascending by `afterSeq`. */
  locals: readonly LocalInsert[];
}

function decodeInsert(bytes: Uint8Array): LocalInsert {
  const record = fromJson<InsertRecord>(bytes);
  return { afterSeq: record.afterSeq, message: parley.v1.Message.decode(new WireReader(Buffer.from(record.message, 'base64'))) };
}

/** The overlay of `convId` for `userId` (tombstones and local inserts). */
export async function loadOverlayView(ctx: ModelContext, userId: string, convId: string): Promise<OverlayView> {
  const app = ctx.app.id;
  const [tombs, inserts] = await Promise.all([ctx.store.list({ prefix: K.tombstonePrefix(app, userId, convId) }), ctx.store.list({ prefix: OK.inserts(app, userId, convId) })]);
  return { deleted: new Set(tombs.map((row) => row.key[row.key.length - 1] as number)), locals: inserts.map((row) => decodeInsert(row.value)) };
}

/** Seqs of `(fromSeq, toSeq]` that `userId` deleted for self in `convId`. */
export async function deletedSeqsIn(ctx: ModelContext, userId: string, convId: string, fromSeq: number, toSeq: number): Promise<Set<number>> {
  const app = ctx.app.id;
  const rows = await ctx.store.list({ prefix: K.tombstonePrefix(app, userId, convId), start: K.tombstone(app, userId, convId, fromSeq + 1), end: K.tombstone(app, userId, convId, toSeq + 1) });
  return new Set(rows.map((row) => row.key[row.key.length - 1] as number));
}

/** Whether `userId` deleted entry `seq` of `convId` for self. */
export async function isDeletedForSelf(ctx: ModelContext, userId: string, convId: string, seq: number): Promise<boolean> {
  return (await ctx.store.get(K.tombstone(ctx.app.id, userId, convId, seq))) !== undefined;
}

/** The local insert with `seq` in `convId` of `userId`, if any. */
export async function findLocalInsert(ctx: ModelContext, userId: string, convId: string, seq: number): Promise<Message | undefined> {
  const row = await ctx.store.get(OK.insert(ctx.app.id, userId, convId, seq));
  return row ? decodeInsert(row.value).message : undefined;
}

/** What `sync.pull` returns for an entry the puller deleted for self: its place, not its content. */
export function deletedStub(entry: Message): Message {
  return new MessageClass({
    serverMsgId: entry.serverMsgId,
    clientMsgId: entry.clientMsgId,
    convId: entry.convId,
    seq: entry.seq,
    senderId: entry.senderId,
    time: entry.time,
    hidden: entry.hidden,
    deletedForSelf: true,
  });
}

/**
 * A place in the merged order of a conversation as its owner sees it: `[seq, 0]` for shared
 * entry `seq`, `[afterSeq, seq]` for a local insert (right after the entry it followed).
 */
export type OverlayPosition = readonly [number, number];

function comparePositions(a: OverlayPosition, b: OverlayPosition): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * The position of `seq` (a shared seq, or a local insert's) in `view`.
 * @throws ServerError MESSAGE_NOT_FOUND for a local seq the owner does not have
 */
export function overlayPosition(view: OverlayView, seq: number): OverlayPosition {
  if (seq < LOCAL_SEQ_BASE) return [seq, 0];
  const local = view.locals.find((l) => l.message.seq === seq);
  if (!local) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message', { detail: 'anchor' });
  return [local.afterSeq, seq];
}

/**
 * Interleaves local inserts into a walk over a shared log (`msg.history`): only inserts above
 * the clear floor and on the walk's side of the anchor take part, and each comes out right
 * before the first shared entry it precedes in walk order.
 */
export class LocalMerge {
  private readonly queue: LocalInsert[];

  constructor(
    locals: readonly LocalInsert[],
    private readonly newer: boolean,
    floor: number,
    anchor: OverlayPosition | undefined,
    inclusive: boolean,
  ) {
    this.queue = locals.filter((l) => {
      if (l.afterSeq < floor) return false;
      if (!anchor) return true;
      const c = comparePositions([l.afterSeq, l.message.seq], anchor);
      return (newer ? c > 0 : c < 0) || (inclusive && c === 0);
    });
    if (!newer) this.queue.reverse();
  }

  /** The inserts that come before shared entry `seq` in walk order (and leave the queue). */
  before(seq: number): Message[] {
    let n = 0;
    while (n < this.queue.length) {
      const next = this.queue[n] as LocalInsert;
      if (this.newer ? next.afterSeq >= seq : next.afterSeq < seq) break;
      n++;
    }
    return this.queue.splice(0, n).map((l) => l.message);
  }

  /** The inserts left once the shared log is exhausted. */
  rest(): Message[] {
    return this.queue.splice(0).map((l) => l.message);
  }
}

/** The whole overlay entity of one conversation, or a tombstone when it is empty. */
function overlayEntry(convId: string, deletedSeqs: number[], localInserts: Message[]): Omit<parley.v1.IChangeEntry, 'cursor'> {
  if (deletedSeqs.length === 0 && localInserts.length === 0) return { deleted: true, overlay: { convId } };
  return { overlay: { convId, deletedSeqs, localInserts } };
}

/** Change-stream resolver of `overlay` rows. */
export async function overlayChanges(ctx: ModelContext, userId: string, ids: readonly string[]): Promise<Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>> {
  const out = new Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>();
  for (const convId of ids) {
    const view = await loadOverlayView(ctx, userId, convId);
    out.set(convId, overlayEntry(convId, [...view.deleted], view.locals.map((l) => l.message)));
  }
  return out;
}

/** The `overlays` of `sync.snapshot`, with the conversations section: every non-empty overlay. */
export async function overlaySnapshot(ctx: ModelContext, userId: string, sections: ReadonlySet<parley.v1.SnapshotSection>): Promise<Partial<parley.v1.ISnapshot>> {
  if (!sections.has(0) && !sections.has(parley.v1.SnapshotSection.SNAPSHOT_SECTION_CONVERSATIONS)) return {};
  const app = ctx.app.id;
  const [tombs, inserts] = await Promise.all([ctx.store.list({ prefix: OK.tombstonesOfUser(app, userId) }), ctx.store.list({ prefix: OK.insertsOfUser(app, userId) })]);
  const byConv = new Map<string, { deleted: number[]; locals: Message[] }>();
  const of = (convId: string) => {
    const entry = byConv.get(convId) ?? { deleted: [], locals: [] };
    byConv.set(convId, entry);
    return entry;
  };
  for (const row of tombs) of(row.key[row.key.length - 2] as string).deleted.push(row.key[row.key.length - 1] as number);
  for (const row of inserts) of(row.key[row.key.length - 2] as string).locals.push(decodeInsert(row.value).message);
  return { overlays: [...byConv].map(([convId, { deleted, locals }]) => ({ convId, deletedSeqs: deleted, localInserts: locals })) };
}
