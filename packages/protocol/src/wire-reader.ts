import $protobuf from 'protobufjs/minimal.js';

const TWO_32 = 4294967296;

/** The fields of protobufjs' Reader that the varint readers below use. */
interface RawReader {
  buf: Uint8Array;
  pos: number;
  len: number;
}

// Out-parameters of readLongVarint; module-level to avoid an allocation per field.
let lo = 0;
let hi = 0;

function outOfRange(): RangeError {
  return new RangeError('index out of range');
}

/** Reads a varint of up to 10 bytes into (lo, hi) as unsigned 32-bit halves. */
function readLongVarint(r: RawReader): void {
  const { buf, len } = r;
  let pos = r.pos;
  let b: number;
  lo = 0;
  hi = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= len) throw outOfRange();
    b = buf[pos++]!;
    lo |= (b & 127) << shift;
    if (b < 128) {
      r.pos = pos;
      lo >>>= 0;
      return;
    }
  }
  if (pos >= len) throw outOfRange();
  b = buf[pos++]!;
  lo = (lo | ((b & 127) << 28)) >>> 0;
  hi = (b & 127) >> 4;
  if (b < 128) {
    r.pos = pos;
    return;
  }
  for (let shift = 3; shift < 32; shift += 7) {
    if (pos >= len) throw outOfRange();
    b = buf[pos++]!;
    hi |= (b & 127) << shift;
    if (b < 128) {
      r.pos = pos;
      hi >>>= 0;
      return;
    }
  }
  throw new Error('invalid varint encoding');
}

function readUint64(this: RawReader): number {
  // One-byte fast path: small seqs, counts and flags.
  const b = this.buf[this.pos];
  if (b !== undefined && b < 128 && this.pos < this.len) {
    this.pos++;
    return b;
  }
  readLongVarint(this);
  return hi * TWO_32 + lo;
}

function readInt64(this: RawReader): number {
  readLongVarint(this);
  return (hi | 0) * TWO_32 + lo;
}

function readSint64(this: RawReader): number {
  readLongVarint(this);
  // Zig-zag decode on the (lo, hi) pair.
  const negative = lo & 1;
  const l = ((lo >>> 1) | (hi << 31)) >>> 0;
  const h = hi >>> 1;
  const value = h * TWO_32 + l;
  return negative ? -value - 1 : value;
}

function readFixed64(this: RawReader & { fixed32(): number }): number {
  const low = this.fixed32();
  return this.fixed32() * TWO_32 + low;
}

function readSfixed64(this: RawReader & { fixed32(): number; sfixed32(): number }): number {
  const low = this.fixed32();
  return this.sfixed32() * TWO_32 + low;
}

/**
 * A protobufjs Reader that yields 64-bit integers as JS numbers (ids, seqs and times stay below
 * 2^53 by contract, so they are exact) instead of Long objects, and keeps unknown fields so
 * a re-encoded frame from a newer peer loses nothing.
 */
export class WireReader extends $protobuf.Reader {
  constructor(buffer: Uint8Array) {
    super(buffer);
    (this as unknown as { discardUnknown: boolean }).discardUnknown = false;
  }
}

const proto = WireReader.prototype as unknown as Record<string, unknown>;
proto.uint64 = readUint64;
proto.int64 = readInt64;
proto.sint64 = readSint64;
proto.fixed64 = readFixed64;
proto.sfixed64 = readSfixed64;
