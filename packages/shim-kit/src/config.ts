import type { Codec, StorageFactory } from '@parley/core';

/** A WebSocket constructor: the browser's, or `ws` in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown;

/**
 * Settings every compat package reads. Vendor apps pass no server address (only OpenIM does),
 * so a page sets it here once, before the vendor SDK's first call.
 */
export interface ShimConfig {
  /**
   * The server's WebSocket endpoint, e.g. `wss://chat.example.com/parley/ws`.
   * @default globalThis.PARLEY_SERVER_URL, then `<meta name="parley-server">`, then the page's origin + `/parley/ws`
   */
  url?: string;
  /** The WebSocket implementation. @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor;
  /**
   * Where the client caches its state between page loads.
   * @default IndexedDB where the platform has it, memory otherwise
   */
  storage?: 'indexeddb' | 'memory' | StorageFactory;
  /** The wire codec. @default CompactCodec */
  codec?: Codec;
  /** Reconnect backoff base, passed to the core client. @default 500 */
  reconnectBaseMs?: number;
  /** Reconnect backoff ceiling, passed to the core client. @default 30000 */
  reconnectMaxMs?: number;
  /** How long a request waits for its answer. @default 15000 */
  requestTimeoutMs?: number;
}

let current: ShimConfig = {};

/**
 * Sets where the server is and how clients connect, for every compat package on the page.
 * Later calls merge into earlier ones; it affects clients created afterwards.
 *
 * @example
 * import TIM, { configure } from '@parley/compat-tim';
 * configure({ url: 'wss://chat.example.com/parley/ws' });
 */
export function configure(config: ShimConfig): void {
  current = { ...current, ...config };
}

/** The settings in force (a copy). */
export function shimConfig(): ShimConfig {
  return { ...current };
}

/** Forgets every setting (tests). */
export function resetShimConfig(): void {
  current = {};
}

interface PageLike {
  PARLEY_SERVER_URL?: unknown;
  document?: { querySelector?(selector: string): { getAttribute(name: string): string | null } | null };
  location?: { protocol?: string; host?: string; origin?: string };
}

/**
 * The server's WebSocket URL, from (in order) `configure({ url })`, `globalThis.PARLEY_SERVER_URL`,
 * a `<meta name="parley-server" content="…">` tag, and the page's own origin (`/parley/ws`).
 * An http(s) address is turned into the matching ws(s) one, and a bare origin gets `/parley/ws`.
 *
 * @throws {Error} when none of them gives an address (Node without `configure`).
 */
export function serverUrl(explicit?: string): string {
  const page = globalThis as PageLike;
  const fromMeta = page.document?.querySelector?.('meta[name="parley-server"]')?.getAttribute('content') ?? undefined;
  const candidates = [explicit, current.url, typeof page.PARLEY_SERVER_URL === 'string' ? page.PARLEY_SERVER_URL : undefined, fromMeta];
  for (const candidate of candidates) {
    if (candidate?.trim()) return normalize(candidate.trim(), page.location);
  }
  const loc = page.location;
  if (loc?.host && (loc.protocol === 'http:' || loc.protocol === 'https:')) {
    return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/parley/ws`;
  }
  throw new Error('Parley: no server address. Call configure({ url }) or set globalThis.PARLEY_SERVER_URL or <meta name="parley-server">.');
}

function normalize(address: string, loc: PageLike['location']): string {
  let url = address;
  if (url.startsWith('/') && loc?.host) url = `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${url}`;
  url = url.replace(/^http(s?):/i, 'ws$1:');
  if (/^wss?:\/\/[^/]+\/?$/i.test(url)) url = `${url.replace(/\/$/, '')}/parley/ws`;
  return url;
}
