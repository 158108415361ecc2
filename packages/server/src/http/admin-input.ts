import { invalidParam } from '../errors.js';
import { checkUserId } from '../model/users.js';

/**
 * Checks of admin request bodies. Every refusal is `INVALID_PARAM` naming the field, and a
 * body is checked whole before anything changes.
 */

/** The body as an object with only `allowed` keys: a misspelt `userID` must not be ignored. */
export function bodyObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidParam('body', 'must be a JSON object');
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalidParam(key, `unknown field (expected ${allowed.join(', ')})`);
  }
  return body as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, key: string, allowEmpty = false): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(key, 'must be a string');
  if (!allowEmpty && value === '') throw invalidParam(key, 'must not be empty');
  return value;
}

export function requiredString(body: Record<string, unknown>, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined) throw invalidParam(key, 'is required');
  return value;
}

/** A required user id field, checked like every user id (1–64 bytes, no control characters). */
export function requiredUserId(body: Record<string, unknown>, key = 'userId'): string {
  return checkUserId(requiredString(body, key), key);
}

export function optionalInteger(body: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidParam(key, 'must be an integer');
  if (value < min || value > max) throw invalidParam(key, `must be between ${min} and ${max}`);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidParam(key, 'must be true or false');
  return value;
}

/** An optional list of strings of at most `max` items. */
export function optionalStrings(body: Record<string, unknown>, key: string, max: number): string[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalidParam(key, 'must be an array of strings');
  if (value.length > max) throw invalidParam(key, `at most ${max} items`);
  return value as string[];
}

/** An optional nested JSON object (an op payload, a policy patch). */
export function optionalObject(body: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParam(key, 'must be a JSON object');
  return value as Record<string, unknown>;
}
