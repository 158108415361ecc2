import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { TestClient } from '../helpers/client.js';
import { c2c, startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

/** Message policies of §5.1: sensitive words, group text cap, revocable kinds, webhooks, list caps, guests. */

/** A stand-in app server: refuses texts containing "forbidden", records after-send calls. */
function hookServer(): Promise<{ url: string; after: unknown[]; close: () => Promise<void> }> {
  const after: unknown[] = [];
  const http: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const call = JSON.parse(body) as { event: string; message: { elements: { text?: { text: string } }[] } };
      if (req.url === '/after') after.push(call);
      const text = call.message.elements[0]?.text?.text ?? '';
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(text.includes('forbidden') ? { allow: false, reason: 'not here' } : { allow: true }));
    });
  });
  return new Promise((resolve) => {
    http.listen(0, '127.0.0.1', () => {
      const { port } = http.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, after, close: () => new Promise((r) => http.close(() => r())) });
    });
  });
}

describe('message policies', () => {
  let server: TestServer;
  let hooks: Awaited<ReturnType<typeof hookServer>>;
  beforeAll(async () => {
    hooks = await hookServer();
    const policy: Partial<Policy> = {
      ...TEST_APP.policy,
      sensitiveWords: ['Spoiler'],
      maxTextBytesGroup: 10,
      revokeDeniedKinds: ['groupTip', 'notice', 'image'],
      beforeSendWebhook: `${hooks.url}/before`,
      afterSendWebhook: `${hooks.url}/after`,
      convListMax: 2,
    };
    server = await startTestServer({}, { ...TEST_APP, policy });
  });
  afterAll(async () => {
    await server.stop();
    await hooks.close();
  });

  it('refuses texts with a sensitive word, whatever the case', async () => {
    const alice = await server.login('mp-alice');
    await server.login('mp-bob');
    await expect(alice.request('msgSend', text(c2c('mp-bob'), 'big SPOILER ahead'))).rejects.toMatchObject({ code: ErrorCode.CONTENT_REJECTED });
    await expect(alice.request('msgSend', text(c2c('mp-bob'), 'all fine'))).resolves.toMatchObject({ seq: 1 });
  });

  it('caps group texts separately from C2C texts', async () => {
    const owner = await server.login('mp-owner');
    const { group } = await owner.request('groupCreate', { group: { groupId: 'mp-team' } });
    await expect(owner.request('msgSend', text(`group:${group.groupId}`, 'x'.repeat(11)))).rejects.toMatchObject({ code: ErrorCode.TOO_LARGE });
    await expect(owner.request('msgSend', text(`group:${group.groupId}`, 'x'.repeat(10)))).resolves.toBeDefined();
    await server.login('mp-peer');
    await expect(owner.request('msgSend', text(c2c('mp-peer'), 'x'.repeat(11)))).resolves.toBeDefined();
  });

  it('refuses to revoke kinds the app marks as not revocable', async () => {
    const alice = await server.login('mp-rev-a');
    await server.login('mp-rev-b');
    const image = await alice.request('msgSend', { convId: c2c('mp-rev-b'), elements: [{ image: { imageFormat: 1, sizes: [{ url: 'https://example.com/a.png' }] } }] });
    await expect(alice.request('msgRevoke', { ref: { convId: c2c('mp-rev-b'), seq: image.seq } })).rejects.toMatchObject({ code: ErrorCode.REVOKE_NOT_ALLOWED });
    const plain = await alice.request('msgSend', text(c2c('mp-rev-b'), 'oops'));
    await expect(alice.request('msgRevoke', { ref: { convId: c2c('mp-rev-b'), seq: plain.seq } })).resolves.toBeDefined();
  });

  it('asks the before-send hook and tells the after-send hook', async () => {
    const alice = await server.login('mp-hook-a');
    const bob = await server.login('mp-hook-b');
    await expect(alice.request('msgSend', text(c2c('mp-hook-b'), 'this is forbidden'))).rejects.toMatchObject({ code: ErrorCode.CONTENT_REJECTED, message: expect.stringContaining('not here') });
    const sent = await alice.request('msgSend', text(c2c('mp-hook-b'), 'hello hook'));
    await bob.waitForPush((p) => p.message?.message?.seq === sent.seq);
    // Nothing of the refused message reached bob or the log.
    expect(bob.messages(c2c('mp-hook-a')).map((m) => m.elements[0]?.text?.text)).toEqual(['hello hook']);
    const deadline = Date.now() + 5000;
    const delivered = () => hooks.after.some((c) => (c as { convId: string }).convId === c2c('mp-hook-b'));
    while (!delivered() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const call = hooks.after.find((c) => (c as { convId: string }).convId === c2c('mp-hook-b')) as { event: string; appId: string; message: { seq: number } };
    expect(call).toMatchObject({ event: 'afterSend', appId: TEST_APP.id });
    expect(Number(call.message.seq)).toBe(sent.seq);
  });

  it('caps conv.list at convListMax', async () => {
    const alice = await server.login('mp-list');
    for (const peer of ['mp-l1', 'mp-l2', 'mp-l3']) {
      await server.login(peer);
      await alice.request('msgSend', text(c2c(peer), 'hi'));
    }
    const list = await alice.request('convList', {});
    expect(list.conversations.map((c: { convId: string }) => c.convId)).toEqual([c2c('mp-l3'), c2c('mp-l2')]);
  });

  it('guests send in rooms but not to users', async () => {
    const owner = await server.login('mp-room-owner');
    const room = await owner.request('roomCreate', { room: { name: 'open', allowAnonymous: true } });
    await owner.request('roomEnter', { room: { roomId: room.roomId } });
    const guest = await TestClient.connect(server.url);
    await guest.request('connHello', { app: { appId: TEST_APP.id } });
    await guest.request('authLogin', { credential: { anonymous: {} } });
    await guest.request('roomEnter', { room: { roomId: room.roomId } });
    await guest.request('msgSend', text(`room:${room.roomId}`, 'hi all'));
    await owner.waitForPush((p) => p.message?.message?.elements?.[0]?.text?.text === 'hi all');
    await expect(guest.request('msgSend', text(c2c('mp-room-owner'), 'psst'))).rejects.toMatchObject({ code: ErrorCode.PERMISSION_DENIED });
    guest.close();
  });
});
