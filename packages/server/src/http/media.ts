import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parley, WireReader } from '@parley/protocol';
import { verifyToken } from '../auth/tokens.js';
import { ErrorCode, invalidParam, isServerError, ServerError } from '../errors.js';
import { type IngestInput, ingestUpload, type MediaDeps, MediaTypeMismatch } from '../media/ingest.js';
import { readMultipartFile } from '../media/multipart.js';
import { checkMediaSignature, MEDIA_ROUTE_PREFIX, parseMediaName } from '../media/urls.js';
import type { AppRuntime } from '../model/context.js';
import { claimUploadTicket, getMedia, type MediaRecord, maxBytesFor, mediaToWire, type StoredRendition, urlExpiry } from '../model/media.js';
import { contentDisposition, matchesEtag, parseRange } from './media-headers.js';
import { errorBody, httpStatusForCode, sendError, sendJson } from './respond.js';

/**
 * The media routes (§2.12): uploads with a ticket from `media.uploadTicket`, and downloads by
 * signed URL or with a user's bearer token.
 *
 *     POST      /parley/media/<appId>                      upload (Authorization: Bearer <ticket token>)
 *     GET|HEAD  /parley/media/<appId>/<mediaId>[.lg|.sm][.<ext>]?exp=…&sig=…
 *     GET|HEAD  /parley/media/<appId>/<mediaId>…          Authorization: Bearer <native token>
 */

/** What the media routes need: the stores and a way to find an app with its policy. */
export interface MediaRoutesDeps extends MediaDeps {
  app(appId: string): AppRuntime | undefined;
}

const UPLOAD_ROUTE = /^\/parley\/media\/([^/]+)$/;
const DOWNLOAD_ROUTE = /^\/parley\/media\/([^/]+)\/([^/]+)$/;
/** Room for multipart boundaries and part headers above the file's own limit. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const MAX_DURATION_SEC = 10_000_000;
/** Cache lifetime of a download by a URL that does not expire (one year, the customary "forever"). */
const STABLE_MAX_AGE_SEC = 31_536_000;

/** A refusal with its own HTTP status (401 for credentials, 403 for URL signatures). */
class Refusal extends ServerError {
  constructor(
    readonly status: number,
    code: ServerError['code'],
    message: string,
    detail: string,
  ) {
    super(code, message, { detail });
  }
}

/** Whether a path belongs to the media routes. */
export function isMediaPath(path: string): boolean {
  return path.startsWith(MEDIA_ROUTE_PREFIX);
}

/**
 * The app (still URL-encoded) and methods of a media route, for the router's CORS answers;
 * `undefined` for a path that is no media route.
 */
export function mediaRouteOf(path: string): { rawAppId: string; methods: readonly string[] } | undefined {
  const upload = UPLOAD_ROUTE.exec(path);
  if (upload !== null) return { rawAppId: upload[1] ?? '', methods: ['POST'] };
  const download = DOWNLOAD_ROUTE.exec(path);
  return download === null ? undefined : { rawAppId: download[1] ?? '', methods: ['GET', 'HEAD'] };
}

/**
 * Answers a request under `/parley/media/`. Refusals are JSON errors (`{"error": {code, …}}`):
 * 401 for a missing or unusable credential, 403 for a bad or expired URL signature, 404 for an
 * unknown app or media, 413 past the kind's size limit, 415 for an "image" that is none.
 * A refused upload closes the connection instead of reading the rest of its body.
 *
 * @throws Anything that is not a `ServerError` (the router answers 500).
 */
export async function handleMedia(deps: MediaRoutesDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const method = req.method ?? 'GET';
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  try {
    const upload = UPLOAD_ROUTE.exec(path);
    if (upload !== null) {
      if (method !== 'POST') return sendError(res, 405, ErrorCode.NOT_SUPPORTED, 'method not allowed', 'method', { allow: 'POST' });
      return await receive(deps, req, res, requireApp(deps, upload[1] ?? ''), query);
    }
    const download = DOWNLOAD_ROUTE.exec(path);
    if (download !== null) {
      if (method !== 'GET' && method !== 'HEAD') return sendError(res, 405, ErrorCode.NOT_SUPPORTED, 'method not allowed', 'method', { allow: 'GET, HEAD' });
      return await serve(deps, req, res, requireApp(deps, download[1] ?? ''), download[2] ?? '', query);
    }
    sendError(res, 404, ErrorCode.NOT_FOUND, 'no such route');
  } catch (error) {
    if (!isServerError(error) || res.headersSent) throw error;
    refuse(req, res, error);
  }
}

function refuse(req: IncomingMessage, res: ServerResponse, error: ServerError): void {
  if (!req.complete) {
    // Stop storing the body; discard what is in flight and close, so the client sees the answer.
    res.setHeader('connection', 'close');
    req.unpipe();
    req.resume();
  }
  const status = error instanceof Refusal ? error.status : error instanceof MediaTypeMismatch ? 415 : httpStatusForCode(error.code);
  sendJson(res, status, errorBody(error.code, error.message, error.detail));
}

function requireApp(deps: MediaRoutesDeps, raw: string): AppRuntime {
  let appId: string;
  try {
    appId = decodeURIComponent(raw);
  } catch {
    throw invalidParam('appId', 'invalid app id');
  }
  const app = deps.app(appId);
  if (app === undefined) throw new ServerError(ErrorCode.APP_UNKNOWN, 'unknown app', { detail: 'appId' });
  return app;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** Credential refusals (forged, expired, used-up tokens) become 401s; other errors pass. */
function unauthorized(error: unknown): unknown {
  const credential = isServerError(error) && (error.code === ErrorCode.SIGNATURE_INVALID || error.code === ErrorCode.CREDENTIAL_EXPIRED || error.code === ErrorCode.CREDENTIAL_REPLAYED);
  return credential ? new Refusal(401, error.code, error.message, 'token') : error;
}

/** Runs a token check; its refusal becomes a 401. */
function asUnauthorized<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw unauthorized(error);
  }
}

// ---- upload ----------------------------------------------------------------------------

async function receive(deps: MediaRoutesDeps, req: IncomingMessage, res: ServerResponse, app: AppRuntime, query: URLSearchParams): Promise<void> {
  // Browsers' plain form posts cannot set headers, hence the query alternative.
  const token = bearerToken(req) ?? query.get('token');
  if (!token) throw new Refusal(401, ErrorCode.UNAUTHENTICATED, 'an upload needs the token of its ticket', 'token');
  const now = deps.now();
  const verified = asUnauthorized(() => verifyToken(token, app.config.native.secret, { kind: 'upload', appId: app.id, nowMs: now }));
  const ticket = await claimUploadTicket(deps.store, app.id, verified.userId, verified.tokenId).catch((error: unknown) => {
    throw unauthorized(error);
  });

  const multipart = /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '');
  const declared = Number(req.headers['content-length']);
  const limit = maxBytesFor(app.policy, ticket.kind) + (multipart ? MULTIPART_OVERHEAD_BYTES : 0);
  if (Number.isFinite(declared) && declared > limit) {
    throw new ServerError(ErrorCode.TOO_LARGE, `the body exceeds ${limit} bytes`, { detail: 'file' });
  }
  const part = multipart ? await readMultipartFile(req) : { stream: req, fileName: '', fields: new Map<string, string>(), finished: Promise.resolve() };
  const input: IngestInput = {
    app,
    ticket,
    source: part.stream,
    finished: part.finished,
    fileName: part.fileName,
    durationSec: () => parseDuration(part.fields.get('durationSec') ?? query.get('durationSec')),
  };
  const record = await ingestUpload(deps, input);
  sendJson(res, 201, mediaJson(app, record, urlExpiry(app, deps.now())));
}

function parseDuration(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > MAX_DURATION_SEC) throw invalidParam('durationSec', 'must be a number of seconds');
  return value;
}

/** The `Media` message in its JSON form (camelCase keys, numbers for enums and 64-bit fields, defaults left out). */
function mediaJson(app: AppRuntime, record: MediaRecord, expiresAt: number): unknown {
  const Media = parley.v1.Media;
  // The decoded message serialises itself to that form (as the JSON frame codec relies on).
  return Media.decode(new WireReader(Media.encode(mediaToWire(app, record, expiresAt)).finish()));
}

// ---- download --------------------------------------------------------------------------

/** Checks a download's signature or bearer token; returns the `cache-control` the answer may carry. */
function authorizeDownload(deps: MediaRoutesDeps, req: IncomingMessage, app: AppRuntime, mediaId: string, query: URLSearchParams): string {
  const now = deps.now();
  if (query.has('sig')) {
    const refusal = checkMediaSignature(app.config.native.secret, app.id, mediaId, query.get('exp'), query.get('sig'), now);
    if (refusal === 'expired') throw new Refusal(403, ErrorCode.CREDENTIAL_EXPIRED, 'this media URL has expired', 'exp');
    if (refusal !== undefined) throw new Refusal(403, ErrorCode.SIGNATURE_INVALID, 'this media URL is not valid', 'sig');
    const exp = Number(query.get('exp'));
    const maxAge = exp === 0 ? STABLE_MAX_AGE_SEC : Math.max(0, Math.floor((exp - now) / 1000));
    return `private, max-age=${maxAge}, immutable`;
  }
  const token = bearerToken(req);
  if (!token) throw new Refusal(401, ErrorCode.UNAUTHENTICATED, 'a media download needs a signed URL or a bearer token', 'token');
  asUnauthorized(() => verifyToken(token, app.config.native.secret, { kind: 'native', appId: app.id, nowMs: now }));
  // The response depends on a credential: caches must check back each time (the ETag keeps it cheap).
  return 'private, no-cache';
}

function renditionOf(record: MediaRecord, kind: string): StoredRendition | undefined {
  const found = record.renditions.find((r) => r.kind === kind);
  if (found !== undefined || kind !== 'original') return found;
  return { kind: 'original', object: 'original', width: record.width, height: record.height, size: record.size };
}

async function serve(deps: MediaRoutesDeps, req: IncomingMessage, res: ServerResponse, app: AppRuntime, name: string, query: URLSearchParams): Promise<void> {
  const ref = parseMediaName(name);
  if (ref === undefined) throw new ServerError(ErrorCode.NOT_FOUND, 'no such media', { detail: 'mediaId' });
  // Credentials first: an unauthorised caller learns nothing about which ids exist.
  const cacheControl = authorizeDownload(deps, req, app, ref.mediaId, query);
  const record = await getMedia(deps.store, app.id, ref.mediaId);
  const rendition = record && renditionOf(record, ref.rendition);
  if (record === undefined || rendition === undefined) throw new ServerError(ErrorCode.NOT_FOUND, 'no such media', { detail: 'mediaId' });

  const etag = `"${record.mediaId}.${rendition.object}"`;
  const headers: Record<string, string> = {
    'content-type': record.mime,
    'cache-control': cacheControl,
    etag,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    // Whatever the bytes are, they never run as a page of this origin, nor inside another page.
    'content-security-policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
    'content-disposition': contentDisposition(record),
  };
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    // A 304's headers replace the cached answer's: it must repeat the sandbox and disposition,
    // or the router's general CSP would replace them in the browser's cache.
    const { 'content-security-policy': csp = '', 'content-disposition': disposition = '' } = headers;
    res.writeHead(304, { etag, 'cache-control': cacheControl, 'content-security-policy': csp, 'content-disposition': disposition });
    res.end();
    return;
  }
  const ifRange = req.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, rendition.size) : undefined;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${rendition.size}`, 'content-length': '0' });
    res.end();
    return;
  }
  const status = range === undefined ? 200 : 206;
  if (range !== undefined) headers['content-range'] = `bytes ${range.start}-${range.end}/${rendition.size}`;
  headers['content-length'] = String(range === undefined ? rendition.size : range.end - range.start + 1);
  if (req.method === 'HEAD') {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const opened = await deps.files.open(app.id, record.mediaId, rendition.object, range);
  if (opened === undefined) {
    deps.log.warn('media bytes missing', { mediaId: record.mediaId, rendition: rendition.object });
    throw new ServerError(ErrorCode.NOT_FOUND, 'no such media', { detail: 'mediaId' });
  }
  res.writeHead(status, headers);
  try {
    await pipeline(opened.stream, res);
  } catch {
    // The client went away mid-download; nothing left to answer.
    res.destroy();
  }
}
