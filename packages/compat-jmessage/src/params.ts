import { paramError } from './errors.js';

/**
 * Argument reading with the vendor's leniency (jmessage.md §6.14–15): keys are trimmed
 * (`'media_id '`), numbers and booleans may come as strings (`'0'`, `'true'`). Required values
 * that are missing or of the wrong kind throw `880002 invalid parameter`.
 */
export type Params = Record<string, unknown>;

/** The argument object with trimmed keys; `{}` for none. @throws {JmError} 880002 for a non-object. */
export function params(input: unknown): Params {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw paramError();
  const out: Params = {};
  for (const [key, value] of Object.entries(input)) out[key.trim()] = value;
  return out;
}

/** A non-empty string (numbers are accepted and stringified). */
export function str(p: Params, key: string): string {
  const value = optStr(p, key);
  if (value === undefined || value === '') throw paramError();
  return value;
}

/** A string when present ('' stays ''). @throws {JmError} 880002 for an object. */
export function optStr(p: Params, key: string): string | undefined {
  const value = p[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw paramError();
}

/** A number, from a number or a numeric string. */
export function num(p: Params, key: string): number {
  const value = optNum(p, key);
  if (value === undefined) throw paramError();
  return value;
}

export function optNum(p: Params, key: string): number | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw paramError();
  return n;
}

/** A boolean: `true`, `1`, `'true'`, `'1'` are true; absent is `fallback`. */
export function bool(p: Params, key: string, fallback = false): boolean {
  const value = p[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  throw paramError();
}

/** A plain object when present. */
export function optObject(p: Params, key: string): Record<string, unknown> | undefined {
  const value = p[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw paramError();
  return value as Record<string, unknown>;
}

/** A member reference (§4.7). */
export interface MemberRef {
  username: string;
  appkey?: string;
}

/** `[{username, appkey?}]`; plain strings are accepted as usernames. `required` refuses an empty list. */
export function members(p: Params, key: string, required = true): MemberRef[] | undefined {
  const value = p[key];
  if (value === undefined || value === null) {
    if (required) throw paramError();
    return undefined;
  }
  if (!Array.isArray(value)) throw paramError();
  return value.map((item): MemberRef => {
    if (typeof item === 'string' && item !== '') return { username: item };
    if (typeof item !== 'object' || item === null) throw paramError();
    const ref = params(item);
    const appkey = optStr(ref, 'appkey');
    return { username: str(ref, 'username'), ...(appkey ? { appkey } : {}) };
  });
}
