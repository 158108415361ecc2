import { CLUSTER_ROOT } from '../../src/cluster/nodes.js';
import type { ServerStore } from '../../src/store/types.js';

/** Every row of the store, by its key as JSON, as `version:value-hex`. */
export type Dump = ReadonlyMap<string, string>;

/**
 * Reads every row of the store. The cluster's own rows (the node lease, renewed on a timer,
 * and the session directory) are left out: they move with time and connections, not with
 * requests, and no request may write them.
 */
export async function dumpStore(store: ServerStore): Promise<Dump> {
  const rows = await store.list({ prefix: [] });
  const out = new Map<string, string>();
  for (const row of rows) {
    if (row.key[0] === CLUSTER_ROOT) continue;
    out.set(JSON.stringify(row.key), `${row.version}:${Buffer.from(row.value).toString('hex')}`);
  }
  return out;
}

/** What changed between two dumps: `+key`, `-key` or `~key`, in key order. */
export function diffDumps(before: Dump, after: Dump): string[] {
  const changes: string[] = [];
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined) changes.push(`+${key}`);
    else if (old !== value) changes.push(`~${key}`);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`-${key}`);
  return changes.sort();
}
