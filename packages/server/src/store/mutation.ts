/**
 * Validates and normalizes a {@link KvMutation} before a backend touches its state, so an
 * invalid key or value anywhere in a commit rejects the whole commit up front (no backend has
 * to undo half-applied writes), and every backend resolves duplicates the same way.
 */

import { encodeKey } from './keys.js';
import type { Key, KvMutation } from './types.js';

/** A check with its key encoded. */
export interface PlannedCheck {
  readonly k: Uint8Array;
  readonly version: number | null;
}

/**
 * A write with its key encoded. `value` is the caller's array: a backend that keeps it must copy
 * it.
 */
export interface PlannedSet {
  readonly k: Uint8Array;
  readonly value: Uint8Array;
}

/** A validated mutation, ready to apply. */
export interface MutationPlan {
  readonly checks: readonly PlannedCheck[];
  /** One entry per distinct key; a key set twice keeps the last value. */
  readonly sets: readonly PlannedSet[];
  /** Distinct keys to delete, excluding every key that is also set (a set wins). */
  readonly deletes: readonly Uint8Array[];
}

// Map keys must be primitives; latin1 maps each byte to one char, so it is injective.
function identity(k: Uint8Array): string {
  return Buffer.from(k.buffer, k.byteOffset, k.byteLength).toString('latin1');
}

function encodeAll(keys: readonly Key[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const key of keys) {
    const k = encodeKey(key);
    out.set(identity(k), k);
  }
  return out;
}

/**
 * Validates a mutation and encodes its keys.
 *
 * @throws {TypeError} when a key is invalid (see `encodeKey`), a value is not a `Uint8Array`,
 *   or a check's version is neither `null` nor a non-negative safe integer.
 */
export function planMutation(mutation: KvMutation): MutationPlan {
  const checks: PlannedCheck[] = [];
  for (const check of mutation.checks ?? []) {
    const { version } = check;
    if (version !== null && !(Number.isSafeInteger(version) && version >= 0)) {
      throw new TypeError(`check version ${String(version)} is neither null nor a version`);
    }
    checks.push({ k: encodeKey(check.key), version });
  }
  const sets = new Map<string, PlannedSet>();
  for (const set of mutation.sets ?? []) {
    // Guards callers without types (JSON-decoded admin input, plain JS).
    if (!(set.value instanceof Uint8Array)) {
      throw new TypeError('a set value must be a Uint8Array');
    }
    const k = encodeKey(set.key);
    const id = identity(k);
    // delete first so the Map's order (the application order) follows the last write.
    sets.delete(id);
    sets.set(id, { k, value: set.value });
  }
  const deletes: Uint8Array[] = [];
  for (const [id, k] of encodeAll(mutation.deletes ?? [])) {
    if (!sets.has(id)) deletes.push(k);
  }
  return { checks, sets: [...sets.values()], deletes };
}
