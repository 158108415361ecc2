/**
 * Group and room attributes (maxleap.md §4.5, §4.6): one flat map in vendor terms, kept on the
 * server as profile fields (the `name` attribute is the group's or room's name, a group's
 * `description` its introduction, so search filters and sorts on them) plus custom fields
 * holding the other values as JSON text.
 */

/** The profile fields that hold attributes. */
type ProfileField = 'name' | 'introduction';

/** Attribute name → the profile field that holds it; every other attribute is a custom field. */
export type ProfileMap = ReadonlyMap<string, ProfileField>;

/** A group's attributes: `name` → name, `description` → introduction. */
export const GROUP_PROFILE: ProfileMap = new Map([
  ['name', 'name'],
  ['description', 'introduction'],
]);

/** A room's attributes: `name` → name. */
export const ROOM_PROFILE: ProfileMap = new Map([['name', 'name']]);

/** How a write applies: `set…` merges, `coverSet…` replaces, `rm…` clears (§4.6). */
export type AttrMode = 'merge' | 'replace' | 'clear';

/** A write of attributes, as core `update` takes it: the profile fields to set, the custom fields and their mode. */
export type AttrPatch = Partial<Record<ProfileField, string>> & {
  customFields: Record<string, string>;
  customMode: AttrMode;
};

/**
 * The write of `data` in `mode`. Replacing and clearing also empty the profile fields that
 * `data` leaves out, so `coverSet…` without `name` erases the name (§4.5). A profile attribute
 * that is not a string is stored as its JSON text; `undefined` values are dropped, as
 * `JSON.stringify` drops them.
 */
export function attrPatch(data: Readonly<Record<string, unknown>>, mode: AttrMode, profile: ProfileMap): AttrPatch {
  const fields: Partial<Record<ProfileField, string>> = {};
  const customFields: Record<string, string> = {};
  if (mode !== 'merge') for (const field of profile.values()) fields[field] = '';
  if (mode !== 'clear') {
    for (const [key, value] of Object.entries(data)) {
      const text = JSON.stringify(value);
      if (text === undefined) continue;
      const field = profile.get(key);
      if (field) fields[field] = typeof value === 'string' ? value : text;
      else customFields[key] = text;
    }
  }
  return { ...fields, customFields, customMode: mode };
}

/** The attributes of a group or room: its non-empty profile attributes, then its custom fields. */
export function attributesOf(entity: { name?: string | null; introduction?: string | null; customFields?: Record<string, string> | null }, profile: ProfileMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of profile) {
    const value = entity[field];
    if (value) out[key] = value;
  }
  for (const [key, text] of Object.entries(entity.customFields ?? {})) out[key] = fromJson(text);
  return out;
}

/** One JSON text back to its value (text that is not JSON stays text). */
function fromJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
