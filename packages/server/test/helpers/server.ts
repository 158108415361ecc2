import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken, maxleapSign } from '../../src/auth/index.js';
import type { AppConfig, ServerConfig } from '../../src/config/types.js';
import { nullLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/server.js';
import type { ServerStore } from '../../src/store/types.js';
import { TEST_APP } from './app.js';
import { TestClient } from './client.js';

export { TEST_APP };

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Connects a client and logs `userId` in with a native token (users are created on first use). */
  // biome-ignore lint/suspicious/noExplicitAny: the login result is read loosely by tests
  login(userId: string, opts?: { platform?: number }): Promise<TestClient & { userId: string; login: any }>;
  /**
   * Connects a client that logs `userId` in through MaxLeap with the app's client key: a
   * privileged session (§5.2) under the default `allowClientKeyAdmin` policy.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the login result is read loosely by tests
  loginPrivileged(userId: string): Promise<TestClient & { userId: string; login: any }>;
  stop(): Promise<void>;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}, app: AppConfig = TEST_APP, store?: ServerStore): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, store: 'memory', logLevel: 'silent', devTenant: false, apps: [app], ...overrides, dataDir }, { log: nullLogger, ...(store && { store }) });
  return {
    ...server,
    dataDir,
    async login(userId, opts = {}) {
      const { createUser } = await import('../../src/model/users.js');
      await createUser(server.context.store, app.id, { userId }, { ifMissing: true });
      const client = await TestClient.connect(server.url);
      await client.request('connHello', { app: { appId: app.id }, client: { platform: opts.platform ?? 5 } });
      const token = issueToken({ appId: app.id, userId, kind: 'native', ttlSec: 3600 }, app.native.secret).token;
      const login = await client.request('authLogin', { credential: { nativeToken: { userId, token } }, platform: opts.platform ?? 5 });
      return Object.assign(client, { userId, login });
    },
    async loginPrivileged(userId) {
      const ml = app.maxleap;
      if (!ml?.keys.client) throw new Error('the test app has no MaxLeap client key');
      const client = await TestClient.connect(server.url);
      await client.request('connHello', { app: { maxleapAppId: ml.appId }, proof: { maxleapSign: maxleapSign(ml.keys.client, Date.now()) } });
      const login = await client.request('authLogin', { credential: { maxleapUser: { userId } } });
      return Object.assign(client, { userId, login });
    },
    async stop() {
      await server.close();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `c2c:<peer>`. */
export const c2c = (peer: string) => `c2c:${peer}`;

/** A text message request. */
export function text(convId: string, body: string, clientMsgId?: string): object {
  return { convId, elements: [{ text: { text: body } }], ...(clientMsgId && { clientMsgId }) };
}
