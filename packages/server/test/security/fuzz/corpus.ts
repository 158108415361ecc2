import { issueToken, maxleapSign } from '../../../src/auth/index.js';
import type { AppConfig } from '../../../src/config/types.js';
import type { Rng } from './prng.js';
import { OP_NAMES, payloadType, sample, type Targets } from './schema.js';

/** A request as the codecs take it: `{ [op]: payload }` plus the request's own fields. */
export type RequestInit = Record<string, unknown>;

/** The valid hello of the fuzz app, as any of the shims sends it (JMessage sessions get early acks). */
export function hello(rng: Rng, app: AppConfig): RequestInit {
  const client = { shim: rng.range(0, 5), platform: rng.pick([1, 2, 3, 4, 5, 6]), sdkVersion: 'fuzz/1', deviceId: `dev-${rng.int(4)}`, protocolMinor: 0 };
  return { connHello: { app: { appId: app.id }, client } };
}

/** A hello signed with the app's MaxLeap client key: the session it leads to is privileged (§5.2). */
export function privilegedHello(app: AppConfig): RequestInit {
  const ml = app.maxleap;
  if (!ml?.keys.client) throw new Error('the fuzz app needs a MaxLeap client key');
  return { connHello: { app: { maxleapAppId: ml.appId }, proof: { maxleapSign: maxleapSign(ml.keys.client, Date.now()) } } };
}

/** A MaxLeap user login (after {@link privilegedHello}). */
export function maxleapLogin(userId: string): RequestInit {
  return { authLogin: { credential: { maxleapUser: { userId } } } };
}

/** A valid native-token login of `userId`. */
export function login(rng: Rng, app: AppConfig, userId: string): RequestInit {
  const token = issueToken({ appId: app.id, userId, kind: 'native', ttlSec: 3600 }, app.native.secret).token;
  return { authLogin: { credential: { nativeToken: { userId, token } }, platform: rng.pick([1, 2, 3, 4, 5, 6]), deviceId: `dev-${rng.int(4)}` } };
}

/** Hand-written requests of the everyday ops, as the client SDK sends them. */
const EVERYDAY: ((rng: Rng, t: Targets) => RequestInit)[] = [
  () => ({ connPing: {} }),
  (rng, t) => ({ msgSend: { convId: rng.pick(t.convIds), clientMsgId: `fz-${rng.u32().toString(36)}`, elements: [{ text: { text: rng.text(30) } }] } }),
  (rng, t) => ({
    msgSend: {
      convId: `c2c:${rng.pick(t.users)}`,
      clientMsgId: `fz-${rng.u32().toString(36)}`,
      elements: [{ custom: { data: '{"k":1}', description: 'd', extension: 'e' } }, { face: { index: 3, data: 'smile' } }],
      extras: { priority: '"high"' },
    },
  }),
  (rng, t) => ({ syncPull: { ranges: [{ convId: rng.pick(t.convIds), fromSeq: rng.int(5), limit: rng.range(1, 50) }] } }),
  (rng) => ({ syncChanges: { cursor: rng.int(20), limit: 100 } }),
  (rng) => ({ convList: { count: rng.range(1, 50) } }),
  (rng, t) => ({ convGet: { convIds: [rng.pick(t.convIds)] } }),
  (rng, t) => ({ readMark: { convIds: [rng.pick(t.convIds)], upToSeq: rng.int(10) } }),
  (rng, t) => ({ msgHistory: { convId: rng.pick(t.convIds), limit: 20 } }),
  (rng, t) => ({ userGetProfiles: { users: [{ userId: rng.pick(t.users) }] } }),
  (rng) => ({ userUpdateProfile: { patch: { nickname: rng.text(10) }, setFields: ['nickname'] } }),
  (rng, t) => ({ presenceSubscribe: { userIds: [rng.pick(t.users)] } }),
  (rng, t) => ({ friendRequest: { to: { userId: rng.pick(t.users) }, wording: 'hi', source: 'fuzz' } }),
  (rng, t) => ({ groupCreate: { group: { name: rng.text(8), type: rng.range(0, 5) }, members: [{ userId: rng.pick(t.users) }] } }),
  (rng, t) => ({ groupJoin: { groupId: rng.pick(t.groupIds), applyMessage: 'let me in' } }),
  (rng, t) => ({ groupListMembers: { groupId: rng.pick(t.groupIds), count: 20 } }),
  (rng, t) => ({ roomEnter: { room: { roomId: rng.pick(t.roomIds) }, joinProps: '{}' } }),
  (rng, t) => ({ roomExit: { room: { roomId: rng.pick(t.roomIds) } } }),
  (rng, t) => ({ msgSend: { convId: `room:${rng.pick(t.roomIds)}`, elements: [{ text: { text: rng.text(20) } }] } }),
  (rng, t) => ({ blockAdd: { users: [{ userId: rng.pick(t.users) }] } }),
  (rng, t) => ({ msgRevoke: { ref: { convId: rng.pick(t.convIds), seq: rng.int(10) } } }),
  (rng) => ({ attrWrite: { scope: rng.range(0, 3), entries: { k: '"v"' } } }),
];

/**
 * A real request: an everyday op as a client sends it, or a plausible payload of any op of the
 * schema (so every op is reached). Sometimes with an idempotency key, and with a `subject`
 * when the targets name subjects (privileged streams).
 */
export function realRequest(rng: Rng, targets: Targets): RequestInit {
  let request: RequestInit;
  if (rng.chance(0.35)) {
    request = rng.pick(EVERYDAY)(rng, targets);
  } else {
    const op = rng.pick(OP_NAMES);
    request = { [op]: sample(payloadType(op), rng, targets) };
  }
  if (rng.chance(0.1)) request.idempotencyKey = `idem-${rng.int(8)}`;
  // Privileged streams act for other (fuzz) users now and then.
  if (targets.subjects && rng.chance(0.3)) request.subject = rng.pick(targets.subjects);
  return request;
}
