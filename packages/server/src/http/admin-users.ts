import { parley } from '@parley/protocol';
import { hashPassword } from '../auth/index.js';
import { userTopic } from '../bus/types.js';
import { ErrorCode, invalidParam, isServerError, ServerError } from '../errors.js';
import type { ServerContext } from '../gateway/context.js';
import { recordChange } from '../model/changes.js';
import type { AppRuntime } from '../model/context.js';
import { K, type UserRecord } from '../model/schema.js';
import { transact } from '../model/tx.js';
import { loadUser, saveUser } from '../model/users.js';
import { errorBody } from './respond.js';
import { bodyObject, optionalBoolean, optionalString, optionalStrings, requiredString, requiredUserId } from './admin-input.js';
import type { AdminUserInit, HttpDeps } from './types.js';

/**
 * Account administration (§5.2 `admin.users.*`, `admin.kick`): imports, state changes that
 * end live sessions, password resets and the send ban. A disabled or deleted user cannot log
 * in or resume (the login path refuses users that are not active).
 */

const { KickReason, UserState } = parley.v1;

/** Users per `users/import` call: a body stays well under the 64 KiB body limit. */
const MAX_IMPORT = 100;
/** T `AdminForbid_Type_SendOut`. */
const FORBID_SEND_OUT = 1;

/** Parses one account of `users` / `users/import`. */
export function parseUserInit(body: unknown): AdminUserInit {
  const input = bodyObject(body, ['userId', 'nickname', 'avatar', 'username', 'password', 'isMd5']);
  const init: AdminUserInit = { userId: requiredUserId(input) };
  const nickname = optionalString(input, 'nickname', true);
  if (nickname !== undefined) init.nickname = nickname;
  const avatar = optionalString(input, 'avatar', true);
  if (avatar !== undefined) init.avatar = avatar;
  const username = optionalString(input, 'username');
  if (username !== undefined) init.username = username;
  const password = optionalString(input, 'password');
  if (password !== undefined) init.password = password;
  const isMd5 = optionalBoolean(input, 'isMd5');
  if (isMd5 !== undefined) init.isMd5 = isMd5;
  if (init.isMd5 === true && (password === undefined || !/^[0-9a-fA-F]{32}$/.test(password))) {
    throw invalidParam('password', 'must be an MD5 digest (32 hex digits) when isMd5 is true');
  }
  return init;
}

/**
 * `POST …/users/import`: `{users: [...]}` (at most 100, each as `POST …/users`). The whole
 * list is checked first; then each account is created on its own, and the answer says per
 * account whether it was (an existing id is `ALREADY_EXISTS`, the others still go in).
 */
export async function importUsers(deps: HttpDeps, appId: string, body: unknown): Promise<unknown> {
  const input = bodyObject(body, ['users']);
  if (!Array.isArray(input.users) || input.users.length === 0 || input.users.length > MAX_IMPORT) {
    throw invalidParam('users', `must be an array of 1–${MAX_IMPORT} accounts`);
  }
  const inits = input.users.map((item: unknown, i) => {
    try {
      return parseUserInit(item);
    } catch (error) {
      if (isServerError(error)) throw invalidParam(`users[${i}].${error.detail}`, error.message);
      throw error;
    }
  });
  const results: unknown[] = [];
  for (const init of inits) {
    try {
      const { userId, tinyId, createdAt } = await deps.createUser(appId, init);
      results.push({ userId, ok: true, tinyId, createdAt });
    } catch (error) {
      if (!isServerError(error)) throw error;
      results.push({ userId: init.userId, ok: false, ...(errorBody(error.code, error.message, error.detail) as object) });
    }
  }
  return { results };
}

/**
 * Ends live sessions of a user on this node: their resume tokens are dropped (a kicked client
 * must log in again) and the gateway pushes `kicked` and closes them with 4003.
 *
 * @param only - Limit the kick to these session ids.
 * @returns The ids of the sessions kicked.
 */
export async function kickUser(server: ServerContext, app: AppRuntime, userId: string, reason: number, detail: string, only?: readonly string[]): Promise<string[]> {
  const sessions = server.sessions.ofUser(app.id, userId).filter((s) => only === undefined || only.includes(s.id));
  if (sessions.length === 0) return [];
  await transact(server.store, async (tx) => {
    for (const session of sessions) tx.delete(K.resume(app.id, session.resumeToken));
  });
  const sessionIds = sessions.map((s) => s.id);
  server.bus.publish(userTopic(app.id, userId), { kind: 'kick', sessionIds, reason, detail });
  return sessionIds;
}

/** Changes a user record inside a transaction; a deleted user is gone for every change. */
async function updateUser(server: ServerContext, app: AppRuntime, userId: string, change: (user: UserRecord) => void): Promise<UserRecord> {
  return transact(server.store, async (tx) => {
    const user = await loadUser(tx, app.id, userId);
    if (!user || user.state === UserState.USER_STATE_DELETED) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'userId' });
    change(user);
    saveUser(tx, app.id, user);
    return user;
  });
}

/** `POST …/users/disable` and `…/users/enable`: disabling kicks every live session (`account_disabled`). */
export async function setUserEnabled(server: ServerContext, app: AppRuntime, body: unknown, enabled: boolean): Promise<unknown> {
  const userId = requiredUserId(bodyObject(body, ['userId']));
  const user = await updateUser(server, app, userId, (u) => {
    u.state = enabled ? UserState.USER_STATE_ACTIVE : UserState.USER_STATE_DISABLED;
  });
  const kickedSessionIds = enabled ? [] : await kickUser(server, app, userId, KickReason.KICK_REASON_ACCOUNT_DISABLED, 'the account was disabled');
  return { userId, state: user.state, kickedSessionIds };
}

/**
 * `POST …/users/delete`: the account stops existing for logins (`account_deleted` kicks),
 * its username and password go; the record stays as a tombstone so the id and tiny id are
 * never handed to someone else. Messages stay in their logs.
 */
export async function deleteUser(server: ServerContext, app: AppRuntime, body: unknown): Promise<unknown> {
  const userId = requiredUserId(bodyObject(body, ['userId']));
  const user = await transact(server.store, async (tx) => {
    const found = await loadUser(tx, app.id, userId);
    if (!found || found.state === UserState.USER_STATE_DELETED) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'userId' });
    if (found.username !== undefined) tx.delete(K.username(app.id, found.username));
    const { username: _username, passwordHash: _hash, ...rest } = found;
    const tombstone: UserRecord = { ...rest, state: UserState.USER_STATE_DELETED };
    saveUser(tx, app.id, tombstone);
    return tombstone;
  });
  const kickedSessionIds = await kickUser(server, app, userId, KickReason.KICK_REASON_ACCOUNT_DELETED, 'the account was deleted');
  return { userId, state: user.state, kickedSessionIds };
}

/** `POST …/users/resetPassword`: `{userId, password, isMd5?}`; live sessions are kicked (`password_changed`). */
export async function resetPassword(server: ServerContext, app: AppRuntime, body: unknown): Promise<unknown> {
  const input = bodyObject(body, ['userId', 'password', 'isMd5']);
  const userId = requiredUserId(input);
  const passwordHash = await hashPassword(requiredString(input, 'password'), optionalBoolean(input, 'isMd5') ?? false);
  await updateUser(server, app, userId, (u) => {
    u.passwordHash = passwordHash;
  });
  const kickedSessionIds = await kickUser(server, app, userId, KickReason.KICK_REASON_PASSWORD_CHANGED, 'the password was reset');
  return { userId, kickedSessionIds };
}

/**
 * `POST …/users/forbidSend` (T `adminForbidType`): `{userId, forbid?}` (default true). A
 * forbidden user's `msg.send` is refused with `PERMISSION_DENIED`; the user's profile shows
 * `adminForbidType` 1, and their own change stream gets a `profile` change.
 */
export async function forbidSend(server: ServerContext, app: AppRuntime, body: unknown): Promise<unknown> {
  const input = bodyObject(body, ['userId', 'forbid']);
  const userId = requiredUserId(input);
  const forbid = optionalBoolean(input, 'forbid') ?? true;
  const user = await transact(server.store, async (tx) => {
    const found = await loadUser(tx, app.id, userId);
    if (!found || found.state === UserState.USER_STATE_DELETED) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'userId' });
    const { adminForbidType: _previous, ...rest } = found;
    const next: UserRecord = { ...rest, ...(forbid && { adminForbidType: FORBID_SEND_OUT }), profileVersion: (found.profileVersion ?? 0) + 1, updatedAt: server.now() };
    saveUser(tx, app.id, next);
    await recordChange(tx, app.id, userId, 'profile', userId);
    return next;
  });
  return { userId, adminForbidType: user.adminForbidType ?? 0 };
}

/** `POST …/kick` (`admin.kick`, T REST kick): `{userId, sessionIds?}`; the sessions get `admin_kick`. */
export async function adminKick(server: ServerContext, app: AppRuntime, body: unknown): Promise<unknown> {
  const input = bodyObject(body, ['userId', 'sessionIds']);
  const userId = requiredUserId(input);
  const only = optionalStrings(input, 'sessionIds', 100);
  return { kickedSessionIds: await kickUser(server, app, userId, KickReason.KICK_REASON_ADMIN_KICK, 'kicked by the app server', only) };
}
