import { RoomKind, type RoomTarget } from '@parley/core';
import { paramError } from '../errors.js';

/** A call's parameter object (`{}` when none was given). @throws {HummerError} 1002 when it is not an object. */
export function paramsOf(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw paramError('the parameter must be an object');
  return input as Record<string, unknown>;
}

/**
 * An optional `{[k]: string}` map (`attributes`, `appExtras`, `kvExtra`): a copy, `{}` when absent.
 * @throws {HummerError} 1002 when it is not an object of strings.
 */
export function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw paramError(`${what} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw paramError(`${what}.${key} must be a string`);
    out[key] = v;
  }
  return out;
}

/** An optional region string; `fallback` when absent. @throws {HummerError} 1002 when it is not a string. */
export function regionOf(value: unknown, fallback: string): string {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value !== 'string') throw paramError('region must be a string');
  return value;
}

/**
 * A live room by the vendor's `{region, roomid}` (no join needed); `roomid` is a positive
 * integer (a numeric string is taken too). Without a region the id alone names the room.
 * @throws {HummerError} 1002 when `roomid` is missing or not a positive integer.
 */
export function roomByNumber(p: Record<string, unknown>): { ref: RoomTarget; roomid: number } {
  const roomid = typeof p.roomid === 'string' && p.roomid.trim() !== '' ? Number(p.roomid) : p.roomid;
  if (typeof roomid !== 'number' || !Number.isSafeInteger(roomid) || roomid <= 0) throw paramError('roomid must be a positive integer');
  return { ref: { roomId: '', numericId: roomid, region: regionOf(p.region, ''), kind: RoomKind.LIVE }, roomid };
}
