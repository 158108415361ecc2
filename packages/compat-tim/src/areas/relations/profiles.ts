import { ClientCode, contactsOf, isParleyError, type Profile, type ProfilePatch } from '@parley/core';
import { PROFILE_CUSTOM_PREFIX, type TimCustomField, type TimProfile, toTimProfile } from '../../convert/profile.js';
import { coreAllowType, coreCustomFields, coreForbidType, coreGender } from '../../convert/profile-edit.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import type { GET_USER_PROFILE_OPTIONS, UPDATE_MY_PROFILE_OPTIONS } from '../../types.js';
import * as check from './checks.js';
import { byteLength, capped } from './params.js';
import { announceProfiles, isWatched, relationsState, versionOf } from './state.js';

/** `getUserProfile` answers at most this many users; tim-js-sdk drops the rest. */
const MAX_PROFILES = 100;

/** The own profile: from the store (kept current by the change stream), else fetched. */
export async function getMyProfile(tim: TimCore): Promise<TimProfile> {
  const client = tim.client;
  const held = contactsOf(client).profile(client.userId);
  if (held) return toTimProfile(held);
  const [fetched] = await contactsOf(client).getProfiles([client.userId], { refresh: true });
  return toTimProfile(fetched ?? { userId: client.userId });
}

/**
 * Profiles in the order asked; unknown users are left out. The own and friends' profiles come
 * from the store, which their change notifications keep current (as tim-js-sdk caches them);
 * anyone else's is fetched.
 */
export function getUserProfile(tim: TimCore, options: GET_USER_PROFILE_OPTIONS): Promise<TimProfile[]> {
  const userIDList = check.getUserProfile(tim, options);
  return profilesOf(tim, [...new Set(capped(userIDList.map(String), MAX_PROFILES))]);
}

async function profilesOf(tim: TimCore, ids: readonly string[]): Promise<TimProfile[]> {
  const client = tim.client;
  const store = client.store.profiles;
  const toFetch = ids.filter((id) => !(isWatched(client, id) && store.get(id)));
  if (toFetch.length > 0) {
    await contactsOf(client)
      .getProfiles(toFetch, { refresh: true })
      .catch((error: unknown) => {
        // Like the vendor, ids of no user are left out rather than failing the call.
        if (isParleyError(error) && error.code === ClientCode.USER_NOT_FOUND) return [];
        throw error;
      });
  }
  return ids.map((id) => store.get(id)).filter((p): p is Profile => p !== undefined).map(toTimProfile);
}

/**
 * Updates the own profile; resolves the updated Profile and emits PROFILE_UPDATED when
 * something changed. Checks follow the vendor's: bad values reject with 2721, an update that
 * names nothing with 2722.
 */
export function updateMyProfile(tim: TimCore, options: UPDATE_MY_PROFILE_OPTIONS): Promise<TimProfile> {
  return update(tim, check.updateMyProfile(tim, options));
}

async function update(tim: TimCore, o: Record<string, unknown>): Promise<TimProfile> {
  const client = tim.client;
  const contacts = contactsOf(client);
  const before = contacts.profile(client.userId);
  const patch = profilePatch(o, before);
  const state = relationsState(tim, client);
  const updated = await contacts.updateProfile(patch);
  if (!before || versionOf(before) !== versionOf(updated)) announceProfiles(tim, state, [updated]);
  return toTimProfile(updated);
}

const invalid = (why: string): TimError => new TimError({ code: TimCode.UPDATE_PROFILE_INVALID_PARAM, message: `updateMyProfile: ${why}` });

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

/**
 * The core patch for `updateMyProfile` options, after tim-js-sdk's checks: a value of the wrong
 * type, an unknown key or a custom key without the tag reject with 2721, options that name
 * nothing with 2722. `current` is the own profile, to drop an unchanged `adminForbidType`.
 * @throws {TimError} 2721 `UPDATE_PROFILE_INVALID_PARAM`, 2722 `UPDATE_PROFILE_NO_KEY`
 */
export function profilePatch(o: Record<string, unknown>, current: Profile | undefined): ProfilePatch {
  if (Object.keys(o).length === 0) throw invalid('empty options');
  const patch: ProfilePatch = {};
  const fields = (Array.isArray(o.profileCustomField) ? o.profileCustomField : []) as unknown[];
  for (const field of fields) {
    const { key, value } = (field ?? {}) as Partial<TimCustomField>;
    if (!isString(key) || !key.includes(PROFILE_CUSTOM_PREFIX)) throw invalid(`custom keys need the prefix ${PROFILE_CUSTOM_PREFIX}`);
    if (!isString(value)) throw invalid('custom values must be strings');
  }
  if (fields.length > 0) patch.customFields = coreCustomFields(PROFILE_CUSTOM_PREFIX, fields as TimCustomField[]);
  let named = fields.length;
  for (const [key, value] of Object.entries(o)) {
    if (key === 'profileCustomField') continue;
    if (!isString(value) && !isNumber(value)) throw invalid(`${key}: invalid value`);
    named += 1;
    setField(patch, key, value, current);
  }
  if (named === 0) throw new TimError({ code: TimCode.UPDATE_PROFILE_NO_KEY, message: 'updateMyProfile: nothing to update' });
  return patch;
}

function setField(patch: ProfilePatch, key: string, value: string | number, current: Profile | undefined): void {
  const text = (name: string): string => {
    if (!isString(value)) throw invalid(`${name} must be a string`);
    return value;
  };
  const number = (name: string): number => {
    if (!isNumber(value)) throw invalid(`${name} must be a number`);
    return value;
  };
  const oneOf = (name: string, mapped: number | undefined): number => {
    if (mapped === undefined) throw invalid(`${name}: invalid value ${String(value)}`);
    return mapped;
  };
  switch (key) {
    case 'nick':
      patch.nickname = text(key);
      if (byteLength(patch.nickname) > 500) throw invalid('nick: at most 500 bytes');
      break;
    case 'avatar':
      patch.avatar = text(key);
      break;
    case 'location':
      patch.location = text(key);
      break;
    case 'selfSignature':
      patch.selfSignature = text(key);
      break;
    case 'gender':
      patch.gender = oneOf(key, coreGender(value));
      break;
    case 'allowType':
      patch.allowType = oneOf(key, coreAllowType(value));
      break;
    case 'adminForbidType': {
      const forbid = oneOf(key, coreForbidType(value));
      // Only the app may change it (the server refuses users); restating it is not a change.
      if (forbid !== (current?.adminForbidType ?? 0)) patch.adminForbidType = forbid;
      break;
    }
    case 'birthday': {
      const birthday = number(key);
      patch.birthday = birthday ? String(birthday) : '';
      break;
    }
    case 'language':
      patch.language = number(key);
      break;
    case 'level':
      patch.level = number(key);
      break;
    case 'role':
      patch.role = number(key);
      break;
    case 'messageSettings':
      if (value !== 0 && value !== 1) throw invalid('messageSettings must be 0 or 1');
      patch.messageSettings = value;
      break;
    default:
      throw invalid(`unknown key ${key}`);
  }
}
