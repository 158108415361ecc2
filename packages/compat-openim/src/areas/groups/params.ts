import { CORE_ROLE, EX_KEY, RoleLevel } from '../../convert/group.js';
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

/** The core role of a `roleLevel` (`createGroup` members: 0 and 1 member, 3 admin), or undefined. */
export function coreRoleOf(roleLevel: unknown): number | undefined {
  if (roleLevel === 0 || roleLevel === RoleLevel.MEMBER) return CORE_ROLE.MEMBER;
  if (roleLevel === RoleLevel.ADMIN) return CORE_ROLE.ADMIN;
  return undefined;
}

/** The core role a `getGroupMemberList` filter asks for (1 members, 2 owner, 3 admins); undefined for all. */
export function filterRole(filter: number): number | undefined {
  return filter === 1 ? CORE_ROLE.MEMBER : filter === 2 ? CORE_ROLE.OWNER : filter === 3 ? CORE_ROLE.ADMIN : undefined;
}

/** The custom fields that store a group `ex`. */
export function exFields(ex: string): Record<string, string> {
  return { [EX_KEY]: JSON.stringify(ex) };
}
