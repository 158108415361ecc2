import { type Client, type ClientOptions, createClient, type StorageFactory } from '@parley/core/client';
import { CompactCodec } from '@parley/protocol/compact';
import { memoryStorage } from '@parley/storage-memory';
import { WebSocketTransport } from '@parley/transport-websocket';
import { serverUrl, shimConfig } from './config.js';

/** The wire's `Shim` values: which vendor API a client speaks (the server applies vendor rules by it). */
export const ShimKind = { NATIVE: 0, TIM: 1, OPENIM: 2, JMESSAGE: 3, HUMMER: 4, MAXLEAP: 5 } as const;

/** What a compat package says about itself when it makes its client. */
export interface ShimClientOptions extends Partial<Omit<ClientOptions, 'app' | 'url'>> {
  app: ClientOptions['app'];
  /** Which vendor API this is (`ShimKind`). */
  shim: number;
  /** The vendor SDK version the shim reproduces. */
  sdkVersion: string;
  /** A server address the vendor API itself carries (OpenIM's `url`); wins over every other source. */
  url?: string;
}

/**
 * IndexedDB storage, loaded when a client first opens it: vendors that run on memory (or a
 * page without IndexedDB) never download it, and bundlers that split code put it in a chunk
 * of its own.
 */
const lazyIndexedDB: StorageFactory = async (scope) => {
  const { indexedDBStorage } = await import('@parley/storage-indexeddb');
  return indexedDBStorage()(scope);
};

function defaultStorage(choice: ReturnType<typeof shimConfig>['storage']): StorageFactory {
  if (typeof choice === 'function') return choice;
  const hasIndexedDB = typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'object';
  if (choice === 'memory' || (choice === undefined && !hasIndexedDB)) return memoryStorage();
  return lazyIndexedDB;
}

/**
 * A core client wired the way compat packages run: the WebSocket transport, the compact codec,
 * IndexedDB storage where the platform has it, and the server address from {@link serverUrl}.
 *
 * @throws {Error} when no server address can be found.
 */
export function shimClient(options: ShimClientOptions): Client {
  const config = shimConfig();
  const { shim, sdkVersion, url, app, clientInfo, ...rest } = options;
  const WebSocket = config.WebSocket;
  return createClient({
    transport: new WebSocketTransport(WebSocket ? { WebSocket: WebSocket as never } : {}),
    codec: config.codec ?? new CompactCodec(),
    storage: defaultStorage(config.storage),
    url: serverUrl(url),
    app,
    clientInfo: { shim, sdkVersion, platform: 5, ...clientInfo },
    ...(config.reconnectBaseMs === undefined ? {} : { reconnectBaseMs: config.reconnectBaseMs }),
    ...(config.reconnectMaxMs === undefined ? {} : { reconnectMaxMs: config.reconnectMaxMs }),
    ...(config.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: config.requestTimeoutMs }),
    ...rest,
  });
}

/** A fresh id for one SDK instance (`ClientInfo.instanceId`): several instances on one page are told apart by it. */
export function instanceId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}
