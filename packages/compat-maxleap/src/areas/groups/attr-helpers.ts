import type { MlCore } from '../../core.js';
import { MlCode, MlError, paramError } from '../../errors.js';
import { countArg, idArg, objectArg, textArg } from '../args.js';
import type { AttrMode } from './attributes.js';

/** How one kind of entity (group or room) reads and writes its attributes. */
export interface AttrTarget {
  /** `group` or `room`, for messages. */
  what: string;
  read(core: MlCore, id: string): Promise<Record<string, unknown>>;
  write(core: MlCore, id: string, data: Readonly<Record<string, unknown>>, mode: AttrMode): Promise<void>;
}

/** `set…Attributes(id, data, cb)` (merge) and `coverSet…Attributes(id, data, cb)` (replace) → `{}`. */
export function writeAttributes(core: MlCore, target: AttrTarget, mode: Exclude<AttrMode, 'clear'>, args: readonly unknown[]): void {
  const [id, data, callback] = args;
  core.rest(callback, async () => {
    await target.write(core, idArg(id, target.what), objectArg(data, 'data'), mode);
  });
}

/** `rm…Attributes(id, cb)` → `{}`: every attribute goes, the name included. */
export function clearAttributes(core: MlCore, target: AttrTarget, args: readonly unknown[]): void {
  const [id, callback] = args;
  core.rest(callback, async () => {
    await target.write(core, idArg(id, target.what), {}, 'clear');
  });
}

/** `get…Attributes(id, cb)` → the attributes object. */
export function readAttributes(core: MlCore, target: AttrTarget, args: readonly unknown[]): void {
  const [id, callback] = args;
  core.rest(callback, () => target.read(core, idArg(id, target.what)));
}

/** `get…OneAttribute(id, attr, cb)` → the stored value (a string, or a number etc. as it was set); a missing attribute is 5004. */
export function readOneAttribute(core: MlCore, target: AttrTarget, args: readonly unknown[]): void {
  const [id, attr, callback] = args;
  core.rest(callback, async () => {
    const key = textArg(attr, 'attr');
    if (key === undefined) throw paramError('attr');
    const attributes = await target.read(core, idArg(id, target.what));
    if (!Object.hasOwn(attributes, key)) throw new MlError(MlCode.NOT_FOUND, `no such attribute: ${key}`);
    return attributes[key];
  });
}

/** The query of a search `(size, skip, sort, data)` (§4.7): filter values as JSON text. */
export function searchQuery(size: unknown, skip: unknown, sort: unknown, data: unknown): { skip: number; limit: number; sort: string; filter: Record<string, string> } {
  const filter: Record<string, string> = {};
  const given = data === null || data === undefined ? {} : objectArg(data, 'data');
  for (const [key, value] of Object.entries(given)) {
    const text = JSON.stringify(value);
    if (text !== undefined) filter[key] = text;
  }
  return { skip: countArg(skip, 'skip') ?? 0, limit: countArg(size, 'size') ?? 0, sort: textArg(sort, 'sort') ?? '', filter };
}
