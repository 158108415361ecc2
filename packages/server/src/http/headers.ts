import type { ServerResponse } from 'node:http';

/**
 * Security headers. Every response gets {@link applyBaseHeaders}; the static files then get
 * their page policy from {@link applyStaticHeaders}. They are set with `setHeader` before a
 * route runs, so every answer carries them, whichever code path writes it (`writeHead` merges
 * them with its own, and its own win: media downloads replace the CSP with a sandbox).
 */

/**
 * The CSP of everything that is not a static file (JSON, media, errors): nothing it returns
 * may load anything or be framed. JSON never renders, but a browser opening an API URL directly
 * still gets no script context from it.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The built-in CSP of the static files (the demo app; `staticCsp` replaces it). Scripts,
 * styles sheets and connections from the page's own origin only (`'self'` covers the same
 * host's `ws:`/`wss:` in current browsers); images also from `data:`/`blob:` (previews before
 * an upload) and any HTTPS host, since user avatars are URLs anywhere; inline styles because
 * DOM code sets them; no plugins, no `<base>` hijack, no framing.
 */
export const DEFAULT_STATIC_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "media-src 'self' blob: https:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** What the headers depend on in the server's configuration. */
export interface SecurityHeaderOptions {
  /** `Strict-Transport-Security` max-age; 0 sends none. @default 0 */
  hstsMaxAgeSec?: number;
  /** The static files' CSP; `''` sends none. @default DEFAULT_STATIC_CSP */
  staticCsp?: string;
}

/**
 * Headers of every response: no MIME sniffing, no `Referer` (signed media URLs and upload
 * tokens must not leak to other sites through it), no framing, the API CSP, and HSTS when
 * configured. HSTS is left to configuration because the server itself speaks plain HTTP: only
 * the operator knows that a TLS terminator stands in front of every client.
 */
export function applyBaseHeaders(res: ServerResponse, options: SecurityHeaderOptions): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('content-security-policy', API_CSP);
  const hsts = options.hstsMaxAgeSec ?? 0;
  if (hsts > 0) res.setHeader('strict-transport-security', `max-age=${hsts}`);
}

/**
 * Replaces the API's CSP with the static pages' own. `X-Frame-Options`, for browsers that know
 * only the older header, follows the CSP's `frame-ancestors`: `SAMEORIGIN` for `'self'`, absent
 * for a list of hosts (which has no `X-Frame-Options` form, and `DENY` would contradict the CSP
 * in those browsers), and `DENY` otherwise, including with no CSP at all: a page that did not
 * ask to be framed is not.
 */
export function applyStaticHeaders(res: ServerResponse, options: SecurityHeaderOptions): void {
  const csp = options.staticCsp ?? DEFAULT_STATIC_CSP;
  if (csp === '') res.removeHeader('content-security-policy');
  else res.setHeader('content-security-policy', csp);
  const ancestors = /(?:^|;)\s*frame-ancestors\s+([^;]*)/i.exec(csp)?.[1]?.trim().toLowerCase();
  if (ancestors === "'self'") res.setHeader('x-frame-options', 'SAMEORIGIN');
  else if (ancestors !== undefined && ancestors !== "'none'") res.removeHeader('x-frame-options');
}
