// The compact codec on every kind the table can express, including those parley.v1 does not
// use today (fixed-width numbers, floats, bytes, sint64, unpacked lists, non-string map keys,
// several oneofs): a synthetic schema through the real codegen, against protobufjs'
// reflection codec of the same schema.
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, test } from 'vitest';
import { decodeFrame } from '../src/compact/decode.js';
import { encodeFrame } from '../src/compact/encode.js';
import { parseSchema } from '../src/compact/schema.js';
import { WireReader } from '../src/wire-reader.js';

const PROTO = `
syntax = "proto3";
package t;
enum E { E0 = 0; E1 = 1; NEG = -3; }
message All {
  string s = 1; bool b = 2; uint32 u32 = 3; int32 i32 = 4; sint32 si32 = 5; uint64 u64 = 6;
  int64 i64 = 7; sint64 si64 = 8; double d = 9; float f = 10; fixed32 fx32 = 11; fixed64 fx64 = 12;
  sfixed32 sfx32 = 13; sfixed64 sfx64 = 14; bytes by = 15; E e = 16; All child = 17;
  repeated string rs = 21; repeated bool rb = 22; repeated uint32 ru32 = 23; repeated int32 ri32 = 24;
  repeated sint32 rsi32 = 25; repeated uint64 ru64 = 26; repeated int64 ri64 = 27; repeated sint64 rsi64 = 28;
  repeated double rd = 29; repeated float rf = 30; repeated fixed32 rfx32 = 31; repeated fixed64 rfx64 = 32;
  repeated sfixed32 rsfx32 = 33; repeated sfixed64 rsfx64 = 34; repeated bytes rby = 35; repeated E re = 36;
  repeated All rchild = 37;
  repeated int32 ui32 = 40 [packed = false]; repeated sint64 usi64 = 41 [packed = false];
  repeated bool ub = 42 [packed = false]; repeated double ud = 43 [packed = false];
  map<string, int64> m1 = 50; map<int32, string> m2 = 51; map<bool, All> m3 = 52; map<uint32, E> m4 = 53;
  map<sint32, double> m5 = 54; map<fixed32, bytes> m6 = 55; map<sfixed32, float> m7 = 56;
  optional int32 oi = 60; optional string os = 61; optional All om = 62;
  oneof first { string ps = 70; All pm = 71; int64 pi = 72; }
  oneof second { bool qb = 80; E qe = 81; }
  Wide wide = 90;
  int32 far = 536870911;
}
message Wide {
  uint32 n = 1;
  oneof member { All a1 = 2; Empty a2 = 3; string a3 = 4; int32 a4 = 5; E a5 = 6; All a6 = 7; Empty a7 = 8; All a8 = 9; }
}
message Empty {}
`;

const root = protobuf.parse(PROTO, { keepCase: false }).root;
root.resolveAll();
const All = root.lookupType('t.All');
const { compactSchema } = (await import('../scripts/codegen.mjs' as string)) as {
  compactSchema(root: protobuf.Root, rootName: string): { schema: string; typeNames: string[] };
};
const { schema } = compactSchema(root, 't.All');
const compactAll = parseSchema(schema)[0]!;

const int64 = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const uint64 = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const scalars: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.string({ unit: 'binary', maxLength: 8 }),
  bool: fc.boolean(),
  uint32: fc.nat({ max: 0xffffffff }),
  int32: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  sint32: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  uint64,
  int64,
  sint64: int64,
  double: fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0)),
  float: fc.constantFrom(0, 1.5, -2.25, 3.4e38, -1e-30, Number.POSITIVE_INFINITY),
  fixed32: fc.nat({ max: 0xffffffff }),
  fixed64: uint64,
  sfixed32: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  sfixed64: int64,
  bytes: fc.uint8Array({ maxLength: 6 }),
};
const keys: Record<string, fc.Arbitrary<string>> = {
  string: fc.string({ maxLength: 4 }),
  int32: fc.integer({ min: -0x80000000, max: 0x7fffffff }).map(String),
  uint32: fc.nat({ max: 0xffffffff }).map(String),
  sint32: fc.integer({ min: -0x80000000, max: 0x7fffffff }).map(String),
  fixed32: fc.nat({ max: 0xffffffff }).map(String),
  sfixed32: fc.integer({ min: -0x80000000, max: 0x7fffffff }).map(String),
  bool: fc.constantFrom('true', 'false'),
};

/** Plain objects of `type`: random fields, at most one member per oneof. */
function arbitrary(type: protobuf.Type, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const one = (field: protobuf.Field): fc.Arbitrary<unknown> => {
    const t = field.resolvedType;
    if (t instanceof protobuf.Enum) return fc.constantFrom(...Object.values(t.values));
    if (t instanceof protobuf.Type) return depth > 0 ? arbitrary(t, depth - 1) : fc.constant({});
    return scalars[field.type]!;
  };
  const plain: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of type.fieldsArray) {
    if (field.partOf && !field.partOf.isProto3Optional) continue;
    if (field instanceof protobuf.MapField) plain[field.name] = fc.dictionary(keys[field.keyType]!, one(field), { maxKeys: 3 });
    else plain[field.name] = field.repeated ? fc.array(one(field), { maxLength: 3 }) : one(field);
  }
  const oneofs = type.oneofsArray
    .filter((o) => !o.isProto3Optional)
    .map((o) => fc.option(fc.oneof(...o.fieldsArray.map((f) => one(f).map((v) => ({ [f.name]: v })))), { nil: {} }));
  return fc.tuple(fc.record(plain, { requiredKeys: [] }), ...oneofs).map(([r, ...picked]) => Object.assign({}, r, ...picked));
}

/**
 * Every field of a decoded `type` as a client reads it (see compact-helpers.ts). protobufjs'
 * reflection classes, unlike its static code, put 64-bit Longs and oneof member defaults on
 * their prototypes: for them (`reflected`), an inherited field reads as the static code's
 * default instead.
 */
function view(type: protobuf.Type, value: unknown, reflected: boolean): unknown {
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const t = field.resolvedType;
    const one = (x: unknown) => (t instanceof protobuf.Type ? view(t, x, reflected) : x instanceof Uint8Array ? Array.from(x) : x);
    let v = o[field.name];
    if (reflected && !Object.hasOwn(o, field.name)) {
      const presence = field.partOf !== null || t instanceof protobuf.Type;
      v = presence ? undefined : t instanceof protobuf.Enum ? 0 : field.type === 'bytes' ? new Uint8Array(0) : (scalarDefaults[field.type] ?? v);
    }
    if (field instanceof protobuf.MapField) out[field.name] = Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, one(x)]));
    else if (field.repeated) out[field.name] = (v as unknown[]).map(one);
    else out[field.name] = v == null ? undefined : one(v);
  }
  for (const oneof of type.oneofsArray) if (!oneof.isProto3Optional) out[`$${oneof.name}`] = o[oneof.name];
  return out;
}
const scalarDefaults: Record<string, unknown> = { string: '', bool: false, double: 0, float: 0 };
for (const t of ['uint32', 'int32', 'sint32', 'uint64', 'int64', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64']) scalarDefaults[t] = 0;

const encode = (value: unknown) => encodeFrame(compactAll, value, 1 << 20, 0);
const decode = (bytes: Uint8Array) => decodeFrame(compactAll, bytes);

describe('every kind, label and map key of the table', () => {
  test('the codegen writes them all', () => {
    expect(schema).toContain('ui32 -i');
    expect(schema).toMatch(/m3 \{b\d/);
    expect(schema).toContain('536870911far i');
  });

  test('property: the same bytes as protobufjs, decoded alike both ways', () => {
    fc.assert(
      fc.property(arbitrary(All, 1), (value) => {
        const theirs = All.encode(value).finish();
        const mine = encode(value);
        expect(Buffer.from(mine).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
        expect(view(All, decode(theirs), false)).toEqual(view(All, All.decode(new WireReader(theirs)), true));
      }),
      { numRuns: 300, seed: 2026 },
    );
  }, 60_000);

  test('numeric lists are read packed or not, whichever way they come', () => {
    const value = { ri32: [1, -2, 300], ui32: [4, -5], rd: [1.5], ud: [2.5, -0.25], ub: [true, false, true] };
    const packed = All.encode(value).finish();
    // The same lists, each written the other way: protobufjs' writer by hand.
    const w = protobuf.Writer.create();
    for (const x of value.ri32) w.uint32((24 << 3) | 0).int32(x);
    w.uint32((40 << 3) | 2).fork();
    for (const x of value.ui32) w.int32(x);
    w.ldelim();
    w.uint32((29 << 3) | 1).double(1.5);
    w.uint32((43 << 3) | 2).fork().double(2.5).double(-0.25).ldelim();
    w.uint32((42 << 3) | 2).fork().bool(true).bool(false).bool(true).ldelim();
    expect(view(All, decode(w.finish()), false)).toEqual(view(All, decode(packed), false));
    expect(decode(packed)).toMatchObject(value);
  });

  test('the wide oneof: one member, none, or two (the last wins)', () => {
    for (const wide of [{ n: 1, a3: 'x' }, { n: 2 }, { a1: { s: 'deep' } }, { a2: {}, a8: { b: true } }]) {
      const bytes = All.encode({ wide }).finish();
      expect(view(All, decode(bytes), false)).toEqual(view(All, All.decode(new WireReader(bytes)), true));
    }
  });
});
