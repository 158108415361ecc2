/**
 * The wire form of a {@link BusMessage} on a distributed bus (Redis, NATS): compact bytes, so a
 * push crosses nodes as the protobuf bytes it already is, without base64 or JSON around it.
 *
 * Layout: one kind byte, then the kind's fields in a fixed order. Lengths and integers are
 * unsigned LEB128 varints; signed integers are zigzag-mapped first; strings are UTF-8.
 *
 * | kind | byte | fields                                                                    |
 * | ---- | ---- | ------------------------------------------------------------------------- |
 * | push | 0x01 | `len push-bytes` then, only when `exceptSessionId` is set, `len utf8`    |
 * | kick | 0x02 | `count (len utf8)×count` session ids, `zigzag reason`, `len utf8` detail  |
 * | resync | 0x03 | `zigzag nodeId`                                                         |
 *
 * The optional field of `push` is present exactly when bytes remain after `push-bytes`, so an
 * empty `exceptSessionId` and an absent one stay distinct. Nothing may follow the last field.
 *
 * The few things both distributed buses share (their error, counters and URL redaction) live
 * here too, so neither bus module imports the other's client library.
 */

import type { BusMessage } from './types.js';

const KIND_PUSH = 0x01;
const KIND_KICK = 0x02;
const KIND_RESYNC = 0x03;
const KIND_ROOM = 0x04;

/** Integers (reason, node id) are limited to int32, which covers enums and node numbers. */
const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
/** A varint longer than this cannot be a length or int32 we wrote (5 × 7 bits ≥ 32 bits). */
const MAX_VARINT_BYTES = 5;

const utf8 = new TextEncoder();
/** `fatal`: invalid UTF-8 is malformed input, not something to paper over with U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A failure of a distributed bus that the caller can act on, for example Redis or NATS being
 * unreachable at `open()`, or a call after `close()`.
 */
export class BusError extends Error {
  override readonly name = 'BusError';
  /** `unreachable`: `open()` could not connect; `closed`: the bus was closed. */
  readonly code: 'unreachable' | 'closed';

  constructor(code: 'unreachable' | 'closed', message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Counters of a distributed bus, for metrics and tests. */
export interface BusStats {
  /** Publishes the backend accepted. */
  readonly published: number;
  /** Publishes dropped because the link was down (or the backend refused them). */
  readonly dropped: number;
  /** Well-formed messages that arrived on a subscribed channel. */
  readonly received: number;
  /** Messages that failed to decode and were dropped. */
  readonly malformed: number;
}

/**
 * A URL as it may appear in logs and errors: the password (if any) replaced by `***`. Accepts
 * a comma-separated list of URLs (NATS server lists); text that is not a URL is returned as is.
 */
export function redactUrl(url: string): string {
  return url
    .split(',')
    .map((part) => {
      try {
        const parsed = new URL(part.trim());
        if (parsed.password === '') return part.trim();
        parsed.password = '***';
        return parsed.toString();
      } catch {
        return part.trim();
      }
    })
    .join(',');
}

/** Grows as fields are appended; one copy into the exact-size result at the end. */
class Writer {
  private buf = new Uint8Array(64);
  private pos = 0;

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buf[this.pos++] = value;
  }

  /** `value` is a non-negative integer below 2^32. */
  varint(value: number): void {
    this.reserve(MAX_VARINT_BYTES);
    let rest = value;
    while (rest >= 0x80) {
      this.buf[this.pos++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buf[this.pos++] = rest;
  }

  int32(value: number, field: string): void {
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      throw new TypeError(`bus message: ${field} must be an int32, got ${String(value)}`);
    }
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  bytes(value: Uint8Array): void {
    this.varint(value.byteLength);
    this.reserve(value.byteLength);
    this.buf.set(value, this.pos);
    this.pos += value.byteLength;
  }

  string(value: string): void {
    this.bytes(utf8.encode(value));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Reads fields in order; every read checks bounds and throws `TypeError` on bad input. */
class Reader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  fail(what: string): never {
    throw new TypeError(`malformed bus message: ${what} (at byte ${this.pos} of ${this.buf.length})`);
  }

  byte(what: string): number {
    if (this.pos >= this.buf.length) this.fail(`truncated before ${what}`);
    return this.buf[this.pos++]!;
  }

  varint(what: string): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte(what);
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (value > 0xffff_ffff) this.fail(`${what} out of range`);
        return value;
      }
      scale *= 0x80;
    }
    return this.fail(`${what} is an over-long varint`);
  }

  int32(what: string): number {
    const zigzag = this.varint(what);
    // Even values are non-negative, odd ones negative; `% 2` avoids 32-bit bitwise overflow.
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  /** A copy, so the message does not pin the (possibly pooled) buffer it arrived in. */
  bytes(what: string): Uint8Array {
    const length = this.varint(`${what} length`);
    if (length > this.remaining) this.fail(`${what} length ${length} exceeds the remaining ${this.remaining} bytes`);
    const out = new Uint8Array(length);
    out.set(this.buf.subarray(this.pos, this.pos + length));
    this.pos += length;
    return out;
  }

  string(what: string): string {
    const raw = this.bytes(what);
    try {
      return strictUtf8.decode(raw);
    } catch {
      return this.fail(`${what} is not valid UTF-8`);
    }
  }

  end(): void {
    if (this.remaining !== 0) this.fail(`${this.remaining} unexpected trailing bytes`);
  }
}

/**
 * Encodes a bus message into the layout described at the top of this module.
 *
 * @param m - The message; `push.push` is copied as is.
 * @returns Fresh bytes, owned by the caller.
 * @throws TypeError when `reason` or `nodeId` is not an int32, or `kind` is unknown (a bug in
 *   the caller: the type allows neither).
 */
export function encodeBusMessage(m: BusMessage): Uint8Array {
  const w = new Writer();
  switch (m.kind) {
    case 'push':
      w.byte(KIND_PUSH);
      w.bytes(m.push);
      if (m.exceptSessionId !== undefined) w.string(m.exceptSessionId);
      break;
    case 'kick':
      w.byte(KIND_KICK);
      w.varint(m.sessionIds.length);
      for (const id of m.sessionIds) w.string(id);
      w.int32(m.reason, 'kick.reason');
      w.string(m.detail);
      break;
    case 'resync':
      w.byte(KIND_RESYNC);
      w.int32(m.nodeId, 'resync.nodeId');
      break;
    case 'room':
      w.byte(KIND_ROOM);
      w.byte(m.op === 'evict' ? 1 : 2);
      w.int32(m.nodeId, 'room.nodeId');
      w.varint(m.userIds.length);
      for (const id of m.userIds) w.string(id);
      break;
    default:
      throw new TypeError(`bus message: unknown kind ${JSON.stringify((m as { kind?: unknown }).kind)}`);
  }
  return w.finish();
}

/**
 * Decodes bytes written by {@link encodeBusMessage}.
 *
 * @param bytes - One whole message (a `Buffer` is fine); not retained: fields are copied.
 * @returns The message; `push.push` is a plain `Uint8Array`.
 * @throws TypeError `malformed bus message: …` on empty, truncated, over-long or trailing
 *   input, an unknown kind byte or invalid UTF-8. Buses catch it, count the message as
 *   malformed and drop it.
 */
export function decodeBusMessage(bytes: Uint8Array): BusMessage {
  const r = new Reader(bytes);
  const kind = r.byte('the kind byte');
  switch (kind) {
    case KIND_PUSH: {
      const push = r.bytes('push');
      if (r.remaining === 0) return { kind: 'push', push };
      const exceptSessionId = r.string('exceptSessionId');
      r.end();
      return { kind: 'push', push, exceptSessionId };
    }
    case KIND_KICK: {
      const count = r.varint('the session id count');
      // Each id takes at least its length byte: a larger count is a lie, not a big allocation.
      if (count > r.remaining) r.fail(`session id count ${count} exceeds the remaining bytes`);
      const sessionIds: string[] = [];
      for (let i = 0; i < count; i++) sessionIds.push(r.string(`session id ${i}`));
      const reason = r.int32('kick reason');
      const detail = r.string('kick detail');
      r.end();
      return { kind: 'kick', sessionIds, reason, detail };
    }
    case KIND_RESYNC: {
      const nodeId = r.int32('resync node id');
      r.end();
      return { kind: 'resync', nodeId };
    }
    case KIND_ROOM: {
      const op = r.byte('the room op');
      if (op !== 1 && op !== 2) r.fail(`unknown room op ${op}`);
      const nodeId = r.int32('room node id');
      const count = r.varint('the user id count');
      if (count > r.remaining) r.fail(`user id count ${count} exceeds the remaining bytes`);
      const userIds: string[] = [];
      for (let i = 0; i < count; i++) userIds.push(r.string(`user id ${i}`));
      r.end();
      return { kind: 'room', op: op === 1 ? 'evict' : 'drop', userIds, nodeId };
    }
    default:
      return r.fail(`unknown kind byte 0x${kind.toString(16).padStart(2, '0')}`);
  }
}
