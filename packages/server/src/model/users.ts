import { randomBytes } from 'node:crypto';
import { parley, WireReader } from '@parley/protocol';
import type { Policy } from '../config/types.js';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key, ServerStore } from '../store/types.js';
import type { Actor, ModelContext } from './context.js';
import { fromJson, K, toJson, type UserRecord } from './schema.js';
import { type Tx, transact } from './tx.js';

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

/**
 * Gives an existing user the login name `username` with `passwordHash`, replacing any login name
 * and password it had. Live sessions are left alone (the caller decides whether to kick).
 *
 * @throws ServerError `USER_NOT_FOUND` when the user does not exist or was deleted;
 *   `ALREADY_EXISTS` (detail `username`) when another user holds `username`.
 */
export async function setPasswordLogin(store: ServerStore, app: string, userId: string, username: string, passwordHash: string): Promise<void> {
  await transact(store, async (tx) => {
    const user = await loadUser(tx, app, userId);
    if (!user || user.state === parley.v1.UserState.USER_STATE_DELETED) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'userId' });
    const holder = await tx.get(K.username(app, username));
    if (holder && fromJson<{ userId: string }>(holder).userId !== userId) {
      throw new ServerError(ErrorCode.ALREADY_EXISTS, 'username already exists', { detail: 'username' });
    }
    if (user.username !== undefined && user.username !== username) tx.delete(K.username(app, user.username));
    tx.set(K.username(app, username), toJson({ userId }));
    saveUser(tx, app, { ...user, username, passwordHash });
  });
}

/**
 * The wire profile of a user: every standard field of §1.3, the custom fields and the version.
 * `allowType` falls back to the app default (`friendDefaultAllowType`) when `defaultAllowType`
 * is given; without it an unset value reads as 0 (`needConfirm`).
 */
export function toProfile(user: UserRecord, defaultAllowType?: number): parley.v1.IProfile {
  return {
    userId: user.userId,
    tinyId: user.tinyId,
    kind: user.kind,
    nickname: user.nickname ?? '',
    avatar: user.avatar ?? '',
    gender: user.gender ?? 0,
    birthday: user.birthday ?? '',
    birthdayYmd: normaliseBirthday(user.birthday ?? ''),
    selfSignature: user.selfSignature ?? '',
    location: user.location ?? '',
    region: user.region ?? '',
    address: user.address ?? '',
    phoneNumber: user.phoneNumber ?? '',
    email: user.email ?? '',
    language: user.language ?? 0,
    level: user.level ?? 0,
    role: user.role ?? 0,
    allowType: user.allowType ?? defaultAllowType ?? 0,
    messageSettings: user.messageSettings ?? 0,
    adminForbidType: user.adminForbidType ?? 0,
    ex: user.ex ?? '',
    customFields: { ...user.customFields },
    profileVersion: user.profileVersion ?? 0,
    updatedAt: user.updatedAt ?? user.createdAt,
    createdAt: user.createdAt,
    state: user.state,
    username: user.username ?? '',
  };
}

/** `parley.v1.AllowType` of the app's `friend.defaultAllowType` policy. */
export function defaultAllowType(policy: Policy): number {
  const { AllowType } = parley.v1;
  if (policy.friendDefaultAllowType === 'allowAny') return AllowType.ALLOW_TYPE_ALLOW_ANY;
  return policy.friendDefaultAllowType === 'denyAny' ? AllowType.ALLOW_TYPE_DENY_ANY : AllowType.ALLOW_TYPE_NEED_CONFIRM;
}

/**
 * The `yyyymmdd` form of a birthday as a vendor gave it: T sends `20000101`, O epoch seconds
 * (`946684800`, negative before 1970), J free text (`2000-01-01`, `2000/1/1`). Eight digits
 * that form a valid date are read as `yyyymmdd` before they are read as seconds (eight-digit
 * second counts are dates in 1970–1973). Anything else normalises to ''.
 */
export function normaliseBirthday(birthday: string): string {
  const text = birthday.trim();
  const ymd = (y: number, m: number, d: number): string => {
    const date = new Date(Date.UTC(y, m - 1, d));
    if (y < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return '';
    return `${String(y).padStart(4, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  };
  let match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) {
    const compact = ymd(Number(match[1]), Number(match[2]), Number(match[3]));
    if (compact) return compact;
  }
  match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (match) return ymd(Number(match[1]), Number(match[2]), Number(match[3]));
  if (/^-?\d{1,12}$/.test(text)) {
    const date = new Date(Number(text) * 1000);
    return ymd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }
  return '';
}

/** A user record inside a transaction (checked at commit). */
export async function loadUser(tx: Tx, app: string, userId: string): Promise<UserRecord | undefined> {
  const bytes = await tx.get(K.user(app, userId));
  return bytes ? fromJson<UserRecord>(bytes) : undefined;
}

/** Writes a user record and drops it from {@link getUserCached} once the commit lands. */
export function saveUser(tx: Tx, app: string, user: UserRecord): void {
  tx.set(K.user(app, user.userId), toJson(user));
  tx.onCommit(() => forgetUser(app, user.userId));
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

/** Rows of guest records (MaxLeap passengers): `[app, 'guest', id]` → encoded `Guest`. */
const GK = {
  guest: (app: string, id: string): Key => [app, 'guest', id],
} as const;

/** Limits of a guest record's free-form fields. */
export const GUEST_LIMITS = { maxFields: 64, maxKeyBytes: 64, maxValueBytes: 4096, maxTotalBytes: 16_384 } as const;

/**
 * `guest.upsert` (M `addOrModifyPassenger`): creates a guest record, or merges the given
 * fields into an existing one (the vendor's `POST`, like `setUserAttributes`). Without an id
 * a random `passenger_…` id is assigned, the form a MaxLeap passenger login also generates, so
 * the id can log in later. A guest session may only write its own record.
 * @throws ServerError INVALID_PARAM, TOO_LARGE, LIMIT_EXCEEDED, PERMISSION_DENIED,
 * ALREADY_EXISTS (the id belongs to a registered, non-guest user)
 */
export async function upsertGuest(ctx: ModelContext, actor: Actor, asGuest: boolean, req: parley.v1.IGuest): Promise<parley.v1.IGuest> {
  const app = ctx.app.id;
  let id = req.id ? checkUserId(req.id, 'id') : '';
  if (asGuest) {
    if (id && id !== actor.userId) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'a guest may only write its own record', { detail: 'id' });
    id = actor.userId;
  }
  if (!id) id = `passenger_${randomBytes(8).toString('hex')}`;
  const given = checkGuestFields(req.fields ?? {});
  return transact(ctx.store, async (tx) => {
    const user = await loadUser(tx, app, id);
    if (user && user.kind !== parley.v1.UserKind.USER_KIND_GUEST) throw new ServerError(ErrorCode.ALREADY_EXISTS, 'this id belongs to a registered user', { detail: 'id' });
    const bytes = await tx.get(GK.guest(app, id));
    const existing = bytes ? parley.v1.Guest.decode(new WireReader(bytes)) : undefined;
    const guest: parley.v1.IGuest = { id, fields: { ...existing?.fields, ...given }, createdAt: existing ? Number(existing.createdAt) : ctx.now() };
    checkGuestTotals(guest.fields ?? {});
    tx.set(GK.guest(app, id), parley.v1.Guest.encode(guest).finish());
    return guest;
  });
}

/**
 * `guest.get` (M `getPassenger`): the stored fields; a guest who logged in but never had a
 * record reads as an empty one. A guest session reads its own record when `id` is empty.
 * @throws ServerError NOT_FOUND
 */
export async function getGuest(ctx: ModelContext, actor: Actor, req: parley.v1.IGuestGet): Promise<parley.v1.IGuest> {
  const app = ctx.app.id;
  const id = req.id ? checkUserId(req.id, 'id') : actor.userId;
  const [row, userRow] = await ctx.store.getMany([GK.guest(app, id), K.user(app, id)]);
  if (row) return parley.v1.Guest.decode(new WireReader(row.value));
  const user = userRow ? fromJson<UserRecord>(userRow.value) : undefined;
  if (user?.kind === parley.v1.UserKind.USER_KIND_GUEST) return { id, fields: {}, createdAt: user.createdAt };
  throw new ServerError(ErrorCode.NOT_FOUND, 'no such guest', { detail: 'id' });
}

/** Free-form fields: keys 1–64 bytes, values any JSON text (kept canonical). */
function checkGuestFields(fields: Readonly<Record<string, string>>): Record<string, string> {
  const entries = Object.entries(fields);
  if (entries.length > GUEST_LIMITS.maxFields) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${GUEST_LIMITS.maxFields} fields`, { detail: 'fields' });
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (key.length === 0 || Buffer.byteLength(key) > GUEST_LIMITS.maxKeyBytes || /[\u0000-\u001f\u007f]/.test(key)) {
      throw invalidParam('fields', `keys are 1–${GUEST_LIMITS.maxKeyBytes} bytes without control characters`);
    }
    if (Buffer.byteLength(value) > GUEST_LIMITS.maxValueBytes) throw new ServerError(ErrorCode.TOO_LARGE, `fields.${key}: at most ${GUEST_LIMITS.maxValueBytes} bytes`, { detail: 'fields' });
    try {
      out[key] = JSON.stringify(JSON.parse(value));
    } catch {
      throw invalidParam(`fields.${key}`, 'must be JSON text');
    }
  }
  return out;
}

function checkGuestTotals(fields: Readonly<Record<string, string>>): void {
  const entries = Object.entries(fields);
  if (entries.length > GUEST_LIMITS.maxFields) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${GUEST_LIMITS.maxFields} fields`, { detail: 'fields' });
  const bytes = entries.reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > GUEST_LIMITS.maxTotalBytes) throw new ServerError(ErrorCode.TOO_LARGE, `fields: at most ${GUEST_LIMITS.maxTotalBytes} bytes in all`, { detail: 'fields' });
}
