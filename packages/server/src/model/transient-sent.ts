import type { parley } from '@parley/protocol';
import type { Key, ServerStore } from '../store/types.js';
import { fromJson, toJson } from './schema.js';
import { type Tx, transact } from './tx.js';

/**
 * Deduplication of transient sends (CAPABILITIES.md §4.3: online-only messages and messages to
 * rooms without history are remembered for at least 10 minutes). It lives in the store, not in
 * one node's memory: the outbox resends a message whose answer was lost, and when the node that
 * fanned it out died or restarted meanwhile, the resend reaches a node that never saw it. The
 * chaos test (packages/tests/test/chaos) saw room members get such messages twice.
 *
 * A send is remembered after it is fanned out, never before: a node that dies between the two
 * leaves no record, so the resend goes out again (the client SDK drops the repeat, see
 * `RecentKeys` in core) rather than being answered as sent when nobody got it.
 *
 * Rows sit in ten-minute buckets: a lookup reads the current and the previous bucket, so a
 * result is remembered for 10 to 20 minutes, and older buckets are deleted in the background.
 */
const BUCKET_MS = 10 * 60_000;
const SWEEP_BATCH = 500;

const bucketOf = (now: number) => Math.floor(now / BUCKET_MS);
const rowKey = (app: string, bucket: number, senderId: string, clientMsgId: string): Key => [app, 'tsent', bucket, senderId, clientMsgId];

/** The original result of a transient send `senderId` already made with `clientMsgId`, read inside `tx`. */
export async function findTransient(tx: Tx, app: string, senderId: string, clientMsgId: string, now: number): Promise<parley.v1.ISendResult | undefined> {
  const bucket = bucketOf(now);
  const [current, previous] = await tx.getMany([rowKey(app, bucket, senderId, clientMsgId), rowKey(app, bucket - 1, senderId, clientMsgId)]);
  const row = current ?? previous;
  return row ? { ...fromJson<parley.v1.ISendResult>(row), duplicate: true } : undefined;
}

/** Remembers a transient send's result, once it has been fanned out. */
export async function rememberTransient(store: ServerStore, app: string, senderId: string, clientMsgId: string, result: parley.v1.ISendResult, now: number): Promise<void> {
  await transact(store, async (tx) => {
    tx.set(rowKey(app, bucketOf(now), senderId, clientMsgId), toJson({ ...result, duplicate: false }));
  });
  sweepTransient(store, app, now);
}

/** The last bucket each store and app was swept for, so a node sweeps once per bucket. */
const swept = new WeakMap<ServerStore, Map<string, number>>();

/** Deletes the rows of buckets older than the previous one (in the background; a failure waits for the next bucket). */
function sweepTransient(store: ServerStore, app: string, now: number): void {
  const bucket = bucketOf(now);
  let apps = swept.get(store);
  if (!apps) {
    apps = new Map();
    swept.set(store, apps);
  }
  if (apps.get(app) === bucket) return;
  apps.set(app, bucket);
  void (async () => {
    for (;;) {
      const rows = await store.list({ prefix: [app, 'tsent'], end: [app, 'tsent', bucket - 1], limit: SWEEP_BATCH });
      if (rows.length === 0) return;
      await transact(store, async (tx) => {
        for (const row of rows) tx.delete(row.key);
      });
      if (rows.length < SWEEP_BATCH) return;
    }
  })().catch(() => {});
}
