// The compact encoder: walks the schema table over a plain object. It writes the bytes the
// protobufjs static encoder writes for the same object (fields by number, proto3 defaults
// left out, numeric lists packed), so frames from either binary codec are identical.
import { MAX_NESTING_DEPTH } from '../limits.js';
import { frameTooLarge } from '../validate.js';
import * as Kind from './kind.js';
import * as Label from './label.js';
import { type Field, type MessageType, WIRE } from './schema.js';

type Obj = Record<string, unknown>;

const TWO_32 = 4294967296;

// Frames are written straight into a shared slab and handed out as views of it, one region
// per frame (as Node's Buffer pool does): no copy and no separate allocation per frame, which
// for a small frame costs more than encoding it. A frame that outgrows the slab moves to a
// fresh, larger one. Encoding is synchronous, so every codec can share the slab.
const SLAB_BYTES = 8192;
let buf = new Uint8Array(SLAB_BYTES);
let pos = 0;
/** Where the frame being written starts in `buf`. */
let base = 0;
let limit = 0;
let requestId = 0;
// Halves of the 64-bit value being written.
let lo = 0;
let hi = 0;

const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

/**
 * Encodes `value` as a whole frame of `type`. The bytes are the caller's: no later frame
 * writes to them (they may be a view of a larger buffer).
 * @throws {ProtocolError} `FRAME_TOO_LARGE` as soon as the frame outgrows `maxBytes`.
 * @throws {Error} for a value the schema cannot hold (the caller reports `ENCODE_FAILED`).
 */
export function encodeFrame(type: MessageType, value: unknown, maxBytes: number, id: number): Uint8Array {
  // A fresh slab when this one is nearly full, or was grown for a large frame (and so should
  // not be kept alive by the small frames that follow).
  if (buf.length - pos < 512 || buf.length !== SLAB_BYTES) {
    buf = new Uint8Array(SLAB_BYTES);
    pos = 0;
  }
  base = pos;
  limit = maxBytes;
  requestId = id;
  try {
    message(type, value as Obj, 0);
  } catch (error) {
    // Nothing of a failed frame is handed out: its region is free for the next one.
    pos = base;
    throw error;
  }
  const size = pos - base;
  if (size > limit) {
    pos = base;
    throw frameTooLarge(size, limit, requestId);
  }
  return new Uint8Array(buf.buffer, base, size);
}

function ensure(n: number): void {
  if (pos + n > buf.length) grow(n);
}

// Moves the frame to the start of a larger buffer: positions held while writing are relative
// to `base` for this reason.
function grow(n: number): void {
  const size = pos - base;
  // What is written is never unwritten: past the limit, stop instead of growing further.
  if (size > limit) throw frameTooLarge(`more than ${limit}`, limit, requestId);
  const next = new Uint8Array(Math.max(SLAB_BYTES, 2 * (size + n)));
  next.set(buf.subarray(base, pos));
  buf = next;
  pos = size;
  base = 0;
}

function uint32(value: number): void {
  ensure(5);
  let v = value >>> 0;
  while (v > 127) {
    buf[pos++] = (v & 127) | 128;
    v >>>= 7;
  }
  buf[pos++] = v;
}

/** (lo, hi) from a number as protobufjs' LongBits does (two's complement for negatives). */
function long(value: unknown): void {
  if (typeof value === 'object' && value !== null) {
    // A Long-like { low, high } object.
    lo = (value as { low: number }).low >>> 0;
    hi = (value as { high: number }).high >>> 0;
    return;
  }
  let n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : Number(value);
  const negative = n < 0;
  if (negative) n = -n;
  lo = n >>> 0;
  hi = ((n - lo) / TWO_32) >>> 0;
  if (negative) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
    if (++lo > 0xffffffff) {
      lo = 0;
      if (++hi > 0xffffffff) hi = 0;
    }
  }
}

function varint64(): void {
  ensure(10);
  while (hi) {
    buf[pos++] = (lo & 127) | 128;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  while (lo > 127) {
    buf[pos++] = (lo & 127) | 128;
    lo >>>= 7;
  }
  buf[pos++] = lo;
}

function fixed(size: number): void {
  ensure(size);
  for (let i = 0; i < size; i++) buf[pos++] = scratch[i]!;
}

/** Writes a string's UTF-8 as protobufjs does (a lone surrogate becomes its 3-byte form). */
function utf8(text: string): void {
  // Locals, not the module's cursor: this loop runs once per character of every string.
  const b = buf;
  let p = pos;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      b[p++] = c;
    } else if (c < 2048) {
      b[p++] = (c >> 6) | 192;
      b[p++] = (c & 63) | 128;
    } else {
      const d = text.charCodeAt(i + 1);
      if ((c & 0xfc00) === 0xd800 && (d & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c & 0x3ff) << 10) + (d & 0x3ff);
        i++;
        b[p++] = (c >> 18) | 240;
        b[p++] = ((c >> 12) & 63) | 128;
      } else {
        b[p++] = (c >> 12) | 224;
      }
      b[p++] = ((c >> 6) & 63) | 128;
      b[p++] = (c & 63) | 128;
    }
  }
  pos = p;
}

function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) length += 1;
    else if (c < 2048) length += 2;
    else if ((c & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++;
      length += 4;
    } else length += 3;
  }
  return length;
}

function string(value: unknown): void {
  if (typeof value !== 'string') throw new TypeError(`expected a string, got ${typeof value}`);
  if (value.length < 128) {
    // Short: reserve one length byte and widen it afterwards in the rare case it is needed.
    ensure(1 + 3 * value.length);
    const start = pos++ - base;
    utf8(value);
    close(start);
    return;
  }
  const length = utf8Length(value);
  uint32(length);
  if (pos + length - base > limit) throw frameTooLarge(`more than ${pos + length - base}`, limit, requestId);
  ensure(length);
  utf8(value);
}

/**
 * Opens a length-delimited region: one byte for its length, fixed by {@link close}.
 * @returns where the length goes, relative to the frame.
 */
function open(): number {
  ensure(1);
  return pos++ - base;
}

function close(offset: number): void {
  let start = base + offset;
  const length = pos - start - 1;
  if (length < 128) {
    buf[start] = length;
    return;
  }
  const extra = length < 0x4000 ? 1 : length < 0x200000 ? 2 : length < 0x10000000 ? 3 : 4;
  ensure(extra);
  start = base + offset;
  buf.copyWithin(start + 1 + extra, start + 1, pos);
  pos += extra;
  let v = length;
  let p = start;
  while (v > 127) {
    buf[p++] = (v & 127) | 128;
    v >>>= 7;
  }
  buf[p] = v;
}

/** One value of a scalar kind, coerced as protobufjs' Writer coerces it. */
function scalar(kind: number, value: unknown): void {
  switch (kind) {
    case Kind.STRING:
      string(value);
      return;
    case Kind.BOOL:
      ensure(1);
      buf[pos++] = value ? 1 : 0;
      return;
    case Kind.UINT32:
      uint32(value as number);
      return;
    case Kind.INT32: {
      const v = (value as number) | 0;
      if (v < 0) {
        // Negative int32s take 10 bytes: sign-extended to 64 bits, as protobuf requires.
        long(v);
        varint64();
      } else uint32(v);
      return;
    }
    case Kind.SINT32: {
      const v = value as number;
      uint32(((v << 1) ^ (v >> 31)) >>> 0);
      return;
    }
    case Kind.UINT64:
    case Kind.INT64:
      long(value);
      varint64();
      return;
    case Kind.SINT64: {
      long(value);
      const mask = hi >> 31;
      hi = (((hi << 1) | (lo >>> 31)) ^ mask) >>> 0;
      lo = ((lo << 1) ^ mask) >>> 0;
      varint64();
      return;
    }
    case Kind.DOUBLE:
      scratchView.setFloat64(0, value as number, true);
      fixed(8);
      return;
    case Kind.FLOAT:
      scratchView.setFloat32(0, value as number, true);
      fixed(4);
      return;
    case Kind.FIXED32:
    case Kind.SFIXED32:
      scratchView.setUint32(0, (value as number) >>> 0, true);
      fixed(4);
      return;
    case Kind.FIXED64:
    case Kind.SFIXED64:
      long(value);
      scratchView.setUint32(0, lo, true);
      scratchView.setUint32(4, hi, true);
      fixed(8);
      return;
    default: {
      const bytes = value as ArrayLike<number>;
      if (typeof bytes !== 'object' || bytes === null || typeof bytes.length !== 'number') throw new TypeError('expected a Uint8Array');
      uint32(bytes.length);
      ensure(bytes.length);
      buf.set(bytes, pos);
      pos += bytes.length;
    }
  }
}

function value(f: Field, v: unknown, depth: number): void {
  if (f.kind === Kind.MESSAGE) {
    const start = open();
    message(f.type, v as Obj, depth + 1);
    close(start);
  } else scalar(f.kind, v);
}

// Per nesting depth, the fields found on the object being written and their values: reused,
// since a frame has a handful of messages and each would otherwise allocate two arrays.
const foundFields: Field[][] = [];
const foundValues: unknown[][] = [];

function message(type: MessageType, o: Obj, depth: number): void {
  if (depth > MAX_NESTING_DEPTH) throw new Error('max depth exceeded');
  // protobufjs fails on a missing message the same way (a null list element, a null map value).
  if (o == null) throw new TypeError(`cannot encode ${o} as a message`);
  // The object's keys, not the schema's fields: a Request has 120 ops and one is set. for-in
  // reads the values through V8's enum cache, without a property lookup per key.
  const byName = type.byName;
  if (foundFields.length === depth) {
    foundFields.push([]);
    foundValues.push([]);
  }
  const fields = foundFields[depth]!;
  const values = foundValues[depth]!;
  let n = 0;
  let sorted = true;
  let last = 0;
  for (const key in o) {
    const v = o[key];
    if (v == null) continue;
    const f = byName.get(key);
    if (f === undefined) continue;
    if (f.num < last) sorted = false;
    last = f.num;
    fields[n] = f;
    values[n++] = v;
  }
  if (!sorted) sortFound(fields, values, n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // Drop the reference: the scratch arrays must not keep the caller's objects alive.
    values[i] = undefined;
    field(fields[i]!, v, depth);
  }
}

/** Puts the first `n` found fields in field-number order, as protobufjs writes them (an insertion sort: n is small). */
function sortFound(fields: Field[], values: unknown[], n: number): void {
  for (let i = 1; i < n; i++) {
    const f = fields[i]!;
    const v = values[i];
    let j = i - 1;
    for (; j >= 0 && fields[j]!.num > f.num; j--) {
      fields[j + 1] = fields[j]!;
      values[j + 1] = values[j];
    }
    fields[j + 1] = f;
    values[j + 1] = v;
  }
}

function field(f: Field, v: unknown, depth: number): void {
  const num = f.num;
  switch (f.label) {
    case Label.PLAIN:
    case Label.PRESENCE:
      // Proto3: a singular scalar at its default is not written, unless it tracks presence.
      if (f.label === Label.PLAIN && (v === f.def || (f.kind === Kind.BYTES && (v as Uint8Array).length === 0))) return;
      uint32((num << 3) | f.wire);
      value(f, v, depth);
      return;
    case Label.REPEATED: {
      const list = v as unknown[];
      for (let i = 0; i < list.length; i++) {
        uint32((num << 3) | f.wire);
        value(f, list[i], depth);
      }
      return;
    }
    case Label.PACKED: {
      const list = v as unknown[];
      if (!list.length) return;
      uint32((num << 3) | 2);
      const start = open();
      for (let i = 0; i < list.length; i++) scalar(f.kind, list[i]);
      close(start);
      return;
    }
    default: {
      const map = v as Obj;
      const keyKind = f.key;
      for (const key of Object.keys(map)) {
        uint32((num << 3) | 2);
        const start = open();
        uint32(8 | WIRE[keyKind]!);
        // Object keys are strings; protobufjs reads "true" and "1" as a true bool key.
        scalar(keyKind, keyKind === Kind.STRING ? key : keyKind === Kind.BOOL ? key === 'true' || key === '1' : Number(key));
        uint32(16 | f.wire);
        value(f, map[key], depth);
        close(start);
      }
    }
  }
}
