/**
 * Node leases: which server nodes are alive, and which node id (0–31, part of every server
 * message id) each one holds. A node claims a lease row in the shared store at start, renews
 * it every `heartbeatMs`, and deletes it at a graceful stop. A node that stops renewing (killed,
 * frozen, cut off from the store) loses its lease after `leaseMs`; a surviving node then sweeps
 * what the dead node left in the cluster directory (see ./directory.ts).
 *
 * Every lease carries a random instance id: a node that restarts gets a new one, so rows the
 * previous process wrote are recognised as stale even when the node id is reused.
 */

import { randomUUID } from 'node:crypto';
import { transact } from '../model/tx.js';
import type { Key, ServerStore } from '../store/types.js';

/** Node ids, as `SnowflakeIds` accepts them. */
export const NODE_ID_COUNT = 32;

/** One lease row. */
export interface NodeLease {
  readonly nodeId: number;
  readonly instance: string;
  readonly url: string;
  readonly startedAt: number;
  readonly expiresAt: number;
}

/** Every cluster row lives under this first component; app ids cannot start with `~`. */
export const CLUSTER_ROOT = '~cluster';

export const nodeKey = (nodeId: number): Key => [CLUSTER_ROOT, 'node', nodeId];
const NODES_PREFIX: Key = [CLUSTER_ROOT, 'node'];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toRow(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function fromRow<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

/** Thrown when no node id can be claimed. */
export class NodeIdUnavailableError extends Error {
  override readonly name = 'NodeIdUnavailableError';
}

/** Options of {@link claimNodeId}. */
export interface ClaimOptions {
  readonly store: ServerStore;
  /** This node's public URL, for operators reading the lease rows. */
  readonly url: string;
  readonly leaseMs: number;
  /** A fixed node id (`--node-id`); otherwise the lowest free one is taken. */
  readonly nodeId?: number;
  /** How long to wait for a fixed id whose previous holder may have died. @default leaseMs */
  readonly waitMs?: number;
  /**
   * Take the id (`nodeId`, or 0) even from a live-looking lease, sending its holder to the
   * graveyard: for a lone node, whose earlier leases can only be its own previous runs.
   */
  readonly takeOver?: boolean;
  readonly now?: () => number;
}

/**
 * Claims a node id: the requested one (waiting up to `waitMs` for a dead holder's lease to
 * expire) or the lowest id whose lease is absent or expired.
 *
 * @throws NodeIdUnavailableError when the requested id stays held by a live node, or all 32 are.
 */
export async function claimNodeId(options: ClaimOptions): Promise<NodeLease> {
  const now = options.now ?? Date.now;
  const instance = randomUUID();
  const fixed = options.nodeId ?? (options.takeOver ? 0 : undefined);
  const candidates = fixed !== undefined ? [fixed] : Array.from({ length: NODE_ID_COUNT }, (_, i) => i);
  const deadline = now() + (options.waitMs ?? options.leaseMs);
  for (;;) {
    for (const nodeId of candidates) {
      const lease = await transact(options.store, async (tx) => {
        const bytes = await tx.get(nodeKey(nodeId));
        const held = bytes ? fromRow<NodeLease>(bytes) : undefined;
        if (held && held.expiresAt > now() && !options.takeOver) return undefined;
        if (held) tx.set(deadKey(held.instance), toRow({ nodeId, diedAt: now() }));
        const mine: NodeLease = { nodeId, instance, url: options.url, startedAt: now(), expiresAt: now() + options.leaseMs };
        tx.set(nodeKey(nodeId), toRow(mine));
        return mine;
      });
      if (lease) return lease;
    }
    if (options.nodeId === undefined) throw new NodeIdUnavailableError(`all ${NODE_ID_COUNT} node ids are held by live nodes`);
    if (now() >= deadline) {
      throw new NodeIdUnavailableError(`node id ${options.nodeId} is held by a live node; give each node its own --node-id or leave it unset`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Renews a lease. Returns the renewed lease, or `undefined` when another instance took the id
 * (this node was presumed dead).
 */
export async function renewLease(store: ServerStore, lease: NodeLease, leaseMs: number, now: number): Promise<NodeLease | undefined> {
  return transact(store, async (tx) => {
    const bytes = await tx.get(nodeKey(lease.nodeId));
    const held = bytes ? fromRow<NodeLease>(bytes) : undefined;
    if (held && held.instance !== lease.instance) return undefined;
    const renewed: NodeLease = { ...lease, expiresAt: now + leaseMs };
    tx.set(nodeKey(lease.nodeId), toRow(renewed));
    return renewed;
  });
}

/** Deletes a lease if this instance still holds it (graceful stop). */
export async function releaseLease(store: ServerStore, lease: NodeLease): Promise<void> {
  await transact(store, async (tx) => {
    const bytes = await tx.get(nodeKey(lease.nodeId));
    if (bytes && fromRow<NodeLease>(bytes).instance === lease.instance) tx.delete(nodeKey(lease.nodeId));
  });
}

/** Every lease row, live or expired. */
export async function listLeases(store: ServerStore): Promise<NodeLease[]> {
  const rows = await store.list({ prefix: NODES_PREFIX });
  return rows.map((row) => fromRow<NodeLease>(row.value));
}

/** A dead instance whose directory rows still wait to be swept. */
export const deadKey = (instance: string): Key => [CLUSTER_ROOT, 'dead', instance];
const DEAD_PREFIX: Key = [CLUSTER_ROOT, 'dead'];

/**
 * Moves an expired lease to the graveyard in one commit, so that exactly one surviving node
 * notices the death, and the sweep survives that node dying too (the graveyard row stays until
 * the sweep is done). Returns whether this call moved it.
 */
export async function reapLease(store: ServerStore, dead: NodeLease, now: number): Promise<boolean> {
  return transact(store, async (tx) => {
    const bytes = await tx.get(nodeKey(dead.nodeId));
    if (!bytes) return false;
    const held = fromRow<NodeLease>(bytes);
    if (held.instance !== dead.instance || held.expiresAt > now) return false;
    tx.delete(nodeKey(dead.nodeId));
    tx.set(deadKey(dead.instance), toRow({ nodeId: dead.nodeId, diedAt: now }));
    return true;
  });
}

/** Instances in the graveyard (dead, not yet swept). */
export async function listDead(store: ServerStore): Promise<string[]> {
  const rows = await store.list({ prefix: DEAD_PREFIX, limit: 100 });
  return rows.map((row) => row.key[2] as string);
}
