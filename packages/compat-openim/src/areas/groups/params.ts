import { paramError } from '../../errors.js';

/**
 * Argument checks of the group methods: a missing or mistyped key is 1001, as the vendor's JS
 * SDK server answers it (openim.md §1.6).
 */

/** The params object. */
export function paramsOf(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw paramError('data');
  return data as Record<string, unknown>;
}

/** A required non-empty string (an ID). */
export function idParam(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw paramError(what);
  return value;
}

/** A required string that may be empty (messages, reasons). */
export function textParam(value: unknown, what: string): string {
  if (typeof value !== 'string') throw paramError(what);
  return value;
}

/** An optional string: undefined when absent. */
export function optionalText(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return textParam(value, what);
}

/** A required non-empty list of non-empty strings (user or group IDs). */
export function idListParam(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((id) => typeof id === 'string' && id !== '')) throw paramError(what);
  return value as string[];
}

/** A required non-negative integer. */
export function countParam(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw paramError(what);
  return value;
}

/** Splits `items` into chunks of `size` (the server caps list lengths per request). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
