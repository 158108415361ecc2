import { paramError } from '../../errors.js';

/*
 * The argument checks only the methods loaded on first use take (`params.ts` has those a chat
 * page needs to start), so they are not part of the page's first download.
 */

/** A required non-empty string param. @throws {OpenImError} 1001 otherwise. */
export function id(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw paramError(what);
  return value;
}

/**
 * A list param: an array, or its JSON text (open-im-sdk stringifies some lists before sending
 * them, and apps written against the wire do the same). @throws {OpenImError} 1001 otherwise.
 */
export function list(value: unknown, what: string): unknown[] {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw paramError(what);
    }
  }
  if (!Array.isArray(parsed)) throw paramError(what);
  return parsed;
}

/** A list of ids. @throws {OpenImError} 1001 when it is not a list of strings. */
export function ids(value: unknown, what: string): string[] {
  const items = list(value, what);
  if (items.some((v) => typeof v !== 'string')) throw paramError(what);
  return items as string[];
}
