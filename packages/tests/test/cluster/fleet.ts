/**
 * Clients of a test cluster: each logs in through the node (or front end) it is given, with
 * tokens from any node's admin API (they share the store), and records what it receives.
 */
import { type Client, type ClientOptions, createClient, type Message } from '@parley/core';
import { CompactCodec } from '@parley/protocol/compact';
import type { AppConfig } from '@parley/server';
import { WebSocketTransport } from '@parley/transport-websocket';
import WebSocket from 'ws';
import { textOf } from '../helpers/harness.js';

export const wsUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, 'ws')}/parley/ws`;

export class Fleet {
  private readonly clients: Client[] = [];
  private readonly created = new Set<string>();

  constructor(
    private readonly app: AppConfig,
    /** An HTTP URL of a live node, for admin calls. */
    private readonly adminUrl: () => string,
  ) {}

  async admin(path: string, body: unknown): Promise<unknown> {
    const res = await fetch(`${this.adminUrl()}/admin/v1/apps/${this.app.id}/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.app.native.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok && !(res.status === 409 && path === 'users')) throw new Error(`admin ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  async token(userId: string): Promise<string> {
    if (!this.created.has(userId)) {
      await this.admin('users', { userId });
      this.created.add(userId);
    }
    return ((await this.admin('tokens', { userId, ttlSec: 3600 })) as { token: string }).token;
  }

  /** A client of `userId` logged in at `url` (a `ws://…/parley/ws` address) and ready. */
  async login(userId: string, url: string, options: Partial<ClientOptions> = {}): Promise<Client> {
    const client = createClient({
      transport: new WebSocketTransport({ WebSocket: WebSocket as never }),
      codec: new CompactCodec(),
      url,
      app: { appId: this.app.id },
      reconnectBaseMs: 50,
      reconnectMaxMs: 400,
      ...options,
    });
    this.clients.push(client);
    await client.login({ credential: { nativeToken: { userId, token: await this.token(userId) } } });
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.close().catch(() => {})));
  }
}

/** Every text a client receives in one conversation, with how often each arrived. */
export function inbox(client: Client, convId: string): Map<string, number> {
  const seen = new Map<string, number>();
  client.on('messages', (c: string, messages: Message[]) => {
    if (c !== convId) return;
    for (const m of messages) {
      if (m.hidden || m.status !== 'sent' || m.senderId === client.userId) continue;
      seen.set(textOf(m), (seen.get(textOf(m)) ?? 0) + 1);
    }
  });
  return seen;
}

/** The texts a client holds for a conversation from others, in seq order. */
export function received(client: Client, convId: string): string[] {
  return client
    .messages(convId)
    .filter((m) => m.status === 'sent' && !m.hidden && m.senderId !== client.userId)
    .map(textOf);
}
