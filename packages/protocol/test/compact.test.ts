import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ErrorCode } from '../src/codes.js';
import { CompactCodec, DEFAULT_MAX_FRAME_BYTES, SUBPROTOCOL_PROTOBUF } from '../src/compact/index.js';
import { schema, typeNames } from '../src/generated/schema.js';
import type { EnvelopeInit } from '../src/types.js';
import { compact, ld, pb, varint, view } from './compact-helpers.js';
import { arbitrary, messageTypes, normalize, oneofsOf, plain, sample } from './schema.js';

/** Both codecs agree on `envelope`: the same bytes, and each decodes the other's frame alike. */
function agree(envelope: EnvelopeInit) {
  const mine = compact.encode(envelope);
  const theirs = pb.encode(envelope);
  expect(Buffer.from(mine).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
  const expected = view('Envelope', pb.decode(theirs));
  expect(view('Envelope', compact.decode(theirs))).toEqual(expected);
  expect(view('Envelope', pb.decode(mine))).toEqual(expected);
  return compact.decode(mine);
}

const variants = (['Request', 'Response', 'Push'] as const).flatMap((kind) =>
  oneofsOf(kind).flatMap(([oneof, list]) => list.map((member) => [kind, oneof, member] as const)),
);

describe('the generated schema table', () => {
  test('covers every message type, rooted at the envelope', () => {
    expect(typeNames[0]).toBe('parley.v1.Envelope');
    expect([...typeNames].map((n) => n.slice(n.lastIndexOf('.') + 1)).sort()).toEqual(messageTypes);
    expect(schema.split(';')).toHaveLength(typeNames.length);
  });

  test('is checked by `codegen --check` like the other generated files', () => {
    const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
    const dir = mkdtempSync(join(tmpdir(), 'parley-gen-'));
    try {
      cpSync(join(pkgDir, 'src', 'generated'), dir, { recursive: true });
      appendFileSync(join(dir, 'schema.js'), '// hand edit\n');
      const check = () => execFileSync(process.execPath, [join(pkgDir, 'scripts', 'codegen.mjs'), '--check', '--dir', dir], { stdio: 'pipe' });
      expect(check).toThrow(/schema\.js differ/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('CompactCodec and ProtobufCodec: the same wire', () => {
  test.each(variants)('%s.%s = %s, every field set', (kind, _oneof, member) => {
    const body = sample(kind, (t, _o, m) => (t === kind ? member : m[0]!), 2);
    const field = kind.toLowerCase();
    const envelope = { id: 4242, [field]: body } as EnvelopeInit;
    const decoded = agree(envelope);
    expect(decoded.kind).toBe(field);
    expect((decoded as unknown as Record<string, Record<string, unknown>>)[field]![oneofsOf(kind)[0]![0]]).toBe(member);
    // And the round trip is the input without its defaults.
    expect(normalize('Envelope', plain(decoded))).toEqual(normalize('Envelope', envelope as Record<string, unknown>));
  });

  test('every oneof member of every type', () => {
    for (const type of messageTypes) {
      for (const [oneof, members] of oneofsOf(type)) {
        for (const member of members) {
          const value = sample(type, (t, o, m) => (t === type && o === oneof ? member : m[0]!), 2);
          // Carried in a frame through a field of that type, where the envelope reaches it.
          if (type === 'Element') agree({ id: 1, request: { msgSend: { elements: [value] } } });
          if (type === 'Credential') agree({ id: 1, request: { authLogin: { credential: value } } });
          if (type === 'ChangeEntry') agree({ id: 0, response: { syncChanges: { changes: [value] } } });
          if (type === 'AppProof') agree({ id: 1, request: { connHello: { proof: value } } });
        }
      }
    }
  });

  test('errors, acks and an empty envelope id', () => {
    agree({ id: 12, error: { code: ErrorCode.NOT_MEMBER, message: 'not in group:g1', detail: 'convId', retryAfterMs: 5 } });
    agree({ id: 13, ack: {} });
    agree({ id: 0, push: { kicked: {} } });
    agree({ id: 2 ** 32 - 1, response: {} });
  });

  const envelopes = arbitrary('Envelope', 4).filter((e) => {
    const kind = ['request', 'response', 'error', 'push', 'ack'].find((k) => k in e);
    if (!kind) return false;
    if (kind === 'request') return oneofsOf('Request')[0]![1].some((m) => m in (e.request as object));
    if (kind === 'push') return oneofsOf('Push')[0]![1].some((m) => m in (e.push as object));
    return true;
  });

  test('property: random envelopes encode to the same bytes and decode alike', () => {
    fc.assert(
      fc.property(envelopes, (e) => {
        agree(e as EnvelopeInit);
      }),
      { numRuns: 1500, seed: 20261122 },
    );
  });

  test('property: 64-bit varints of any size decode as WireReader reads them', () => {
    fc.assert(
      fc.property(fc.bigUint64Array({ minLength: 3, maxLength: 3 }), ([a, b, c]) => {
        const v64 = (n: bigint) => {
          const out: number[] = [];
          while (n > 127n) {
            out.push(Number(n & 127n) | 128);
            n >>= 7n;
          }
          return [...out, Number(n)];
        };
        // Push.cursor (uint64, field 1) and Message.seq (uint64, 4) / time (int64, 9).
        const message = [0x20, ...v64(b!), 0x48, ...v64(c!)];
        const frame = new Uint8Array(ld(5, [0x08, ...v64(a!), ...ld(20, ld(1, message))]));
        expect(view('Envelope', compact.decode(frame))).toEqual(view('Envelope', pb.decode(frame)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('decoded objects', () => {
  const frame = pb.encode({
    id: 0,
    push: { cursor: 12, message: { message: { convId: 'c2c:alice', seq: 4821, elements: [{ text: { text: 'hi 🙂' } }] } } },
  });

  test('are plain objects with every scalar field at its value or default, as own properties', () => {
    const e = compact.decode(frame);
    const message = e.push?.message?.message;
    const element = message?.elements?.[0];
    for (const o of [e, e.push, e.push?.message, message, element, element?.text]) expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(message).toMatchObject({ convId: 'c2c:alice', seq: 4821, serverMsgId: '', senderTinyId: 0, hidden: false, priority: 0 });
    expect(['serverMsgId', 'hidden', 'receiverIds', 'extras'].every((k) => Object.hasOwn(message!, k))).toBe(true);
    expect([message?.receiverIds, message?.extras, message?.extensions]).toEqual([[], {}, {}]);
    // Absent message fields are undefined, as protobufjs' null defaults read to a client.
    expect([message?.sender, message?.flags, e.push?.message?.conversation, e.request]).toEqual([undefined, undefined, undefined, undefined]);
    // Every list and map is the object's own.
    expect(compact.decode(frame).push?.message?.message?.receiverIds).not.toBe(message?.receiverIds);
  });

  test('carry the oneof discriminators a client reads', () => {
    const e = compact.decode(frame);
    expect([e.kind, e.push?.event, e.push?.message?.message?.elements?.[0]?.kind]).toEqual(['push', 'message', 'text']);
    const r = compact.decode(pb.encode({ id: 4, request: { msgSend: {} } }));
    expect([r.kind, r.request?.op, r.request?.msgSend?.convId]).toEqual(['request', 'msgSend', '']);
  });

  test('the last oneof member on the wire wins; a repeated message field is merged', () => {
    // push { kicked {reason 1} } then push { draining {} }, and msg_send twice with different fields.
    const twoMembers = new Uint8Array([...ld(5, ld(10, [8, 1])), ...ld(5, ld(12, []))]);
    const merged = new Uint8Array([8, 9, ...ld(2, ld(70, ld(3, [0x61]))), ...ld(2, ld(70, [0x20, 7]))]);
    for (const f of [twoMembers, merged]) expect(view('Envelope', compact.decode(f))).toEqual(view('Envelope', pb.decode(f)));
    const push = compact.decode(twoMembers).push;
    expect([push?.event, push?.kicked, push?.draining]).toEqual(['draining', undefined, { retryAfterMs: 0 }]);
    expect(compact.decode(merged).request?.msgSend).toMatchObject({ convId: 'a', seq: 7 });
  });

  test('a map key "__proto__" is an own key, as protobufjs makes it', () => {
    const entry = ld(16, [...ld(1, [...Buffer.from('__proto__')]), ...ld(2, [0x31])]);
    const frame = new Uint8Array([8, 1, ...ld(2, ld(70, entry))]);
    const extras = compact.decode(frame).request?.msgSend?.extras as Record<string, string>;
    expect(Object.getPrototypeOf(extras)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(extras, '__proto__')?.value).toBe('1');
    expect(view('Envelope', compact.decode(frame))).toEqual(view('Envelope', pb.decode(frame)));
    expect(Array.from(compact.encode(compact.decode(frame)))).toEqual(Array.from(frame));
  });

  test('unknown fields are skipped (not kept for re-encoding, unlike ProtobufCodec)', () => {
    const extra = [...varint((200 << 3) | 2), 3, 0x6e, 0x65, 0x77];
    const frame = new Uint8Array([8, 77, ...ld(2, ld(70, [...ld(3, [0x61]), ...extra]))]);
    const decoded = compact.decode(frame);
    expect(decoded.request?.msgSend?.convId).toBe('a');
    expect(compact.encode(decoded).length).toBe(frame.length - extra.length);
  });

  test('proto3 optional fields: absent stays undefined, a default value on the wire is kept', () => {
    const absent = compact.decode(compact.encode({ id: 1, request: { convUpdate: { convIds: ['c'], patch: {} } } }));
    expect(absent.request?.convUpdate?.patch?.pinned).toBeUndefined();
    const set = { id: 1, request: { convUpdate: { convIds: ['c'], patch: { pinned: false, customData: '' } } } };
    expect(agree(set).request?.convUpdate?.patch).toMatchObject({ pinned: false, customData: '' });
  });
});

describe('the codec', () => {
  test('implements the frame codec seam like ProtobufCodec', () => {
    expect([compact.subprotocol, compact.binary, compact.maxFrameBytes]).toEqual([SUBPROTOCOL_PROTOBUF, true, DEFAULT_MAX_FRAME_BYTES]);
    expect(new CompactCodec({ maxFrameBytes: 64 }).maxFrameBytes).toBe(64);
    expect(() => new CompactCodec({ maxFrameBytes: 1.5 })).toThrow(RangeError);
  });

  test('frames are independent of each other and of later frames', () => {
    const codec = new CompactCodec();
    const text = (t: string) => ({ id: 9, request: { msgSend: { convId: 'group:g1', elements: [{ text: { text: t } }] } } });
    const big = codec.encode(text('x'.repeat(20_000)));
    const frames = Array.from({ length: 200 }, (_, i) => codec.encode(text(`frame ${i}`)));
    const copies = frames.map((f) => Uint8Array.from(f));
    frames[0]!.fill(0xff);
    expect(frames.slice(1).map((f) => Buffer.from(f).toString('hex'))).toEqual(copies.slice(1).map((f) => Buffer.from(f).toString('hex')));
    expect(codec.decode(big).request?.msgSend?.elements?.[0]?.text?.text).toHaveLength(20_000);
    expect(codec.decode(frames[199]!).request?.msgSend?.elements?.[0]?.text?.text).toBe('frame 199');
  });

  test('a failed encode leaves the codec usable', () => {
    const bad = { id: 1, request: { msgSend: { elements: [null as unknown as object] } } };
    expect(() => compact.encode(bad)).toThrow(expect.objectContaining({ code: ErrorCode.ENCODE_FAILED, requestId: 1 }));
    expect(compact.decode(compact.encode({ id: 2, ack: {} })).kind).toBe('ack');
  });

  test('accepts ArrayBuffers and views', () => {
    const frame = compact.encode({ id: 3, ack: {} });
    const padded = new Uint8Array(frame.length + 8);
    padded.set(frame, 4);
    expect(compact.decode(padded.subarray(4, 4 + frame.length)).id).toBe(3);
    expect(compact.decode(Uint8Array.from(frame).buffer).id).toBe(3);
    expect(compact.decode(Buffer.from(frame)).id).toBe(3);
  });

  test('encodes int64 given as strings or Long-like objects as protobufjs does', () => {
    for (const time of ['1795312845117', { low: 1, high: 2, unsigned: false }]) {
      const e = { id: 1, request: { msgSend: { time } } } as unknown as EnvelopeInit;
      expect(Array.from(compact.encode(e))).toEqual(Array.from(pb.encode(e)));
    }
  });
});
