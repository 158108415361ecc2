import { contactsOf } from '@parley/core';
import type { MlCore } from '../../core.js';
import { paramError } from '../../errors.js';
import { countArg, fromJsonMap, idArg, objectArg, toJsonMap } from './args.js';

/** `userInfo` data (§2.3 #1): live connections, installations, friends, attributes, rooms and groups of one user. */
export interface UserInfo {
  sessions: number;
  installs: string[];
  friends: string[];
  attributes: Record<string, unknown>;
  rooms: string[];
  groups: string[];
}

/** One `searchUsers` hit (§4.5). */
export interface UserHit {
  id: string;
  ts: number;
  attributes: Record<string, unknown>;
  online: boolean;
}

/** `im.userInfo(userid, callback)`: the user's summary `{sessions, installs, friends, attributes, rooms, groups}`; 5004 for an unknown user. */
export function userInfo(core: MlCore, ...args: unknown[]): void {
  const [userid] = args;
  core.rest(args.at(-1), async (): Promise<UserInfo> => {
    const s = await contactsOf(core.client).summary(idArg(userid, 'userid'));
    return {
      sessions: s.sessions ?? 0,
      installs: (s.installs ?? []).map((i) => i.installId ?? ''),
      friends: [...(s.friends ?? [])],
      attributes: fromJsonMap(s.attributes),
      rooms: [...(s.rooms ?? [])],
      groups: [...(s.groups ?? [])],
    };
  });
}

/**
 * `im.searchUsers(size, skip, name, data, callback)`: a page of users → `[{id, ts, attributes,
 * online}]`. `size`/`skip` page (numbers or numeric strings, `null` for the default), `name` is
 * the comma-separated sort fields (`-field` descending), `data` an equality filter on
 * attributes (scalar values).
 */
export function searchUsers(core: MlCore, ...args: unknown[]): void {
  const [size, skip, name, data] = args.slice(0, -1);
  core.rest(args.at(-1), async (): Promise<UserHit[]> => {
    const limit = countArg(size, 'size');
    const offset = countArg(skip, 'skip');
    if (name !== null && name !== undefined && typeof name !== 'string') throw paramError('name');
    const filter = data === null || data === undefined ? {} : objectArg(data, 'data');
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && (value === null || typeof value === 'object')) throw paramError(`data.${key}`);
    }
    const hits = await contactsOf(core.client).search({
      ...(limit !== undefined && { limit }),
      ...(offset !== undefined && { skip: offset }),
      ...(name && { sort: name }),
      filter: toJsonMap(filter),
    });
    return hits.map(({ profile, online }) => ({ id: profile.userId ?? '', ts: Number(profile.createdAt ?? 0), attributes: fromJsonMap(profile.customFields), online }));
  });
}
