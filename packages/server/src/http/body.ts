import type { IncomingMessage } from 'node:http';
import { ErrorCode, ServerError } from '../errors.js';

/** Largest JSON request body the admin API reads. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON request body.
 *
 * The size is checked against `Content-Length` before reading and again while reading (chunked
 * bodies have no length), and reading stops at the limit, so a large upload costs at most
 * `limit` bytes of memory.
 *
 * @param req - The request; its body is consumed.
 * @param limit - Largest body in bytes. @default MAX_JSON_BODY_BYTES
 * @returns The parsed JSON value.
 * @throws ServerError `INVALID_PARAM` (detail `content-type` or `body`) for another media
 *   type or malformed JSON; `TOO_LARGE` (detail `body`) past the limit. A failed stream rejects
 *   with the stream's error.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ServerError(ErrorCode.INVALID_PARAM, 'content-type must be application/json', {
      detail: 'content-type',
    });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);

  const text = await readText(req, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ServerError(ErrorCode.INVALID_PARAM, 'body is not valid JSON', { detail: 'body' });
  }
}

/**
 * Collects the body with listeners rather than `for await`: leaving an async iterator early
 * destroys the request, and with it the socket, so the 413 could never be sent. Past the limit
 * the rest is discarded unread (`resume`), and the caller's response closes the connection.
 */
function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // A client that disconnects mid-body may close the request without an error event.
    const onClose = (): void => onError(new Error('request closed before its body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(limit: number): ServerError {
  return new ServerError(ErrorCode.TOO_LARGE, `body exceeds ${limit} bytes`, { detail: 'body' });
}
