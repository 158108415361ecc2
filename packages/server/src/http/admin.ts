import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../config/types.js';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { ServerContext } from '../gateway/context.js';
import type { AppRuntime } from '../model/context.js';
import { getConfig, setConfig } from './admin-config.js';
import { bodyObject, optionalInteger, requiredString } from './admin-input.js';
import { adminFriends, adminRevoke, adminServes, adminUpdateUser, runOp, sendAdminMessage, subjectOf } from './admin-ops.js';
import { adminKick, deleteUser, forbidSend, importUsers, parseUserInit, resetPassword, setUserEnabled } from './admin-users.js';
import { readJsonBody } from './body.js';
import { sendError, sendJson } from './respond.js';
import type { AdminTokenKind, AdminTokenRequest, HttpDeps } from './types.js';

/** Ten years, the longest lifetime the admin API issues (as for policy TTLs). */
const MAX_TTL_SEC = 315_360_000;
const DEFAULT_USERSIG_EXPIRE_SEC = 86_400;
const TOKEN_KINDS: readonly AdminTokenKind[] = ['native', 'openim', 'hummer'];

/**
 * The header naming which of the app's secrets the bearer token is (§5.2: the app's secret
 * of any vendor authenticates the admin API). Absent = `native`.
 */
export const SECRET_KIND_HEADER = 'x-parley-secret-kind';

/** The secret of each kind `x-parley-secret-kind` names, when the app has one. */
const SECRETS: Readonly<Record<string, (app: AppConfig) => string | undefined>> = {
  native: (app) => app.native.secret,
  tim: (app) => app.tim?.secretKey,
  openim: (app) => app.openim?.secret,
  jmessage: (app) => app.jmessage?.masterSecret,
  hummer: (app) => app.hummer?.tokenSecret,
  'maxleap-master': (app) => app.maxleap?.keys.master,
  'maxleap-rest': (app) => app.maxleap?.keys.rest,
};

/**
 * Compared against when the app is unknown or has no secret of the kind named, so that such a
 * request costs the same hashing and comparison as one for an existing secret.
 */
const UNKNOWN_APP_DIGEST = createHash('sha256').update(randomBytes(32)).digest();

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <secret>` against the app's secret of the kind named by
 * {@link SECRET_KIND_HEADER} (native by default). Both sides are hashed first, so the
 * comparison is constant-time and also hides the secret's length.
 *
 * @throws ServerError `UNAUTHENTICATED` (no bearer token), `INVALID_PARAM` (unknown kind),
 *   `APP_UNKNOWN`, `PERMISSION_DENIED` (wrong secret, or the app has no secret of that kind).
 */
function authorize(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, appId: string): AppConfig {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  if (match?.[1] === undefined) {
    res.setHeader('www-authenticate', 'Bearer realm="parley-admin"');
    throw new ServerError(ErrorCode.UNAUTHENTICATED, 'missing Authorization: Bearer <app secret>');
  }
  const kindHeader = req.headers[SECRET_KIND_HEADER];
  const kind = typeof kindHeader === 'string' ? kindHeader.trim().toLowerCase() : 'native';
  const secretOf = Object.hasOwn(SECRETS, kind) ? SECRETS[kind] : undefined;
  if (secretOf === undefined) throw invalidParam(SECRET_KIND_HEADER, `must be one of ${Object.keys(SECRETS).join(', ')}`);
  const app = deps.findApp(appId);
  const secret = app === undefined ? undefined : secretOf(app);
  const matches = timingSafeEqual(sha256(match[1]), secret === undefined ? UNKNOWN_APP_DIGEST : sha256(secret));
  if (app === undefined) throw new ServerError(ErrorCode.APP_UNKNOWN, 'unknown app', { detail: 'appId' });
  if (!matches || secret === undefined) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'wrong app secret');
  return app;
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

/** What an admin endpoint gets once the caller is authenticated. */
interface AdminCall {
  deps: HttpDeps;
  req: IncomingMessage;
  res: ServerResponse;
  app: AppConfig;
  /** The `:opName` of `ops/:opName`. */
  param: string;
}

/** An endpoint: answers with a status and a JSON body. */
type Endpoint = (call: AdminCall) => Promise<{ status: number; body: unknown } | undefined>;

/**
 * The running server and the app's runtime, for endpoints beyond tokens and user creation.
 * Without a server (the router's unit tests) only those three routes exist.
 */
function runtimeOf(call: AdminCall): { server: ServerContext; app: AppRuntime } {
  const server = call.deps.server;
  const app = server?.tenants.get(call.app.id);
  if (!server || !app) throw new ServerError(ErrorCode.NOT_FOUND, 'no such route');
  return { server, app };
}

const ok = (body: unknown) => ({ status: 200, body });

/** An endpoint with a JSON body, run against the running server. */
function withServer(fn: (server: ServerContext, app: AppRuntime, body: unknown, call: AdminCall) => Promise<unknown>): Endpoint {
  return async (call) => {
    const { server, app } = runtimeOf(call);
    return ok(await fn(server, app, await readJsonBody(call.req), call));
  };
}

const tokens: Endpoint = async ({ deps, req, app }) => ok(await deps.issueToken(app.id, parseTokenRequest(await readJsonBody(req), app)));

const createUser: Endpoint = async ({ deps, req, app }) => {
  const { userId, tinyId, createdAt } = await deps.createUser(app.id, parseUserInit(await readJsonBody(req)));
  return { status: 201, body: { userId, tinyId, createdAt } };
};

const usersig: Endpoint = async ({ deps, req, app }) => {
  const input = bodyObject(await readJsonBody(req), ['userId', 'expireSec']);
  const userId = requiredString(input, 'userId');
  const expireSec = optionalInteger(input, 'expireSec', 1, MAX_TTL_SEC) ?? DEFAULT_USERSIG_EXPIRE_SEC;
  if (app.tim === undefined) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'app has no tim credentials', { detail: 'tim' });
  return ok({ userSig: deps.genUserSig(app.id, userId, expireSec) });
};

/** `ops/:opName`: an unserved op is a 404 before the body is read. */
const op: Endpoint = async (call) => {
  if (!adminServes(call.param)) {
    sendError(call.res, 404, ErrorCode.NOT_SUPPORTED, `no op named ${call.param.slice(0, 64)} is served by the admin API`, 'opName');
    return undefined;
  }
  const { server, app } = runtimeOf(call);
  return ok(await runOp(server, app, call.param, await readJsonBody(call.req), subjectOf(call.req)));
};

/** Routes under `/admin/v1/apps/:appId/`, by path and method. `ops/*` is matched apart. */
const ROUTES: Readonly<Record<string, Readonly<Partial<Record<'GET' | 'POST', Endpoint>>>>> = {
  tokens: { POST: tokens },
  users: { POST: createUser },
  usersig: { POST: usersig },
  'users/import': { POST: async ({ deps, req, app }) => ok(await importUsers(deps, app.id, await readJsonBody(req))) },
  'users/update': { POST: withServer(adminUpdateUser) },
  'users/disable': { POST: withServer((server, app, body) => setUserEnabled(server, app, body, false)) },
  'users/enable': { POST: withServer((server, app, body) => setUserEnabled(server, app, body, true)) },
  'users/delete': { POST: withServer(deleteUser) },
  'users/resetPassword': { POST: withServer(resetPassword) },
  'users/forbidSend': { POST: withServer(forbidSend) },
  kick: { POST: withServer(adminKick) },
  revoke: { POST: withServer((server, app, body, call) => adminRevoke(server, app, body, subjectOf(call.req))) },
  messages: { POST: withServer(sendAdminMessage) },
  'friends/add': { POST: withServer((server, app, body) => adminFriends(server, app, body, true)) },
  'friends/remove': { POST: withServer((server, app, body) => adminFriends(server, app, body, false)) },
  config: {
    GET: async (call) => {
      const { server, app } = runtimeOf(call);
      return ok(getConfig(server, app));
    },
    POST: withServer(setConfig),
  },
};

/** The fixed paths below `/admin/v1/apps/:appId/` (besides `ops/:opName`), as `openapi.yaml` documents them. */
export const ADMIN_PATHS: readonly string[] = Object.keys(ROUTES);

/** A matched admin route: its endpoints by method, and the `:opName` of `ops/:opName`. */
export interface AdminRoute {
  readonly methods: Readonly<Partial<Record<'GET' | 'POST', Endpoint>>>;
  readonly param: string;
}

/** Finds the route of a path below `/admin/v1/apps/:appId/` (still URL-encoded). */
export function findAdminRoute(rest: string): AdminRoute | undefined {
  const opMatch = /^ops\/([A-Za-z][A-Za-z0-9]{0,63})$/.exec(rest);
  if (opMatch?.[1] !== undefined) return { methods: { POST: op }, param: opMatch[1] };
  const methods = Object.hasOwn(ROUTES, rest) ? ROUTES[rest] : undefined;
  return methods === undefined ? undefined : { methods, param: '' };
}

/**
 * Handles one admin request: authenticates with the app's secret, then runs the endpoint of
 * `route` for `method` (the router has checked it exists) and answers its JSON.
 *
 * @throws ServerError for every refusal (the router turns it into a status and a JSON error),
 *   and whatever `deps` throws.
 */
export async function handleAdmin(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, appId: string, route: AdminRoute, method: 'GET' | 'POST'): Promise<void> {
  const app = authorize(deps, req, res, appId);
  const endpoint = route.methods[method];
  if (endpoint === undefined) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'method not allowed', { detail: 'method' });
  const answer = await endpoint({ deps, req, res, app, param: route.param });
  if (answer !== undefined) sendJson(res, answer.status, answer.body);
}
