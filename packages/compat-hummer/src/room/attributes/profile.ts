import type { Room } from '@parley/core';

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
