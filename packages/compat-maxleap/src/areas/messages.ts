import type { MlCore, Wiring } from '../core.js';
import { MlError } from '../errors.js';

/** `im.attachment(…)` — placeholder. */
export function attachment(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getRecentChat(…)` — placeholder. */
export function getRecentChat(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getGroupChat(…)` — placeholder. */
export function getGroupChat(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.getPassengerRecentChat(…)` — placeholder. */
export function getPassengerRecentChat(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.sysToAll(…)` — placeholder. */
export function sysToAll(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.sysToUser(…)` — placeholder. */
export function sysToUser(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.sysToGroup(…)` — placeholder. */
export function sysToGroup(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** `im.sysToRoom(…)` — placeholder. */
export function sysToRoom(core: MlCore, ...args: unknown[]): void {
  core.rest(args[args.length - 1], () => {
    throw new MlError(5002, 'not implemented');
  });
}

/** A message the builder made (`{to, content, ts}`), the body still local for media — placeholder: sends it (uploading first). */
export function sendMessage(_core: MlCore, _message: OutgoingMessage, _upload: boolean): void {}

/** What `toFriend`/`toGroup`/`toRoom` + `text`/`image`/`audio`/`video`/`mediaUrl` build (§4.3). */
export interface OutgoingMessage {
  to: { id: string; type: number };
  content: { media: number; body: unknown };
  ts?: number;
}

/** onMessage, yourself, sys, online and offline from the session's pushes — placeholder. */
export const messagesWiring: Wiring = () => () => {};
