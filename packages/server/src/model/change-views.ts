import type { parley } from '@parley/protocol';
import type { ChangeKind, ChangeRef } from './changes.js';
import type { ModelContext } from './context.js';
import { conversationChanges, conversationSnapshot } from './conversations.js';
import { friendChanges, friendSnapshot } from './friends.js';
import { groupChanges, groupSnapshot } from './groups.js';
import { overlayChanges, overlaySnapshot } from './overlay-read.js';
import { profileChanges, profileSnapshot } from './profiles.js';
import { settingsChanges, settingsSnapshot } from './settings.js';
import { systemChanges, systemSnapshot } from './system.js';

/**
 * How the change stream's rows become wire entries. The stream stores only (kind, id); the
 * entity's current state is read when the stream is read, so a resolver receives the ids of
 * one kind and returns, per id, the entry without its cursor: the entity, or a tombstone
 * (`deleted: true` with the identifying fields) when it is gone.
 */
export type ChangeResolver = (ctx: ModelContext, userId: string, ids: readonly string[]) => Promise<Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>>;

/** Contributes the sections of a `sync.snapshot` that a family owns. */
export type SnapshotProvider = (ctx: ModelContext, userId: string, sections: ReadonlySet<parley.v1.SnapshotSection>) => Promise<Partial<parley.v1.ISnapshot>>;

const RESOLVERS: Record<ChangeKind, ChangeResolver> = {
  conv: conversationChanges,
  membership: groupChanges.membership,
  groupInfo: groupChanges.groupInfo,
  friend: friendChanges.friend,
  friendRequest: friendChanges.friendRequest,
  friendGroup: friendChanges.friendGroup,
  block: friendChanges.block,
  profile: profileChanges,
  systemHead: systemChanges,
  settings: settingsChanges.settings,
  convFolder: settingsChanges.convFolder,
  overlay: overlayChanges,
};

const SNAPSHOTS: readonly SnapshotProvider[] = [conversationSnapshot, overlaySnapshot, friendSnapshot, groupSnapshot, profileSnapshot, settingsSnapshot, systemSnapshot];

/** Turns stream rows into wire entries, in stream order. */
export async function resolveChanges(ctx: ModelContext, userId: string, refs: readonly ChangeRef[]): Promise<parley.v1.IChangeEntry[]> {
  const byKind = new Map<ChangeKind, string[]>();
  for (const ref of refs) {
    const ids = byKind.get(ref.kind) ?? [];
    ids.push(ref.id);
    byKind.set(ref.kind, ids);
  }
  const resolved = new Map<ChangeKind, Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>>();
  await Promise.all([...byKind].map(async ([kind, ids]) => resolved.set(kind, await RESOLVERS[kind](ctx, userId, ids))));
  const entries: parley.v1.IChangeEntry[] = [];
  for (const ref of refs) {
    const entry = resolved.get(ref.kind)?.get(ref.id);
    // A resolver that cannot describe an entity any more leaves it out; the cursor still moves.
    if (entry) entries.push({ ...entry, cursor: ref.cursor });
  }
  return entries;
}

/** Every section of the snapshot that `sections` asks for (empty or ALL = everything). */
export async function buildSnapshot(ctx: ModelContext, userId: string, sections: readonly parley.v1.SnapshotSection[]): Promise<Partial<parley.v1.ISnapshot>> {
  const wanted = new Set(sections.length === 0 ? [0] : sections);
  const parts = await Promise.all(SNAPSHOTS.map((provider) => provider(ctx, userId, wanted)));
  return Object.assign({}, ...parts);
}

/** Whether `section` is among the requested ones. */
export function wants(sections: ReadonlySet<parley.v1.SnapshotSection>, section: parley.v1.SnapshotSection): boolean {
  return sections.has(0) || sections.has(section);
}
