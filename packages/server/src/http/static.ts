import { open, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '../errors.js';
import { sendError } from './respond.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Serves one request for a static file; it always responds. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, rawPath: string) => Promise<void>;

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The file itself, or the `index.html` of a directory; `undefined` when neither exists. */
async function findFile(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) {
      const index = join(path, 'index.html');
      if ((await stat(index)).isFile()) return index;
    }
  } catch {
    // Missing (or unreadable): the caller falls back or answers 404.
  }
  return undefined;
}

/**
 * Creates the static file handler for GET and HEAD requests that match no API route.
 *
 * `/` and directories serve their `index.html`. A path that does not exist and whose last
 * segment has no extension serves the root `index.html`, so a single-page app's client-side
 * routes survive a reload; a missing `/app.js` is a 404, so a broken asset fails loudly
 * instead of parsing HTML as JavaScript.
 *
 * Refused with 400: undecodable percent-escapes, NUL bytes, backslashes and `..` segments
 * (after decoding, so `%2e%2e` counts). Dot-files are not served (404), nor anything whose
 * real path (after symlinks) lies outside `root`. There are no ETags: files are served with
 * `cache-control: no-cache`.
 *
 * @param root - The directory to serve.
 * @returns The handler; `rawPath` is the request path as sent, without the query.
 */
export function createStaticHandler(root: string): StaticHandler {
  const base = resolve(root);
  let realBase: Promise<string> | undefined;

  const notFound = (res: ServerResponse): void => sendError(res, 404, ErrorCode.NOT_FOUND, 'not found');
  const badPath = (res: ServerResponse): void =>
    sendError(res, 400, ErrorCode.INVALID_PARAM, 'invalid path', 'path');

  return async (req, res, rawPath) => {
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return badPath(res);
    }
    const segments = path.split('/');
    // Backslash is a separator on Windows; refusing it everywhere keeps the check portable.
    if (path.includes('\0') || path.includes('\\') || segments.includes('..')) return badPath(res);
    if (segments.some((segment) => segment.startsWith('.'))) return notFound(res);

    const target = resolve(base, `.${path}`);
    if (!isInside(base, target)) return badPath(res);

    let file = await findFile(target);
    if (file === undefined && extname(segments.at(-1) ?? '') === '') file = await findFile(join(base, 'index.html'));
    if (file === undefined) return notFound(res);

    realBase ??= realpath(base);
    try {
      if (!isInside(await realBase, await realpath(file))) return notFound(res);
    } catch {
      return notFound(res);
    }
    await sendFile(req, res, file);
  };
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    // The size comes from the open file, so a concurrent replacement cannot make it lie.
    const { size } = await handle.stat();
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(size),
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(handle.createReadStream({ autoClose: false }), res);
    } catch (error) {
      // A client that leaves mid-download is routine, not a server failure.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    }
  } finally {
    await handle.close();
  }
}
