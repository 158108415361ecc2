import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../config/types.js';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { readJsonBody } from './body.js';
import { sendJson } from './respond.js';
import type { AdminTokenKind, AdminTokenRequest, AdminUserInit, HttpDeps } from './types.js';

/** The actions under `/admin/v1/apps/:appId/`; all are POST. */
export const ADMIN_ACTIONS = ['tokens', 'users', 'usersig'] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** Ten years, the longest lifetime the admin API issues (as for policy TTLs). */
const MAX_TTL_SEC = 315_360_000;
const DEFAULT_USERSIG_EXPIRE_SEC = 86_400;
const TOKEN_KINDS: readonly AdminTokenKind[] = ['native', 'openim', 'hummer'];

/**
 * Compared against when the app is unknown, so that a request for a missing app costs the
 * same hashing and comparison as one for an existing app.
 */
const UNKNOWN_APP_DIGEST = createHash('sha256').update(randomBytes(32)).digest();

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <native.secret>`. Both sides are hashed first, so the
 * comparison is constant-time and also hides the secret's length.
 *
 * @throws ServerError `UNAUTHENTICATED` (no bearer token), `APP_UNKNOWN`, `PERMISSION_DENIED`.
 */
function authorize(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, appId: string): AppConfig {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  if (match?.[1] === undefined) {
    res.setHeader('www-authenticate', 'Bearer realm="parley-admin"');
    throw new ServerError(ErrorCode.UNAUTHENTICATED, 'missing Authorization: Bearer <app secret>');
  }
  const app = deps.findApp(appId);
  const matches = timingSafeEqual(sha256(match[1]), app === undefined ? UNKNOWN_APP_DIGEST : sha256(app.native.secret));
  if (app === undefined) throw new ServerError(ErrorCode.APP_UNKNOWN, 'unknown app', { detail: 'appId' });
  if (!matches) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'wrong app secret');
  return app;
}

/** The body as an object with only `allowed` keys: a misspelt `userID` must not be ignored. */
function bodyObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidParam('body', 'must be a JSON object');
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalidParam(key, `unknown field (expected ${allowed.join(', ')})`);
  }
  return body as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string, allowEmpty = false): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(key, 'must be a string');
  if (!allowEmpty && value === '') throw invalidParam(key, 'must not be empty');
  return value;
}

function requiredString(body: Record<string, unknown>, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined) throw invalidParam(key, 'is required');
  return value;
}

function optionalInteger(body: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidParam(key, 'must be an integer');
  if (value < min || value > max) throw invalidParam(key, `must be between ${min} and ${max}`);
  return value;
}

function parseTokenRequest(body: unknown, app: AppConfig): AdminTokenRequest {
  const input = bodyObject(body, ['userId', 'kind', 'ttlSec', 'platform']);
  const kind = input.kind ?? 'native';
  if (typeof kind !== 'string' || !(TOKEN_KINDS as readonly string[]).includes(kind)) {
    throw invalidParam('kind', `must be one of ${TOKEN_KINDS.join(', ')}`);
  }
  // Checked here so every deployment answers the same way for an app without that vendor.
  if ((kind === 'openim' && app.openim === undefined) || (kind === 'hummer' && app.hummer === undefined)) {
    throw new ServerError(ErrorCode.NOT_SUPPORTED, `app has no ${kind} credentials`, { detail: 'kind' });
  }
  const request: AdminTokenRequest = { userId: requiredString(input, 'userId'), kind: kind as AdminTokenKind };
  const ttlSec = optionalInteger(input, 'ttlSec', 1, MAX_TTL_SEC);
  if (ttlSec !== undefined) request.ttlSec = ttlSec;
  const platform = optionalInteger(input, 'platform', 0, 65_535);
  if (platform !== undefined) request.platform = platform;
  return request;
}

function parseUserInit(body: unknown): AdminUserInit {
  const input = bodyObject(body, ['userId', 'nickname', 'avatar', 'username', 'password', 'isMd5']);
  const init: AdminUserInit = { userId: requiredString(input, 'userId') };
  const nickname = optionalString(input, 'nickname', true);
  if (nickname !== undefined) init.nickname = nickname;
  const avatar = optionalString(input, 'avatar', true);
  if (avatar !== undefined) init.avatar = avatar;
  const username = optionalString(input, 'username');
  if (username !== undefined) init.username = username;
  const password = optionalString(input, 'password');
  if (password !== undefined) init.password = password;
  if (input.isMd5 !== undefined) {
    if (typeof input.isMd5 !== 'boolean') throw invalidParam('isMd5', 'must be true or false');
    init.isMd5 = input.isMd5;
  }
  if (init.isMd5 === true && (password === undefined || !/^[0-9a-fA-F]{32}$/.test(password))) {
    throw invalidParam('password', 'must be an MD5 digest (32 hex digits) when isMd5 is true');
  }
  return init;
}

/**
 * Handles `POST /admin/v1/apps/:appId/<action>`: authenticates with the app's native secret,
 * reads and checks the JSON body, calls the server, and answers.
 *
 * @throws ServerError for every refusal (the router turns it into a status and a JSON error),
 *   and whatever `deps` throws.
 */
export async function handleAdmin(
  deps: HttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  appId: string,
  action: AdminAction,
): Promise<void> {
  const app = authorize(deps, req, res, appId);
  const body = await readJsonBody(req);
  switch (action) {
    case 'tokens': {
      const { token, expiresAt } = await deps.issueToken(app.id, parseTokenRequest(body, app));
      sendJson(res, 200, { token, expiresAt });
      return;
    }
    case 'users': {
      const { userId, tinyId, createdAt } = await deps.createUser(app.id, parseUserInit(body));
      sendJson(res, 201, { userId, tinyId, createdAt });
      return;
    }
    case 'usersig': {
      const input = bodyObject(body, ['userId', 'expireSec']);
      const userId = requiredString(input, 'userId');
      const expireSec = optionalInteger(input, 'expireSec', 1, MAX_TTL_SEC) ?? DEFAULT_USERSIG_EXPIRE_SEC;
      if (app.tim === undefined) {
        throw new ServerError(ErrorCode.NOT_SUPPORTED, 'app has no tim credentials', { detail: 'tim' });
      }
      sendJson(res, 200, { userSig: deps.genUserSig(app.id, userId, expireSec) });
      return;
    }
  }
}
