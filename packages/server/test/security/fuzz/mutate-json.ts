/** JSON frame mutations: what a broken or hostile client on `parley.v1.json` can send. */
import type { Rng } from './prng.js';

const JSON_NOISE = '{}[]",:0123456789-.eE \\tnulrfasTFx';

export function flipChars(rng: Rng, text: string): string {
  const chars = [...text];
  const flips = 1 + rng.int(3);
  for (let i = 0; i < flips && chars.length > 0; i++) chars[rng.int(chars.length)] = JSON_NOISE.charAt(rng.int(JSON_NOISE.length));
  return chars.join('');
}

export function truncateText(rng: Rng, text: string): string {
  return text.slice(0, rng.int(Math.max(1, text.length)));
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every [container, key] pair in a JSON value, parents before children. */
function slots(root: Json): [Json[] | { [key: string]: Json }, string | number][] {
  const out: [Json[] | { [key: string]: Json }, string | number][] = [];
  const walk = (value: Json, depth: number): void => {
    if (depth > 12 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push([value, i]);
        walk(item, depth + 1);
      });
    } else {
      for (const [key, item] of Object.entries(value)) {
        out.push([value, key]);
        walk(item, depth + 1);
      }
    }
  };
  walk(root, 0);
  return out;
}

/** A value of another JSON type than `value`: a string where a number goes, an array where an object goes. */
function wrongTyped(rng: Rng, value: Json): Json {
  if (typeof value === 'number') return rng.pick<Json>([String(value), [value], { n: value }, true, null]);
  if (typeof value === 'string') return rng.pick<Json>([7, -1, 1.5, {}, [value], false, null]);
  if (typeof value === 'boolean') return rng.pick<Json>(['true', 1, [], null]);
  if (Array.isArray(value)) return rng.pick<Json>([{ 0: value[0] ?? null }, 'list', 3, null]);
  if (value && typeof value === 'object') return rng.pick<Json>([[value], 'object', 42, true, null]);
  return rng.pick<Json>([{}, [], 'null', 0]);
}

/** One value somewhere in the frame replaced by a value of the wrong type. */
export function swapType(rng: Rng, text: string): string {
  const root = JSON.parse(text) as Json;
  const all = slots(root);
  if (all.length === 0) return text;
  const [container, key] = rng.pick(all);
  const c = container as Record<string | number, Json>;
  c[key] = wrongTyped(rng, c[key] as Json);
  return JSON.stringify(root);
}

/** Numbers past every limit: above 2^32 and 2^53, negative, fractional, written as strings, 1e400. */
export function hugeNumbers(rng: Rng, text: string): string {
  const root = JSON.parse(text) as Json;
  const numeric = slots(root).filter(([c, k]) => typeof (c as Record<string | number, Json>)[k] === 'number');
  const huge = rng.pick<Json>([2 ** 32, 2 ** 53, 2 ** 64, -(2 ** 63), 1.5, -1, '18446744073709551615', '1e400', 'NaN']);
  if (numeric.length > 0) {
    const [container, key] = rng.pick(numeric);
    (container as Record<string | number, Json>)[key] = huge;
    return JSON.stringify(root);
  }
  // No number to inflate: put a raw 1e400 (JSON.parse makes it Infinity) into the id.
  return text.replace(/^\{/, '{"id":1e400,');
}

/**
 * JSON nested `levels` deep. `place` says where: under an unknown key (the parser alone sees
 * it), or down a chain of real recursive fields (msgSend → quote → quoted → …), which the
 * schema check has to walk.
 */
export function deepJson(levels: number, id: number, place: 'unknown-array' | 'unknown-object' | 'schema'): string {
  if (place === 'unknown-array') return `{"id":${id},"request":{"connPing":{}},"junk":${'['.repeat(levels)}${']'.repeat(levels)}}`;
  if (place === 'unknown-object') return `{"id":${id},"request":{"connPing":{}},"junk":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
  const open = '{"elements":[{"quote":{"quoted":';
  const close = '}}]}';
  return `{"id":${id},"request":{"msgSend":${open.repeat(levels)}{}${close.repeat(levels)}}}`;
}

/** Every string value in the frame gets a lone surrogate (valid JSON text, not valid UTF-16 text). */
export function loneSurrogates(rng: Rng, text: string): string {
  const root = JSON.parse(text) as Json;
  const strings = slots(root).filter(([c, k]) => typeof (c as Record<string | number, Json>)[k] === 'string');
  if (strings.length === 0) return text;
  const [container, key] = rng.pick(strings);
  const c = container as Record<string | number, Json>;
  c[key] = `${c[key] as string}${rng.pick(['\ud800', '\udfff', '\ud83d'])}`;
  return JSON.stringify(root);
}

/** The UTF-8 bytes of `text` with invalid sequences written over a few of them. */
export function invalidUtf8Bytes(rng: Rng, text: string): Uint8Array {
  const bytes = Uint8Array.from(Buffer.from(text, 'utf8'));
  // Inside a string value where there is one, so the JSON would parse but for the bytes.
  const quote = text.indexOf('":"');
  const at = quote >= 0 ? quote + 3 : rng.int(Math.max(1, bytes.length));
  const bad = rng.pick([[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
  for (let i = 0; i < bad.length && at + i < bytes.length; i++) bytes[at + i] = bad[i] as number;
  return bytes;
}
