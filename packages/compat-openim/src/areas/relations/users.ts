import { ClientCode, contactsOf, isParleyError, type ProfilePatch } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import { type FullUserItem, type TotalUserStruct, toFullUserItem } from '../../convert/user.js';
import { OpenImCode, OpenImError, paramError } from '../../errors.js';
import { chunks } from '../../lists.js';
import type { MethodTable } from '../../method.js';
import { fillProfiles, PROFILE_BATCH } from './fill.js';
import { totalUserOf } from './lookup.js';
import { objectParam, requireString, userIdsParam } from './params.js';

/** The user methods (openim.md §2.2). */
export const userMethods: MethodTable = {
  getSelfUserInfo: {
    event: RequestFunc.GETSELFUSERINFO,
    kind: 'user',
    noData: true,
    async run(core): Promise<FullUserItem> {
      const client = core.client;
      await fillProfiles(client, [client.userId]);
      return toFullUserItem(client.userId, client.store.profiles.get(client.userId));
    },
  },
  getUsersInfo: {
    event: RequestFunc.GETUSERSINFO,
    kind: 'totalUsers',
    async run(core, data): Promise<TotalUserStruct[]> {
      const ids = userIdsParam(data);
      const client = core.client;
      const store = client.store;
      // The own and friends' profiles are kept current by the change stream; others are fetched.
      const current = (id: string) => (id === client.userId || store.friends.get(id) !== undefined) && store.profiles.get(id) !== undefined;
      for (const part of chunks(ids.filter((id) => !current(id)), PROFILE_BATCH)) {
        await contactsOf(client)
          .getProfiles(part, { refresh: true })
          .catch((error: unknown) => {
            if (isParleyError(error) && error.code === ClientCode.USER_NOT_FOUND) return [];
            throw error;
          });
      }
      // Like the vendor's server lookup, ids of no user are left out.
      return ids.filter((id) => store.profiles.get(id) !== undefined).map((id) => totalUserOf(client, id, true));
    },
  },
  setSelfInfo: {
    event: RequestFunc.SETSELFINFO,
    kind: 'ok',
    async run(core, data): Promise<string> {
      const patch = selfInfoPatch(objectParam(data));
      // OnSelfInfoUpdated (and OnFriendInfoChanged at friends) follow from the profile change.
      if (Object.keys(patch).length > 0) await contactsOf(core.client).updateProfile(patch);
      return '""';
    },
  },
};

const text = (o: Record<string, unknown>, key: string): string | undefined => {
  const value = o[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw paramError(key);
  return value === '' ? undefined : value;
};

const integer = (o: Record<string, unknown>, key: string): number | undefined => {
  const value = o[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw paramError(key);
  return value === 0 ? undefined : value;
};

/**
 * The core patch for a `PartialUserItem`. As the vendor's server writes only the non-zero fields
 * of the update (an empty string or 0 leaves the field as it was), so does this.
 * @throws {OpenImError} 1001 for a missing `userID` or a mistyped field, 803 for a gender other than 0, 1, 2
 */
export function selfInfoPatch(o: Record<string, unknown>): ProfilePatch {
  requireString(o, 'userID');
  const patch: ProfilePatch = {};
  const nickname = text(o, 'nickname');
  if (nickname !== undefined) patch.nickname = nickname;
  const faceURL = text(o, 'faceURL');
  if (faceURL !== undefined) patch.avatar = faceURL;
  const gender = integer(o, 'gender');
  if (gender !== undefined) {
    if (gender !== 1 && gender !== 2) throw new OpenImError(OpenImCode.ARGS, 'gender must be 0, 1 or 2');
    patch.gender = gender;
  }
  const phoneNumber = text(o, 'phoneNumber');
  if (phoneNumber !== undefined) patch.phoneNumber = phoneNumber;
  const birth = integer(o, 'birth');
  if (birth !== undefined) patch.birthday = String(birth);
  const email = text(o, 'email');
  if (email !== undefined) patch.email = email;
  const ex = text(o, 'ex');
  if (ex !== undefined) patch.ex = ex;
  return patch;
}
