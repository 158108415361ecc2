import { parley } from '@parley/protocol';
import { invalidParam } from '../errors.js';
import type { Actor, ModelContext } from './context.js';
import { LIMITS, presetOf } from './group-core.js';
import { decodeGroup, type Group } from './schema.js';

/** `group.search` (M `searchGroups`): a bounded scan of the app's groups with attribute filters. */

const { GroupStatus } = parley.v1;

/** A group's searchable attributes (M `searchGroups`): profile names and custom fields. */
function attributeOf(group: Group, key: string): unknown {
  switch (key) {
    case 'id':
    case 'groupId':
      return group.groupId;
    case 'name':
      return group.name;
    case 'description':
    case 'introduction':
      return group.introduction;
    case 'owner':
    case 'ownerId':
      return group.ownerId;
    case 'ts':
    case 'createdAt':
      return group.createdAt;
    case 'updatedAt':
      return group.updatedAt;
    case 'memberCount':
      return group.memberCount;
    default:
      return key in group.customFields ? parseLoose(group.customFields[key] as string) : undefined;
  }
}

/** Custom values and filter values are JSON; a bare word counts as a string. */
function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Checks a `Query` and returns its parsed sort keys. */
function checkQuery(req: parley.v1.Query): { key: string; desc: boolean }[] {
  if (req.skip > LIMITS.searchScan) throw invalidParam('skip', `at most ${LIMITS.searchScan}`);
  if (req.limit > 100) throw invalidParam('limit', 'at most 100');
  if (Object.keys(req.filter).length > 16) throw invalidParam('filter', 'at most 16 attributes');
  const sort = req.sort ? req.sort.split(',').map((s) => s.trim()) : [];
  if (sort.length > 5) throw invalidParam('sort', 'at most 5 fields');
  return sort.map((s) => {
    const desc = s.startsWith('-');
    const key = desc ? s.slice(1) : s;
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(key)) throw invalidParam('sort', `bad field "${s}"`);
    return { key, desc };
  });
}

/**
 * `group.search` (M `searchGroups`): searchable, live groups of the app whose attributes equal
 * every filter value, sorted, then `skip`/`limit` (default 20). A bounded scan of the app's
 * groups ({@link LIMITS.searchScan}).
 */
export async function searchGroups(ctx: ModelContext, _actor: Actor, req: parley.v1.Query): Promise<parley.v1.IGroups> {
  const sort = checkQuery(req);
  const filter = Object.entries(req.filter).map(([key, value]) => [key, JSON.stringify(parseLoose(value))] as const);
  const rows = await ctx.store.list({ prefix: [ctx.app.id, 'group'], limit: LIMITS.searchScan });
  const hits = rows
    .map((row) => decodeGroup(row.value))
    .filter((g) => g.status === GroupStatus.GROUP_STATUS_NORMAL && !g.parentId && presetOf(g).searchable)
    .filter((g) => filter.every(([key, value]) => JSON.stringify(attributeOf(g, key)) === value));
  if (sort.length > 0) {
    hits.sort((a, b) => {
      for (const { key, desc } of sort) {
        const order = compareValues(attributeOf(a, key), attributeOf(b, key));
        if (order !== 0) return desc ? -order : order;
      }
      return 0;
    });
  }
  return { groups: hits.slice(req.skip, req.skip + (req.limit || 20)) };
}
