import $protobuf from 'protobufjs/minimal.js';
import { describe, expect, test } from 'vitest';
import { ErrorCode } from '../src/codes.js';
import { isProtocolError } from '../src/errors.js';
import { MAX_NESTING_DEPTH, ProtobufCodec, SUBPROTOCOL_JSON, SUBPROTOCOL_PROTOBUF } from '../src/index.js';
import { WireReader } from '../src/wire-reader.js';
import { JsonCodec } from '../src/json.js';
import type { FrameCodec } from '../src/types.js';

const text = (t: string) => ({ id: 9, request: { msgSend: { convId: 'group:g1', elements: [{ text: { text: t } }] } } });

describe('ProtobufCodec', () => {
  test('frames from one codec are independent of each other (the writer is reused)', () => {
    const codec = new ProtobufCodec();
    const big = codec.encode(text('x'.repeat(5000)));
    const small = codec.encode(text('hi'));
    const bigCopy = Uint8Array.from(big);
    small.fill(0xff);
    expect(Buffer.compare(big, bigCopy)).toBe(0);
    expect(codec.decode(big).request?.msgSend?.elements?.[0]?.text?.text).toHaveLength(5000);
    expect(codec.decode(codec.encode(text('again'))).request?.msgSend?.elements?.[0]?.text?.text).toBe('again');
  });

  test('a failed encode leaves the codec usable', () => {
    const codec = new ProtobufCodec();
    const bad = { id: 1, request: { msgSend: { elements: [null as unknown as object] } } };
    expect(() => codec.encode(bad)).toThrow(expect.objectContaining({ code: ErrorCode.ENCODE_FAILED }));
    expect(codec.decode(codec.encode(text('after'))).request?.msgSend?.elements?.[0]?.text?.text).toBe('after');
  });

  test('accepts ArrayBuffer and Buffer views without copying semantics leaking', () => {
    const codec = new ProtobufCodec();
    const frame = codec.encode(text('view'));
    const padded = new Uint8Array(frame.length + 8);
    padded.set(frame, 4);
    expect(codec.decode(padded.subarray(4, 4 + frame.length)).kind).toBe('request');
    expect(codec.decode(new Uint8Array(frame).buffer).kind).toBe('request');
    expect(codec.decode(Buffer.from(frame)).kind).toBe('request');
  });

  test('decoded oneofs expose their discriminators', () => {
    const codec = new ProtobufCodec();
    const e = codec.decode(codec.encode({ id: 3, push: { cursor: 5, kicked: { reason: 1 } } }));
    expect(e.kind).toBe('push');
    expect((e.push as { event?: string }).event).toBe('kicked');
    // Unset 64-bit fields read as the number 0, never a Long.
    expect(codec.decode(codec.encode({ id: 1, push: { message: { message: {} } } })).push?.message?.message?.seq).toBe(0);
  });
});

describe('WireReader', () => {
  test('reads every 64-bit wire form as an exact number', () => {
    const w = $protobuf.Writer.create();
    const values = [0, 1, 2 ** 32, 2 ** 53 - 1, -1, -(2 ** 40), Number.MIN_SAFE_INTEGER];
    for (const v of values) w.int64(v).sint64(v).sfixed64(v);
    for (const v of values.filter((x) => x >= 0)) w.uint64(v).fixed64(v);
    const r = new WireReader(w.finish()) as unknown as Record<string, () => number>;
    for (const v of values) expect([r.int64!(), r.sint64!(), r.sfixed64!()]).toEqual([v, v, v]);
    for (const v of values.filter((x) => x >= 0)) expect([r.uint64!(), r.fixed64!()]).toEqual([v, v]);
  });

  test('MAX_NESTING_DEPTH is the decoder\'s real recursion limit', () => {
    expect(MAX_NESTING_DEPTH).toBe(($protobuf.util as unknown as { recursionLimit: number }).recursionLimit);
  });
});

describe('both codecs implement the frame codec seam', () => {
  test.each<[string, FrameCodec, string, boolean]>([
    ['protobuf', new ProtobufCodec(), SUBPROTOCOL_PROTOBUF, true],
    ['json', new JsonCodec(), SUBPROTOCOL_JSON, false],
  ])('%s', (_name, codec, subprotocol, binary) => {
    expect(codec.subprotocol).toBe(subprotocol);
    expect(codec.binary).toBe(binary);
    const frame = codec.encode({ id: 12, error: { code: ErrorCode.NOT_MEMBER, message: 'not in group:g1' } });
    expect(typeof frame === 'string').toBe(!binary);
    const decoded = codec.decode(frame);
    expect(decoded.error).toMatchObject({ code: ErrorCode.NOT_MEMBER, message: 'not in group:g1' });
    try {
      codec.decode(binary ? new Uint8Array([0xff]) : '{');
      expect.unreachable();
    } catch (error) {
      expect(isProtocolError(error)).toBe(true);
    }
  });
});
