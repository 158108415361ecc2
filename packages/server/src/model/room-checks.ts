import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { ModelContext } from './context.js';
import { checkUserId, getUsers } from './users.js';

/**
 * Input validation of the room modules (CAPABILITIES.md §1.9): room ids, texts and string maps
 * against their limits (also used by the attribute stores and counters), user-id lists, history
 * policies and the editable profile fields of a room.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** A room or channel id: 1–64 bytes, no control characters (the group id rules). */
export function checkRoomId(value: unknown, field = 'roomId'): string {
  if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value) > 64) throw invalidParam(field, '1–64 bytes');
  if (!NO_CONTROL.test(value)) throw invalidParam(field, 'must not contain control characters');
  return value;
}

export function checkText(value: string | null | undefined, field: string, maxBytes: number): string {
  const text = value ?? '';
  if (Buffer.byteLength(text) > maxBytes) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: at most ${maxBytes} bytes`, { detail: field });
  return text;
}

/** Limits of a string map (attribute stores, member attributes, join props). */
export interface MapLimits {
  maxKeys: number;
  maxKeyBytes: number;
  maxValueBytes: number;
  maxTotalBytes: number;
}

/** The app's `attr.limits` (§5.1). */
export function attrLimits(ctx: ModelContext): MapLimits {
  const p = ctx.app.policy;
  return { maxKeys: p.attrMaxKeys, maxKeyBytes: p.attrMaxKeyBytes, maxValueBytes: p.attrMaxValueBytes, maxTotalBytes: p.attrMaxTotalBytes };
}

/** Checks one key of a string map. */
export function checkMapKey(key: string, field: string, limits: MapLimits): void {
  if (key.length === 0 || !NO_CONTROL.test(key)) throw invalidParam(field, 'keys are non-empty and free of control characters');
  if (Buffer.byteLength(key) > limits.maxKeyBytes) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: key "${key.slice(0, 40)}" is over ${limits.maxKeyBytes} bytes`, { detail: field });
}

/**
 * Checks a whole string map against `limits`: key count (`LIMIT_EXCEEDED`), key, value and total
 * sizes (`TOO_LARGE`).
 */
export function checkStringMap(map: Readonly<Record<string, string>>, field: string, limits: MapLimits): void {
  const keys = Object.keys(map);
  if (keys.length > limits.maxKeys) throw new ServerError(ErrorCode.LIMIT_EXCEEDED, `${field}: at most ${limits.maxKeys} keys`, { detail: field });
  let total = 0;
  for (const key of keys) {
    checkMapKey(key, field, limits);
    const bytes = Buffer.byteLength(map[key] ?? '');
    if (bytes > limits.maxValueBytes) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: the value of "${key}" is over ${limits.maxValueBytes} bytes`, { detail: field });
    total += Buffer.byteLength(key) + bytes;
  }
  if (total > limits.maxTotalBytes) throw new ServerError(ErrorCode.TOO_LARGE, `${field}: over ${limits.maxTotalBytes} bytes in all`, { detail: field });
}

/** Profile custom fields: values are JSON (M attributes, other H keys). */
const CUSTOM_LIMITS: MapLimits = { maxKeys: 64, maxKeyBytes: 64, maxValueBytes: 4096, maxTotalBytes: 65_536 };

export function checkCustomFields(map: Readonly<Record<string, string>>, field: string): void {
  checkStringMap(map, field, CUSTOM_LIMITS);
  for (const [key, value] of Object.entries(map)) {
    try {
      JSON.parse(value);
    } catch {
      throw invalidParam(field, `the value of "${key}" is not JSON`);
    }
  }
}

export function checkUserIds(ids: readonly string[] | null | undefined, field: string, max: number): string[] {
  const list = ids ?? [];
  if (list.length > max) throw invalidParam(field, `at most ${max}`);
  return [...new Set(list.map((id) => checkUserId(id, field)))];
}

export const HISTORY_POLICY = /^(none|(text|full):[1-9][0-9]{0,4})$/;

/** The profile fields a patch may name in `set_fields`, with their byte caps. */
export const TEXT_FIELDS = { name: 128, description: 1024, bulletin: 1024, appExtra: 4096, password: 64, avatar: 1024 } as const;
export type TextField = keyof typeof TEXT_FIELDS;

export function isTextField(name: string): name is TextField {
  return Object.hasOwn(TEXT_FIELDS, name);
}

export async function assertUsersExist(ctx: ModelContext, ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const known = await getUsers(ctx.store, ctx.app.id, ids);
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw new ServerError(ErrorCode.USER_NOT_FOUND, `no such user "${missing}"`, { detail: field });
}
