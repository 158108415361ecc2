import type { Item } from '../../convert/message-elem.js';
import type { OpenImCore } from '../../core.js';
import { paramError } from '../../errors.js';

/** The params object of a method. @throws {OpenImError} 1001 for anything else. */
export function record(data: unknown, what = 'params'): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw paramError(what);
  return data as Record<string, unknown>;
}

/** A required string param (may be empty). @throws {OpenImError} 1001 when missing or mistyped. */
export function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw paramError(what);
  return value;
}

/** A number param; `fallback` when absent. @throws {OpenImError} 1001 when mistyped. */
export function number(value: unknown, what: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw paramError(what);
  return value;
}

/** An object param that open-im-sdk may have stringified. @throws {OpenImError} 1001 otherwise. */
export function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return record(JSON.parse(value), what);
    } catch {
      throw paramError(what);
    }
  }
  return record(value, what);
}

/** A MessageItem argument in the SDK generation's form. @throws {OpenImError} 1001 when it is not one. */
export function messageArg(core: OpenImCore, value: unknown, what = 'message'): Item {
  const item = core.dialect.messageIn(value) ?? (core.dialect.generation === 2 && value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Item) : undefined);
  if (!item || typeof item.clientMsgID !== 'string') throw paramError(what);
  return item;
}
