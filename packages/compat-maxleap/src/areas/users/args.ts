import type { MlCore } from '../../core.js';

export { countArg, idArg, objectArg } from '../args.js';

/** An object's values as the JSON text the wire keeps; `undefined` values are dropped, as `JSON.stringify` drops them. */
export function toJsonMap(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const text = JSON.stringify(value);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/** JSON text from the wire back to values (text that is not JSON stays text). */
export function fromJsonMap(map: Readonly<Record<string, string>> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(map ?? {})) out[key] = fromJson(text);
  return out;
}

/** One JSON text back to its value (text that is not JSON stays text). */
export function fromJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The custom fields of one user, as stored (JSON text).
 * @throws {RequestError} `USER_NOT_FOUND` (5004) for an unknown user.
 */
export async function customFieldsOf(core: MlCore, userId: string, keys: readonly string[] = []): Promise<Record<string, string>> {
  const result = await core.client.request('userGetProfiles', { users: [{ userId }], customFields: [...keys] });
  return result?.profiles?.[0]?.customFields ?? {};
}
