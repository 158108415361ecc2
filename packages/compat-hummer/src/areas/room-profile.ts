import type { Room } from '@parley/core';
import { paramError } from '../errors.js';

/** Vendor basic-attribute keys stored as room profile fields (`Extention` (sic) is the doc's spelling of `AppExtra`). */
const PROFILE_KEYS = { Name: 'name', Description: 'description', Bulletin: 'bulletin', AppExtra: 'appExtra', Passwd: 'password' } as const;

/** Keys the server keeps itself (`getChatRoomAttributes` shows them); written values are ignored. */
const SERVER_KEYS = new Set(['Roomid', 'Owner', 'Appid']);

/** The profile fields a basic-attributes map sets. */
export type ProfileFields = Pick<Room, 'name' | 'description' | 'bulletin' | 'appExtra' | 'password' | 'maxUsers'> & { customFields: Record<string, string> };

/**
 * A room's basic attributes (`createChatRoom`, `updateChatRoomAttributes`) as profile fields:
 * `Name`, `Description`, `Bulletin`, `AppExtra` (or `Extention`), `Passwd`, `MaxUser` (a decimal
 * string), and every other key as a custom field (JSON text, as the server stores them).
 * `Roomid`, `Owner` and `Appid` are the server's and are ignored.
 * @throws {HummerError} 1002 for a `MaxUser` that is not a whole number.
 */
export function profileOf(attributes: Readonly<Record<string, string>>): ProfileFields {
  const fields: ProfileFields = { customFields: {} };
  for (const [key, value] of Object.entries(attributes)) {
    if (SERVER_KEYS.has(key)) continue;
    if (key === 'MaxUser') {
      if (!/^\d{1,9}$/.test(value.trim())) throw paramError('attributes.MaxUser must be a whole number');
      fields.maxUsers = Number(value.trim());
    } else if (key === 'Extention') {
      // The vendor's create/update examples spell AppExtra so; an explicit AppExtra wins.
      if (attributes.AppExtra === undefined) fields.appExtra = value;
    } else if (Object.hasOwn(PROFILE_KEYS, key)) {
      fields[PROFILE_KEYS[key as keyof typeof PROFILE_KEYS]] = value;
    } else {
      fields.customFields[key] = JSON.stringify(value);
    }
  }
  return fields;
}
