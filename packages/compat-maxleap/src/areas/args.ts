import { paramError } from '../errors.js';

/**
 * An id argument (user, friend, passenger, group, room): a non-empty string, or a number, which the vendor SDK
 * joined into its URL as text.
 * @throws {MlError} 5001 for anything else.
 */
export function idArg(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) throw paramError(what);
  return value;
}

/** A plain object argument (`data`): not null, not an array. @throws {MlError} 5001 */
export function objectArg(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw paramError(what);
  return value as Record<string, unknown>;
}

/**
 * A member list (`data.members`): an array of ids, duplicates dropped. `undefined` is allowed
 * where the list is optional and yields `undefined`.
 * @throws {MlError} 5001 for anything that is not an array of ids.
 */
export function membersArg(value: unknown, what: string, optional = false): string[] | undefined {
  if (value === undefined && optional) return undefined;
  if (!Array.isArray(value)) throw paramError(what);
  return [...new Set(value.map((id) => idArg(id, what)))];
}

/**
 * A page size or offset: a number or a numeric string (§6.2 item 14); `null`, `undefined` and
 * `''` mean "not given".
 * @throws {MlError} 5001 for a negative, fractional or non-numeric value.
 */
export function countArg(value: unknown, what: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0) throw paramError(what);
  return n;
}

/** A string argument that may be left out (`sort`, an attribute name). @throws {MlError} 5001 */
export function textArg(value: unknown, what: string): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw paramError(what);
  return value;
}
