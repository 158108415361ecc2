import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { c2c, startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

/** §5.2: who may act for another user (`subject`). */
describe('privilege model', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a plain session may not name another user as subject', async () => {
    const alice = await server.login('priv-alice');
    await expect(alice.request('convList', {}, { subject: 'priv-bob' })).rejects.toMatchObject({ code: ErrorCode.PERMISSION_DENIED });
    // Naming yourself is fine.
    await expect(alice.request('convList', {}, { subject: 'priv-alice' })).resolves.toBeDefined();
  });

  it('a MaxLeap client-key session acts for another user under allowClientKeyAdmin', async () => {
    const bob = await server.login('priv-bob');
    const carol = await server.login('priv-carol');
    await bob.request('msgSend', text(c2c('priv-carol'), 'hello carol'));
    const admin = await server.loginPrivileged('priv-app-server');
    const list = await admin.request('convList', {}, { subject: 'priv-bob' });
    expect(list.conversations.map((c: { convId: string }) => c.convId)).toEqual([c2c('priv-carol')]);
    // Acting as carol: history of carol's conversation with bob.
    const history = await admin.request('msgHistory', { convId: c2c('priv-bob') }, { subject: 'priv-carol' });
    expect(history.messages.map((m: { elements: { text?: { text: string } }[] }) => m.elements[0]?.text?.text)).toEqual(['hello carol']);
    await carol.close();
  });

  it('a malformed subject is refused with INVALID_PARAM', async () => {
    const admin = await server.loginPrivileged('priv-app-server-2');
    await expect(admin.request('convList', {}, { subject: 'x'.repeat(65) })).rejects.toMatchObject({ code: ErrorCode.INVALID_PARAM });
  });
});

describe('privilege model with restrictive policies', () => {
  it('allowClientKeyAdmin=false and restRequiresSession=true refuse subjects', async () => {
    for (const policy of [{ allowClientKeyAdmin: false }, { restRequiresSession: true }]) {
      const server = await startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, ...policy } });
      try {
        const admin = await server.loginPrivileged('app-server');
        await server.login('someone');
        await expect(admin.request('convList', {}, { subject: 'someone' })).rejects.toMatchObject({ code: ErrorCode.PERMISSION_DENIED });
      } finally {
        await server.stop();
      }
    }
  });
});
