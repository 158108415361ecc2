/**
 * The frame generators of one fuzz stream: valid requests of every op, and the same requests
 * mutated every way a broken or hostile client might, on either subprotocol.
 */
import { type EnvelopeInit, ProtobufCodec } from '@parley/protocol';
import { JsonCodec } from '@parley/protocol/json';
import type { AppConfig } from '../../../src/config/types.js';
import { hello, login, type RequestInit, realRequest } from './corpus.js';
import * as json from './mutate-json.js';
import * as proto from './mutate-proto.js';
import type { Rng } from './prng.js';
import { sample, type Targets } from './schema.js';

/** One WebSocket message to send. */
export interface Frame {
  /** Bytes go out as a binary message unless `text` is set; strings always as text. */
  data: Uint8Array | string;
  /** Send bytes with the text opcode (raw invalid UTF-8 in a text message). */
  text?: boolean;
  /** The envelope id the server may answer, 0 when the frame carries none that is readable. */
  id: number;
  /** Which generator made it (counts and failure reports). */
  kind: FrameKind;
  /** A well-formed request that must be answered while the connection stays open. */
  mustAnswer?: boolean;
  /** The op of a well-formed request (coverage counts). */
  op?: string;
}

/** How often each generator runs, relative to the others. */
export const FRAME_WEIGHTS = {
  valid: 30,
  handshake: 4,
  random: 5,
  bitflip: 8,
  truncate: 6,
  typeSwap: 9,
  hugeLength: 4,
  invalidUtf8: 4,
  unknownOp: 3,
  duplicateId: 4,
  serverKind: 3,
  crossSubprotocol: 2,
  idEdge: 2,
  hugeRepeated: 1,
  deepNesting: 0.6,
  oversize: 0.2,
} as const;

export type FrameKind = keyof typeof FRAME_WEIGHTS;

/** What a stream's generators share. */
export interface StreamState {
  readonly rng: Rng;
  /** `parley.v1.json` when true, `parley.v1.proto` otherwise. */
  readonly json: boolean;
  readonly app: AppConfig;
  readonly targets: Targets;
  /** Fuzz users this stream may log in as. */
  readonly fuzzUsers: readonly string[];
  readonly maxFrameBytes: number;
  nextId(): number;
  /** The last valid frame sent (for duplicates). */
  lastValid?: Frame;
  /** Resume tokens of sessions this worker's streams logged in (newest last), for `auth.resume`. */
  readonly resumeTokens: readonly string[];
}

const protoCodec = new ProtobufCodec({ maxFrameBytes: 64 * 1024 * 1024 });
const jsonCodec = new JsonCodec({ maxFrameBytes: 64 * 1024 * 1024 });

/** A request in the stream's own encoding; a ping when the generated one cannot be encoded. */
function encodeRequest(asJson: boolean, id: number, request: RequestInit): Uint8Array | string {
  const envelope = { id, request } as EnvelopeInit;
  try {
    return asJson ? jsonCodec.encode(envelope) : protoCodec.encode(envelope);
  } catch {
    const ping = { id, request: { connPing: {} } };
    return asJson ? jsonCodec.encode(ping) : protoCodec.encode(ping);
  }
}

function validFrame(s: StreamState, request = realRequest(s.rng, s.targets)): Frame {
  const id = s.nextId();
  const op = Object.keys(request).find((key) => key !== 'idempotencyKey');
  return { data: encodeRequest(s.json, id, request), id, kind: 'valid', mustAnswer: true, ...(op && { op }) };
}

/** A valid frame's binary form, whatever the stream's subprotocol (for byte-level mutations). */
function validBytes(s: StreamState): { id: number; bytes: Uint8Array } {
  const id = s.nextId();
  const envelope = { id, request: realRequest(s.rng, s.targets) } as EnvelopeInit;
  try {
    return { id, bytes: protoCodec.encode(envelope) };
  } catch {
    return { id, bytes: protoCodec.encode({ id, request: { connPing: {} } }) };
  }
}

function validText(s: StreamState): { id: number; text: string } {
  const id = s.nextId();
  return { id, text: encodeRequest(true, id, realRequest(s.rng, s.targets)) as string };
}

/** Makes the next frame(s) of a stream. */
export function nextFrames(s: StreamState): Frame[] {
  const { rng } = s;
  const kind = rng.weighted(FRAME_WEIGHTS);
  switch (kind) {
    case 'valid': {
      const frame = validFrame(s);
      s.lastValid = frame;
      return [frame];
    }
    case 'handshake': {
      // hello, login and resume at any point: twice, out of order, after a logout, resuming a
      // session that is still connected elsewhere.
      const roll = rng.int(3);
      const resume = roll === 2 && s.resumeTokens.length > 0 ? { authResume: { resumeToken: rng.pick(s.resumeTokens) } } : undefined;
      const request = resume ?? (roll === 0 ? hello(rng, s.app) : login(rng, s.app, rng.pick(s.fuzzUsers)));
      return [{ ...validFrame(s, request), kind }];
    }
    case 'random': {
      if (s.json && rng.chance(0.7)) return [{ data: rng.text(200), id: 0, kind }];
      // Now and then with a readable id in front, so the server can answer it.
      const body = rng.bytes(rng.int(300));
      if (rng.chance(0.3)) body[0] = 0x08;
      return [{ data: body, id: 0, kind }];
    }
    case 'bitflip': {
      if (s.json) {
        const { id, text } = validText(s);
        return [{ data: json.flipChars(rng, text), id, kind }];
      }
      const { id, bytes } = validBytes(s);
      return [{ data: proto.flipBits(rng, bytes), id, kind }];
    }
    case 'truncate': {
      if (s.json) {
        const { id, text } = validText(s);
        return [{ data: json.truncateText(rng, text), id, kind }];
      }
      const { id, bytes } = validBytes(s);
      return [{ data: proto.truncate(rng, bytes), id, kind }];
    }
    case 'typeSwap': {
      if (s.json) {
        const { id, text } = validText(s);
        return [{ data: json.swapType(rng, text), id, kind }];
      }
      const { id, bytes } = validBytes(s);
      return [{ data: proto.swapWireType(rng, bytes), id, kind }];
    }
    case 'hugeLength': {
      if (s.json) {
        const { id, text } = validText(s);
        return [{ data: json.hugeNumbers(rng, text), id, kind }];
      }
      const { id, bytes } = validBytes(s);
      return [{ data: proto.hugeLength(rng, bytes), id, kind }];
    }
    case 'invalidUtf8':
      return [invalidUtf8(s)];
    case 'unknownOp': {
      const id = s.nextId();
      if (!s.json) return [{ data: proto.unknownVariant(rng, id), id, kind }];
      const text = rng.pick([`{"id":${id},"request":{"fooBar":{}}}`, `{"id":${id},"bogus":{}}`, `{"id":${id},"request":{}}`, `{"id":${id}}`, '[]', 'null', '"x"']);
      return [{ data: text, id, kind }];
    }
    case 'duplicateId': {
      // The same request twice in a row, or a new request reusing an id still in flight.
      const first = s.lastValid ?? validFrame(s);
      if (rng.chance(0.5)) return [{ ...first, kind }, { ...first, kind }];
      return [{ data: encodeRequest(s.json, first.id, realRequest(rng, s.targets)), id: first.id, kind }];
    }
    case 'serverKind':
      return [serverKind(s)];
    case 'crossSubprotocol': {
      // Binary protobuf on the JSON subprotocol, JSON text on the binary one.
      if (s.json) {
        const { id, bytes } = validBytes(s);
        return [{ data: bytes, id, kind }];
      }
      const { id, text } = validText(s);
      return [{ data: text, id, kind }];
    }
    case 'idEdge': {
      if (!s.json) {
        const id = rng.pick([0, 2 ** 32 - 1]);
        return [{ data: protoCodec.encode({ id, request: { connPing: {} } }), id, kind }];
      }
      const id = rng.pick(['-1', '1.5', '"7"', '4294967296', '1e20', 'null', '[]', '{}']);
      return [{ data: `{"id":${id},"request":{"connPing":{}}}`, id: 0, kind }];
    }
    case 'hugeRepeated':
      return [hugeRepeated(s)];
    case 'deepNesting':
      return [deepNesting(s)];
    case 'oversize': {
      const size = s.maxFrameBytes + 1 + rng.int(1000);
      if (s.json) return [{ data: `{"id":1,"pad":"${'x'.repeat(size)}"}`, id: 0, kind }];
      const bytes = new Uint8Array(size);
      bytes.set([0x08, 0x01, 0x12]);
      return [{ data: bytes, id: 0, kind }];
    }
  }
}

function invalidUtf8(s: StreamState): Frame {
  const { rng } = s;
  const kind = 'invalidUtf8';
  const id = s.nextId();
  const marker = 'UTF8MARK';
  const request = rng.pick<RequestInit>([
    { msgSend: { convId: rng.pick(s.targets.convIds), elements: [{ text: { text: marker } }] } },
    { userGetProfiles: { users: [{ userId: marker }] } },
    { syncPull: { ranges: [{ convId: `c2c:${marker}`, limit: 5 }] } },
    { groupCreate: { group: { name: marker } } },
    { connPing: {}, idempotencyKey: marker },
  ]);
  if (!s.json) return { data: proto.poisonUtf8(rng, protoCodec.encode({ id, request } as EnvelopeInit), marker), id, kind };
  const text = jsonCodec.encode({ id, request } as EnvelopeInit);
  switch (rng.int(4)) {
    case 0:
      // Lone surrogates: valid JSON text whose strings cannot be UTF-8.
      return { data: json.loneSurrogates(rng, text), id, kind };
    case 1:
      // Rarely: raw invalid bytes in a text message, which WebSocket itself forbids (1007).
      if (rng.chance(0.2)) return { data: json.invalidUtf8Bytes(rng, text), text: true, id, kind };
      return { data: json.invalidUtf8Bytes(rng, text), id, kind };
    default:
      return { data: json.invalidUtf8Bytes(rng, text), id, kind };
  }
}

/** What only the server may send: responses, errors, acks, pushes. */
function serverKind(s: StreamState): Frame {
  const { rng } = s;
  const id = rng.chance(0.5) ? s.nextId() : 0;
  const envelope = rng.pick<EnvelopeInit>([
    { id, response: sample('Response', rng, s.targets) },
    { id, error: { code: rng.pick([1001, 2001, 5001, 99999]), message: 'client says no' } },
    { id, ack: {} },
    { id, push: sample('Push', rng, s.targets) },
  ] as EnvelopeInit[]);
  let data: Uint8Array | string;
  try {
    data = s.json ? jsonCodec.encode(envelope) : protoCodec.encode(envelope);
  } catch {
    data = s.json ? jsonCodec.encode({ id, ack: {} }) : protoCodec.encode({ id, ack: {} });
  }
  return { data, id, kind: 'serverKind' };
}

/** Lists as long as a frame holds: the server must bound the work, not try it all. */
function hugeRepeated(s: StreamState): Frame {
  const { rng, targets } = s;
  // JSON spends about 25 bytes an entry: 20,000 stay under the 1 MiB frame limit.
  const n = rng.pick(s.json ? [2_000, 10_000, 20_000] : [2_000, 10_000, 40_000]);
  const users = () => Array.from({ length: n }, (_, i) => `${rng.pick(targets.users)}-${i % 7}`);
  const request = rng.pick<() => RequestInit>([
    () => ({ userGetProfiles: { users: users().map((userId) => ({ userId })) } }),
    () => ({ presenceQuery: { userIds: users() } }),
    () => ({ presenceSubscribe: { userIds: users() } }),
    () => ({ friendGet: { userIds: users() } }),
    () => ({ syncPull: { ranges: Array.from({ length: n / 2 }, (_, i) => ({ convId: `c2c:u${i}`, limit: 100 })) } }),
    () => ({ convGet: { convIds: Array.from({ length: n }, (_, i) => `c2c:u${i}`), createIfMissing: true } }),
    () => ({ msgSend: { convId: rng.pick(targets.convIds), elements: Array.from({ length: n / 4 }, () => ({ text: { text: 'x' } })) } }),
    () => ({ msgGet: { refs: Array.from({ length: n }, (_, i) => ({ convId: rng.pick(targets.convIds), seq: i })) } }),
    () => ({ blockAdd: { users: users().map((userId) => ({ userId })) } }),
    () => ({ groupAddMembers: { groupId: rng.pick(targets.groupIds), users: users().map((userId) => ({ userId })) } }),
    () => ({ attrWrite: { scope: 0, entries: Object.fromEntries(Array.from({ length: n / 4 }, (_, i) => [`k${i}`, '1'])) } }),
  ])();
  const id = s.nextId();
  return { data: encodeRequest(s.json, id, request), id, kind: 'hugeRepeated' };
}

/** 100,000 levels of JSON, or protobuf nesting far past the decoder's recursion limit. */
function deepNesting(s: StreamState): Frame {
  const { rng } = s;
  const id = s.nextId();
  const kind = 'deepNesting';
  if (s.json) {
    const place = rng.pick(['unknown-array', 'unknown-object', 'schema'] as const);
    // The schema chain costs 37 bytes a level: 20,000 levels stay under the 1 MiB limit.
    return { data: json.deepJson(place === 'schema' ? 20_000 : 100_000, id, place), id, kind };
  }
  return rng.chance(0.5) ? { data: proto.deepMessage(rng.pick([150, 5_000, 30_000]), id), id, kind } : { data: proto.deepGroups(100_000, id), id, kind };
}
