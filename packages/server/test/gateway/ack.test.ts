import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import { TestClient } from '../helpers/client.js';
import { c2c, startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

/** §4.3: the early `ack` that drives JMessage `onAck` and its two timeout kinds. */
describe('early ack', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function loginAs(userId: string, shim: number): Promise<TestClient> {
    await server.login(userId).then((c) => c.close());
    const client = await TestClient.connect(server.url);
    await client.request('connHello', { app: { appId: TEST_APP.id }, client: { shim, platform: 5 } });
    const token = issueToken({ appId: TEST_APP.id, userId, kind: 'native', ttlSec: 3600 }, TEST_APP.native.secret).token;
    await client.request('authLogin', { credential: { nativeToken: { userId, token } }, platform: 5 });
    return client;
  }

  it('JMessage sessions get an ack before the result of every mutation, and none for reads', async () => {
    await server.login('ack-peer');
    const jm = await loginAs('ack-jm', 3);
    const before = jm.acks.length;
    await jm.request('msgSend', text(c2c('ack-peer'), 'hi'));
    expect(jm.acks.length).toBe(before + 1);
    await jm.request('convList', {});
    await jm.request('msgHistory', { convId: c2c('ack-peer') });
    expect(jm.acks.length).toBe(before + 1);
  });

  it('other sessions get no ack', async () => {
    await server.login('ack-peer2');
    const native = await loginAs('ack-native', 0);
    await native.request('msgSend', text(c2c('ack-peer2'), 'hi'));
    expect(native.acks).toEqual([]);
  });
});
