// A parley-server for the client benchmarks, in this process: SQLite in a fresh directory,
// request rate limits off (the load comes from the benchmark itself), no log output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@parley/core';
import { ProtobufCodec } from '@parley/protocol';
import { type AppConfig, nullLogger, startServer } from '@parley/server';
import { WebSocketTransport } from '@parley/transport-websocket';
import WebSocket from 'ws';

/** The benchmark tenant. */
export const BENCH_APP: AppConfig = {
  id: 'cbench',
  native: { apiKey: 'cbench-api-key-0123456789', secret: 'cbench-native-secret-0123456789ab' },
  policy: { webInstances: 10, maxPerPlatform: 10 },
};

export interface BenchServer {
  /** The WebSocket endpoint. */
  wsUrl: string;
  /** An admin REST call (`/admin/v1/apps/<app>/<path>`); resolves with the JSON answer. */
  admin<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** Creates users (100 per call of `users/import`). */
  createUsers(userIds: string[]): Promise<void>;
  /** A native token for a user. */
  token(userId: string): Promise<string>;
  /**
   * Sends text messages as users through `POST messages`, `concurrency` requests at a time.
   * @throws {Error} the first refused send.
   */
  sendAll(sends: Array<{ from: string; convId: string; text: string }>, concurrency?: number): Promise<void>;
  /** Logs in a Node client (`ws`, ProtobufCodec) per user, for sending fast. */
  senders(userIds: string[]): Promise<Senders>;
  close(): Promise<void>;
}

/** Node clients that send text messages as their users over WebSocket. */
export interface Senders {
  /**
   * Sends every message, each user keeping `window` sends in flight.
   * @throws {Error} the first refused send.
   */
  sendAll(sends: Array<{ from: string; convId: string; text: string }>, window?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (a free port). */
export async function startBenchServer(): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-cbench-'));
  const server = await startServer(
    { host: '127.0.0.1', port: 0, store: 'sqlite', dataDir, logLevel: 'silent', devTenant: false, apps: [BENCH_APP], requestsPerSec: 1_000_000, requestBurst: 1_000_000 },
    { log: nullLogger },
  );
  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/admin/v1/apps/${BENCH_APP.id}/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_APP.native.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    wsUrl: `${server.url.replace(/^http/, 'ws')}/parley/ws`,
    admin,
    async createUsers(userIds) {
      for (let i = 0; i < userIds.length; i += 100) {
        await admin('users/import', { users: userIds.slice(i, i + 100).map((userId) => ({ userId })) });
      }
    },
    async token(userId) {
      return (await admin<{ token: string }>('tokens', { userId, ttlSec: 3600 })).token;
    },
    async sendAll(sends, concurrency = 32) {
      let next = 0;
      const worker = async () => {
        while (next < sends.length) {
          const s = sends[next++]!;
          await admin('messages', { from: s.from, message: { convId: s.convId, elements: [{ text: { text: s.text } }] } });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    },
    async senders(userIds) {
      const clients = new Map<string, Client>();
      const wsUrl = `${server.url.replace(/^http/, 'ws')}/parley/ws`;
      for (const userId of userIds) {
        const client = createClient({ transport: new WebSocketTransport({ WebSocket: WebSocket as never }), codec: new ProtobufCodec(), url: wsUrl, app: { appId: BENCH_APP.id } });
        const token = (await admin<{ token: string }>('tokens', { userId, ttlSec: 3600 })).token;
        await client.login({ credential: { nativeToken: { userId, token } } });
        clients.set(userId, client);
      }
      return {
        async sendAll(sends, window = 4) {
          const queues = new Map<string, Array<{ convId: string; text: string }>>();
          for (const s of sends) {
            const list = queues.get(s.from) ?? [];
            list.push(s);
            queues.set(s.from, list);
          }
          const lanes: Array<Promise<void>> = [];
          for (const [from, list] of queues) {
            const client = clients.get(from);
            if (!client) throw new Error(`no sender logged in as ${from}`);
            let next = 0;
            const lane = async () => {
              while (next < list.length) {
                const s = list[next++]!;
                await client.request('msgSend', { convId: s.convId, elements: [{ text: { text: s.text } }] });
              }
            };
            for (let i = 0; i < window; i++) lanes.push(lane());
          }
          await Promise.all(lanes);
        },
        async close() {
          await Promise.all([...clients.values()].map((c) => c.close()));
        },
      };
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
