import { isParleyError } from '@parley/core/client';
import { paramsError, TimError } from '../../errors.js';

/**
 * tim-js-sdk's facade checks (tim.md §1.2): a required field that is missing or empty, or a
 * given field of the wrong type, throws `Error("Params validate failed.")` synchronously.
 */

/** The options object of a call; anything else fails as the vendor's checks do. */
export function optionsOf(options: unknown, field = 'options'): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw paramsError(field);
  return options as Record<string, unknown>;
}

/** A required, non-empty string field. */
export function requireString(o: Record<string, unknown>, field: string): string {
  const value = o[field];
  if (typeof value !== 'string' || value.length === 0) throw paramsError(field);
  return value;
}

/** A required, non-empty array of user ids. */
export function requireIds(o: Record<string, unknown>, field = 'userIDList'): string[] {
  const value = o[field];
  if (!Array.isArray(value) || value.length === 0) throw paramsError(field);
  return value.map(String);
}

/** An optional array of user ids (absent or empty: `[]`). */
export function optionalIds(o: Record<string, unknown>, field = 'userIDList'): string[] {
  const value = o[field];
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value)) throw paramsError(field);
  return value.map(String);
}

/** An optional string field (absent: `undefined`; given but not a string: the vendor's throw). */
export function optionalString(o: Record<string, unknown>, field: string): string | undefined {
  const value = o[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw paramsError(field);
  return value;
}

/** UTF-8 size of a string. */
export const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/**
 * Runs a core call and turns the canonical codes listed in `codes` into the TIM codes this
 * call reports for them; every other error goes on to the facade's general mapping.
 */
export async function mapped<T>(run: Promise<T>, codes: Partial<Record<number, number>>): Promise<T> {
  try {
    return await run;
  } catch (error) {
    const code = isParleyError(error) ? codes[error.code] : undefined;
    if (code !== undefined && isParleyError(error)) throw new TimError({ code, message: error.message });
    throw error;
  }
}

/** The first `max` items, as tim-js-sdk truncates long id lists (with a warning) instead of failing. */
export const capped = <T>(items: readonly T[], max: number): T[] => items.slice(0, max);

/** `items` in slices of `size`, for core ops with a smaller batch limit than the vendor's. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
