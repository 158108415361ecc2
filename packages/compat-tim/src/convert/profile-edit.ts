/**
 * Profile conversions that only the relations area's methods need (they load with them): TIM's
 * profile and friend fields as the core's values.
 */
import { ALLOW_TYPES, FORBID_TYPES, GENDERS, type TimCustomField } from './profile.js';

/** The core's gender number for a TIM gender string, or `undefined` for an unknown string. */
export const coreGender = (gender: unknown): number | undefined => indexOf(GENDERS, gender);
/** The core's allow-type number for a TIM `AllowType_Type_*`, or `undefined`. */
export const coreAllowType = (allowType: unknown): number | undefined => indexOf(ALLOW_TYPES, allowType);
/** The core's admin-forbid number for a TIM `AdminForbid_Type_*`, or `undefined`. */
export const coreForbidType = (forbid: unknown): number | undefined => indexOf(FORBID_TYPES, forbid);

function indexOf(values: readonly string[], value: unknown): number | undefined {
  const i = values.indexOf(value as string);
  return i < 0 ? undefined : i;
}

/**
 * A custom key as the core keeps it: `Tag_Profile_Custom_mood` → `mood`. A key that carries the
 * tag without the underscore (tim-js-sdk only asks that the tag appear) is kept whole, so the
 * mapping stays reversible.
 */
export function coreCustomKey(prefix: string, key: string): string {
  return key.startsWith(`${prefix}_`) ? key.slice(prefix.length + 1) : key;
}

/**
 * The core's custom-field map for TIM fields. Core values are JSON text (shared with other
 * vendors, whose values may be numbers), so TIM's strings are stored quoted.
 */
export function coreCustomFields(prefix: string, fields: readonly TimCustomField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of fields) out[coreCustomKey(prefix, key)] = JSON.stringify(value);
  return out;
}
