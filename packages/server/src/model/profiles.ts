import { parley } from '@parley/protocol';
import type { ModelContext } from './context.js';
import { getUsers, toProfile } from './users.js';

/** Profiles, custom fields, search and guests (CAPABILITIES.md §1.3, §2.2, §2.13). */

/** Change-stream resolver of `profile` rows (own profile, friends' profiles). */
export async function profileChanges(ctx: ModelContext, _userId: string, ids: readonly string[]): Promise<Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>> {
  const users = await getUsers(ctx.store, ctx.app.id, ids);
  const out = new Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>();
  for (const id of ids) {
    const user = users.get(id);
    out.set(id, user ? { profile: toProfile(user) } : { deleted: true, profile: { userId: id } });
  }
  return out;
}

/** The `profile` section of `sync.snapshot`. */
export async function profileSnapshot(ctx: ModelContext, userId: string, sections: ReadonlySet<parley.v1.SnapshotSection>): Promise<Partial<parley.v1.ISnapshot>> {
  if (!sections.has(0) && !sections.has(parley.v1.SnapshotSection.SNAPSHOT_SECTION_PROFILE)) return {};
  const user = (await getUsers(ctx.store, ctx.app.id, [userId])).get(userId);
  return user ? { profile: toProfile(user) } : {};
}
