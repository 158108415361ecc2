/**
 * Value checks shared by the config, policy and tenant validation. Each names the offending
 * key (`where`, a path such as `apps[1].tim.sdkAppId`) in its message, so an operator can find
 * the mistake without reading code. They throw `TypeError` (wrong kind of value) or
 * `RangeError` (right kind, bad value); the config loader wraps them in its `ConfigError`.
 */

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** Describes a value for an error message without echoing it (it may be a secret). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}` : String(value);
  if (typeof value === 'boolean') return `${value}`;
  return `a ${typeof value}`;
}

/**
 * @returns `value` as a plain object.
 * @throws TypeError when it is not one.
 */
export function expectObject(value: unknown, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: expected an object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

/**
 * Refuses keys outside `allowed`, because a misspelt key (`sdkAppID`, `heartbeat`) silently
 * falling back to its default is worse than a refusal at start.
 *
 * @throws TypeError naming the first unknown key.
 */
export function rejectUnknownKeys(object: JsonObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${where}.${key}: unknown key (expected one of ${allowed.join(', ')})`);
    }
  }
}

/**
 * @param minLength - Fewest characters accepted. @default 1
 * @throws TypeError when `value` is not a string; RangeError when it is too short.
 */
export function expectString(value: unknown, where: string, minLength = 1): string {
  if (typeof value !== 'string') throw new TypeError(`${where}: expected a string, got ${describe(value)}`);
  if (value.length < minLength) {
    throw new RangeError(
      minLength === 1 ? `${where}: must not be empty` : `${where}: must be at least ${minLength} characters`,
    );
  }
  return value;
}

/** @throws TypeError when `value` is not a boolean. */
export function expectBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${where}: expected true or false, got ${describe(value)}`);
  return value;
}

/**
 * @throws TypeError when `value` is not an integer; RangeError outside `[min, max]`.
 */
export function expectInteger(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${where}: expected an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${where}: must be between ${min} and ${max}, got ${value}`);
  return value;
}

/**
 * @throws TypeError when `value` is not a finite number; RangeError outside `[min, max]`.
 */
export function expectNumber(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${where}: expected a number, got ${describe(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${where}: must be between ${min} and ${max}, got ${value}`);
  return value;
}

/**
 * @throws TypeError when `value` is not a string; RangeError when it is not one of `options`.
 */
export function expectEnum<T extends string>(value: unknown, where: string, options: readonly T[]): T {
  if (typeof value !== 'string') throw new TypeError(`${where}: expected a string, got ${describe(value)}`);
  if (!(options as readonly string[]).includes(value)) {
    throw new RangeError(`${where}: must be one of ${options.join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** Largest uint32, the range of TIM SDKAppIDs and Hummer appids. */
export const UINT32_MAX = 0xffff_ffff;
/** Largest delay `setTimeout` honours; longer durations would fire at once. */
export const TIMER_MAX_MS = 0x7fff_ffff;
