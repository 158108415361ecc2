// Shared by the compact*.test.ts files: both binary codecs, and a canonical view of a decoded
// envelope that reads every schema field the way a client does (by property access, so
// protobufjs' prototype defaults and oneof getters count), to compare the two codecs' output.
import { CompactCodec } from '../src/compact/index.js';
import { isProtocolError } from '../src/errors.js';
import { ProtobufCodec } from '../src/index.js';
import { messageTypes, oneofsOf, typeDesc } from './schema.js';

export const pb = new ProtobufCodec();
export const compact = new CompactCodec();

const messages = new Set(messageTypes);
const isMessage = (type: string) => messages.has(type.slice(type.lastIndexOf('.') + 1));

/**
 * Every field of `type` as read from `value`: scalars at their value or default, lists and
 * maps as plain copies, absent messages as `undefined`, and each oneof's discriminator under
 * `$<oneof>`.
 */
export function view(type: string, value: unknown): Record<string, unknown> {
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(typeDesc(type).fields)) {
    const v = o[name];
    const one = (x: unknown) => (isMessage(f.type) ? view(f.type, x) : x);
    if (f.keyType) out[name] = Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, one(x)]));
    else if (f.rule === 'repeated') out[name] = (v as unknown[]).map(one);
    else out[name] = v == null ? undefined : one(v);
  }
  for (const [oneof] of oneofsOf(type)) out[`$${oneof}`] = o[oneof];
  return out;
}

export type Outcome = { view: Record<string, unknown> } | { code: number; requestId: number };

/** What decoding `frame` yields: the envelope's view, or the ProtocolError's code and id. */
export function outcome(codec: ProtobufCodec | CompactCodec, frame: Uint8Array): Outcome {
  try {
    return { view: view('Envelope', codec.decode(frame)) };
  } catch (error) {
    if (!isProtocolError(error)) throw new Error(`decode threw a non-ProtocolError: ${String(error)}`, { cause: error });
    return { code: error.code, requestId: error.requestId };
  }
}

export const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};

/** A length-delimited field. */
export const ld = (field: number, body: number[]) => [...varint((field << 3) | 2), ...varint(body.length), ...body];
