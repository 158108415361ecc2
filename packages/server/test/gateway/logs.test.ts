import { describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/server.js';
import { TEST_APP } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';

describe('structured logs', () => {
  it('carry connection and request ids and never a secret or a token', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const server = await startServer({ host: '127.0.0.1', port: 0, store: 'memory', apps: [TEST_APP] }, { log });
    try {
      const { createUser } = await import('../../src/model/users.js');
      await createUser(server.context.store, TEST_APP.id, { userId: 'logged' });
      const token = issueToken({ appId: TEST_APP.id, userId: 'logged', kind: 'native', ttlSec: 60 }, TEST_APP.native.secret).token;
      const client = await TestClient.connect(server.url);
      await client.request('connHello', { app: { appId: TEST_APP.id } });
      await client.request('authLogin', { credential: { nativeToken: { userId: 'logged', token: `${token}x` } } }).catch(() => {});
      await client.request('authLogin', { credential: { nativeToken: { userId: 'logged', token } } });
      await fetch(`${server.url}/admin/v1/apps/${TEST_APP.id}/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_APP.native.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'logged' }),
      });
      client.close();
      const text = lines.join('');
      expect(text).not.toContain(token.slice(4, 40));
      expect(text).not.toContain(TEST_APP.native.secret);
      const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
      expect(requests.length).toBeGreaterThanOrEqual(3);
      for (const r of requests) {
        expect(r.connId).toEqual(expect.any(String));
        expect(r.reqId).toEqual(expect.any(Number));
        expect(r.op).toEqual(expect.any(String));
      }
      expect(requests.some((r) => r.op === 'authLogin' && r.code === 3002)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
