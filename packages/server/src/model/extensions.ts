import { parley } from '@parley/protocol';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Key } from '../store/types.js';
import type { Actor, ModelContext } from './context.js';
import { memberIdsInTx } from './groups.js';
import type { Recipient } from './messaging.js';
import { decodeMessage, type EntryLocation, fromJson, K, type LogRef, logId, type Message, toJson } from './schema.js';
import { transact, type Tx } from './tx.js';

/**
 * Message extensions (T `setMessageExtensions` / `getMessageExtensions` /
 * `deleteMessageExtensions`; CAPABILITIES.md §1.11, §2.7): a per-message map key →
 * {value, version}, only on messages sent with `supportsExtensions`, writable by everyone
 * who can read the message.
 *
 * Versions come from one counter per message, so a key deleted and set again never repeats
 * a version a client may still hold. A set names, per key, the version it expects: 0 writes
 * unconditionally (the T web SDK passes no version), any other value must equal the current
 * one, or that key alone fails with `CONFLICT` and its current value (the others succeed).
 *
 * Every change appends a hidden control entry (`extensions` element) to the message's log
 * (S2: a replay of the log replays the changes) and pushes `message_extensions` to everyone
 * whose row follows the log, with the cursor their row took.
 */

const { Message: MessageClass, MessageState, ReceiveOpt } = parley.v1;

/** T's limits: 20 keys per call, keys up to 100 bytes, values up to 1 KB, 300 keys per message. */
export const EXTENSION_LIMITS = {
  keysPerCall: 20,
  keyBytes: 100,
  valueBytes: 1024,
  keysPerMessage: 300,
} as const;

const EK = {
  extensions: (app: string, log: LogRef, seq: number): Key => [app, 'ext', ...log, seq],
};

interface StoredValue {
  value: string;
  version: number;
}

interface ExtensionsRecord {
  /** The last version handed out for this message. */
  rev: number;
  values: Record<string, StoredValue>;
}

/** @throws ServerError INVALID_PARAM unless `key` is 1–100 bytes without control characters. */
function checkKey(key: string, field: string): string {
  if (key.length === 0 || Buffer.byteLength(key) > EXTENSION_LIMITS.keyBytes) throw invalidParam(field, `keys are 1–${EXTENSION_LIMITS.keyBytes} bytes`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(key)) throw invalidParam(field, 'keys must not contain control characters');
  return key;
}

function checkKeys(keys: readonly string[], max: number): string[] {
  if (keys.length > max) throw invalidParam('keys', `at most ${max} keys`);
  return [...new Set(keys.map((key) => checkKey(key, 'keys')))];
}

/** The checked `set` of a request: key, value, expected version (0 = unconditional). */
function checkSet(set: Record<string, parley.v1.IExtensionValue>): [string, string, number][] {
  const entries = Object.entries(set);
  if (entries.length === 0 || entries.length > EXTENSION_LIMITS.keysPerCall) throw invalidParam('set', `between 1 and ${EXTENSION_LIMITS.keysPerCall} keys`);
  return entries.map(([key, given]) => {
    checkKey(key, 'set');
    const value = given.value ?? '';
    if (Buffer.byteLength(value) > EXTENSION_LIMITS.valueBytes) {
      throw new ServerError(ErrorCode.TOO_LARGE, `set.${key}: at most ${EXTENSION_LIMITS.valueBytes} bytes`, { detail: `set.${key}` });
    }
    const version = Number(given.version ?? 0);
    if (!Number.isSafeInteger(version) || version < 0) throw invalidParam(`set.${key}`, 'version must be a non-negative integer');
    return [key, value, version];
  });
}

/** Resolves the reference (the caller must be able to read it) to a C2C or group entry. */
async function locate(ctx: ModelContext, actor: Actor, ref: parley.v1.IMessageRef | null | undefined): Promise<EntryLocation> {
  const location = await ctx.messaging.resolveRef(ctx, actor.userId, ref);
  if (location.log[0] !== 'c2c' && location.log[0] !== 'group') {
    throw new ServerError(ErrorCode.PERMISSION_DENIED, 'extensions exist on C2C and group messages only', { detail: 'ref' });
  }
  return location;
}

/**
 * The target entry and its extensions, read inside `tx`.
 * @throws ServerError MESSAGE_NOT_FOUND, PERMISSION_DENIED (not sent with `supportsExtensions`, or revoked when `writing`)
 */
async function loadTarget(tx: Tx, app: string, location: EntryLocation, writing: boolean): Promise<{ entry: Message; record: ExtensionsRecord }> {
  const [entryBytes, recordBytes] = await tx.getMany([K.entry(app, location.log, location.seq), EK.extensions(app, location.log, location.seq)]);
  if (!entryBytes) throw new ServerError(ErrorCode.MESSAGE_NOT_FOUND, 'no such message', { detail: 'ref' });
  const entry = decodeMessage(entryBytes);
  if (!entry.supportsExtensions) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'the message was not sent with supportsExtensions', { detail: 'ref' });
  if (writing && entry.state === MessageState.MESSAGE_STATE_REVOKED) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'the message was revoked', { detail: 'ref' });
  return { entry, record: recordBytes ? fromJson<ExtensionsRecord>(recordBytes) : { rev: 0, values: {} } };
}

/**
 * `msg.setExtensions`: per-key results (0, `CONFLICT` with the current value, or
 * `LIMIT_EXCEEDED` for a new key beyond 300) and the whole map afterwards.
 * @throws ServerError INVALID_PARAM, TOO_LARGE, MESSAGE_NOT_FOUND, NOT_MEMBER, PERMISSION_DENIED
 */
export async function setExtensions(ctx: ModelContext, actor: Actor, req: parley.v1.MsgExtensions): Promise<parley.v1.IExtensionResults> {
  const set = checkSet(req.set);
  const location = await locate(ctx, actor, req.ref);
  const app = ctx.app.id;
  return transact(
    ctx.store,
    async (tx) => {
      const { entry, record } = await loadTarget(tx, app, location, true);
      const results: parley.v1.IExtensionResult[] = [];
      const upserted: Record<string, StoredValue> = {};
      for (const [key, value, expected] of set) {
        const current = record.values[key];
        if (expected > 0 && (current?.version ?? 0) !== expected) {
          results.push({ key, code: ErrorCode.CONFLICT, value: current ?? { value: '', version: 0 } });
          continue;
        }
        if (!current && Object.keys(record.values).length >= EXTENSION_LIMITS.keysPerMessage) {
          results.push({ key, code: ErrorCode.LIMIT_EXCEEDED, value: { value: '', version: 0 } });
          continue;
        }
        record.rev += 1;
        const stored = { value, version: record.rev };
        record.values[key] = stored;
        upserted[key] = stored;
        results.push({ key, code: 0, value: stored });
      }
      if (Object.keys(upserted).length > 0) {
        tx.set(EK.extensions(app, location.log, location.seq), toJson(record));
        await appendChange(tx, ctx, actor, location.log, entry, record.rev, upserted, []);
      }
      return { results, extensions: record.values };
    },
    { locks: [logId(location.log)] },
  );
}

/** `msg.getExtensions`: the named keys that exist, or the whole map when none are named. */
export async function getExtensions(ctx: ModelContext, actor: Actor, req: parley.v1.MsgExtensions): Promise<parley.v1.IExtensionResults> {
  const keys = checkKeys(req.keys, EXTENSION_LIMITS.keysPerMessage);
  const location = await locate(ctx, actor, req.ref);
  const { record } = await transact(ctx.store, (tx) => loadTarget(tx, ctx.app.id, location, false));
  if (keys.length === 0) return { results: [], extensions: record.values };
  const extensions: Record<string, StoredValue> = {};
  for (const key of keys) {
    const value = record.values[key];
    if (value) extensions[key] = value;
  }
  return { results: [], extensions };
}

/**
 * `msg.deleteExtensions`: the named keys (absent ones are ignored), or all of them when none
 * are named. Deleting nothing appends nothing.
 * @throws ServerError INVALID_PARAM, MESSAGE_NOT_FOUND, NOT_MEMBER, PERMISSION_DENIED
 */
export async function deleteExtensions(ctx: ModelContext, actor: Actor, req: parley.v1.MsgExtensions): Promise<void> {
  const keys = checkKeys(req.keys, EXTENSION_LIMITS.keysPerMessage);
  const location = await locate(ctx, actor, req.ref);
  const app = ctx.app.id;
  await transact(
    ctx.store,
    async (tx) => {
      const { entry, record } = await loadTarget(tx, app, location, true);
      const deleted = (keys.length === 0 ? Object.keys(record.values) : keys).filter((key) => Object.hasOwn(record.values, key));
      if (deleted.length === 0) return;
      for (const key of deleted) delete record.values[key];
      // The record stays (with its counter) even when empty, so versions never repeat.
      record.rev += 1;
      tx.set(EK.extensions(app, location.log, location.seq), toJson(record));
      await appendChange(tx, ctx, actor, location.log, entry, record.rev, {}, deleted);
    },
    { locks: [logId(location.log)] },
  );
}

/** Appends the hidden `extensions` control entry and pushes `message_extensions` after the commit. */
async function appendChange(
  tx: Tx,
  ctx: ModelContext,
  actor: Actor,
  log: LogRef,
  entry: Message,
  rev: number,
  upserted: Record<string, StoredValue>,
  deletedKeys: string[],
): Promise<void> {
  const ref = { seq: entry.seq, serverMsgId: entry.serverMsgId, senderId: entry.senderId, clientMsgId: entry.clientMsgId };
  const control = new MessageClass({
    clientMsgId: `ext:${entry.serverMsgId}:${rev}`,
    senderId: actor.userId,
    hidden: true,
    elements: [{ extensions: { target: ref, upserted, deletedKeys } }],
  });
  const appended = await ctx.messaging.append(tx, ctx, log, control, await logRecipients(tx, ctx.app.id, log));
  tx.onCommit(() => {
    for (const [userId, { row, cursor }] of appended.rows) {
      const event = { ref: { ...ref, convId: row.convId }, upserted, deletedKeys, seq: appended.entry.seq };
      ctx.deliver.toUser(ctx.app.id, userId, { cursor, messageExtensions: event }, actor.sessionId);
    }
  });
}

/** Everyone whose row follows a C2C or group log. */
async function logRecipients(tx: Tx, app: string, log: LogRef): Promise<Recipient[]> {
  const ids = log[0] === 'c2c' ? [...new Set([log[1], log[2]])] : log[0] === 'group' ? await memberIdsInTx(tx, app, log[1]) : [];
  return ids.map((userId) => ({ userId, receiveOpt: ReceiveOpt.RECEIVE_OPT_NOTIFY }));
}
