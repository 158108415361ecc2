import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors.js';
import { sendError } from './respond.js';

/**
 * Cross-origin access (CORS) for the per-app routes. Parley authenticates with bearer tokens,
 * app secrets and signed URLs, never with cookies, so nothing is ever allowed "with
 * credentials" (`Access-Control-Allow-Credentials` is never sent) and a wildcard origin cannot
 * expose an ambient credential. Which origins may call is the app's policy: `corsOrigins` for
 * the media routes, `adminCorsOrigins` for the admin API. Every other route (health, the
 * development sign-in, static files) is same-origin only.
 */

/** Request headers a cross-origin caller may send. */
const ALLOWED_HEADERS = 'authorization, content-type, x-parley-secret-kind, x-request-id, range, if-none-match, if-range';
/** Response headers a cross-origin caller may read beyond the CORS-safelisted ones. */
const EXPOSED_HEADERS = 'x-request-id, retry-after, www-authenticate, content-range, content-disposition, accept-ranges, etag';
/** How long a browser may reuse a preflight answer, in seconds: policy changes apply within it. */
const PREFLIGHT_MAX_AGE_SEC = 600;

/** The CORS rule of one route: the origins its app allows and the methods the route has. */
export interface CorsRule {
  /** Exact origins, or `*`. */
  origins: readonly string[];
  /** The route's methods (`GET`, `POST`, …); a preflight for another one is refused. */
  methods: readonly string[];
}

/** The origin of a request, when it has one header naming it. */
function originOf(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin !== '' ? origin : undefined;
}

/**
 * The `Access-Control-Allow-Origin` value for `origin` under `origins`, or `undefined` when it
 * is not allowed. `null` (sandboxed frames, `file:` pages) is never allowed by name: any page
 * can make itself `null`.
 */
function allowedOrigin(origin: string, origins: readonly string[]): string | undefined {
  if (origins.includes('*')) return '*';
  return origin !== 'null' && origins.includes(origin.toLowerCase()) ? origin : undefined;
}

/** Whether a request is a CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`). */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && originOf(req) !== undefined && typeof req.headers['access-control-request-method'] === 'string';
}

/**
 * Answers a preflight: 204 with the allowed origin, methods and headers when the origin and
 * the requested method are allowed, else 403 `PERMISSION_DENIED` without CORS headers (the
 * browser then refuses the real request). `rule` is `undefined` for a route that allows no
 * cross-origin calls, or whose app is unknown.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, rule: CorsRule | undefined): void {
  res.setHeader('vary', 'origin, access-control-request-method, access-control-request-headers');
  const origin = originOf(req) ?? '';
  const allowed = rule === undefined ? undefined : allowedOrigin(origin, rule.origins);
  const method = String(req.headers['access-control-request-method']).toUpperCase();
  if (rule === undefined || allowed === undefined || !rule.methods.includes(method)) {
    sendError(res, 403, ErrorCode.PERMISSION_DENIED, 'cross-origin request not allowed', 'origin');
    return;
  }
  res.writeHead(204, {
    'access-control-allow-origin': allowed,
    'access-control-allow-methods': rule.methods.join(', '),
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SEC),
    'content-length': '0',
  });
  res.end();
}

/**
 * Adds the CORS headers of an actual (non-preflight) request from an allowed origin, before the
 * route answers, so errors are readable cross-origin too. A request from another origin is
 * served without them: the browser withholds the answer from the page. The route still runs,
 * as it would for any client that is not a browser; what protects it is its credential.
 */
export function applyCorsHeaders(req: IncomingMessage, res: ServerResponse, rule: CorsRule | undefined): void {
  if (rule === undefined || rule.origins.length === 0) return;
  // The answer depends on Origin, with or without one: a cached answer to a same-origin request
  // (no allow header) must not be reused for a cross-origin one.
  res.setHeader('vary', 'origin');
  const origin = originOf(req);
  if (origin === undefined) return;
  const allowed = allowedOrigin(origin, rule.origins);
  if (allowed === undefined) return;
  res.setHeader('access-control-allow-origin', allowed);
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
}
