import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parley } from '../src/generated/proto.js';
import { ProtobufCodec } from '../src/index.js';
import { JsonCodec } from '../src/json.js';
import type { EnvelopeInit } from '../src/types.js';
import { WireReader } from '../src/wire-reader.js';
import { arbitrary, messageTypes, normalize, oneofsOf, plain, sample } from './schema.js';

type Static = { encode(m: unknown): { finish(): Uint8Array }; decode(r: WireReader): unknown };
const v1 = parley.v1 as unknown as Record<string, Static>;
const binary = new ProtobufCodec();
const json = new JsonCodec();

function roundTrip(type: string, value: Record<string, unknown>) {
  const T = v1[type]!;
  const decoded = T.decode(new WireReader(T.encode(value).finish()));
  expect(decoded).toBeInstanceOf(T);
  expect(normalize(type, plain(decoded))).toEqual(normalize(type, value));
}

describe('round trip of every message type', () => {
  test('the schema has the expected breadth', () => {
    expect(messageTypes.length).toBeGreaterThan(200);
  });

  test.each(messageTypes)('%s with every field set', (type) => {
    roundTrip(type, sample(type));
  });

  const members = messageTypes.flatMap((type) =>
    oneofsOf(type).flatMap(([oneof, list]) => list.map((member) => [type, oneof, member] as const)),
  );
  test.each(members)('%s.%s = %s', (type, oneof, member) => {
    roundTrip(type, sample(type, (t, o, m) => (t === type && o === oneof ? member : m[0]!)));
  });
});

describe('envelopes through both codecs', () => {
  const variants = (['Request', 'Response', 'Push'] as const).flatMap((kind) =>
    oneofsOf(kind).flatMap(([oneof, list]) => list.map((member) => [kind, oneof, member] as const)),
  );

  test.each(variants)('%s.%s = %s', (kind, _oneof, member) => {
    const body = sample(kind, (t, o, m) => (t === kind && o !== '' ? member : m[0]!), 2);
    const field = kind.toLowerCase();
    const envelope = { id: 4242, [field]: body } as EnvelopeInit;
    const viaBinary = binary.decode(binary.encode(envelope));
    const viaJson = json.decode(json.encode(envelope));
    expect(viaBinary.kind).toBe(field);
    expect(plain(viaJson)).toEqual(plain(viaBinary));
    expect(normalize('Envelope', plain(viaBinary))).toEqual(normalize('Envelope', envelope as Record<string, unknown>));
  });
});

describe('property: random envelopes round-trip', () => {
  const envelopes = arbitrary('Envelope', 4).filter((e) => {
    // Only frames the codec accepts: a known kind, and a request with an op / a push with an event.
    const kind = ['request', 'response', 'error', 'push', 'ack'].find((k) => k in e);
    if (!kind) return false;
    if (kind === 'request') return oneofsOf('Request')[0]![1].some((m) => m in (e.request as object));
    if (kind === 'push') return oneofsOf('Push')[0]![1].some((m) => m in (e.push as object));
    return true;
  });

  test('binary: decode(encode(x)) is x without its defaults', () => {
    fc.assert(
      fc.property(envelopes, (e) => {
        const decoded = binary.decode(binary.encode(e as EnvelopeInit));
        expect(normalize('Envelope', plain(decoded))).toEqual(normalize('Envelope', e));
      }),
      { numRuns: 400 },
    );
  });

  test('JSON and binary decode to the same envelope', () => {
    fc.assert(
      fc.property(envelopes, (e) => {
        const viaJson = json.decode(json.encode(e as EnvelopeInit));
        const viaBinary = binary.decode(binary.encode(e as EnvelopeInit));
        expect(plain(viaJson)).toEqual(plain(viaBinary));
      }),
      { numRuns: 200 },
    );
  });

  test('64-bit integers keep every value up to 2^53 - 1, and negative int64', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (seq, time) => {
        const e = binary.decode(binary.encode({ id: 1, push: { cursor: seq, message: { message: { seq, time } } } }));
        const m = (e.push as { cursor: number; message: { message: { seq: number; time: number } } });
        expect([m.cursor, m.message.message.seq, m.message.message.time]).toEqual([seq, seq, time]);
      }),
      { numRuns: 500 },
    );
  });
});
