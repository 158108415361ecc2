import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { ServerStore } from '../store/types.js';
import { fromJson, K, toJson, type UserRecord } from './schema.js';
import { transact } from './tx.js';

const MAX_USER_ID_BYTES = 64;

/** Throws INVALID_PARAM unless `userId` is 1–64 UTF-8 bytes without control characters. */
export function checkUserId(userId: unknown, field = 'userId'): string {
  if (typeof userId !== 'string' || userId.length === 0) throw invalidParam(field, 'must be a non-empty string');
  if (Buffer.byteLength(userId) > MAX_USER_ID_BYTES) throw invalidParam(field, `must be at most ${MAX_USER_ID_BYTES} bytes`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(userId)) throw invalidParam(field, 'must not contain control characters');
  return userId;
}

export async function getUser(store: ServerStore, app: string, userId: string): Promise<UserRecord | undefined> {
  const row = await store.get(K.user(app, userId));
  return row ? fromJson<UserRecord>(row.value) : undefined;
}

/** Users seen recently, for the send path: records change rarely and never disappear here. */
const userCache = new Map<string, { user: UserRecord; expires: number }>();
const USER_CACHE_TTL_MS = 30_000;
const USER_CACHE_MAX = 100_000;

/**
 * {@link getUser} with a 30-second per-process cache of found users. Snapshots (nickname,
 * avatar) may lag a profile change by that long; refusals are never cached.
 */
export async function getUserCached(store: ServerStore, app: string, userId: string): Promise<UserRecord | undefined> {
  const key = `${app}\u0000${userId}`;
  const now = Date.now();
  const hit = userCache.get(key);
  if (hit && hit.expires > now) return hit.user;
  const user = await getUser(store, app, userId);
  if (user) {
    if (userCache.size >= USER_CACHE_MAX) userCache.clear();
    userCache.set(key, { user, expires: now + USER_CACHE_TTL_MS });
  } else {
    userCache.delete(key);
  }
  return user;
}

function forgetUser(app: string, userId: string): void {
  userCache.delete(`${app}\u0000${userId}`);
}

export async function getUsers(store: ServerStore, app: string, userIds: readonly string[]): Promise<Map<string, UserRecord>> {
  const rows = await store.getMany(userIds.map((id) => K.user(app, id)));
  const users = new Map<string, UserRecord>();
  rows.forEach((row) => {
    if (row) {
      const user = fromJson<UserRecord>(row.value);
      users.set(user.userId, user);
    }
  });
  return users;
}

export async function findUserByUsername(store: ServerStore, app: string, username: string): Promise<UserRecord | undefined> {
  const row = await store.get(K.username(app, username));
  if (!row) return undefined;
  return getUser(store, app, fromJson<{ userId: string }>(row.value).userId);
}

/** Fields of a new user. */
export interface NewUser {
  userId: string;
  kind?: number;
  nickname?: string;
  avatar?: string;
  username?: string;
  passwordHash?: string;
}

/**
 * Creates a user with the next tiny id.
 * @throws ServerError `ALREADY_EXISTS` when the id (or the username) is taken, unless
 * `ifMissing` is set, in which case the existing user is returned.
 */
export async function createUser(
  store: ServerStore,
  app: string,
  init: NewUser,
  options: { ifMissing?: boolean; now?: number } = {},
): Promise<{ user: UserRecord; created: boolean }> {
  checkUserId(init.userId);
  return transact(store, async (tx) => {
    const existing = await tx.get(K.user(app, init.userId));
    if (existing) {
      if (options.ifMissing) return { user: fromJson<UserRecord>(existing), created: false };
      throw new ServerError(ErrorCode.ALREADY_EXISTS, 'user already exists', { detail: 'userId' });
    }
    if (init.username !== undefined && (await tx.get(K.username(app, init.username)))) {
      throw new ServerError(ErrorCode.ALREADY_EXISTS, 'username already exists', { detail: 'username' });
    }
    const counterKey = K.counter(app, 'tinyId');
    const counter = await tx.get(counterKey);
    const tinyId = (counter ? fromJson<{ n: number }>(counter).n : 0) + 1;
    tx.set(counterKey, toJson({ n: tinyId }));
    const user: UserRecord = {
      userId: init.userId,
      tinyId,
      kind: init.kind ?? parley.v1.UserKind.USER_KIND_USER,
      state: parley.v1.UserState.USER_STATE_ACTIVE,
      createdAt: options.now ?? Date.now(),
      ...(init.nickname !== undefined && { nickname: init.nickname }),
      ...(init.avatar !== undefined && { avatar: init.avatar }),
      ...(init.username !== undefined && { username: init.username }),
      ...(init.passwordHash !== undefined && { passwordHash: init.passwordHash }),
    };
    tx.set(K.user(app, user.userId), toJson(user));
    if (init.username !== undefined) tx.set(K.username(app, init.username), toJson({ userId: user.userId }));
    return { user, created: true };
  });
}

export async function setPasswordHash(store: ServerStore, app: string, userId: string, passwordHash: string): Promise<void> {
  await transact(store, async (tx) => {
    const row = await tx.get(K.user(app, userId));
    if (!row) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user');
    tx.set(K.user(app, userId), toJson({ ...fromJson<UserRecord>(row), passwordHash }));
  });
  forgetUser(app, userId);
}

/** The wire profile of a user (issue 4 adds the full profile). */
export function toProfile(user: UserRecord): parley.v1.IProfile {
  return {
    userId: user.userId,
    tinyId: user.tinyId,
    kind: user.kind,
    nickname: user.nickname ?? '',
    avatar: user.avatar ?? '',
    createdAt: user.createdAt,
    state: user.state,
    username: user.username ?? '',
  };
}

/**
 * Records a one-time value (a JMessage `random_str`) until `expiresAt`.
 * @returns false when it was already recorded and has not expired (a replay).
 */
export async function useNonce(store: ServerStore, app: string, scope: string, value: string, expiresAt: number, now: number): Promise<boolean> {
  return transact(store, async (tx) => {
    const key = K.nonce(app, scope, value);
    const row = await tx.get(key);
    if (row && fromJson<{ expiresAt: number }>(row).expiresAt > now) return false;
    tx.set(key, toJson({ expiresAt }));
    return true;
  });
}
