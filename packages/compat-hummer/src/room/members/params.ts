import { paramError } from '../../errors.js';

/** A call's parameter object (`{}` when the app passed none). @throws {HummerError} 1002 for anything but an object. */
export function paramsOf(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw paramError('params must be an object');
  return input as Record<string, unknown>;
}

/** A required uid (string; an integer number is taken as its decimal text). @throws {HummerError} 1002. */
export function uidParam(p: Record<string, unknown>, name: string): string {
  const value = p[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw paramError(`${name} must be a non-empty uid string`);
}

/** A required string that may be empty (message text). @throws {HummerError} 1002. */
export function textParam(p: Record<string, unknown>, name: string): string {
  const value = p[name];
  if (typeof value !== 'string') throw paramError(`${name} must be a string`);
  return value;
}

/** An optional `{[k: string]: string}` map (`kvExtra`); numbers and booleans become text. @throws {HummerError} 1002. */
export function stringMapParam(p: Record<string, unknown>, name: string): Record<string, string> {
  const value = p[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw paramError(`${name} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
    else throw paramError(`${name}.${key} must be a string`);
  }
  return out;
}
