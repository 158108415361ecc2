// Malformed input: CompactCodec refuses exactly what ProtobufCodec refuses, with the same
// ProtocolError code and envelope id, and accepts exactly what it accepts.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ErrorCode } from '../src/codes.js';
import { CompactCodec } from '../src/compact/index.js';
import { isProtocolError, type ProtocolError } from '../src/errors.js';
import { ProtobufCodec } from '../src/index.js';
import type { EnvelopeInit } from '../src/types.js';
import { compact, ld, outcome, pb, varint } from './compact-helpers.js';
import { arbitrary, sample } from './schema.js';

/** Both codecs decode `frame` to the same envelope, or refuse it with the same code and id. */
function same(frame: Uint8Array | number[]) {
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  const expected = outcome(pb, bytes);
  expect(outcome(compact, bytes)).toEqual(expected);
  return expected;
}

function refused(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    if (isProtocolError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProtocolError');
}

const SAMPLE: EnvelopeInit = {
  id: 0,
  push: {
    cursor: 12,
    message: {
      message: {
        serverMsgId: '981234567',
        convId: 'c2c:alice',
        seq: 4821,
        time: 1_795_000_000_000,
        elements: [{ text: { text: 'Shall we move the review to Thursday? 🙂' } }, { image: sample('MediaElem') }, { location: sample('LocationElem') }],
        extras: { priority: '"high"', thread: '7' },
        extensions: { k: sample('ExtensionValue') },
      },
      conversation: { convId: 'c2c:bob', unreadCount: 3, maxSeq: 4821 },
    },
  },
};
const frames: Uint8Array[] = [
  SAMPLE,
  { id: 77, request: { msgSend: SAMPLE.push!.message!.message! } },
  { id: 300, request: { msgHistory: sample('MsgHistory') } },
  { id: 5, response: { syncChanges: sample('ChangeBatch') } },
].map((e) => pb.encode(e));

describe('truncated and mutated frames', () => {
  test('every strict prefix of a frame', () => {
    const codes = new Set<number>();
    for (const frame of frames) {
      for (let cut = 0; cut < frame.length; cut++) {
        const o = same(frame.subarray(0, cut));
        if ('code' in o) codes.add(o.code);
      }
    }
    expect(codes).toContain(ErrorCode.TRUNCATED_FRAME);
  });

  test('single-byte mutations', () => {
    fc.assert(
      fc.property(fc.nat({ max: frames.length - 1 }), fc.nat(), fc.nat({ max: 255 }), (f, at, byte) => {
        const mutated = frames[f]!.slice();
        mutated[at % mutated.length] = byte;
        same(mutated);
      }),
      { numRuns: 20_000, seed: 11 },
    );
  });

  test('spliced frames: a byte run removed, repeated or inserted', () => {
    fc.assert(
      fc.property(fc.nat({ max: frames.length - 1 }), fc.nat(), fc.nat({ max: 12 }), fc.uint8Array({ maxLength: 6 }), (f, at, cut, insert) => {
        const frame = Array.from(frames[f]!);
        const i = at % frame.length;
        same([...frame.slice(0, i), ...insert, ...frame.slice(i + cut)]);
        same([...frame.slice(0, i + cut), ...frame.slice(i)]);
      }),
      { numRuns: 5_000, seed: 12 },
    );
  });

  test('random buffers', () => {
    const stats = { refused: 0, accepted: 0 };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        stats['code' in same(bytes) ? 'refused' : 'accepted']++;
      }),
      { numRuns: 20_000, seed: 20261121 },
    );
    expect(stats.refused).toBeGreaterThan(19_000);
  });

  test('random frames built from tags that exist', () => {
    // Valid tags of Envelope/Request/Message fields with random payloads reach deeper than noise.
    const piece = fc.oneof(
      fc.constantFrom([0x08], [0x12], [0x2a], [0xb2, 0x04], [0x1a], [0x22], [0x20], [0x48], [0x5a], [0x0a], [0x82, 0x01]),
      fc.uint8Array({ maxLength: 3 }).map((a) => Array.from(a)),
      fc.nat({ max: 300 }).map(varint),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        same(pieces.flat());
      }),
      { numRuns: 20_000, seed: 13 },
    );
  });

  test('random envelopes: every strict prefix', () => {
    fc.assert(
      fc.property(arbitrary('Envelope', 3), fc.nat(), (e, at) => {
        const frame = pb.encode(e as EnvelopeInit);
        same(frame.subarray(0, at % (frame.length + 1)));
      }),
      { numRuns: 2_000, seed: 14 },
    );
  });
});

describe('hand-made malformed frames', () => {
  test.each<[string, number[], number]>([
    ['a known field with another wire type', ld(1, [1, 2]), ErrorCode.WRONG_WIRE_TYPE],
    ['a nested string sent as a varint', ld(2, ld(70, [(3 << 3) | 0, 5])), ErrorCode.WRONG_WIRE_TYPE],
    ['a map entry key with another wire type', ld(2, ld(70, ld(16, [0x08, 1]))), ErrorCode.WRONG_WIRE_TYPE],
    ['a map entry value with another wire type', ld(2, ld(70, ld(16, [0x0a, 1, 0x61, 0x10, 1]))), ErrorCode.WRONG_WIRE_TYPE],
    ['wire type 6', [(9 << 3) | 6, 0], ErrorCode.WRONG_WIRE_TYPE],
    ['wire type 7', [(9 << 3) | 7, 0], ErrorCode.WRONG_WIRE_TYPE],
    ['an unexpected end group', [(9 << 3) | 4], ErrorCode.WRONG_WIRE_TYPE],
    ['an end group of another field', [(9 << 3) | 3, (8 << 3) | 4], ErrorCode.MALFORMED_FRAME],
    ['field number 0', [0x00, 0x01], ErrorCode.MALFORMED_FRAME],
    ['field number 0 inside a group', [(9 << 3) | 3, 0x00], ErrorCode.MALFORMED_FRAME],
    ['an 11-byte varint', [0x08, ...Array(10).fill(0x80), 0x01], ErrorCode.MALFORMED_FRAME],
    ['an 11-byte 64-bit varint', ld(5, [0x08, ...Array(10).fill(0xff), 0x01]), ErrorCode.MALFORMED_FRAME],
    ['a 6-byte tag', [0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00], ErrorCode.MALFORMED_FRAME],
    ['a tag above 32 bits', [0x80, 0x80, 0x80, 0x80, 0x10, 0x00], ErrorCode.MALFORMED_FRAME],
    ['a length of 2^31', [0x12, 0x80, 0x80, 0x80, 0x80, 0x08, 0, 0, 0, 0], ErrorCode.MALFORMED_FRAME],
    ['a length beyond the buffer', [0x12, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2, 3], ErrorCode.TRUNCATED_FRAME],
    ['a length beyond the enclosing message', ld(2, [...varint((70 << 3) | 2), 9, 0x1a, 1, 0x61]), ErrorCode.TRUNCATED_FRAME],
    ['a packed list cut short', ld(2, ld(77, ld(5, ld(1, [0x96])))), ErrorCode.TRUNCATED_FRAME],
    ['a fixed64 cut short', [(9 << 3) | 1, 1, 2, 3], ErrorCode.TRUNCATED_FRAME],
    ['invalid UTF-8', ld(2, ld(70, ld(3, [0xc3, 0x28]))), ErrorCode.INVALID_UTF8],
    ['an encoded surrogate', ld(2, ld(70, ld(3, [0xed, 0xa0, 0x80]))), ErrorCode.INVALID_UTF8],
    ['an overlong encoding', ld(2, ld(70, ld(3, [0xc0, 0xaf]))), ErrorCode.INVALID_UTF8],
    ['invalid UTF-8 in a long string', ld(2, ld(70, ld(3, [...Array(100).fill(0x61), 0xff]))), ErrorCode.INVALID_UTF8],
    ['invalid UTF-8 in a map key', ld(2, ld(70, ld(16, ld(1, [0xff])))), ErrorCode.INVALID_UTF8],
    ['no kind', [8, 9, ...ld(15, [])], ErrorCode.UNKNOWN_VARIANT],
    ['an unknown op', [8, 42, ...ld(2, ld(999, [8, 1]))], ErrorCode.UNKNOWN_OPERATION],
    ['an unknown push event', ld(5, ld(4000, [])), ErrorCode.UNKNOWN_VARIANT],
    ['deeply nested unknown groups', Array.from({ length: 50_000 }, () => varint((99 << 3) | 3)).flat(), ErrorCode.NESTING_TOO_DEEP],
  ])('%s', (_name, frame, code) => {
    const o = same(frame);
    expect(o).toMatchObject({ code });
  });

  test('a BOM and astral characters survive', () => {
    const o = same(ld(2, [...ld(70, ld(3, [0xef, 0xbb, 0xbf, 0x61, 0xf0, 0x9f, 0x99, 0x82]))]));
    expect(o).toMatchObject({ view: { request: { msgSend: { convId: '\ufeffa🙂' } } } });
  });

  test('nesting past the recursion limit, and just below it', () => {
    const nested = (levels: number) => {
      let message = ld(11, ld(1, ld(1, [0x61])));
      for (let i = 0; i < levels; i++) message = ld(11, ld(10, ld(4, message)));
      return [8, 5, ...ld(2, ld(70, message))];
    };
    // Envelope 0, Request 1, Message 2, then Element, MergerElem, Message per level.
    expect(same(nested(33))).toMatchObject({ code: ErrorCode.NESTING_TOO_DEEP, requestId: 5 });
    expect(same(nested(32))).toHaveProperty('view');
    const deep = (levels: number) => {
      let message: Record<string, unknown> = { elements: [{ text: { text: 'bottom' } }] };
      for (let i = 0; i < levels; i++) message = { elements: [{ merger: { title: `level ${i}`, messages: [message] } }] };
      return { id: 5, request: { msgSend: message } };
    };
    expect(refused(() => compact.encode(deep(33)))).toMatchObject({ code: ErrorCode.ENCODE_FAILED, requestId: 5 });
    expect(refused(() => pb.encode(deep(33))).code).toBe(ErrorCode.ENCODE_FAILED);
    expect(Array.from(compact.encode(deep(32)))).toEqual(Array.from(pb.encode(deep(32))));
  });

  test('a text frame on the binary subprotocol', () => {
    expect(refused(() => compact.decode('{"id":1}')).code).toBe(ErrorCode.MALFORMED_FRAME);
  });
});

describe('frame size limits', () => {
  test('above the default 1 MiB: refused on decode and on encode', () => {
    expect(refused(() => compact.decode(new Uint8Array(1024 * 1024 + 1))).code).toBe(ErrorCode.FRAME_TOO_LARGE);
    const text = 'x'.repeat(1024 * 1024);
    const big = { id: 3, request: { msgSend: { elements: [{ text: { text } }] } } };
    expect(refused(() => compact.encode(big))).toMatchObject({ code: ErrorCode.FRAME_TOO_LARGE, requestId: 3 });
    // Many small strings: the frame outgrows the limit while it is written.
    const many = { id: 4, request: { msgSend: { receiverIds: Array.from({ length: 40_000 }, (_, i) => `receiver-${i}-xxxxxxxxxx`) } } };
    expect(refused(() => compact.encode(many))).toMatchObject({ code: ErrorCode.FRAME_TOO_LARGE, requestId: 4 });
    expect(refused(() => pb.encode(many)).code).toBe(ErrorCode.FRAME_TOO_LARGE);
  });

  test('the limit is configurable, and exact', () => {
    const frame = pb.encode(SAMPLE);
    const at = new CompactCodec({ maxFrameBytes: frame.length });
    const below = new CompactCodec({ maxFrameBytes: frame.length - 1 });
    expect(at.decode(frame).kind).toBe('push');
    expect(at.encode(SAMPLE)).toHaveLength(frame.length);
    expect(refused(() => below.decode(frame)).code).toBe(ErrorCode.FRAME_TOO_LARGE);
    expect(refused(() => below.encode(SAMPLE)).code).toBe(ErrorCode.FRAME_TOO_LARGE);
    expect(refused(() => new ProtobufCodec({ maxFrameBytes: frame.length - 1 }).encode(SAMPLE)).code).toBe(ErrorCode.FRAME_TOO_LARGE);
  });
});

describe('values the schema cannot hold', () => {
  test.each<[string, unknown]>([
    ['a null list element', { id: 1, request: { msgSend: { elements: [null] } } }],
    ['a null map value of a message type', { id: 1, request: { msgSend: { extensions: { k: null } } } }],
    ['a null envelope', null],
  ])('%s: ENCODE_FAILED from both codecs', (_name, value) => {
    expect(refused(() => pb.encode(value as EnvelopeInit)).code).toBe(ErrorCode.ENCODE_FAILED);
    expect(refused(() => compact.encode(value as EnvelopeInit)).code).toBe(ErrorCode.ENCODE_FAILED);
  });

  test('a non-string in a string field is refused (ProtobufCodec writes an empty string)', () => {
    expect(refused(() => compact.encode({ id: 1, request: { msgSend: { convId: 5 as unknown as string } } })).code).toBe(ErrorCode.ENCODE_FAILED);
  });
});
