import type { MlCore } from '../core.js';
import { MlError } from '../errors.js';

/** `im.userInfo(…)` — placeholder. */
export function userInfo(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.listFriends(…)` — placeholder. */
export function listFriends(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.addFriend(…)` — placeholder. */
export function addFriend(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.rmFriend(…)` — placeholder. */
export function rmFriend(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getFriendshipInfo(…)` — placeholder. */
export function getFriendshipInfo(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.searchUsers(…)` — placeholder. */
export function searchUsers(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.setUserAttributes(…)` — placeholder. */
export function setUserAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.coverSetUserAttributes(…)` — placeholder. */
export function coverSetUserAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getUserAttributes(…)` — placeholder. */
export function getUserAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getUserOneAttribute(…)` — placeholder. */
export function getUserOneAttribute(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.rmUserAttributes(…)` — placeholder. */
export function rmUserAttributes(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.addOrModifyPassenger(…)` — placeholder. */
export function addOrModifyPassenger(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getPassenger(…)` — placeholder. */
export function getPassenger(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}
