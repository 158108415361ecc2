import { groupsOf } from '@parley/core';
import type { MlCore } from '../../core.js';
import { type AttrTarget, clearAttributes, readAttributes, readOneAttribute, searchQuery, writeAttributes } from './attr-helpers.js';
import { attributesOf, attrPatch, GROUP_PROFILE } from './attributes.js';
import { groupOf } from './groups.js';

/** A group in `searchGroups` results (§4.5). */
export interface GroupHit {
  id: string;
  owner: string;
  ts: number;
  attributes: Record<string, unknown>;
}

const GROUP: AttrTarget = {
  what: 'group',
  read: async (core, id) => attributesOf(await groupOf(core, id), GROUP_PROFILE),
  write: async (core, id, data, mode) => {
    await groupsOf(core.client).update(id, attrPatch(data, mode, GROUP_PROFILE));
  },
};

/**
 * `im.searchGroups(size, skip, sort, data, callback)` → `[{id, owner, ts, attributes}]`: groups
 * whose attributes equal every value of `data`, sorted by the comma-separated `sort` fields (a
 * leading `-` descends; `ts` is the creation time), then `skip` and `size` (at most 100).
 */
export function searchGroups(core: MlCore, ...args: unknown[]): void {
  const [size, skip, sort, data, callback] = args;
  core.rest(callback, async () => {
    const groups = await groupsOf(core.client).search(searchQuery(size, skip, sort, data));
    return groups.map((g): GroupHit => ({ id: g.groupId ?? '', owner: g.ownerId ?? '', ts: Number(g.createdAt ?? 0), attributes: attributesOf(g, GROUP_PROFILE) }));
  });
}

/** `im.setGroupAttributes(group, data, callback)` → `{}`: merges `data` into the attributes. */
export function setGroupAttributes(core: MlCore, ...args: unknown[]): void {
  writeAttributes(core, GROUP, 'merge', args);
}

/** `im.coverSetGroupAttributes(group, data, callback)` → `{}`: the attributes become `data` (no `name` in it erases the name). */
export function coverSetGroupAttributes(core: MlCore, ...args: unknown[]): void {
  writeAttributes(core, GROUP, 'replace', args);
}

/** `im.getGroupAttributes(group, callback)` → every attribute, `name` included. */
export function getGroupAttributes(core: MlCore, ...args: unknown[]): void {
  readAttributes(core, GROUP, args);
}

/** `im.getGroupOneAttribute(group, attr, callback)` → that attribute's value; 5004 when it is not set. */
export function getGroupOneAttribute(core: MlCore, ...args: unknown[]): void {
  readOneAttribute(core, GROUP, args);
}

/** `im.rmGroupAttributes(group, callback)` → `{}`: removes every attribute, the name included. */
export function rmGroupAttributes(core: MlCore, ...args: unknown[]): void {
  clearAttributes(core, GROUP, args);
}
