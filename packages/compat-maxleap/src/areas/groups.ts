import type { MlCore } from '../core.js';
import { MlError } from '../errors.js';

/** `im.listGroups(…)` — placeholder. */
export function listGroups(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.addGroup(…)` — placeholder. */
export function addGroup(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getGroup(…)` — placeholder. */
export function getGroup(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.updateGroup(…)` — placeholder. */
export function updateGroup(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.rmGroup(…)` — placeholder. */
export function rmGroup(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.addGroupMembers(…)` — placeholder. */
export function addGroupMembers(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.rmGroupMembers(…)` — placeholder. */
export function rmGroupMembers(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.searchGroups(…)` — placeholder. */
export function searchGroups(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.setGroupAttributes(…)` — placeholder. */
export function setGroupAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.coverSetGroupAttributes(…)` — placeholder. */
export function coverSetGroupAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getGroupAttributes(…)` — placeholder. */
export function getGroupAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getGroupOneAttribute(…)` — placeholder. */
export function getGroupOneAttribute(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.rmGroupAttributes(…)` — placeholder. */
export function rmGroupAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.listRooms(…)` — placeholder. */
export function listRooms(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.addRoom(…)` — placeholder. */
export function addRoom(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getRoom(…)` — placeholder. */
export function getRoom(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.updateRoom(…)` — placeholder. */
export function updateRoom(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.rmRoom(…)` — placeholder. */
export function rmRoom(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.addRoomMembers(…)` — placeholder. */
export function addRoomMembers(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.rmRoomMembers(…)` — placeholder. */
export function rmRoomMembers(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.searchRooms(…)` — placeholder. */
export function searchRooms(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.setRoomAttributes(…)` — placeholder. */
export function setRoomAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.coverSetRoomAttributes(…)` — placeholder. */
export function coverSetRoomAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getRoomAttributes(…)` — placeholder. */
export function getRoomAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getRoomOneAttribute(…)` — placeholder. */
export function getRoomOneAttribute(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.rmRoomAttributes(…)` — placeholder. */
export function rmRoomAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}
