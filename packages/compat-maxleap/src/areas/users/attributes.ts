import type { MlCore } from '../../core.js';
import { MlCode, MlError } from '../../errors.js';
import { customFieldsOf, fromJson, fromJsonMap, idArg, objectArg, toJsonMap } from './args.js';

/** How an attribute write applies (the wire's `PatchMode`): merge, replace, clear. */
const MODE = { merge: 0, replace: 1, clear: 2 } as const;

async function writeAttributes(core: MlCore, user: unknown, data: Record<string, unknown>, mode: number): Promise<void> {
  const subject = idArg(user, 'user');
  await core.client.request('userUpdateProfile', { patch: { customFields: toJsonMap(data) }, setFields: [], customMode: mode }, { subject });
}

/**
 * `im.setUserAttributes(user, data, callback)`: merges `data` into the user's attributes (other
 * keys stay) → `{}`. Values are JSON scalars (strings, numbers, booleans).
 */
export function setUserAttributes(core: MlCore, ...args: unknown[]): void {
  const [user, data] = args;
  core.rest(args.at(-1), () => writeAttributes(core, user, objectArg(data, 'data'), MODE.merge));
}

/** `im.coverSetUserAttributes(user, data, callback)`: the user's attributes become exactly `data` → `{}`. */
export function coverSetUserAttributes(core: MlCore, ...args: unknown[]): void {
  const [user, data] = args;
  core.rest(args.at(-1), () => writeAttributes(core, user, objectArg(data, 'data'), MODE.replace));
}

/** `im.getUserAttributes(user, callback)`: all of the user's attributes, each with its JSON type. */
export function getUserAttributes(core: MlCore, ...args: unknown[]): void {
  const [user] = args;
  core.rest(args.at(-1), async () => fromJsonMap(await customFieldsOf(core, idArg(user, 'user'))));
}

/** `im.getUserOneAttribute(user, attr, callback)`: one attribute's value in its JSON type (`46`, not `"46"`); 5004 when it is not set. */
export function getUserOneAttribute(core: MlCore, ...args: unknown[]): void {
  const [user, attr] = args;
  core.rest(args.at(-1), async () => {
    const userId = idArg(user, 'user');
    const key = idArg(attr, 'data');
    const text = (await customFieldsOf(core, userId, [key]))[key];
    if (text === undefined) throw new MlError(MlCode.NOT_FOUND, `no attribute ${key}`);
    return fromJson(text);
  });
}

/** `im.rmUserAttributes(user, callback)`: deletes all of the user's attributes → `{}`. */
export function rmUserAttributes(core: MlCore, ...args: unknown[]): void {
  const [user] = args;
  core.rest(args.at(-1), () => writeAttributes(core, user, {}, MODE.clear));
}
