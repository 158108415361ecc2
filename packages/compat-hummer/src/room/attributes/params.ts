import type { RoomHandle } from '@parley/core';
import { Code, HummerError, paramError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';

export { paramsOf } from '../members/params.js';

/** A `{[k: string]: string}` argument (1002 otherwise). */
export function stringMap(value: unknown, field: string): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw paramError(`${field} must be an object of strings`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.some(([, v]) => typeof v !== 'string')) throw paramError(`${field} values must be strings`);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** A `string[]` argument; absent is empty (1002 for anything else). */
export function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw paramError(`${field} must be an array of strings`);
  return [...new Set(value as string[])];
}

/** Extra-attribute keys: the vendor's FAQ allows visible `[a-zA-Z0-9_-]` only. */
const KEY = /^[A-Za-z0-9_-]+$/;

/** Refuses (1002) an extra-attribute key outside `[a-zA-Z0-9_-]`. */
export function checkKeys(keys: readonly string[], field: string): void {
  const bad = keys.find((key) => !KEY.test(key));
  if (bad !== undefined) throw paramError(`${field}: key "${bad.slice(0, 40)}" may use only [a-zA-Z0-9_-]`);
}

/** The handle of a room this ChatRoom object has joined; 2004 when it has not. */
export function joinedHandle(room: ChatRoom): RoomHandle {
  const handle = room.handle;
  if (!handle?.active) throw new HummerError(Code.ResourceNotFound, 'ResourceNotFound: join the room first');
  return handle;
}
