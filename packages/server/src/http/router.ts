import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ErrorCode, isServerError } from '../errors.js';
import type { Logger } from '../log.js';
import { findAdminRoute, handleAdmin } from './admin.js';
import { answerPreflight, applyCorsHeaders, type CorsRule, isPreflight } from './cors.js';
import { DEV_CREDENTIALS_PATH, handleDevCredentials } from './dev-credentials.js';
import { applyBaseHeaders, applyStaticHeaders } from './headers.js';
import { handleMedia, isMediaPath, mediaRouteOf } from './media.js';
import { httpStatusForCode, sendError, sendJson, sendServerError } from './respond.js';
import { createStaticHandler, type StaticHandler } from './static.js';
import type { HttpDeps } from './types.js';

/** A client's request id is echoed only when it is short and plain, so it is safe in logs and headers. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ADMIN_ROUTE = /^\/admin\/v1\/apps\/([^/]+)\/(.+)$/;
/**
 * API namespaces: an unknown path under these is a JSON 404, never the single-page app's
 * `index.html` (which would hide a client's wrong URL behind a 200).
 */
const API_PREFIXES = ['/admin/', '/parley/'];
/** Paths are logged, and a client controls their length. */
const MAX_LOGGED_PATH = 256;

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendError(res, 405, ErrorCode.NOT_SUPPORTED, 'method not allowed', 'method', { allow });
}

function decodeAppId(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The CORS rule of an app's route: the origins of its policy key, read per request so a change
 * through the admin API applies at once; `undefined` (same origin only) for none or an unknown
 * app. The running server's policy comes first (it has the run-time overrides); without one
 * (the router's unit tests) the configured overrides.
 */
function corsRule(deps: HttpDeps, appId: string | undefined, key: 'corsOrigins' | 'adminCorsOrigins', methods: readonly string[]): CorsRule | undefined {
  if (appId === undefined) return undefined;
  const policy = deps.server?.tenants.get(appId)?.policy ?? deps.media?.app(appId)?.policy ?? deps.findApp(appId)?.policy;
  const origins = policy?.[key] ?? [];
  return origins.length === 0 ? undefined : { origins, methods };
}

async function routeAdmin(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, rawAppId: string, rest: string): Promise<void> {
  const method = req.method ?? 'GET';
  const adminRoute = findAdminRoute(rest);
  if (adminRoute === undefined) return sendError(res, 404, ErrorCode.NOT_FOUND, 'no such route');
  const appId = decodeAppId(rawAppId);
  const cors = corsRule(deps, appId, 'adminCorsOrigins', Object.keys(adminRoute.methods));
  if (isPreflight(req)) return answerPreflight(req, res, cors);
  applyCorsHeaders(req, res, cors);
  if ((method !== 'GET' && method !== 'POST') || adminRoute.methods[method] === undefined) {
    return methodNotAllowed(res, Object.keys(adminRoute.methods).join(', '));
  }
  if (appId === undefined) return sendError(res, 400, ErrorCode.INVALID_PARAM, 'invalid app id', 'appId');
  return handleAdmin(deps, req, res, appId, adminRoute, method);
}

async function route(
  deps: HttpDeps,
  serveStatic: StaticHandler | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const isRead = method === 'GET' || method === 'HEAD';

  const admin = ADMIN_ROUTE.exec(path);
  if (admin !== null) return routeAdmin(deps, req, res, admin[1] ?? '', admin[2] ?? '');

  if (deps.media !== undefined && isMediaPath(path)) {
    const media = mediaRouteOf(path);
    const cors = media && corsRule(deps, decodeAppId(media.rawAppId), 'corsOrigins', media.methods);
    if (isPreflight(req)) return answerPreflight(req, res, cors);
    applyCorsHeaders(req, res, cors);
    return handleMedia(deps.media, req, res, path);
  }

  // No other route is callable from another origin.
  if (isPreflight(req)) return answerPreflight(req, res, undefined);

  if (path === '/healthz' || path === '/readyz') {
    if (!isRead) return methodNotAllowed(res, 'GET, HEAD');
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    const { ready, detail } = deps.ready();
    return sendJson(res, ready ? 200 : 503, detail === undefined ? { ready } : { ready, detail });
  }

  if (deps.devCredentials !== undefined && path === DEV_CREDENTIALS_PATH) {
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    return handleDevCredentials(deps.devCredentials, req, res);
  }

  if (serveStatic !== undefined && isRead && !API_PREFIXES.some((prefix) => path.startsWith(prefix))) {
    applyStaticHeaders(res, deps);
    return serveStatic(req, res, path);
  }
  sendError(res, 404, ErrorCode.NOT_FOUND, 'no such route');
}

/** Answers a failed request: a ServerError by its code, anything else 500 without its message. */
function fail(log: Logger, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    // Part of a body went out; a truncated response is the only honest signal left.
    log.warn('http response failed after headers', { err: error });
    res.destroy();
    return;
  }
  // The body may be unread (refused before reading, or too large): do not keep reading it.
  if (!req.complete) res.setHeader('connection', 'close');
  if (isServerError(error)) {
    if (httpStatusForCode(error.code) >= 500) log.error('http request failed', { err: error });
    sendServerError(res, error);
    return;
  }
  log.error('http request failed', { err: error });
  sendError(res, 500, ErrorCode.INTERNAL, 'internal error');
}

/**
 * Creates the `request` listener of the HTTP server: health checks, the admin API and,
 * when `deps.staticDir` is set, static files.
 *
 * Routes: `GET /healthz` → `{"ok":true}`; `GET /readyz` → `{"ready":true}` or 503 with
 * `detail`; the admin API under `/admin/v1/apps/:appId/` with `Authorization: Bearer <app
 * secret>` (see `admin.ts` and `openapi.yaml`); `POST /parley/dev/v1/credentials` when
 * `deps.devCredentials` is set (see `dev-credentials.ts`); the media routes under
 * `/parley/media/` (see `media.ts`). Other GET and HEAD requests go to the static files;
 * everything else is a JSON 404 (405 for a known route with another method).
 *
 * JSON responses carry `cache-control: no-store`; errors are
 * `{"error": {code, name, message, detail}}`. Every response carries the security headers of
 * `headers.ts` and `x-request-id` (the client's, when plain, else a new UUID). Cross-origin
 * calls (`cors.ts`) reach only the admin and media routes of an app whose policy names the
 * caller's origin; every other preflight is refused. One info line is logged per request with the
 * request id, method, path without the query, status and duration: never headers or bodies.
 *
 * @param deps - The server functions behind the routes.
 * @returns The listener; it never throws and always answers.
 */
export function createHttpHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const serveStatic = deps.staticDir === undefined ? undefined : createStaticHandler(deps.staticDir);
  return (req, res) => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    const log = deps.log.child({ requestId });
    res.setHeader('x-request-id', requestId);
    applyBaseHeaders(res, deps);

    const url = req.url ?? '/';
    const end = url.search(/[?#]/);
    const path = end === -1 ? url : url.slice(0, end);

    res.once('close', () => {
      const fields: Record<string, unknown> = {
        method: req.method,
        path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (!res.writableFinished) fields.aborted = true;
      log.info('http request', fields);
    });

    // Absolute-form (`GET http://host/x`) and `*` targets are proxy forms this server does not serve.
    if (!path.startsWith('/')) {
      sendError(res, 400, ErrorCode.INVALID_PARAM, 'invalid request target', 'path');
      return;
    }
    route(deps, serveStatic, req, res, path).catch((error: unknown) => fail(log, req, res, error));
  };
}
