/** Binary frame mutations: what a broken or hostile protobuf client can put on the wire. */
import type { Rng } from './prng.js';
import { fieldNumber } from './schema.js';
import { concat, type FieldSpan, ld, parseFields, payloadPath, rewrap, splice, tag, varint } from './wire.js';

export function flipBits(rng: Rng, frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  const flips = 1 + rng.int(4);
  for (let i = 0; i < flips && out.length > 0; i++) {
    const at = rng.int(out.length);
    out[at] = (out[at] as number) ^ (1 << rng.int(8));
  }
  return out;
}

export function truncate(rng: Rng, frame: Uint8Array): Uint8Array {
  return frame.subarray(0, rng.int(Math.max(1, frame.length)));
}

/** Spans inside the op payload with the path of enclosing spans, outermost first. */
function payloadFields(frame: Uint8Array): { path: FieldSpan[]; span: FieldSpan }[] {
  const root = payloadPath(frame);
  if (!root) return [];
  const out: { path: FieldSpan[]; span: FieldSpan }[] = [];
  const walk = (path: FieldSpan[], depth: number): void => {
    const parent = path.at(-1) as FieldSpan;
    for (const span of parseFields(frame, parent.valueStart, parent.end) ?? []) {
      out.push({ path, span });
      if (span.wireType === 2 && depth < 6 && out.length < 100) walk([...path, span], depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

/** The bytes of one field written again with another wire type (and a matching value). */
function retyped(rng: Rng, span: FieldSpan): number[] {
  switch (rng.int(5)) {
    case 0:
      return [...tag(span.field, 0), ...varint(rng.pick([1, 300, 2 ** 32, 2 ** 53 - 1]))];
    case 1:
      return [...tag(span.field, 2), 3, 0x61, 0x62, 0x63];
    case 2:
      return [...tag(span.field, 1), 1, 2, 3, 4, 5, 6, 7, 8];
    case 3:
      return [...tag(span.field, 5), 1, 2, 3, 4];
    default:
      // Groups (3, 4) are long gone from proto3; 6 and 7 were never wire types.
      return [...tag(span.field, rng.pick([3, 4, 6, 7]))];
  }
}

/**
 * A field of the payload written with the wrong wire type (a string where a number belongs, a
 * number where a message belongs), every enclosing length fixed so this is the only fault.
 */
export function swapWireType(rng: Rng, frame: Uint8Array): Uint8Array {
  const fields = payloadFields(frame).filter(({ span }) => span.wireType === 0 || span.wireType === 2);
  if (fields.length === 0) return flipBits(rng, frame);
  const { path, span } = rng.pick(fields);
  const parent = path.at(-1) as FieldSpan;
  const inner = frame.subarray(parent.valueStart, parent.end);
  const replaced = splice(inner, span.start - parent.valueStart, span.end - parent.valueStart, retyped(rng, span));
  return rewrap(frame, path, replaced);
}

/** A length prefix that claims gigabytes (or just more than is there). */
export function hugeLength(rng: Rng, frame: Uint8Array): Uint8Array {
  const candidates: FieldSpan[] = [];
  const walk = (from: number, to: number, depth: number): void => {
    for (const span of parseFields(frame, from, to) ?? []) {
      if (span.wireType !== 2) continue;
      candidates.push(span);
      if (depth < 6) walk(span.valueStart, span.end, depth + 1);
    }
  };
  walk(0, frame.length, 0);
  if (candidates.length === 0) return concat([frame, Uint8Array.from([...tag(2, 2), ...varint(2 ** 32 - 1)])]);
  const span = rng.pick(candidates);
  const claim = rng.pick([2 ** 31, 2 ** 32 - 1, 2 ** 35, 2 ** 53 - 1, span.end - span.valueStart + 1 + rng.int(100)]);
  return splice(frame, span.lengthAt, span.valueStart, varint(claim));
}

/**
 * Message nesting far past the decoder's recursion limit: Message.elements → Element.quote →
 * QuoteElem.quoted → Message … inside a msgSend. Built outside-in in one pass: concatenating
 * level by level would copy the frame once per level.
 */
export function deepMessage(levels: number, id: number): Uint8Array {
  const chain = [fieldNumber('Message', 'elements'), fieldNumber('Element', 'quote'), fieldNumber('QuoteElem', 'quoted')];
  // Body size of each wrapper, innermost first: the innermost Message is empty.
  const headers: number[][] = [];
  let size = 0;
  for (let i = 0; i < levels * chain.length; i++) {
    const field = chain[chain.length - 1 - (i % chain.length)] as number;
    const header = [...tag(field, 2), ...varint(size)];
    headers.push(header);
    size += header.length;
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (let i = headers.length - 1; i >= 0; i--) {
    body.set(headers[i] as number[], at);
    at += (headers[i] as number[]).length;
  }
  return envelopeAround(id, ld(fieldNumber('Request', 'msgSend'), body));
}

/** Unknown-field groups nested `levels` deep: a skipper that recurses per group overflows. */
export function deepGroups(levels: number, id: number): Uint8Array {
  const open = tag(99, 3);
  const close = tag(99, 4);
  const out = new Uint8Array(levels * (open.length + close.length));
  for (let i = 0; i < levels; i++) out.set(open, i * open.length);
  for (let i = 0; i < levels; i++) out.set(close, levels * open.length + i * close.length);
  return concat([Uint8Array.from([...tag(1, 0), ...varint(id)]), out, ld(2, ld(fieldNumber('Request', 'connPing'), []))]);
}

/** `{ id, request: <requestBody> }` from the raw bytes of a Request. */
export function envelopeAround(id: number, requestBody: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...tag(1, 0), ...varint(id)]), ld(2, requestBody)]);
}

/** A request for an op number no schema has, or an envelope kind no schema has. */
export function unknownVariant(rng: Rng, id: number): Uint8Array {
  switch (rng.int(4)) {
    case 0:
      return envelopeAround(id, ld(rng.pick([4, 9, 250, 1000, 536870911]), []));
    case 1:
      return concat([Uint8Array.from([...tag(1, 0), ...varint(id)]), ld(rng.pick([7, 8, 15, 2000]), [])]);
    case 2:
      // A request with only its idempotency key: no op at all.
      return envelopeAround(id, ld(1, [0x6b]));
    default:
      return Uint8Array.from([...tag(1, 0), ...varint(id)]);
  }
}

/** Replaces the bytes of `marker` (ASCII) in `frame` by as many bytes of invalid UTF-8. */
export function poisonUtf8(rng: Rng, frame: Uint8Array, marker: string): Uint8Array {
  const needle = Buffer.from(marker);
  const at = Buffer.from(frame).indexOf(needle);
  if (at < 0) return frame;
  const bad = rng.pick([
    [0xc0, 0xaf], // overlong '/'
    [0xed, 0xa0, 0x80], // an encoded surrogate
    [0xff],
    [0x80],
    [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    [0xe2, 0x82], // cut short
  ]);
  const out = frame.slice();
  for (let i = 0; i < needle.length; i++) out[at + i] = bad[i % bad.length] as number;
  return out;
}
