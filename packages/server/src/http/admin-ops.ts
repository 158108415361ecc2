import type { IncomingMessage } from 'node:http';
import { isProtocolError, type OpName } from '@parley/protocol';
import { JsonCodec } from '@parley/protocol/json';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { modelContext, type ServerContext } from '../gateway/context.js';
import { type Handler, OPS, type OpCall, SESSION_ONLY_OPS } from '../gateway/dispatch.js';
import type { AppRuntime } from '../model/context.js';
import { decodeMessage, type EntryLocation, fromJson, K } from '../model/schema.js';
import { checkUserId } from '../model/users.js';
import { bodyObject, optionalObject, optionalString, requiredUserId } from './admin-input.js';

/**
 * The admin API's way into the gateway's op table (§5.2): any op a session may call, run for
 * an app server as a privileged actor with no session. Payloads and results use the JSON
 * codec's shape (`parley.v1.json`: camelCase fields, enums and 64-bit integers as numbers),
 * converted by the codec itself so the HTTP and WebSocket forms never drift apart.
 */

/** Whether `POST …/ops/:opName` runs `opName`: in the op table and not tied to a live session. */
export function adminServes(opName: string): opName is OpName {
  return Object.hasOwn(OPS, opName) && !SESSION_ONLY_OPS.has(opName as OpName);
}

/** The acting user of an op call: the `subject` query parameter. */
export function subjectOf(req: IncomingMessage): string | undefined {
  return new URL(req.url ?? '/', 'http://admin.invalid').searchParams.get('subject') ?? undefined;
}

/**
 * Runs one op as `subject` with app privilege and answers its result in JSON form (`{}` for
 * ops without a result).
 *
 * @param payload - The op's request message as JSON (checked by the JSON codec).
 * @throws ServerError NOT_SUPPORTED (not served here), INVALID_PARAM (a payload that does
 *   not fit the schema, a bad subject), and whatever the op refuses with.
 */
export async function runOp(server: ServerContext, app: AppRuntime, opName: string, payload: unknown, subject: string | undefined): Promise<unknown> {
  if (!adminServes(opName)) throw new ServerError(ErrorCode.NOT_SUPPORTED, `${opName} is not served by the admin API`, { detail: 'opName' });
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalidParam('body', 'must be a JSON object');
  const userId = checkUserId(subject, 'subject');
  const codec = new JsonCodec({ maxFrameBytes: server.config.maxFrameBytes });
  let request: Record<string, unknown>;
  try {
    request = codec.decode(JSON.stringify({ id: 1, request: { [opName]: payload } })).request as Record<string, unknown>;
  } catch (error) {
    if (isProtocolError(error)) throw new ServerError(ErrorCode.INVALID_PARAM, `body: ${error.message}`, { detail: 'body' });
    throw error;
  }
  const handler = OPS[opName] as Handler;
  const call: OpCall<unknown> = { server, ctx: modelContext(server, app), actor: { userId, privileged: true }, payload: request[opName] };
  const result = await handler(call as OpCall<never>);
  const text = codec.encode({ id: 1, response: result === undefined ? {} : { [opName]: result } });
  return (JSON.parse(text) as { response?: Record<string, unknown> }).response?.[opName] ?? {};
}

/** The actor of system sends: `system.send` acts for nobody, but every actor names a user. */
const SYSTEM_SUBJECT = 'administrator';

/** Conversation id prefixes of `admin.sendMessage` as the system, and the `system.send` scope each maps to. */
const SYSTEM_TARGETS: readonly [prefix: string, scope: number][] = [
  ['c2c:', 0],
  ['group:', 2],
  ['room:', 3],
];

/**
 * `POST …/messages` (`admin.sendMessage`): `{from, message}` sends `message` (a `msg.send`
 * payload) as user `from` through the ordinary send path, so `from`'s own sessions receive it
 * too. Without `from` the system sends it: a custom notice to the user (`c2c:<user>`), the
 * group's members (`group:<id>`), the room (`room:<id>`) or everyone (`system:all`).
 */
export async function sendAdminMessage(server: ServerContext, app: AppRuntime, body: unknown): Promise<unknown> {
  const input = bodyObject(body, ['from', 'message']);
  const message = optionalObject(input, 'message');
  if (message === undefined) throw invalidParam('message', 'is required');
  const from = optionalString(input, 'from');
  if (from !== undefined) return runOp(server, app, 'msgSend', message, from);
  const convId = typeof message.convId === 'string' ? message.convId : '';
  const payload = { elements: message.elements ?? [], ts: message.clientTime ?? 0 };
  if (convId === 'system:all') return runOp(server, app, 'systemSend', { ...payload, scope: 1 }, SYSTEM_SUBJECT);
  for (const [prefix, scope] of SYSTEM_TARGETS) {
    if (convId.startsWith(prefix) && convId.length > prefix.length) {
      return runOp(server, app, 'systemSend', { ...payload, scope, targetId: convId.slice(prefix.length) }, SYSTEM_SUBJECT);
    }
  }
  throw invalidParam('message.convId', 'must be c2c:<user>, group:<id>, room:<id> or system:all');
}

/**
 * `POST …/revoke` (`admin.revoke`): `msg.revoke` with app privilege, so neither the revoke
 * window nor the sender check applies. The op reads the message as `subject`; when it is not
 * given, the message's sender is used (from `ref.senderId`, or looked up by `ref.serverMsgId`).
 */
export async function adminRevoke(server: ServerContext, app: AppRuntime, body: unknown, subject: string | undefined): Promise<unknown> {
  const input = bodyObject(body, ['ref', 'reason']);
  const ref = optionalObject(input, 'ref');
  if (ref === undefined) throw invalidParam('ref', 'is required');
  const actingUser = subject ?? (typeof ref.senderId === 'string' && ref.senderId !== '' ? ref.senderId : await senderOf(server, app, ref.serverMsgId));
  return runOp(server, app, 'msgRevoke', input, actingUser);
}

async function senderOf(server: ServerContext, app: AppRuntime, serverMsgId: unknown): Promise<string> {
  if (typeof serverMsgId !== 'string' || serverMsgId === '') throw invalidParam('subject', 'is required unless ref names serverMsgId or senderId');
  const location = await server.store.get(K.byServerId(app.id, serverMsgId));
  const { log, seq } = location ? fromJson<EntryLocation>(location.value) : { log: undefined, seq: 0 };
  const entry = log ? await server.store.get(K.entry(app.id, log, seq)) : undefined;
  if (!entry) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message', { detail: 'ref' });
  return decodeMessage(entry.value).senderId;
}

/**
 * `POST …/friends/add` and `…/friends/remove` (`admin.friends.add/remove`): the friend ops
 * run for `userId` with app privilege (they push `friend` events marked `by: admin`).
 */
export async function adminFriends(server: ServerContext, app: AppRuntime, body: unknown, add: boolean): Promise<unknown> {
  const input = bodyObject(body, ['userId', 'friendId']);
  const userId = requiredUserId(input);
  const friendId = requiredUserId(input, 'friendId');
  if (add) return runOp(server, app, 'friendAddDirect', { friendId }, userId);
  return runOp(server, app, 'friendDelete', { users: [{ userId: friendId }] }, userId);
}

/** `POST …/users/update` (`admin.users.update`): `user.updateProfile` for `userId`; the rest of the body is its payload. */
export async function adminUpdateUser(server: ServerContext, app: AppRuntime, body: unknown): Promise<unknown> {
  const { userId, ...payload } = bodyObject(body, ['userId', 'patch', 'setFields', 'customMode', 'removeCustomKeys']);
  return runOp(server, app, 'userUpdateProfile', payload, checkUserId(userId));
}
