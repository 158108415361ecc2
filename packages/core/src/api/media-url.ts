import type { Client } from '../client.js';
import { ClientCode } from '../codes.js';
import { ConnectionError } from '../errors.js';

/**
 * The server's HTTP origin, from the client's WebSocket URL (`wss://h/parley/ws` → `https://h`).
 * A module of its own so that resolving a media URL does not bring the upload machinery of
 * {@link MediaApi} into a bundle.
 * @throws {ConnectionError} `INVALID_STATE` when the client's URL cannot be parsed.
 */
export function mediaOrigin(client: Client): string {
  try {
    const url = new URL(client.options.url);
    const protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
    return `${protocol}//${url.host}`;
  } catch (cause) {
    throw new ConnectionError(ClientCode.INVALID_STATE, `cannot derive an HTTP origin from ${client.options.url}`, { cause });
  }
}

/**
 * An absolute URL for a media URL the server gave relative to its origin; absolute URLs (and
 * `''`) are returned as they are.
 * @throws {ConnectionError} `INVALID_STATE` when a relative URL meets a client URL that cannot be parsed.
 */
export function absoluteMediaUrl(client: Client, url: string): string {
  if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return new URL(url, mediaOrigin(client)).toString();
}
