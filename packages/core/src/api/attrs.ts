import type { parley } from '@parley/protocol';
import { plain } from '../model.js';

/** How an attribute write applies (CAPABILITIES.md §2.11 `attr.write`). */
export type AttrMode = 'upsert' | 'init' | 'replace' | 'delete' | 'clear';

/** An attribute store after a read or write: plain values, per-key writer and time, version. */
export interface AttrStore {
  values: Record<string, string>;
  entries: Record<string, parley.v1.AttrValue.$Properties>;
  version: number;
}

/** `AttrMode` names to the wire's enum values. */
export const ATTR_MODES: Record<AttrMode, number> = { upsert: 0, init: 1, replace: 2, delete: 3, clear: 4 };

/** An attribute store from the wire. */
export function toAttrStore(attrs: parley.v1.Attrs.$Properties | undefined): AttrStore {
  const entries: Record<string, parley.v1.AttrValue.$Properties> = {};
  const values: Record<string, string> = {};
  for (const [key, entry] of Object.entries(attrs?.entries ?? {})) {
    entries[key] = plain(entry);
    values[key] = entry.value ?? '';
  }
  return { values, entries, version: attrs?.version ?? 0 };
}
