// The compact decoder: walks the schema table over a frame. It mirrors the checks of the
// protobufjs static decoder (generated with strict wire types) and WireReader, so a malformed
// frame gets the same ProtocolError code from both binary codecs.
import { ErrorCode } from '../codes.js';
import { ProtocolError } from '../errors.js';
import { MAX_NESTING_DEPTH } from '../limits.js';
import * as Kind from './kind.js';
import * as Label from './label.js';
import { aloneShape, DEFAULTS, type Field, type MessageType, type Shape, WIRE } from './schema.js';

type Obj = Record<string, unknown>;

const TWO_32 = 4294967296;

// The frame being decoded. Decoding is synchronous and never re-entered, so one module-level
// cursor serves every codec instance and saves passing a reader object around.
let buf: Uint8Array = new Uint8Array(0);
let pos = 0;
/** End of the innermost length-delimited region being read. */
let lim = 0;
// Halves of the last 64-bit varint read.
let lo = 0;
let hi = 0;

const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);
let utf8: InstanceType<typeof TextDecoder> | undefined;

const truncated = () => new ProtocolError(ErrorCode.TRUNCATED_FRAME, `index out of range at ${pos}`);
const malformed = (what: string) => new ProtocolError(ErrorCode.MALFORMED_FRAME, `${what} at ${pos}`);
const wrongWireType = (wire: number, num: number) => new ProtocolError(ErrorCode.WRONG_WIRE_TYPE, `wrong wire type ${wire} for field ${num}`);
const tooDeep = () => new ProtocolError(ErrorCode.NESTING_TOO_DEEP, 'max depth exceeded');

/**
 * Decodes a whole frame as a message of `type` (the envelope).
 * @throws {ProtocolError} on any malformed input (never another exception).
 */
export function decodeFrame(type: MessageType, bytes: Uint8Array): Obj {
  buf = bytes;
  pos = 0;
  lim = bytes.length;
  try {
    return message(type, bytes.length, 0, undefined);
  } finally {
    // Do not keep the caller's frame alive.
    buf = scratch;
  }
}

/** A varint's low 32 bits (protobufjs `uint32`: up to 10 bytes; the rest is dropped). */
function varint32(): number {
  if (pos >= lim) throw truncated();
  let b = buf[pos++]!;
  if (b < 128) return b;
  let value = b & 127;
  for (let shift = 7; ; shift += 7) {
    if (pos >= lim) throw truncated();
    b = buf[pos++]!;
    if (shift < 32) value |= (b & 127) << shift;
    if (b < 128) return value >>> 0;
    if (shift === 63) throw malformed('invalid varint encoding');
  }
}

/** A tag or a length: at most 5 bytes, with the 5th limited to what fits (`limit`). */
function header(limit: number, what: string): number {
  if (pos >= lim) throw truncated();
  let b = buf[pos++]!;
  if (b < 128) return b;
  let value = b & 127;
  for (let shift = 7; shift < 28; shift += 7) {
    if (pos >= lim) throw truncated();
    b = buf[pos++]!;
    value |= (b & 127) << shift;
    if (b < 128) return value;
  }
  if (pos >= lim) throw truncated();
  b = buf[pos++]!;
  if (b > limit) throw malformed(what);
  return (value | (b << 28)) >>> 0;
}

// protobufjs refuses a 5th tag byte with bits above the 32-bit tag, and a length of 2^31 or more.
const tag = () => header(15, 'invalid tag encoding');

/** A length prefix and the end of the region it announces, checked against the enclosing one. */
function region(): number {
  const end = header(7, 'invalid length encoding') + pos;
  if (end > lim) throw truncated();
  return end;
}

/** A varint of up to 10 bytes into (lo, hi), as WireReader reads 64-bit fields. */
function varint64(): void {
  lo = 0;
  hi = 0;
  let b = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= lim) throw truncated();
    b = buf[pos++]!;
    lo |= (b & 127) << shift;
    if (b < 128) {
      lo >>>= 0;
      return;
    }
  }
  if (pos >= lim) throw truncated();
  b = buf[pos++]!;
  lo = (lo | ((b & 127) << 28)) >>> 0;
  hi = (b & 127) >> 4;
  if (b < 128) return;
  for (let shift = 3; shift < 32; shift += 7) {
    if (pos >= lim) throw truncated();
    b = buf[pos++]!;
    hi |= (b & 127) << shift;
    if (b < 128) {
      hi >>>= 0;
      return;
    }
  }
  throw malformed('invalid varint encoding');
}

function bool(): boolean {
  // Any set bit in up to 10 bytes, as protobufjs reads it.
  let value = false;
  for (let i = 0; i < 10; i++) {
    if (pos >= lim) throw truncated();
    const b = buf[pos++]!;
    if (b & 127) value = true;
    if (b < 128) return value;
  }
  throw malformed('invalid varint encoding');
}

function fixed(size: number): void {
  if (pos + size > lim) throw truncated();
  for (let i = 0; i < size; i++) scratch[i] = buf[pos + i]!;
  pos += size;
}

function string(): string {
  const end = region();
  const b = buf;
  let text = '';
  let i = pos;
  // ASCII (ids, keys, most of any frame) eight bytes at a time without a call into
  // TextDecoder; from the first other byte on, the strict decoder checks the rest.
  if (end - i < 64) {
    for (; i + 7 < end; i += 8) {
      const c0 = b[i]!;
      const c1 = b[i + 1]!;
      const c2 = b[i + 2]!;
      const c3 = b[i + 3]!;
      const c4 = b[i + 4]!;
      const c5 = b[i + 5]!;
      const c6 = b[i + 6]!;
      const c7 = b[i + 7]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) & 0x80) break;
      text += String.fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7);
    }
    for (; i < end; i++) {
      const c = b[i]!;
      if (c & 0x80) break;
      text += String.fromCharCode(c);
    }
  }
  if (i < end) {
    utf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    try {
      text += utf8.decode(b.subarray(i, end));
    } catch (cause) {
      throw new ProtocolError(ErrorCode.INVALID_UTF8, `invalid UTF-8 at ${i}`, { cause });
    }
  }
  pos = end;
  return text;
}

/** One value of a scalar kind. */
function scalar(kind: number): unknown {
  switch (kind) {
    case Kind.STRING:
      return string();
    case Kind.BOOL:
      return bool();
    case Kind.UINT32:
      return varint32();
    case Kind.INT32:
      return varint32() | 0;
    case Kind.SINT32: {
      const v = varint32();
      return ((v >>> 1) ^ -(v & 1)) | 0;
    }
    case Kind.UINT64:
      varint64();
      return hi * TWO_32 + lo;
    case Kind.INT64:
      varint64();
      return (hi | 0) * TWO_32 + lo;
    case Kind.SINT64: {
      varint64();
      const value = (hi >>> 1) * TWO_32 + (((lo >>> 1) | (hi << 31)) >>> 0);
      return lo & 1 ? -value - 1 : value;
    }
    case Kind.DOUBLE:
      fixed(8);
      return scratchView.getFloat64(0, true);
    case Kind.FLOAT:
      fixed(4);
      return scratchView.getFloat32(0, true);
    case Kind.FIXED32:
      fixed(4);
      return scratchView.getUint32(0, true);
    case Kind.SFIXED32:
      fixed(4);
      return scratchView.getInt32(0, true);
    case Kind.FIXED64:
      fixed(8);
      return scratchView.getUint32(4, true) * TWO_32 + scratchView.getUint32(0, true);
    case Kind.SFIXED64:
      fixed(8);
      return scratchView.getInt32(4, true) * TWO_32 + scratchView.getUint32(0, true);
    default: {
      const end = region();
      const bytes = buf.slice(pos, end);
      pos = end;
      return bytes;
    }
  }
}

/** Skips an unknown field (protobufjs `skipType`: groups nest, each level counts as depth). */
function skip(wire: number, depth: number, num: number): void {
  if (depth > MAX_NESTING_DEPTH) throw tooDeep();
  if (num === 0) throw malformed('illegal tag: field number 0');
  switch (wire) {
    case 0:
      do if (pos >= lim) throw truncated();
      while (buf[pos++]! & 128);
      return;
    case 1:
      fixed(8);
      return;
    case 2:
      pos = region();
      return;
    case 3:
      for (;;) {
        const t = tag();
        const inner = t >>> 3;
        if (inner === 0) throw malformed('illegal tag: field number 0');
        if ((t & 7) === 4) {
          if (inner !== num) throw malformed('invalid end group tag');
          return;
        }
        skip(t & 7, depth + 1, inner);
      }
    case 5:
      fixed(4);
      return;
    default:
      throw new ProtocolError(ErrorCode.WRONG_WIRE_TYPE, `invalid wire type ${wire} at ${pos}`);
  }
}

// A fresh decoded object: a spread copy of a template. The copy has to stay fast (V8 turns an
// object built key by key into a dictionary past ~16 keys) and cheap: one spread site shared
// by 200 shapes goes megamorphic and costs 5x a site that sees few, so each shape takes one
// of several identical sites, in order of first use (hot shapes come first).
function blank(shape: Shape, type: MessageType): Obj {
  const t = shape.template;
  let o: Obj;
  if (shape.site < 0) shape.site = nextSite++ & 15;
  switch (shape.site) {
    case 0: o = { ...t }; break;
    case 1: o = { ...t }; break;
    case 2: o = { ...t }; break;
    case 3: o = { ...t }; break;
    case 4: o = { ...t }; break;
    case 5: o = { ...t }; break;
    case 6: o = { ...t }; break;
    case 7: o = { ...t }; break;
    case 8: o = { ...t }; break;
    case 9: o = { ...t }; break;
    case 10: o = { ...t }; break;
    case 11: o = { ...t }; break;
    case 12: o = { ...t }; break;
    case 13: o = { ...t }; break;
    case 14: o = { ...t }; break;
    default: o = { ...t };
  }
  for (const name of type.lists) o[name] = [];
  for (const name of type.maps) o[name] = {};
  return o;
}
let nextSite = 0;

/**
 * The shape for a message of a wide type (see MessageType.wide) that ends at `end`: its
 * fields are skimmed for the oneof member present. Adding a key to an object after the copy
 * is far slower in V8 than copying a template that has it, and a template with every member
 * is large (a request has 120 ops). Leaves the cursor where it was.
 */
function pick(type: MessageType, end: number): Shape {
  const start = pos;
  let found: Field | undefined;
  try {
    while (pos < end) {
      const t = tag();
      const f = type.byNumber[t >>> 3];
      if (f?.oneof !== undefined) {
        // Two members: the decoder unsets the first, so both need a key.
        if (found !== undefined && found !== f) break;
        found = f;
      }
      skip(t & 7, 0, t >>> 3);
    }
  } catch {
    // Malformed: decoding reports what is wrong.
    pos = start;
    return type.full;
  }
  const complete = pos >= end;
  pos = start;
  if (!complete) return type.full;
  return found === undefined ? type.base : aloneShape(type, found);
}

/** Decodes a message that ends at `end`; merges into `target` when the field repeats on the wire. */
function message(type: MessageType, end: number, depth: number, target: Obj | undefined): Obj {
  if (depth > MAX_NESTING_DEPTH) throw tooDeep();
  if (end > lim) throw truncated();
  const outer = lim;
  lim = end;
  const o = target ?? blank(type.wide ? pick(type, end) : type.full, type);
  const byNumber = type.byNumber;
  // A message field read twice is merged (protobuf semantics), and a oneof member read after
  // another one unsets it; until a message field / a member has been read, there is nothing to
  // merge into or unset, and the lookups can be skipped.
  let merge = target !== undefined;
  let member = target !== undefined;
  while (pos < end) {
    const t = tag();
    const num = t >>> 3;
    const wire = t & 7;
    const f = byNumber[num];
    if (f === undefined) {
      skip(wire, depth, num);
      continue;
    }
    const label = f.label;
    if (label === Label.MAP) {
      if (wire !== 2) throw wrongWireType(wire, num);
      entry(o[f.name] as Obj, f.key, f.kind, f.type, depth);
      continue;
    }
    if (wire !== f.wire) {
      // Repeated numbers arrive packed or one by one, whichever way they were written.
      if (wire === 2 && (label === Label.PACKED || label === Label.REPEATED)) {
        packed(o[f.name] as unknown[], f.kind);
        continue;
      }
      throw wrongWireType(wire, num);
    }
    if (label === Label.REPEATED || label === Label.PACKED) {
      (o[f.name] as unknown[]).push(f.kind === Kind.MESSAGE ? message(f.type, region(), depth + 1, undefined) : scalar(f.kind));
      continue;
    }
    let value: unknown;
    if (f.kind === Kind.MESSAGE) {
      const sub = region();
      value = message(f.type, sub, depth + 1, merge ? (o[f.name] as Obj | undefined) : undefined);
      merge = true;
    } else {
      value = f.kind === Kind.STRING ? string() : scalar(f.kind);
    }
    const oneof = f.oneof;
    if (oneof !== undefined) {
      if (member) {
        const previous = o[oneof] as string | undefined;
        if (previous !== undefined && previous !== f.name) o[previous] = undefined;
      }
      member = true;
      o[oneof] = f.name;
    }
    o[f.name] = value;
  }
  // Every read is bounded by `lim`, so this holds; checked as protobufjs checks it.
  if (pos !== end) throw truncated();
  lim = outer;
  return o;
}

function packed(list: unknown[], kind: number): void {
  const end = region();
  const outer = lim;
  lim = end;
  while (pos < end) list.push(scalar(kind));
  lim = outer;
}

function entry(map: Obj, keyKind: number, kind: number, type: MessageType, depth: number): void {
  const end = region();
  const outer = lim;
  lim = end;
  let key = DEFAULTS[keyKind];
  let value: unknown;
  while (pos < end) {
    const t = tag();
    const num = t >>> 3;
    const wire = t & 7;
    if (num === 1) {
      if (wire !== WIRE[keyKind]) throw wrongWireType(wire, num);
      key = scalar(keyKind);
    } else if (num === 2) {
      if (wire !== WIRE[kind]) throw wrongWireType(wire, num);
      value = kind === Kind.MESSAGE ? message(type, region(), depth + 1, value as Obj | undefined) : scalar(kind);
    } else {
      skip(wire, depth, num);
    }
  }
  lim = outer;
  if (value === undefined) value = kind === Kind.MESSAGE ? blank(type.full, type) : DEFAULTS[kind];
  const k = String(key);
  // An own "__proto__" key, as protobufjs makes it, instead of a prototype swap.
  if (k === '__proto__') Object.defineProperty(map, k, { value, enumerable: true, writable: true, configurable: true });
  else map[k] = value;
}
