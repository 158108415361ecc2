/**
 * Byte-level protobuf helpers for building and cutting frames the codecs would never write:
 * wrong wire types, lengths that lie, nesting a real encoder would refuse.
 */

/** The bytes of a base-128 varint (any non-negative number up to 2^53). */
export function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

export function tag(field: number, wireType: number): number[] {
  return varint(field * 8 + wireType);
}

/** A length-delimited field. */
export function ld(field: number, body: ArrayLike<number>): Uint8Array {
  return concat([Uint8Array.from(tag(field, 2)), Uint8Array.from(varint(body.length)), Uint8Array.from(body)]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One field of a parsed message: where its tag, length prefix and value sit in the buffer. */
export interface FieldSpan {
  field: number;
  wireType: number;
  /** Offset of the tag. */
  start: number;
  /** Offset of the length prefix (wire type 2) or of the value. */
  lengthAt: number;
  /** Value bytes [valueStart, end). */
  valueStart: number;
  end: number;
}

function readVarint(buf: Uint8Array, at: number): [value: number, next: number] | undefined {
  let value = 0;
  for (let i = at, shift = 0; i < buf.length && shift < 64; i++, shift += 7) {
    const b = buf[i] as number;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, i + 1];
  }
  return undefined;
}

/** The fields of one message in `buf[from, to)`, or undefined when it does not parse. */
export function parseFields(buf: Uint8Array, from = 0, to = buf.length): FieldSpan[] | undefined {
  const spans: FieldSpan[] = [];
  let at = from;
  while (at < to) {
    const t = readVarint(buf, at);
    if (!t) return undefined;
    const [key, afterTag] = t;
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    let valueStart = afterTag;
    let end: number;
    if (wireType === 0) {
      const v = readVarint(buf, afterTag);
      if (!v) return undefined;
      end = v[1];
    } else if (wireType === 1) {
      end = afterTag + 8;
    } else if (wireType === 5) {
      end = afterTag + 4;
    } else if (wireType === 2) {
      const v = readVarint(buf, afterTag);
      if (!v) return undefined;
      valueStart = v[1];
      end = valueStart + v[0];
    } else {
      return undefined;
    }
    if (end > to || field === 0) return undefined;
    spans.push({ field, wireType, start: at, lengthAt: afterTag, valueStart, end });
    at = end;
  }
  return spans;
}

/**
 * Every length-delimited span of `frame` that parses as a message, recursively: the places a
 * mutation can lie about a length or swap a type one level down.
 */
export function nestedSpans(frame: Uint8Array, maxSpans = 200): FieldSpan[] {
  const found: FieldSpan[] = [];
  const walk = (from: number, to: number, depth: number): void => {
    const spans = parseFields(frame, from, to);
    if (!spans) return;
    for (const span of spans) {
      if (found.length >= maxSpans) return;
      found.push(span);
      if (span.wireType === 2 && depth < 12) walk(span.valueStart, span.end, depth + 1);
    }
  };
  walk(0, frame.length, 0);
  return found;
}

/** `frame` with bytes [from, to) replaced by `replacement`. */
export function splice(frame: Uint8Array, from: number, to: number, replacement: ArrayLike<number>): Uint8Array {
  return concat([frame.subarray(0, from), Uint8Array.from(replacement), frame.subarray(to)]);
}

/**
 * Re-encodes the length prefixes of every enclosing span after a span's size changed by
 * `delta`, so the mutation one level down is the only lie in the frame. Spans are given
 * outermost first, as a path from the frame's root to the changed field.
 */
export function rewrap(frame: Uint8Array, path: readonly FieldSpan[], newInner: Uint8Array): Uint8Array {
  if (path.length === 0) return newInner;
  const [outer, ...rest] = path as [FieldSpan, ...FieldSpan[]];
  const inner = rewrap(frame.subarray(outer.valueStart, outer.end), rest.map((s) => shift(s, outer.valueStart)), newInner);
  const head = concat([frame.subarray(0, outer.start), Uint8Array.from(tag(outer.field, 2)), Uint8Array.from(varint(inner.length))]);
  return concat([head, inner, frame.subarray(outer.end)]);
}

function shift(span: FieldSpan, by: number): FieldSpan {
  return { ...span, start: span.start - by, lengthAt: span.lengthAt - by, valueStart: span.valueStart - by, end: span.end - by };
}

/** The path of spans (outermost first) from the root of `frame` down to fields of the op payload. */
export function payloadPath(frame: Uint8Array): FieldSpan[] | undefined {
  const top = parseFields(frame);
  const request = top?.find((s) => s.field === 2 && s.wireType === 2);
  if (!request) return undefined;
  const inRequest = parseFields(frame, request.valueStart, request.end);
  const op = inRequest?.find((s) => s.field >= 10 && s.wireType === 2);
  if (!op) return undefined;
  return [request, op];
}

export function hex(bytes: Uint8Array, max = 48): string {
  const shown = Buffer.from(bytes.subarray(0, max)).toString('hex');
  return bytes.length > max ? `${shown}… (${bytes.length} bytes)` : shown;
}
