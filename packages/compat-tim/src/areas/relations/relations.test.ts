import { ClientCode, ParleyError } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { TimCode, TimError } from '../../errors.js';
import { capped, chunks, mapped, optionalIds, optionsOf, requireIds, requireString } from './params.js';
import { profilePatch } from './profiles.js';
import { isNewer, timStatusType, versionOf } from './state.js';

const codeOf = (run: () => unknown): number | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof TimError ? error.code : -1;
  }
  return undefined;
};

describe('profilePatch (updateMyProfile checks)', () => {
  it('turns TIM fields into the core patch', () => {
    const patch = profilePatch(
      {
        nick: 'Ann',
        avatar: 'a.png',
        gender: 'Gender_Type_Male',
        birthday: 20000101,
        location: 'SZ',
        selfSignature: 'hi',
        allowType: 'AllowType_Type_DenyAny',
        language: 1,
        level: 2,
        role: 3,
        messageSettings: 1,
        profileCustomField: [{ key: 'Tag_Profile_Custom_mood', value: 'sunny' }],
      },
      undefined,
    );
    expect(patch).toEqual({
      nickname: 'Ann',
      avatar: 'a.png',
      gender: 1,
      birthday: '20000101',
      location: 'SZ',
      selfSignature: 'hi',
      allowType: 2,
      language: 1,
      level: 2,
      role: 3,
      messageSettings: 1,
      customFields: { mood: '"sunny"' },
    });
    expect(profilePatch({ birthday: 0 }, undefined)).toEqual({ birthday: '' });
  });

  it('rejects bad values with 2721', () => {
    const bad: Array<Record<string, unknown>> = [
      {},
      { nick: 5 },
      { nick: 'x'.repeat(501) },
      { nick: undefined },
      { gender: 'male' },
      { allowType: 1 },
      { birthday: '20000101' },
      { messageSettings: 2 },
      { adminForbidType: 'none' },
      { userID: 'me' },
      { profileCustomField: [{ key: 'mood', value: 'x' }] },
      { profileCustomField: [{ key: 'Tag_Profile_Custom_mood', value: 1 }] },
    ];
    for (const options of bad) expect([options, codeOf(() => profilePatch(options, undefined))]).toEqual([options, TimCode.UPDATE_PROFILE_INVALID_PARAM]);
  });

  it('rejects options that name nothing with 2722', () => {
    expect(codeOf(() => profilePatch({ profileCustomField: [] }, undefined))).toBe(TimCode.UPDATE_PROFILE_NO_KEY);
  });

  it('drops an adminForbidType equal to the current one (only the app may change it)', () => {
    expect(profilePatch({ nick: 'A', adminForbidType: 'AdminForbid_Type_None' }, { userId: 'me' })).toEqual({ nickname: 'A' });
    expect(profilePatch({ adminForbidType: 'AdminForbid_Type_SendOut' }, { userId: 'me' })).toEqual({ adminForbidType: 1 });
  });
});

describe('parameter helpers', () => {
  it('throw the vendor validation error synchronously', () => {
    expect(() => optionsOf(undefined)).toThrow('Params validate failed.');
    expect(() => requireString({ to: '' }, 'to')).toThrow('Params validate failed.');
    expect(() => requireString({ to: 1 }, 'to')).toThrow('Params validate failed.');
    expect(() => requireIds({ userIDList: [] })).toThrow('Params validate failed.');
    expect(() => requireIds({ userIDList: 'a' })).toThrow('Params validate failed.');
    expect(() => optionalIds({ userIDList: 'a' })).toThrow('Params validate failed.');
    expect(optionalIds({})).toEqual([]);
    expect(requireIds({ userIDList: ['a', 'b'] })).toEqual(['a', 'b']);
  });

  it('cap and chunk id lists', () => {
    expect(capped([1, 2, 3], 2)).toEqual([1, 2]);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('map the listed canonical codes and pass others through', async () => {
    await expect(mapped(Promise.reject(new ParleyError(ClientCode.ALREADY_EXISTS, 'dup')), { [ClientCode.ALREADY_EXISTS]: 2710 })).rejects.toMatchObject({ code: 2710, message: 'dup' });
    const other = new ParleyError(ClientCode.INVALID_PARAM, 'bad');
    await expect(mapped(Promise.reject(other), { [ClientCode.ALREADY_EXISTS]: 2710 })).rejects.toBe(other);
    await expect(mapped(Promise.resolve(7), {})).resolves.toBe(7);
  });
});

describe('timStatusType', () => {
  it('maps core presence to USER_STATUS_*', () => {
    expect([timStatusType(1), timStatusType(2), timStatusType(3), timStatusType(0), timStatusType(undefined)]).toEqual([1, 2, 3, 0, 0]);
  });
});

describe('profile versions', () => {
  it('count a later version (or a later time at one version) as newer, and a late older answer not', () => {
    const seen = versionOf({ userId: 'u', profileVersion: 3, updatedAt: 1000 });
    expect(isNewer({ userId: 'u', profileVersion: 4, updatedAt: 900 }, seen)).toBe(true);
    expect(isNewer({ userId: 'u', profileVersion: 3, updatedAt: 2000 }, seen)).toBe(true);
    expect(isNewer({ userId: 'u', profileVersion: 3, updatedAt: 1000 }, seen)).toBe(false);
    expect(isNewer({ userId: 'u', profileVersion: 2, updatedAt: 5000 }, seen)).toBe(false);
  });
});
