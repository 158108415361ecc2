import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { recordChange } from './changes.js';
import type { Actor, ModelContext } from './context.js';
import { friendIdsOf } from './friends.js';
import { subscriberIdsOf } from './presence.js';
import type { UserRecord } from './schema.js';
import { transact } from './tx.js';
import { checkUserId, defaultAllowType, getUsers, loadUser, saveUser, toProfile } from './users.js';

/**
 * Profiles and custom fields (CAPABILITIES.md §1.3, §2.2 `user.getProfiles`,
 * `user.updateProfile`, §3.4 `ev.profile`). A change bumps `profileVersion`, records a
 * `profile` row in the change stream of the user and of each friend, and is pushed to the
 * user's other sessions, the friends and the user's presence subscribers.
 * `user.search` and `user.getSummary` are in `user-directory.ts`.
 */

const { PatchMode } = parley.v1;

/** Users per `user.getProfiles` (T `getUserProfile` allows 100). */
const MAX_PROFILES_PER_GET = 100;

/**
 * Custom-field limits. T caps custom profile keys at a few dozen short tags; MaxLeap sets no
 * limit, so these are generous but keep a user row well below a store row's comfortable size.
 */
export const CUSTOM_FIELD_LIMITS = { maxKeys: 64, maxKeyBytes: 64, maxValueBytes: 4096, maxTotalBytes: 32_768 } as const;

/** Editable text fields and their caps in UTF-8 bytes (§1.3: nickname and signature ≤ 500 B). */
const TEXT_FIELDS = {
  nickname: 500,
  avatar: 2048,
  birthday: 64,
  selfSignature: 500,
  location: 500,
  region: 500,
  address: 500,
  phoneNumber: 64,
  email: 320,
  ex: 4096,
} as const satisfies { [K in keyof UserRecord]?: number };

/** Editable numeric fields and their largest value (enums) or the uint32 range. */
const NUMBER_FIELDS = {
  gender: 2,
  language: 0xffff_ffff,
  level: 0xffff_ffff,
  role: 0xffff_ffff,
  allowType: 2,
  messageSettings: 0xffff_ffff,
  adminForbidType: 1,
} as const satisfies { [K in keyof UserRecord]?: number };

type TextField = keyof typeof TEXT_FIELDS;
type NumberField = keyof typeof NUMBER_FIELDS;

/** Set only with app privilege: an admin-imposed ban the user must not lift themselves. */
const PRIVILEGED_FIELDS: ReadonlySet<string> = new Set(['adminForbidType']);

/** Every field name of the wire `Profile`, for the `fields` filter of `user.getProfiles`. */
const PROFILE_FIELDS: ReadonlySet<string> = new Set([
  'userId',
  'tinyId',
  'kind',
  ...Object.keys(TEXT_FIELDS),
  ...Object.keys(NUMBER_FIELDS),
  'birthdayYmd',
  'customFields',
  'profileVersion',
  'updatedAt',
  'createdAt',
  'state',
  'username',
  'appKey',
]);

const isTextField = (name: string): name is TextField => Object.hasOwn(TEXT_FIELDS, name);
const isNumberField = (name: string): name is NumberField => Object.hasOwn(NUMBER_FIELDS, name);

/** `user.getProfiles`: the caller's own profile when `users` is empty. */
export async function getProfiles(ctx: ModelContext, actor: Actor, req: parley.v1.UserGetProfiles): Promise<parley.v1.IProfiles> {
  if (req.users.length > MAX_PROFILES_PER_GET) throw invalidParam('users', `at most ${MAX_PROFILES_PER_GET}`);
  if (req.fields.length > PROFILE_FIELDS.size) throw invalidParam('fields', 'too many names');
  for (const name of req.fields) if (!PROFILE_FIELDS.has(name)) throw invalidParam('fields', `unknown field ${JSON.stringify(name)}`);
  if (req.customFields.length > CUSTOM_FIELD_LIMITS.maxKeys) throw invalidParam('customFields', `at most ${CUSTOM_FIELD_LIMITS.maxKeys} keys`);
  for (const key of req.customFields) checkCustomKey(key, 'customFields');
  const ids = req.users.length === 0 ? [actor.userId] : [...new Set(req.users.map((ref) => checkUserRef(ctx, ref)))];
  const users = await getUsers(ctx.store, ctx.app.id, ids);
  if (users.size === 0) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'users' });
  const fallback = defaultAllowType(ctx.app.policy);
  const profiles: parley.v1.IProfile[] = [];
  for (const id of ids) {
    const user = users.get(id);
    // Like T `getUserProfile`, unknown ids are left out as long as one id is known.
    if (user) profiles.push(project(toProfile(user, fallback), req.fields, req.customFields));
  }
  return { profiles };
}

/** A user reference of this app; J cross-app references are not served. */
function checkUserRef(ctx: ModelContext, ref: parley.v1.IUserRef): string {
  if (ref.appKey && ref.appKey !== ctx.app.config.jmessage?.appkey) {
    throw new ServerError(ErrorCode.NOT_SUPPORTED, 'cross-app user references are not supported', { detail: 'users.appKey' });
  }
  return checkUserId(ref.userId, 'users.userId');
}

/** Keeps the requested standard fields (all when none are named) and custom keys (all when none). */
function project(profile: parley.v1.IProfile, fields: readonly string[], customKeys: readonly string[]): parley.v1.IProfile {
  const out: parley.v1.IProfile =
    fields.length === 0 ? profile : (Object.fromEntries([['userId', profile.userId], ...fields.map((f) => [f, profile[f as keyof parley.v1.IProfile]])]) as parley.v1.IProfile);
  if (customKeys.length > 0) {
    const all = profile.customFields ?? {};
    out.customFields = Object.fromEntries(customKeys.filter((k) => Object.hasOwn(all, k)).map((k) => [k, all[k] as string]));
  }
  return out;
}

/** A validated patch: standard fields to write and the custom-field edit. */
interface ProfilePatch {
  text: [TextField, string][];
  numbers: [NumberField, number][];
  custom: (current: Readonly<Record<string, string>>) => Record<string, string>;
}

/**
 * `user.updateProfile` for `actor.userId` (the gateway already turned a privileged session's
 * `subject` into the actor). Writes the fields named in `setFields` and edits the custom
 * fields by `customMode`; a patch that changes nothing answers the profile as it is.
 * @throws ServerError INVALID_PARAM, TOO_LARGE, LIMIT_EXCEEDED, PERMISSION_DENIED, USER_NOT_FOUND
 */
export async function updateProfile(ctx: ModelContext, actor: Actor, req: parley.v1.UserUpdateProfile): Promise<parley.v1.IProfile> {
  const app = ctx.app.id;
  const userId = actor.userId;
  const patch = checkPatch(actor, req);
  const [friends, subscribers] = await Promise.all([friendIdsOf(ctx, userId), subscriberIdsOf(ctx, userId)]);
  const fallback = defaultAllowType(ctx.app.policy);
  return transact(ctx.store, async (tx) => {
    const user = await loadUser(tx, app, userId);
    if (!user) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'subject' });
    const next: UserRecord = { ...user };
    const changed = applyPatch(next, patch);
    if (changed.length === 0) return toProfile(user, fallback);
    next.profileVersion = (user.profileVersion ?? 0) + 1;
    next.updatedAt = ctx.now();
    saveUser(tx, app, next);
    const profile = toProfile(next, fallback);
    const event: parley.v1.IProfileEvent = { profile, changedFields: changed };
    const selfCursor = await recordChange(tx, app, userId, 'profile', userId);
    const friendCursors: [string, number][] = [];
    for (const friendId of friends) {
      if (friendId !== userId) friendCursors.push([friendId, await recordChange(tx, app, friendId, 'profile', userId)]);
    }
    tx.onCommit(() => {
      ctx.deliver.toUser(app, userId, { cursor: selfCursor, profile: event }, actor.sessionId);
      for (const [friendId, cursor] of friendCursors) ctx.deliver.toUser(app, friendId, { cursor, profile: event });
      // Subscribers who are not friends have no stream row for this user: live only.
      const streamed = new Set([userId, ...friends]);
      for (const id of subscribers) if (!streamed.has(id)) ctx.deliver.toUser(app, id, { profile: event });
    });
    return profile;
  });
}

/** Validates a patch before the transaction, so bad input changes nothing. */
function checkPatch(actor: Actor, req: parley.v1.UserUpdateProfile): ProfilePatch {
  const patch: parley.v1.IProfile = req.patch ?? {};
  const out: ProfilePatch = { text: [], numbers: [], custom: checkCustomEdit(req, patch) };
  for (const name of new Set(req.setFields)) {
    const field = `patch.${name}`;
    if (PRIVILEGED_FIELDS.has(name) && !actor.privileged) throw new ServerError(ErrorCode.PERMISSION_DENIED, `${name} is set by the app only`, { detail: field });
    if (isTextField(name)) {
      const value = patch[name] ?? '';
      if (Buffer.byteLength(value) > TEXT_FIELDS[name]) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: at most ${TEXT_FIELDS[name]} bytes`, { detail: field });
      out.text.push([name, value]);
    } else if (isNumberField(name)) {
      const value = Number(patch[name] ?? 0);
      if (!Number.isInteger(value) || value < 0 || value > NUMBER_FIELDS[name]) throw invalidParam(field, `must be an integer from 0 to ${NUMBER_FIELDS[name]}`);
      out.numbers.push([name, value]);
    } else {
      throw invalidParam('setFields', `${JSON.stringify(name)} is not an editable profile field`);
    }
  }
  return out;
}

/** Applies a checked patch to `user` in place; returns the names of the fields that changed. */
function applyPatch(user: UserRecord, patch: ProfilePatch): string[] {
  const changed: string[] = [];
  for (const [name, value] of patch.text) {
    if ((user[name] ?? '') === value) continue;
    if (value === '') delete user[name];
    else user[name] = value;
    changed.push(name);
  }
  for (const [name, value] of patch.numbers) {
    if ((user[name] ?? 0) === value) continue;
    if (value === 0) delete user[name];
    else user[name] = value;
    changed.push(name);
  }
  const before = user.customFields ?? {};
  const after = patch.custom(before);
  if (!sameMap(before, after)) {
    if (Object.keys(after).length === 0) delete user.customFields;
    else user.customFields = after;
    changed.push('customFields');
  }
  return changed;
}

/**
 * The custom-field edit of a request (M `setUserAttributes` merge, `coverSetUserAttributes`
 * replace, `rmUserAttributes` clear; T `profileCustomField` merge). Values are JSON scalars
 * (PROTOCOL.md: maps commented "JSON"), kept in canonical `JSON.stringify` form.
 */
function checkCustomEdit(req: parley.v1.UserUpdateProfile, patch: parley.v1.IProfile): ProfilePatch['custom'] {
  const given = Object.entries(patch.customFields ?? {});
  if (given.length > CUSTOM_FIELD_LIMITS.maxKeys) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${CUSTOM_FIELD_LIMITS.maxKeys} custom fields`, { detail: 'patch.customFields' });
  const values: Record<string, string> = {};
  for (const [key, value] of given) values[checkCustomKey(key, 'patch.customFields')] = canonicalScalar(value, `patch.customFields.${key}`);
  const mode = req.customMode;
  if (mode !== PatchMode.PATCH_MODE_REMOVE_KEYS && req.removeCustomKeys.length > 0) throw invalidParam('removeCustomKeys', 'only with PATCH_MODE_REMOVE_KEYS');
  const limited = (map: Record<string, string>) => checkCustomTotals(map);
  switch (mode) {
    case PatchMode.PATCH_MODE_MERGE:
      return given.length === 0 ? (current) => ({ ...current }) : (current) => limited({ ...current, ...values });
    case PatchMode.PATCH_MODE_REPLACE:
      checkCustomTotals(values);
      return () => ({ ...values });
    case PatchMode.PATCH_MODE_CLEAR:
      if (given.length > 0) throw invalidParam('patch.customFields', 'must be empty with PATCH_MODE_CLEAR');
      return () => ({});
    case PatchMode.PATCH_MODE_REMOVE_KEYS: {
      if (given.length > 0) throw invalidParam('patch.customFields', 'must be empty with PATCH_MODE_REMOVE_KEYS');
      if (req.removeCustomKeys.length === 0 || req.removeCustomKeys.length > CUSTOM_FIELD_LIMITS.maxKeys) {
        throw invalidParam('removeCustomKeys', `1 to ${CUSTOM_FIELD_LIMITS.maxKeys} keys`);
      }
      const remove = new Set(req.removeCustomKeys.map((key) => checkCustomKey(key, 'removeCustomKeys')));
      return (current) => Object.fromEntries(Object.entries(current).filter(([key]) => !remove.has(key)));
    }
    default:
      throw invalidParam('customMode', 'unknown mode');
  }
}

/** @throws ServerError INVALID_PARAM unless `key` is 1–64 bytes without control characters. */
export function checkCustomKey(key: string, field: string): string {
  if (key.length === 0 || Buffer.byteLength(key) > CUSTOM_FIELD_LIMITS.maxKeyBytes) throw invalidParam(field, `keys are 1–${CUSTOM_FIELD_LIMITS.maxKeyBytes} bytes`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(key)) throw invalidParam(field, 'keys must not contain control characters');
  return key;
}

/**
 * The canonical text of a JSON scalar (string, number, boolean).
 * @throws ServerError TOO_LARGE, INVALID_PARAM (not JSON, or an object, array or null)
 */
export function canonicalScalar(text: string, field: string): string {
  if (Buffer.byteLength(text) > CUSTOM_FIELD_LIMITS.maxValueBytes) {
    throw new ServerError(ErrorCode.TOO_LARGE, `${field}: at most ${CUSTOM_FIELD_LIMITS.maxValueBytes} bytes`, { detail: field });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidParam(field, 'must be JSON text (a string value is quoted: "\\"abc\\"")');
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw invalidParam(field, 'must be a JSON string, number or boolean');
  return JSON.stringify(value);
}

/** @throws ServerError LIMIT_EXCEEDED (too many keys), TOO_LARGE (too many bytes) */
function checkCustomTotals(map: Record<string, string>): Record<string, string> {
  const entries = Object.entries(map);
  if (entries.length > CUSTOM_FIELD_LIMITS.maxKeys) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `at most ${CUSTOM_FIELD_LIMITS.maxKeys} custom fields`, { detail: 'patch.customFields' });
  const bytes = entries.reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > CUSTOM_FIELD_LIMITS.maxTotalBytes) throw new ServerError(ErrorCode.TOO_LARGE, `custom fields: at most ${CUSTOM_FIELD_LIMITS.maxTotalBytes} bytes in all`, { detail: 'patch.customFields' });
  return map;
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** Change-stream resolver of `profile` rows (own profile, friends' profiles). */
export async function profileChanges(ctx: ModelContext, _userId: string, ids: readonly string[]): Promise<Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>> {
  const users = await getUsers(ctx.store, ctx.app.id, ids);
  const fallback = defaultAllowType(ctx.app.policy);
  const out = new Map<string, Omit<parley.v1.IChangeEntry, 'cursor'>>();
  for (const id of ids) {
    const user = users.get(id);
    out.set(id, user ? { profile: toProfile(user, fallback) } : { deleted: true, profile: { userId: id } });
  }
  return out;
}

/** The `profile` section of `sync.snapshot`: the user's own profile. */
export async function profileSnapshot(ctx: ModelContext, userId: string, sections: ReadonlySet<parley.v1.SnapshotSection>): Promise<Partial<parley.v1.ISnapshot>> {
  if (!sections.has(0) && !sections.has(parley.v1.SnapshotSection.SNAPSHOT_SECTION_PROFILE)) return {};
  const user = (await getUsers(ctx.store, ctx.app.id, [userId])).get(userId);
  return user ? { profile: toProfile(user, defaultAllowType(ctx.app.policy)) } : {};
}
