import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, type ClientOptions, createClient, type StorageFactory } from '@parley/core';
import { CompactCodec } from '@parley/protocol/compact';
import { type AppConfig, nullLogger, type RunningServer, type ServerConfig, startServer } from '@parley/server';
import { WebSocketTransport } from '@parley/transport-websocket';
import WebSocket from 'ws';

/** The tenant the integration tests use. */
export const APP: AppConfig = {
  id: 'it',
  native: { apiKey: 'it-api-key-0123456789', secret: 'it-native-secret-0123456789abcdef' },
  policy: { webInstances: 10, maxPerPlatform: 10 },
};

export interface Harness {
  server: RunningServer;
  url: string;
  /** Creates the user (if new) and returns a native token for it. */
  token(userId: string, ttlSec?: number): Promise<string>;
  /** An admin REST call (`/admin/v1/apps/it/<path>`). */
  admin(path: string, body?: unknown, method?: string): Promise<unknown>;
  /** A client (not logged in) with the WebSocket transport on `ws`. */
  client(options?: Partial<ClientOptions>): Client;
  /** A client logged in as `userId` and ready. */
  login(userId: string, options?: Partial<ClientOptions>): Promise<Client>;
  /** Stops the server, keeping its data (for restarts) unless `wipe`. */
  stop(wipe?: boolean): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  restart(): Promise<void>;
}

/** Starts a real parley-server (SQLite in a temporary directory unless `store` says otherwise). */
export async function startHarness(overrides: Partial<ServerConfig> = {}, app: AppConfig = APP): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-it-'));
  const base: Partial<ServerConfig> & Pick<ServerConfig, 'apps'> = { host: '127.0.0.1', port: 0, store: 'sqlite', logLevel: 'silent', devTenant: false, apps: [app], dataDir, ...overrides };
  let server = await startServer(base, { log: nullLogger });
  const port = server.port;
  const clients: Client[] = [];
  const http = () => server.url;
  const wsUrl = () => `${server.url.replace(/^http/, 'ws')}/parley/ws`;
  const admin = async (path: string, body?: unknown, method = 'POST') => {
    const res = await fetch(`${http()}/admin/v1/apps/${app.id}/${path}`, {
      method,
      headers: { authorization: `Bearer ${app.native.secret}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const created = new Set<string>();
  const harness: Harness = {
    get server() {
      return server;
    },
    get url() {
      return wsUrl();
    },
    admin,
    async token(userId, ttlSec = 3600) {
      if (!created.has(userId)) {
        await admin('users', { userId }).catch((error: Error) => {
          if (!/ALREADY_EXISTS|409/.test(error.message)) throw error;
        });
        created.add(userId);
      }
      const issued = (await admin('tokens', { userId, ttlSec })) as { token: string };
      return issued.token;
    },
    client(options = {}) {
      const client = createClient({
        transport: new WebSocketTransport({ WebSocket: WebSocket as never }),
        codec: new CompactCodec(),
        url: wsUrl(),
        app: { appId: app.id },
        reconnectBaseMs: 50,
        reconnectMaxMs: 500,
        ...options,
      });
      clients.push(client);
      return client;
    },
    async login(userId, options = {}) {
      const client = harness.client(options);
      await client.login({ credential: { nativeToken: { userId, token: await harness.token(userId) } } });
      return client;
    },
    async stop(wipe = true) {
      if (wipe) for (const c of clients.splice(0)) await c.close().catch(() => {});
      await server.close();
      if (wipe) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      server = await startServer({ ...base, port: Number(port) }, { log: nullLogger });
    },
  };
  return harness;
}

/** Waits until `check` passes (polling), or fails with its last error. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** A storage factory over `memoryStorage()`-like semantics for reload tests. */
export type { StorageFactory };

/** The text of a message's first element. */
export const textOf = (m: { elements: Array<{ text?: { text?: string | null } | null }> }) => m.elements[0]?.text?.text ?? '';
