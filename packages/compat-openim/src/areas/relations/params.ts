import { type ItemResult, ParleyError } from '@parley/core';
import { paramError } from '../../errors.js';

/**
 * Argument checks of the relations methods. A missing or mistyped key is 1001, as the vendor's
 * JS SDK server answers it (openim.md §5).
 */

/** The params object of a method. @throws {OpenImError} 1001 for anything else. */
export function objectParam(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw paramError('params');
  return data as Record<string, unknown>;
}

/** A required non-empty string key. @throws {OpenImError} 1001 */
export function requireString(o: Record<string, unknown>, key: string): string {
  const value = o[key];
  if (typeof value !== 'string' || value === '') throw paramError(key);
  return value;
}

/** An optional string key (absent → ''). @throws {OpenImError} 1001 when present but not a string. */
export function optionalString(o: Record<string, unknown>, key: string): string {
  const value = o[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw paramError(key);
  return value;
}

/** A user id given as the whole data argument (`deleteFriend`, `addBlack`…). @throws {OpenImError} 1001 */
export function userIdParam(data: unknown): string {
  if (typeof data !== 'string' || data === '') throw paramError('userID');
  return data;
}

/** A `userIDList` argument, deduplicated in order. @throws {OpenImError} 1001 unless an array of strings. */
export function userIdsParam(data: unknown): string[] {
  if (!Array.isArray(data) || data.some((id) => typeof id !== 'string')) throw paramError('userIDList');
  return [...new Set(data as string[])];
}

/** The one item result of a single-user batch op; its refusal becomes the call's error. @throws {ParleyError} */
export function single(results: readonly ItemResult[]): void {
  const failed = results.find((r) => r.code !== 0);
  if (failed) throw new ParleyError(failed.code, failed.message);
}
