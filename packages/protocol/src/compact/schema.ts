// The run-time form of the compact schema table (src/generated/schema.js, grammar there):
// parsed once, on first use, into plain arrays the encoder and decoder walk.
import { schema } from '../generated/schema.js';
import * as Kind from './kind.js';
import * as Label from './label.js';

const KIND_CODES = 'sbuizUIZdfxXyYB';
/** Wire type of one value of each kind (MESSAGE last). */
export const WIRE = [2, 0, 0, 0, 0, 0, 0, 0, 1, 5, 5, 1, 5, 1, 2, 2];
/** Proto3 default of each scalar kind. */
export const DEFAULTS: unknown[] = ['', false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new Uint8Array(0)];

/**
 * The keys and initial values of a decoded object: scalar defaults, `[]`/`{}` placeholders
 * (replaced per object), `undefined` for message fields and oneof discriminators, in one fixed
 * key order, so that every object decoded from it shares one hidden class.
 */
export interface Shape {
  readonly template: Record<string, unknown>;
  /** Which object-spread call site the decoder copies the template at (see decode.ts); -1: none yet. */
  site: number;
}

/** A field of a message type, as the encoder and decoder need it. */
export interface Field {
  /** The camelCase name: the property of plain objects. */
  readonly name: string;
  readonly num: number;
  /** One of kind.ts. */
  readonly kind: number;
  /** One of label.ts. */
  readonly label: number;
  /** Wire type of one value. */
  readonly wire: number;
  /** Proto3 default of a scalar kind (`undefined` for messages). */
  readonly def: unknown;
  /** The oneof's discriminator property, when the field is a oneof member. */
  readonly oneof: string | undefined;
  /** Map key kind. */
  readonly key: number;
  /** Message type of MESSAGE kinds (the value type of maps); set once every type is parsed. */
  type: MessageType;
  /** For a member of a type's {@link MessageType.wide} oneof: the shape with this member alone. */
  alone: Shape | undefined;
}

/** A message type of the table. */
export interface MessageType {
  /** Fields by ascending number. */
  readonly fields: Field[];
  /** Fields by number (sparse). */
  readonly byNumber: Array<Field | undefined>;
  /** Fields by name, for encoding. */
  readonly byName: Map<string, Field>;
  /** Every field and discriminator. */
  readonly full: Shape;
  /**
   * Whether the type has one oneof of many members (an envelope's kind, a request's op, a
   * push's event): its decoded objects are given just the member present (`alone`), or none
   * (`base`), instead of an `undefined` key for each of the others.
   */
  readonly wide: boolean;
  /** The shape without the wide oneof's members. */
  readonly base: Shape;
  /** Names of repeated and map fields: each decoded object gets its own container. */
  readonly lists: string[];
  readonly maps: string[];
}

const FIELD = /^(\d*)(\w+) ([-*?]|\{[a-zA-Z])?([a-zA-Z]|\+|\d+)(?:\|(\d*))?$/;
/** Oneofs with at least this many members make a type {@link MessageType.wide}. */
const WIDE_ONEOF = 8;

let types: MessageType[] | undefined;

/** The root type, parley.v1.Envelope, with every type it reaches (the table is parsed on first use). */
export function envelopeType(): MessageType {
  types ??= parseSchema(schema);
  return types[0]!;
}

/**
 * Parses a schema table; the first type is the root.
 * @throws {Error} for a table that does not follow the grammar.
 */
export function parseSchema(text: string): MessageType[] {
  const parsed: MessageType[] = [];
  const refs: Array<[Field, number]> = [];
  let next = 1;
  for (const entry of text.split(';')) {
    const slash = entry.indexOf('/');
    const oneofs = slash < 0 ? [] : entry.slice(0, slash).split(' ');
    const body = entry.slice(slash + 1);
    const fields: Field[] = [];
    const byNumber: Array<Field | undefined> = [];
    const byName = new Map<string, Field>();
    const lists: string[] = [];
    const maps: string[] = [];
    const values: Record<string, unknown> = {};
    let num = 0;
    for (const spec of body ? body.split(',') : []) {
      const m = FIELD.exec(spec);
      if (!m) throw new Error(`compact schema: bad field "${spec}"`);
      const [, number, name, mark = '', kindCode, group] = m as unknown as [string, string, string, string | undefined, string, string | undefined];
      num = number ? Number(number) : num + 1;
      const scalar = KIND_CODES.indexOf(kindCode);
      const kind = scalar < 0 ? Kind.MESSAGE : scalar;
      const oneof = group === undefined ? undefined : oneofs[Number(group)];
      let label: number = Label.PLAIN;
      if (mark[0] === '{') label = Label.MAP;
      else if (mark === '*') label = kind === Kind.STRING || kind === Kind.BYTES || kind === Kind.MESSAGE ? Label.REPEATED : Label.PACKED;
      else if (mark === '-') label = Label.REPEATED;
      else if (mark === '?' || oneof !== undefined) label = Label.PRESENCE;
      const field: Field = {
        name,
        num,
        kind,
        label,
        wire: WIRE[kind]!,
        def: DEFAULTS[kind],
        oneof,
        key: label === Label.MAP ? KIND_CODES.indexOf(mark[1]!) : Kind.STRING,
        type: undefined as unknown as MessageType,
        alone: undefined,
      };
      if (kind === Kind.MESSAGE) refs.push([field, kindCode === '+' ? next++ : Number(kindCode)]);
      fields.push(field);
      byNumber[num] = field;
      byName.set(name, field);
      if (label === Label.MAP) maps.push(name);
      if (label === Label.REPEATED || label === Label.PACKED) lists.push(name);
      values[name] = label === Label.MAP ? {} : label === Label.REPEATED || label === Label.PACKED ? [] : label === Label.PLAIN ? field.def : undefined;
    }
    for (const oneof of oneofs) values[oneof] = undefined;
    const wide = oneofs.length === 1 && fields.filter((f) => f.oneof !== undefined).length >= WIDE_ONEOF;
    const base = wide ? Object.fromEntries(Object.entries(values).filter(([key]) => byName.get(key)?.oneof === undefined)) : values;
    parsed.push({ fields, byNumber, byName, full: shape(values), wide, base: shape(base), lists, maps });
  }
  for (const [field, index] of refs) {
    const type = parsed[index];
    if (!type) throw new Error(`compact schema: no type ${index}`);
    field.type = type;
  }
  return parsed;
}

/** The shape of a wide type's object that carries `member` (and no other member). */
export function aloneShape(type: MessageType, member: Field): Shape {
  member.alone ??= shape({ ...type.base.template, [member.name]: undefined });
  return member.alone;
}

/**
 * A shape whose template has fast properties that never change representation. Built key by
 * key, an object of more than ~16 keys is in V8's dictionary mode, and so would be every copy
 * of it; a spread copy is not. Each key first holds `null`, so that its field is tagged: a
 * number field that starts as a small integer would otherwise move every copy to a new hidden
 * class when a time or seq above 2^31 is stored in it.
 */
function shape(values: Record<string, unknown>): Shape {
  const nulls: Record<string, unknown> = {};
  for (const key of Object.keys(values)) nulls[key] = null;
  const template = { ...nulls };
  for (const key of Object.keys(values)) template[key] = values[key];
  return { template, site: -1 };
}
