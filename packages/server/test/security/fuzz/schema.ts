// The fuzzer builds requests for every op from the schema itself, so a new op is fuzzed the day
// it is added. The protocol package keeps its reflection descriptor internal (only the JSON
// codec loads it), so this test-only module reads the generated file by path.
import { descriptor } from '../../../../protocol/src/generated/descriptor.js';
import type { Rng } from './prng.js';

interface FieldDesc {
  type: string;
  id: number;
  rule?: string;
  keyType?: string;
}
interface TypeDesc {
  fields: Record<string, FieldDesc>;
  oneofs?: Record<string, { oneof: string[] }>;
}
interface EnumDesc {
  values: Record<string, number>;
}

const v1 = (descriptor as unknown as { nested: { parley: { nested: { v1: { nested: Record<string, TypeDesc | EnumDesc> } } } } }).nested.parley
  .nested.v1.nested;

function typeDesc(name: string): TypeDesc {
  const d = v1[name];
  if (!d || !('fields' in d)) throw new Error(`no message type ${name}`);
  return d;
}

function enumValues(name: string): number[] | undefined {
  const d = v1[name];
  return d && 'values' in d ? Object.values(d.values) : undefined;
}

const SCALARS = new Set(['string', 'bytes', 'bool', 'int32', 'sint32', 'uint32', 'fixed32', 'sfixed32', 'int64', 'sint64', 'uint64', 'fixed64', 'sfixed64', 'double', 'float']);

/** Every request operation of the schema, in field order. */
export const OP_NAMES: readonly string[] = typeDesc('Request').oneofs?.op?.oneof ?? [];

/** The payload message type of request op `op`. */
export function payloadType(op: string): string {
  const field = typeDesc('Request').fields[op];
  if (!field) throw new Error(`no op ${op}`);
  return field.type;
}

/** The field number of `field` in message type `type`. */
export function fieldNumber(type: string, field: string): number {
  const f = typeDesc(type).fields[field];
  if (!f) throw new Error(`no field ${type}.${field}`);
  return f.id;
}

/** Where the fuzzer points the ids it writes: real users, conversations, groups and rooms. */
export interface Targets {
  users: readonly string[];
  convIds: readonly string[];
  groupIds: readonly string[];
  roomIds: readonly string[];
  /** Users a privileged stream may act for (`Request.subject`); absent for other streams. */
  subjects?: readonly string[];
}

/** Field names whose strings are user ids (singular) and user id lists (repeated). */
const USER_FIELD = /^(userId|peerId|friendId|toId|fromId|newOwnerId|applicantId|ownerId|targetId|readerId|inviterId|operatorId|blockedId|senderId|handlerId|creatorId)$/;
const USER_LIST_FIELD = /^(userIds|memberIds|receiverIds|friends|adminIds|owners|admins|users)$/;

/**
 * A plausible value of `type`: ids drawn from `targets`, small seqs and limits, short texts,
 * JSON text in string maps. `fill` is the chance that an optional field is set; oneofs get one
 * member. Recursive types stop at `depth`.
 */
export function sample(type: string, rng: Rng, targets: Targets, fill = 0.6, depth = 3): Record<string, unknown> {
  const desc = typeDesc(type);
  const out: Record<string, unknown> = {};
  const inOneof = new Set<string>();
  for (const [name, oneof] of Object.entries(desc.oneofs ?? {})) {
    for (const m of oneof.oneof) inOneof.add(m);
    // proto3 `optional` fields are synthetic `_name` oneofs: set them like any optional field.
    if (name.startsWith('_')) {
      for (const m of oneof.oneof) inOneof.delete(m);
      continue;
    }
    if (rng.chance(0.9)) {
      const member = rng.pick(oneof.oneof);
      out[member] = fieldValue(member, desc.fields[member] as FieldDesc, rng, targets, fill, depth);
    }
  }
  for (const [name, f] of Object.entries(desc.fields)) {
    if (inOneof.has(name) || !rng.chance(fill)) continue;
    out[name] = fieldValue(name, f, rng, targets, fill, depth);
  }
  return out;
}

function fieldValue(name: string, f: FieldDesc, rng: Rng, targets: Targets, fill: number, depth: number): unknown {
  if (f.keyType) {
    const map: Record<string, unknown> = {};
    const n = rng.int(4);
    for (let i = 0; i < n; i++) map[rng.pick(['k', 'nick', 'level', rng.text(6)])] = single(name, f, rng, targets, fill, depth, true);
    return map;
  }
  if (f.rule === 'repeated') {
    if (USER_LIST_FIELD.test(name) && f.type === 'string') return pickSome(rng, targets.users);
    return Array.from({ length: rng.int(4) }, () => single(name, f, rng, targets, fill, depth, false));
  }
  return single(name, f, rng, targets, fill, depth, false);
}

function pickSome(rng: Rng, from: readonly string[]): string[] {
  return Array.from({ length: 1 + rng.int(3) }, () => rng.pick(from));
}

function single(name: string, f: FieldDesc, rng: Rng, targets: Targets, fill: number, depth: number, inMap: boolean): unknown {
  const values = enumValues(f.type);
  if (values) return rng.chance(0.9) ? rng.pick(values) : rng.range(-2, 40);
  if (!SCALARS.has(f.type)) return depth > 0 ? sample(f.type, rng, targets, fill, depth - 1) : {};
  switch (f.type) {
    case 'string':
      return stringValue(name, rng, targets, inMap);
    case 'bytes':
      return rng.bytes(rng.int(16));
    case 'bool':
      return rng.chance(0.5);
    case 'double':
    case 'float':
      return rng.pick([0, 1.5, -3.25, 39.9, 1e308, -1e-300]);
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      // Times and cursors; now and then the edges of the 2^53 contract.
      return rng.pick([Date.now(), Date.now() + 60_000, 0, -1, 1, 2 ** 53 - 1, -(2 ** 53 - 1)]);
    case 'uint64':
    case 'fixed64':
      return rng.chance(0.8) ? rng.int(60) : rng.pick([0, 2 ** 32, 2 ** 53 - 1]);
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return rng.chance(0.8) ? rng.range(-5, 100) : rng.pick([-(2 ** 31), 2 ** 31 - 1]);
    default:
      // uint32, fixed32: limits, counts, versions, seconds.
      return rng.chance(0.8) ? rng.int(120) : rng.pick([0, 2 ** 32 - 1, 2 ** 31]);
  }
}

function stringValue(name: string, rng: Rng, targets: Targets, inMap: boolean): string {
  // Maps of JSON text (extras, custom fields, policies, attributes) mostly hold JSON.
  if (inMap) return rng.chance(0.8) ? rng.pick(['"abc"', '3', 'true', '{"a":1}', 'null']) : rng.text(12);
  if (rng.chance(0.05)) return rng.text(24);
  if (USER_FIELD.test(name) || USER_LIST_FIELD.test(name)) return rng.pick(targets.users);
  switch (name) {
    case 'convId':
    case 'convIds':
      return rng.pick(targets.convIds);
    case 'groupId':
    case 'groupIds':
    case 'parentId':
      return rng.pick(targets.groupIds);
    case 'roomId':
    case 'rooms':
      return rng.pick(targets.roomIds);
    case 'clientMsgId':
    case 'idempotencyKey':
      return `fz-${rng.u32().toString(36)}`;
    case 'serverMsgId':
      return String(rng.u32());
    case 'text':
      return rng.text(40);
    case 'key':
    case 'keys':
      return rng.pick(['k', 'nick', 'level', 'score']);
    default:
      return rng.chance(0.7) ? rng.pick(['x', 'name', '1', '']) : rng.text(16);
  }
}
