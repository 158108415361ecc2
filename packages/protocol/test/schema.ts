// Test helpers that walk the parley.v1 schema (its reflection descriptor) to build sample
// values and fast-check arbitraries for any message type, so tests cover every type and every
// oneof member without listing them by hand.
import fc from 'fast-check';
import { descriptor } from '../src/generated/descriptor.js';

interface FieldDesc {
  type: string;
  id: number;
  rule?: 'repeated';
  keyType?: string;
}
interface TypeDesc {
  fields: Record<string, FieldDesc>;
  oneofs?: Record<string, { oneof: string[] }>;
}
interface EnumDesc {
  values: Record<string, number>;
}

const v1 = (descriptor as { nested: { parley: { nested: { v1: { nested: Record<string, TypeDesc | EnumDesc> } } } } }).nested.parley.nested
  .v1.nested;

const short = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/** Every message type name of parley.v1. */
export const messageTypes: string[] = Object.keys(v1)
  .filter((name) => 'fields' in v1[name]!)
  .sort();

export function typeDesc(name: string): TypeDesc {
  const d = v1[short(name)];
  if (!d || !('fields' in d)) throw new Error(`no message type ${name}`);
  return d;
}

function enumDesc(name: string): EnumDesc | undefined {
  const d = v1[short(name)];
  return d && 'values' in d ? d : undefined;
}

/** Real (non-synthetic) oneofs of a type: proto3 `optional` fields make `_name` oneofs. */
export function oneofsOf(name: string): Array<[string, string[]]> {
  return Object.entries(typeDesc(name).oneofs ?? {})
    .filter(([key]) => !key.startsWith('_'))
    .map(([key, o]) => [key, o.oneof]);
}

const SCALAR_SAMPLES: Record<string, (field: string, i: number) => unknown> = {
  string: (field, i) => `${field}-${i} é 😀`,
  bool: () => true,
  int32: (_f, i) => -7 - i,
  sint32: (_f, i) => -1 - i,
  uint32: (_f, i) => 4_000_000_000 + i,
  fixed32: (_f, i) => 77 + i,
  int64: (_f, i) => 1_795_000_000_000 + i,
  sint64: (_f, i) => -(2 ** 40) - i,
  uint64: (_f, i) => 2 ** 52 + i,
  fixed64: (_f, i) => 2 ** 45 + i,
  double: (_f, i) => 39.9042 + i,
  float: () => 1.5,
};

/**
 * A sample value of `type` with every field set to a non-default value. For each oneof,
 * `choose` picks the member to set (default: the first); recursive types stop at `depth`.
 */
export function sample(type: string, choose: (type: string, oneof: string, members: string[]) => string = (_t, _o, m) => m[0]!, depth = 3): Record<string, unknown> {
  const desc = typeDesc(type);
  const skip = new Set<string>();
  for (const [oneof, members] of oneofsOf(type)) {
    const chosen = choose(short(type), oneof, members);
    for (const m of members) if (m !== chosen) skip.add(m);
  }
  const out: Record<string, unknown> = {};
  for (const [field, f] of Object.entries(desc.fields)) {
    if (skip.has(field)) continue;
    const one = (i: number): unknown => {
      const scalar = SCALAR_SAMPLES[f.type];
      if (scalar) return scalar(field, i);
      const e = enumDesc(f.type);
      if (e) return Math.max(...Object.values(e.values));
      return depth > 0 ? sample(f.type, choose, depth - 1) : {};
    };
    if (f.keyType) out[field] = { [`k-${field}`]: one(0), 'k-2': one(1) };
    else if (f.rule === 'repeated') out[field] = [one(0), one(1)];
    else out[field] = one(0);
  }
  return out;
}

const text = fc.string({ unit: 'binary', maxLength: 12 });

function scalarArb(type: string): fc.Arbitrary<unknown> | undefined {
  switch (type) {
    case 'string':
      return text;
    case 'bool':
      return fc.boolean();
    case 'int32':
    case 'sint32':
      return fc.integer();
    case 'uint32':
    case 'fixed32':
      return fc.nat({ max: 0xffffffff });
    case 'int64':
    case 'sint64':
      return fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    case 'uint64':
    case 'fixed64':
      return fc.nat({ max: Number.MAX_SAFE_INTEGER });
    case 'double':
      return fc.double({ noNaN: true, noDefaultInfinity: false }).filter((d) => !Object.is(d, -0));
    case 'float':
      return fc.constantFrom(0, 1.5, -2.25, 1024);
    default:
      return undefined;
  }
}

/** A fast-check arbitrary of plain objects of `type`: random subsets of fields, one member per oneof. */
export function arbitrary(type: string, depth = 3): fc.Arbitrary<Record<string, unknown>> {
  const desc = typeDesc(type);
  const oneofs = oneofsOf(type);
  const inOneof = new Set(oneofs.flatMap(([, m]) => m));
  const fieldArb = (field: string, f: FieldDesc): fc.Arbitrary<unknown> => {
    const e = enumDesc(f.type);
    const base =
      scalarArb(f.type) ??
      (e ? fc.constantFrom(...Object.values(e.values)) : depth > 0 ? fc.constant(null).chain(() => arbitrary(f.type, depth - 1)) : fc.constant({}));
    if (f.keyType) return fc.dictionary(text, base, { maxKeys: 3 });
    if (f.rule === 'repeated') return fc.array(base, { maxLength: 3 });
    void field;
    return base;
  };
  const plain: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [field, f] of Object.entries(desc.fields)) if (!inOneof.has(field)) plain[field] = fieldArb(field, f);
  const record = fc.record(plain, { requiredKeys: [] });
  if (oneofs.length === 0) return record as fc.Arbitrary<Record<string, unknown>>;
  const choices = oneofs.map(([, members]) =>
    fc.option(fc.oneof(...members.map((m) => fieldArb(m, desc.fields[m]!).map((v) => ({ [m]: v })))), { nil: {} }),
  );
  return fc.tuple(record, ...choices).map(([r, ...picked]) => Object.assign({}, r, ...picked));
}

/**
 * What a proto3 round trip yields for `value` of `type`: fields at their default value are
 * absent (a set oneof member that is an empty message stays, as `{}`).
 */
export function normalize(type: string, value: Record<string, unknown>): Record<string, unknown> {
  const desc = typeDesc(type);
  const inOneof = new Set(Object.values(desc.oneofs ?? {}).flatMap((o) => o.oneof));
  const out: Record<string, unknown> = {};
  // Decoded objects always carry their repeated and map fields, empty or not.
  for (const [field, f] of Object.entries(desc.fields)) {
    if (f.keyType) out[field] = {};
    else if (f.rule === 'repeated') out[field] = [];
  }
  for (const [field, v] of Object.entries(value)) {
    const f = desc.fields[field];
    if (!f || v === undefined || v === null) continue;
    const isMessage = !scalarArb(f.type) && !enumDesc(f.type);
    const norm = (x: unknown) => (isMessage ? normalize(f.type, x as Record<string, unknown>) : x);
    if (f.keyType) {
      const entries = Object.entries(v as Record<string, unknown>);
      out[field] = Object.fromEntries(entries.map(([k, x]) => [k, norm(x)]));
    } else if (f.rule === 'repeated') {
      out[field] = (v as unknown[]).map(norm);
    } else if (isMessage) {
      out[field] = norm(v);
    } else if (inOneof.has(field) || (v !== '' && v !== 0 && v !== false)) {
      out[field] = v;
    }
  }
  return out;
}

/** A decoded object as plain data (own enumerable fields, as JSON sees it). */
export function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value));
}
