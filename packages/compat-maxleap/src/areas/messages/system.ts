import type { Element } from '@parley/core';
import type { MlCore } from '../../core.js';
import { paramError } from '../../errors.js';
import { argsOf } from './args.js';
import { coreContentOf, type MlContent } from './content.js';

/** The wire's `SystemScope`. */
const SCOPE = { USER: 0, ALL: 1, GROUP: 2, ROOM: 3 } as const;

/** The `{content: {media, body}, ts}` of a system message. @throws {MlError} 5001 when `content` is missing. */
function dataArg(data: unknown): { content: MlContent; ts: number } {
  const d = data as { content?: { media?: unknown; body?: unknown }; ts?: unknown } | null;
  if (typeof d !== 'object' || d === null || typeof d.content !== 'object' || d.content === null) throw paramError('data.content');
  const media = Number(d.content.media ?? 0);
  if (!Number.isInteger(media) || media < 0) throw paramError('data.content.media');
  const ts = Number(d.ts ?? 0);
  return { content: { media, body: d.content.body }, ts: Number.isFinite(ts) && ts > 0 ? Math.floor(ts) : 0 };
}

/** Elements for clients of other vendors (text, or media by URL); content they cannot carry travels as JSON only. */
function elementsOf(content: MlContent): Element[] {
  try {
    return coreContentOf(content).elements;
  } catch {
    return [];
  }
}

function send(core: MlCore, scope: number, target: unknown, data: unknown, callback: unknown): void {
  core.rest(callback, async () => {
    if (scope !== SCOPE.ALL && (typeof target !== 'string' || target === '')) throw paramError('id');
    const { content, ts } = dataArg(data);
    await core.client.request('systemSend', {
      scope,
      targetId: scope === SCOPE.ALL ? '' : String(target),
      elements: elementsOf(content),
      contentJson: JSON.stringify(content),
      ts,
    });
  });
}

/** `sysToAll(data, callback)`: a system message to every user of the app (`sys {content, ts}`); `{}`. */
export function sysToAll(core: MlCore, ...args: unknown[]): void {
  const { values, callback } = argsOf(args, 1);
  send(core, SCOPE.ALL, '', values[0], callback);
}

/** `sysToUser(userid, data, callback)`: a system message to one user; `{}`. */
export function sysToUser(core: MlCore, ...args: unknown[]): void {
  const { values, callback } = argsOf(args, 2);
  send(core, SCOPE.USER, values[0], values[1], callback);
}

/** `sysToGroup(groupid, data, callback)`: a system message to every member of a group; `{}`. */
export function sysToGroup(core: MlCore, ...args: unknown[]): void {
  const { values, callback } = argsOf(args, 2);
  send(core, SCOPE.GROUP, values[0], values[1], callback);
}

/** `sysToRoom(roomid, data, callback)`: a system message to a room's members online now (not kept); `{}`. */
export function sysToRoom(core: MlCore, ...args: unknown[]): void {
  const { values, callback } = argsOf(args, 2);
  send(core, SCOPE.ROOM, values[0], values[1], callback);
}
