import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ErrorCode } from '../src/codes.js';
import { isProtocolError, type ProtocolError } from '../src/errors.js';
import { parley } from '../src/generated/proto.js';
import { ProtobufCodec } from '../src/index.js';
import { JsonCodec } from '../src/json.js';
import type { EnvelopeInit } from '../src/types.js';

const codec = new ProtobufCodec();
const json = new JsonCodec();

/** A typical chat frame: a message push with text, custom fields and a conversation delta. */
const SAMPLE: EnvelopeInit = {
  id: 0,
  push: {
    cursor: 12,
    message: {
      message: {
        serverMsgId: '981234567',
        clientMsgId: '0b5c1c1e-6f0e-4a8f-9d7a-2f7d1c0f9a11',
        convId: 'c2c:alice',
        seq: 4821,
        senderId: 'bob',
        time: 1_795_000_000_000,
        elements: [{ text: { text: 'Shall we move the review to Thursday? 🙂' } }],
        extras: { priority: '"high"', thread: '7' },
      },
      conversation: { convId: 'c2c:bob', unreadCount: 3, maxSeq: 4821 },
    },
  },
};
const SAMPLE_REQUEST: EnvelopeInit = { id: 77, request: { msgSend: SAMPLE.push!.message!.message! } };

/** Decodes and returns the ProtocolError, failing the test on success or on any other exception. */
function refused(decode: () => unknown): ProtocolError {
  try {
    decode();
  } catch (error) {
    if (!isProtocolError(error)) throw new Error(`expected a ProtocolError, got ${String(error)}`, { cause: error });
    return error;
  }
  throw new Error('expected a ProtocolError, but decoding succeeded');
}

const varint = (n: number) => {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const ld = (field: number, body: number[]) => [...varint((field << 3) | 2), ...varint(body.length), ...body];

describe('truncation', () => {
  test.each([
    ['push', SAMPLE],
    ['request', SAMPLE_REQUEST],
  ])('every strict prefix of a %s frame is refused with a typed error', (_name, envelope) => {
    const frame = codec.encode(envelope);
    const codes = new Set<number>();
    for (let cut = 0; cut < frame.length; cut++) codes.add(refused(() => codec.decode(frame.subarray(0, cut))).code);
    // Cuts inside the frame's body are truncations; a cut before the body leaves no known variant.
    expect([...codes].sort()).toEqual([ErrorCode.TRUNCATED_FRAME, ErrorCode.UNKNOWN_VARIANT].sort());
    expect(codec.decode(frame).kind).toBe(Object.keys(envelope).find((k) => k !== 'id'));
  });
});

describe('random and mutated frames', () => {
  test('10,000 random buffers: each is refused with a ProtocolError or is a well-formed envelope; none crashes', () => {
    const stats = { refused: 0, accepted: 0 };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 256 }), (bytes) => {
        try {
          const envelope = codec.decode(bytes);
          // Random bytes that happen to be a valid frame must then survive a re-encode.
          expect(codec.decode(codec.encode(envelope)).kind).toBe(envelope.kind);
          stats.accepted++;
        } catch (error) {
          expect(isProtocolError(error), String(error)).toBe(true);
          stats.refused++;
        }
      }),
      { numRuns: 10_000, seed: 20261121 },
    );
    expect(stats.refused + stats.accepted).toBe(10_000);
    expect(stats.refused).toBeGreaterThan(9_500);
  });

  test('single-byte mutations of a valid frame never crash the decoder', () => {
    const frame = codec.encode(SAMPLE_REQUEST);
    fc.assert(
      fc.property(fc.nat({ max: frame.length - 1 }), fc.nat({ max: 255 }), (at, byte) => {
        const mutated = frame.slice();
        mutated[at] = byte;
        try {
          codec.decode(mutated);
        } catch (error) {
          expect(isProtocolError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 5_000, seed: 7 },
    );
  });
});

describe('oversized frames', () => {
  test('above the default 1 MiB limit: refused on decode and on encode', () => {
    const big = new Uint8Array(1024 * 1024 + 1);
    expect(refused(() => codec.decode(big)).code).toBe(ErrorCode.FRAME_TOO_LARGE);
    const text = 'x'.repeat(1024 * 1024);
    expect(refused(() => codec.encode({ id: 3, request: { msgSend: { elements: [{ text: { text } }] } } })).code).toBe(ErrorCode.FRAME_TOO_LARGE);
    expect(refused(() => json.decode(`{"id":1,"ack":{},"pad":"${text}"}`)).code).toBe(ErrorCode.FRAME_TOO_LARGE);
  });

  test('the limit is configurable', () => {
    const small = new ProtobufCodec({ maxFrameBytes: 64 });
    const frame = codec.encode(SAMPLE);
    expect(frame.length).toBeGreaterThan(64);
    expect(refused(() => small.decode(frame)).code).toBe(ErrorCode.FRAME_TOO_LARGE);
    expect(small.decode(codec.encode({ id: 1, ack: {} })).kind).toBe('ack');
    expect(() => new ProtobufCodec({ maxFrameBytes: 0 })).toThrow(RangeError);
  });

  test('a length prefix far beyond the buffer is a truncation, not an allocation', () => {
    const frame = new Uint8Array([...varint((2 << 3) | 2), ...varint(2 ** 31 - 1), 1, 2, 3]);
    expect(refused(() => codec.decode(frame)).code).toBe(ErrorCode.TRUNCATED_FRAME);
  });
});

describe('wrong types', () => {
  test('a known field with another wire type', () => {
    // Envelope.id (field 1) is a varint; send it length-delimited.
    expect(refused(() => codec.decode(new Uint8Array(ld(1, [1, 2])))).code).toBe(ErrorCode.WRONG_WIRE_TYPE);
    // Nested: Request.msgSend.convId (a string) sent as a varint.
    const frame = ld(2, ld(70, [(3 << 3) | 0, 5]));
    expect(refused(() => codec.decode(new Uint8Array(frame))).code).toBe(ErrorCode.WRONG_WIRE_TYPE);
  });

  test('wire types 6 and 7 do not exist', () => {
    for (const wt of [6, 7]) {
      expect(refused(() => codec.decode(new Uint8Array([(9 << 3) | wt, 0]))).code).toBe(ErrorCode.WRONG_WIRE_TYPE);
    }
  });

  test('invalid UTF-8 in a string field', () => {
    const frame = ld(2, ld(70, ld(3, [0xc3, 0x28])));
    expect(refused(() => codec.decode(new Uint8Array(frame))).code).toBe(ErrorCode.INVALID_UTF8);
  });

  test('a text frame on the binary codec, a binary one that is not UTF-8 on the JSON codec', () => {
    expect(refused(() => codec.decode('{"id":1}')).code).toBe(ErrorCode.MALFORMED_FRAME);
    expect(refused(() => json.decode(new Uint8Array([0xff, 0xfe]))).code).toBe(ErrorCode.INVALID_UTF8);
  });

  test.each([
    ['not JSON', '{"id":', ErrorCode.MALFORMED_FRAME],
    ['an array', '[1,2]', ErrorCode.MALFORMED_FRAME],
    ['null', 'null', ErrorCode.MALFORMED_FRAME],
    ['a string id', '{"id":"1","ack":{}}', ErrorCode.MALFORMED_FRAME],
    ['a number where a string belongs', '{"id":2,"request":{"msgSend":{"convId":5}}}', ErrorCode.MALFORMED_FRAME],
    ['an object where a list belongs', '{"id":2,"request":{"msgSend":{"elements":{}}}}', ErrorCode.MALFORMED_FRAME],
    ['two variants of one oneof', '{"id":2,"ack":{},"push":{"kicked":{}}}', ErrorCode.MALFORMED_FRAME],
    ['no variant', '{"id":2}', ErrorCode.UNKNOWN_VARIANT],
  ])('JSON: %s', (_name, text, code) => {
    expect(refused(() => json.decode(text)).code).toBe(code);
  });
});

describe('deep nesting', () => {
  const nestedMerger = (depth: number) => {
    let message: Record<string, unknown> = { elements: [{ text: { text: 'bottom' } }] };
    for (let i = 0; i < depth; i++) message = { elements: [{ merger: { title: `level ${i}`, messages: [message] } }] };
    return message;
  };

  test('past the recursion limit: refused by both codecs', () => {
    // Hand-built, as a hostile peer would send it (our own encoder refuses to go this deep).
    let message = ld(11, ld(1, ld(1, [0x61])));
    for (let i = 0; i < 60; i++) message = ld(11, ld(10, ld(4, message)));
    const frame = new Uint8Array([8, 5, ...ld(2, ld(70, message))]);
    const error = refused(() => codec.decode(frame));
    expect(error.code).toBe(ErrorCode.NESTING_TOO_DEEP);
    const deep = { id: 5, request: { msgSend: nestedMerger(60) } };
    expect(refused(() => json.decode(JSON.stringify(deep))).code).toBe(ErrorCode.NESTING_TOO_DEEP);
    expect(refused(() => codec.encode(deep)).code).toBe(ErrorCode.ENCODE_FAILED);
  });

  test('a modest nesting (forwarded mergers) is fine', () => {
    const decoded = codec.decode(codec.encode({ id: 5, request: { msgSend: nestedMerger(10) } }));
    expect(decoded.request?.msgSend?.elements?.[0]?.merger?.title).toBe('level 9');
  });

  test('deeply nested unknown groups', () => {
    const bytes = Array.from({ length: 50_000 }, () => varint((99 << 3) | 3)).flat();
    expect(refused(() => codec.decode(new Uint8Array(bytes))).code).toBe(ErrorCode.NESTING_TOO_DEEP);
  });

  test('deeply nested JSON under an unknown key: parsed without a crash, the key ignored', () => {
    const text = `{"id":1,"ack":{},"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(json.decode(text).kind).toBe('ack');
    // Arrays nested inside a known list: JSON.parse copes; what reaches the schema is checked.
    const nestedKnown = `{"id":1,"request":{"msgSend":{"elements":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`;
    try {
      expect(json.decode(nestedKnown).kind).toBe('request');
    } catch (error) {
      expect(isProtocolError(error), String(error)).toBe(true);
    }
  });
});

describe('unknown variants and fields', () => {
  test('an envelope with no known kind', () => {
    const error = refused(() => codec.decode(new Uint8Array([8, 9, ...ld(15, [])])));
    expect(error.code).toBe(ErrorCode.UNKNOWN_VARIANT);
    expect(error.requestId).toBe(9);
  });

  test('a request with an unknown op carries its id, so the server can answer it', () => {
    const error = refused(() => codec.decode(new Uint8Array([8, 42, ...ld(2, ld(999, [8, 1]))])));
    expect(error.code).toBe(ErrorCode.UNKNOWN_OPERATION);
    expect(error.requestId).toBe(42);
  });

  test('a push with an unknown event', () => {
    expect(refused(() => codec.decode(new Uint8Array(ld(5, ld(4000, []))))).code).toBe(ErrorCode.UNKNOWN_VARIANT);
  });

  test('unknown fields from a newer peer are tolerated and preserved on re-encode', () => {
    const frame = codec.encode(SAMPLE_REQUEST);
    // A newer peer adds field 200 (a string) to the message inside msg.send.
    const extra = [...varint((200 << 3) | 2), 3, 0x6e, 0x65, 0x77];
    const message = parley.v1.Message.encode(SAMPLE_REQUEST.request!.msgSend!).finish();
    const newer = new Uint8Array([...varint((1 << 3) | 0), 77, ...ld(2, ld(70, [...message, ...extra]))]);
    const decoded = codec.decode(newer);
    expect(decoded.request?.msgSend?.convId).toBe('c2c:alice');
    expect(Array.from(codec.encode(decoded))).toEqual(Array.from(newer));
    expect(frame.length).toBe(newer.length - extra.length);
  });
});

describe('encode failures are typed', () => {
  test('a value the schema cannot hold', () => {
    const bad = { id: 1, request: { msgSend: { elements: [null as unknown as object, 5 as unknown as object] } } };
    const error = (() => {
      try {
        codec.encode(bad as EnvelopeInit);
      } catch (e) {
        return e;
      }
    })();
    expect(isProtocolError(error)).toBe(true);
    expect((error as ProtocolError).code).toBe(ErrorCode.ENCODE_FAILED);
  });
});
