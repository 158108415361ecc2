import { ProtobufCodec } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import { ErrorCode } from '../../src/errors.js';
import { createUser } from '../../src/model/users.js';
import { MemoryServerStore } from '../../src/store/memory.js';
import type { CommitResult, KvMutation } from '../../src/store/types.js';
import { TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP } from '../helpers/server.js';

const codec = new ProtobufCodec();

/** Commits take 80 ms, so a login is surely still in flight when the test acts. */
class SlowStore extends MemoryServerStore {
  override async commit(mutation: KvMutation): Promise<CommitResult> {
    await new Promise((resolve) => setTimeout(resolve, 80));
    return super.commit(mutation);
  }
}

/**
 * Commits wait while the gate is shut and all finish in the same tick on release: two
 * logins then run the rest of their way in lockstep, interleaved at every await.
 */
class GatedStore extends MemoryServerStore {
  private waiting: (() => void)[] = [];
  gated = false;
  pending(): number {
    return this.waiting.length;
  }
  release(): void {
    this.gated = false;
    for (const release of this.waiting.splice(0)) release();
  }
  override async commit(mutation: KvMutation): Promise<CommitResult> {
    if (this.gated) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return super.commit(mutation);
  }
}

function loginFrame(id: number, userId: string): Uint8Array {
  const token = issueToken({ appId: TEST_APP.id, userId, kind: 'native', ttlSec: 3600 }, TEST_APP.native.secret).token;
  return codec.encode({ id, request: { authLogin: { credential: { nativeToken: { userId, token } }, platform: 5 } } });
}

// Found by the gateway fuzzer (test/security/fuzz.test.ts): a login that finished after its
// socket had closed, or that raced a second login on the same socket, left a session in the
// registry that no close event would ever remove (the user stayed online for good).
describe('logins racing a close or each other', () => {
  it('a login still in flight when the socket closes leaves no session behind', async () => {
    const server = await startTestServer({}, TEST_APP, new SlowStore());
    try {
      await createUser(server.context.store, TEST_APP.id, { userId: 'leaver' }, { ifMissing: true });
      const client = await TestClient.connect(server.url);
      await client.request('connHello', { app: { appId: TEST_APP.id } });
      client.ws.send(loginFrame(50, 'leaver'));
      client.terminate();
      await client.closed;
      // Long enough for every commit of the login to finish.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(server.context.sessions.size).toBe(0);
      expect(server.context.sessions.ofUser(TEST_APP.id, 'leaver')).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('a resume still in flight when the socket closes leaves no session, and the token still resumes', async () => {
    const server = await startTestServer({}, TEST_APP, new SlowStore());
    try {
      const first = await server.login('returner');
      const resumeToken = first.login.resumeToken as string;
      first.terminate();
      await first.closed;
      const dropped = await TestClient.connect(server.url);
      await dropped.request('connHello', { app: { appId: TEST_APP.id } });
      dropped.ws.send(codec.encode({ id: 70, request: { authResume: { resumeToken } } }));
      dropped.terminate();
      await dropped.closed;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(server.context.sessions.ofUser(TEST_APP.id, 'returner')).toEqual([]);
      const again = await TestClient.connect(server.url);
      await again.request('connHello', { app: { appId: TEST_APP.id } });
      expect(await again.request('authResume', { resumeToken })).toMatchObject({ userId: 'returner' });
      expect(server.context.sessions.ofUser(TEST_APP.id, 'returner')).toHaveLength(1);
      again.close();
    } finally {
      await server.stop();
    }
  });

  it('of two logins pipelined on one socket, one wins and the other is refused', async () => {
    const store = new GatedStore();
    const server = await startTestServer({}, TEST_APP, store);
    try {
      await createUser(server.context.store, TEST_APP.id, { userId: 'twice' }, { ifMissing: true });
      const client = await TestClient.connect(server.url);
      await client.request('connHello', { app: { appId: TEST_APP.id } });
      store.gated = true;
      const answers = [client.sendRaw(loginFrame(60, 'twice'), 60), client.sendRaw(loginFrame(61, 'twice'), 61)];
      while (store.pending() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      store.release();
      const results = await Promise.allSettled(answers);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: ErrorCode.ALREADY_LOGGED_IN });
      expect(server.context.sessions.ofUser(TEST_APP.id, 'twice')).toHaveLength(1);
      client.close();
      await client.closed;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(server.context.sessions.size).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
