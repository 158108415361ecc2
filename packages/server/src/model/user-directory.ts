import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import type { Actor, ModelContext } from './context.js';
import { friendIdsOf } from './friends.js';
import { CUSTOM_FIELD_LIMITS, checkCustomKey } from './profiles.js';
import { listedRoomIdsOf } from './room-members.js';
import { fromJson, K, type UserRecord } from './schema.js';
import { checkUserId, getUsers } from './users.js';

/**
 * The user directory (CAPABILITIES.md §2.2): `user.search` over the app's users, showing the
 * directory part of a profile only, and `user.getSummary` (a user with their friends, groups,
 * rooms and live sessions).
 */

/** `user.search` bounds (MaxLeap `searchUsers` `size`/`skip`; the vendor sets none). */
export const SEARCH_LIMITS = { defaultLimit: 20, maxLimit: 100, maxSkip: 10_000, maxSortFields: 8, maxFilters: 16, scanRows: 100_000 } as const;

const SCAN_PAGE = 1000;

interface SortKey {
  field: string;
  desc: boolean;
}

type Scalar = string | number | boolean;

/**
 * `user.search` (M `searchUsers`): skip/limit paging, a comma list of sort fields (`-field`
 * descending; `id`, `ts`/`createdAt`, `updatedAt`, `nickname`, `tinyId`, else a custom field)
 * and an equality filter (`id` and `nickname` address those fields, other keys custom fields;
 * values are JSON). Guests are not listed. Hits carry the directory part of the profile only
 * (no phone or e-mail), since the search lists users the caller never named.
 *
 * Cost: there is no attribute index, so this scans the app's user rows in key order, at most
 * {@link SEARCH_LIMITS.scanRows} of them (an app past that searches its first rows only), and
 * keeps only the best `skip + limit` matches in memory. Apps that search large directories
 * need an index (the reserved `uidx` rows) in a later issue.
 * @throws ServerError INVALID_PARAM
 */
export async function searchUsers(ctx: ModelContext, req: parley.v1.Query, isOnline: (userId: string) => Promise<boolean>): Promise<parley.v1.IUserHits> {
  const limit = Math.min(req.limit || SEARCH_LIMITS.defaultLimit, SEARCH_LIMITS.maxLimit);
  if (req.skip > SEARCH_LIMITS.maxSkip) throw invalidParam('skip', `at most ${SEARCH_LIMITS.maxSkip}`);
  const sort = parseSort(req.sort);
  const filters = parseFilters(req.filter ?? {});
  const compare = (a: UserRecord, b: UserRecord) => compareUsers(a, b, sort);
  const window = req.skip + limit;
  let kept: UserRecord[] = [];
  let start: Key | undefined;
  for (let scanned = 0; scanned < SEARCH_LIMITS.scanRows; ) {
    const pageLimit = Math.min(SCAN_PAGE, SEARCH_LIMITS.scanRows - scanned);
    // The prefix of `K.user` rows: every user of this app.
    const rows = await ctx.store.list({ prefix: [ctx.app.id, 'user'], limit: pageLimit, ...(start && { start }) });
    for (const row of rows) {
      const user = fromJson<UserRecord>(row.value);
      if (user.kind !== parley.v1.UserKind.USER_KIND_GUEST && filters.every(([key, want]) => sameScalar(fieldValue(user, key), want))) kept.push(user);
    }
    if (kept.length > 2 * window) kept = kept.sort(compare).slice(0, window);
    scanned += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < pageLimit) break;
    start = [ctx.app.id, 'user', `${last.key[last.key.length - 1] as string}\u0000`];
  }
  const page = kept.sort(compare).slice(req.skip, window);
  return { hits: await Promise.all(page.map(async (user) => ({ profile: directoryProfile(user), online: await isOnline(user.userId) }))) };
}

function parseSort(sort: string): SortKey[] {
  const keys = sort
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => (part.startsWith('-') ? { field: part.slice(1), desc: true } : { field: part.replace(/^\+/, ''), desc: false }));
  if (keys.length > SEARCH_LIMITS.maxSortFields) throw invalidParam('sort', `at most ${SEARCH_LIMITS.maxSortFields} fields`);
  for (const key of keys) checkCustomKey(key.field, 'sort');
  return keys;
}

function parseFilters(filter: Readonly<Record<string, string>>): [string, Scalar][] {
  const entries = Object.entries(filter);
  if (entries.length > SEARCH_LIMITS.maxFilters) throw invalidParam('filter', `at most ${SEARCH_LIMITS.maxFilters} keys`);
  return entries.map(([key, text]) => {
    checkCustomKey(key, 'filter');
    if (Buffer.byteLength(text) > CUSTOM_FIELD_LIMITS.maxValueBytes) throw invalidParam(`filter.${key}`, `at most ${CUSTOM_FIELD_LIMITS.maxValueBytes} bytes`);
    // MaxLeap filters come from a query string: unquoted text means the string itself.
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [key, value];
    } catch {}
    return [key, text];
  });
}

/** The value a sort key or filter key addresses. */
function fieldValue(user: UserRecord, field: string): Scalar | undefined {
  switch (field) {
    case 'id':
    case 'userId':
      return user.userId;
    case 'ts':
    case 'createdAt':
      return user.createdAt;
    case 'updatedAt':
      return user.updatedAt ?? user.createdAt;
    case 'nickname':
      return user.nickname ?? '';
    case 'tinyId':
      return user.tinyId;
    default: {
      const text = user.customFields?.[field];
      return text === undefined ? undefined : (JSON.parse(text) as Scalar);
    }
  }
}

/** Equal as JSON, or as text (a query-string `46` matches a stored `46` or `"46"`). */
function sameScalar(have: Scalar | undefined, want: Scalar): boolean {
  return have !== undefined && (have === want || String(have) === String(want));
}

/** By the sort keys (missing values last in either direction), then by id, so pages are stable. */
function compareUsers(a: UserRecord, b: UserRecord, sort: readonly SortKey[]): number {
  for (const { field, desc } of sort) {
    const x = fieldValue(a, field);
    const y = fieldValue(b, field);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
      continue;
    }
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    if (order !== 0) return desc ? -order : order;
  }
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** The part of a profile the directory shows to anyone: no contact data. */
function directoryProfile(user: UserRecord): parley.v1.IProfile {
  return {
    userId: user.userId,
    tinyId: user.tinyId,
    kind: user.kind,
    nickname: user.nickname ?? '',
    avatar: user.avatar ?? '',
    customFields: { ...user.customFields },
    profileVersion: user.profileVersion ?? 0,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt ?? user.createdAt,
  };
}

/** What `user.getSummary` needs from the gateway: this node's live sessions of a user. */
export type LiveSessions = (userId: string) => readonly { platform: number; deviceId: string }[];

/**
 * `user.getSummary` (M `userInfo`): for oneself, or any user with app privilege. `sessions`
 * and `installs` come from this node's live sessions (an installation registry for offline
 * push comes with that feature); `attributes` are the custom fields.
 * @throws ServerError PERMISSION_DENIED, USER_NOT_FOUND
 */
export async function userSummary(ctx: ModelContext, actor: Actor, req: parley.v1.UserGetSummary, liveSessions: LiveSessions): Promise<parley.v1.IUserSummary> {
  const userId = req.userId ? checkUserId(req.userId) : actor.userId;
  if (userId !== actor.userId && !actor.privileged) throw new ServerError(ErrorCode.PERMISSION_DENIED, "another user's summary needs app privilege", { detail: 'userId' });
  const user = (await getUsers(ctx.store, ctx.app.id, [userId])).get(userId);
  if (!user) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'userId' });
  const [friends, joined, rooms] = await Promise.all([
    friendIdsOf(ctx, userId),
    ctx.store.list({ prefix: K.joinedPrefix(ctx.app.id, userId) }),
    listedRoomIdsOf(ctx, userId),
  ]);
  const sessions = liveSessions(userId);
  const installs = new Map<string, parley.v1.IInstallation>();
  for (const s of sessions) if (s.deviceId) installs.set(s.deviceId, { installId: s.deviceId, platform: s.platform });
  return {
    userId,
    sessions: sessions.length,
    installs: [...installs.values()],
    friends,
    groups: joined.map((row) => row.key[row.key.length - 1] as string),
    rooms,
    attributes: { ...user.customFields },
    ts: user.createdAt,
  };
}
