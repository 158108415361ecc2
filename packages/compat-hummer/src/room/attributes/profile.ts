import type { Room } from '@parley/core';
import { type ProfileFields, profileOf } from '../../areas/room-profile.js';
import { paramError } from '../../errors.js';

/** The profile fields a Hummer room's basic attributes show: a change to any of them is `ChatRoomAttributesUpdated`. */
export const BASIC_FIELDS: ReadonlySet<string> = new Set(['name', 'description', 'bulletin', 'appExtra', 'maxUsers', 'password', 'customFields']);

/**
 * A room profile as the vendor's basic attributes: `Roomid`, `Name`, `Description`, `Bulletin`,
 * `Owner`, `Passwd`, `MaxUser`, `AppExtra`, `Appid` and the other keys (kept as JSON custom
 * fields), all string values.
 */
export function basicAttributes(profile: Room, appid: number): Record<string, string> {
  const custom = Object.fromEntries(Object.entries(profile.customFields ?? {}).map(([key, json]) => [key, customValue(json)]));
  return {
    ...custom,
    Roomid: String(profile.numericId ?? 0),
    Name: profile.name ?? '',
    Description: profile.description ?? '',
    Bulletin: profile.bulletin ?? '',
    Owner: profile.ownerId ?? '',
    Passwd: profile.password ?? '',
    MaxUser: String(profile.maxUsers ?? 0),
    AppExtra: profile.appExtra ?? '',
    Appid: String(appid),
  };
}

/** A custom field's value as a string: Hummer keys hold JSON strings; other vendors' JSON is shown as its text. */
function customValue(json: string): string {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : json;
  } catch {
    return json;
  }
}

/**
 * The room patch of `updateChatRoomAttributes`: the basic-attribute keys as `createChatRoom`
 * stores them (`Extention` (sic) is `AppExtra`; `Roomid`, `Owner`, `Appid` are ignored; other
 * keys are merged into the custom fields).
 * @throws {HummerError} 1002 for a bad `MaxUser`, or when nothing writable is given.
 */
export function patchOf(attributes: Readonly<Record<string, string>>): ProfileFields {
  const patch = profileOf(attributes);
  if (Object.keys(patch).length === 1 && Object.keys(patch.customFields).length === 0) throw paramError('attributes: nothing to update');
  return patch;
}

/** A profile with a patch applied (custom fields merged), as the server stores it. */
export function patched(profile: Room, patch: ProfileFields): Room {
  const { customFields, ...fields } = patch;
  return { ...profile, ...fields, customFields: { ...(profile.customFields ?? {}), ...customFields } };
}
