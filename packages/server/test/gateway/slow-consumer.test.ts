import type { Socket } from 'node:net';
import { SUBPROTOCOL_JSON } from '@parley/protocol';
import { JsonCodec } from '@parley/protocol/json';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { issueToken } from '../../src/auth/index.js';
import { Connection } from '../../src/gateway/connection.js';
import { createUser } from '../../src/model/users.js';
import type { TestClient } from '../helpers/client.js';
import { c2c, startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** ~50 KB per message: five 10 KB texts, under the default body and group text caps. */
const big = (convId: string) => ({ convId, elements: Array.from({ length: 5 }, () => ({ text: { text: 'y'.repeat(10_000) } })) });

/** Stops or restarts reading a client's socket: the TCP window fills and the server's output queues. */
const socketOf = (ws: WebSocket) => (ws as unknown as { _socket: Socket })._socket;

/** The server side of a user's (only) session on this node, while it has one. */
function serverConn(server: TestServer, userId: string): Connection | undefined {
  return server.context.sessions.ofUser(TEST_APP.id, userId)[0]?.conn;
}

/** Everyone in one live room; the first client creates it. */
async function room(clients: TestClient[]): Promise<string> {
  const { roomId } = await (clients[0] as TestClient).request('roomCreate', { room: { name: 'busy' } });
  for (const c of clients) await c.request('roomEnter', { room: { roomId } });
  return `room:${roomId}`;
}

const MB = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('slow consumers', () => {
  it('room fan-out (prepared frames): a member that stops reading is dropped at maxBufferedBytes; the others keep receiving', async () => {
    const limit = 256 * 1024;
    const server = await startTestServer({ maxBufferedBytes: limit, sendStallMs: 0 });
    const drops = vi.spyOn(Connection.prototype, 'dropSlowConsumer');
    try {
      const sender = await server.login('fan-sender');
      const stuck = await server.login('fan-stuck');
      const watcher = await server.login('fan-watcher');
      const convId = await room([sender, stuck, watcher]);
      const conn = serverConn(server, 'fan-stuck') as Connection;
      socketOf(stuck.ws).pause();
      let sent = 0;
      let peak = 0;
      let last = '';
      while (!conn.closed && sent < 2000) {
        last = (await sender.request('msgSend', big(convId))).serverMsgId;
        sent++;
        peak = Math.max(peak, conn.bufferedBytes);
      }
      expect(conn.closed).toBe(true);
      // Memory stayed bounded: the server never held more than the limit for this peer.
      expect(peak).toBeLessThanOrEqual(limit);
      expect(drops.mock.contexts).toEqual([conn]);
      expect(drops.mock.calls).toEqual([['send buffer full']]);
      // The room goes on: the watcher got every message, and more after the drop.
      for (let i = 0; i < 5; i++) last = (await sender.request('msgSend', big(convId))).serverMsgId;
      await watcher.waitForPush((p) => p.message?.message?.serverMsgId === last);
      expect(watcher.messages(convId)).toHaveLength(sent + 5);
      // The stuck client, reading again, finds its connection cut (no close frame could reach it).
      socketOf(stuck.ws).resume();
      expect((await stuck.closed).code).toBe(1006);
      console.log(`room fan-out: dropped after ${sent} pushes (${MB(sent * 50_000)}); server buffer peak ${Math.round(peak / 1024)} KB of ${limit / 1024} KB; watcher got ${sent + 5}`);
      for (const c of [sender, watcher]) c.close();
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('a JSON-codec client (frames encoded per connection) that stops reading is dropped the same way', async () => {
    const limit = 256 * 1024;
    const server = await startTestServer({ maxBufferedBytes: limit, sendStallMs: 0 });
    const drops = vi.spyOn(Connection.prototype, 'dropSlowConsumer');
    try {
      const codec = new JsonCodec();
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/parley/ws`, SUBPROTOCOL_JSON);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const answers = new Map<number, (ok: boolean) => void>();
      ws.on('message', (data: Buffer) => {
        const envelope = codec.decode(data.toString('utf8'));
        answers.get(envelope.id)?.(envelope.kind === 'response');
      });
      const request = (id: number, request: object) =>
        new Promise<boolean>((resolve) => {
          answers.set(id, resolve);
          ws.send(codec.encode({ id, request }) as string);
        });
      await createUser(server.context.store, TEST_APP.id, { userId: 'json-stuck' }, { ifMissing: true });
      const token = issueToken({ appId: TEST_APP.id, userId: 'json-stuck', kind: 'native', ttlSec: 3600 }, TEST_APP.native.secret).token;
      expect(await request(1, { connHello: { app: { appId: TEST_APP.id }, client: { platform: 5 } } })).toBe(true);
      expect(await request(2, { authLogin: { credential: { nativeToken: { userId: 'json-stuck', token } }, platform: 5 } })).toBe(true);
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      const conn = serverConn(server, 'json-stuck') as Connection;
      socketOf(ws).pause();
      const sender = await server.login('json-sender');
      let sent = 0;
      let peak = 0;
      while (!conn.closed && sent < 2000) {
        await sender.request('msgSend', big(c2c('json-stuck')));
        sent++;
        peak = Math.max(peak, conn.bufferedBytes);
      }
      expect(conn.closed).toBe(true);
      expect(peak).toBeLessThanOrEqual(limit);
      expect(drops.mock.calls).toEqual([['send buffer full']]);
      socketOf(ws).resume();
      expect(await closed).toBe(1006);
      // The messages wait in the log for the next login.
      expect((await sender.request('msgSend', big(c2c('json-stuck')))).seq).toBe(sent + 1);
      console.log(`JSON codec: dropped after ${sent} pushes (${MB(sent * 50_000)}); server buffer peak ${Math.round(peak / 1024)} KB of ${limit / 1024} KB`);
      sender.close();
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('sendStallMs: output that does not drain at all is dropped well below the size limit; a reader that resumes in time is kept', async () => {
    const stallMs = 1500;
    const server = await startTestServer({ maxBufferedBytes: 64 * 1024 * 1024, sendStallMs: stallMs });
    const drops = vi.spyOn(Connection.prototype, 'dropSlowConsumer');
    try {
      const sender = await server.login('stall-sender');
      const stuck = await server.login('stall-stuck');
      const reader = await server.login('stall-reader');
      const convId = await room([sender, stuck, reader]);
      const stuckConn = serverConn(server, 'stall-stuck') as Connection;
      const readerConn = serverConn(server, 'stall-reader') as Connection;
      socketOf(stuck.ws).pause();
      socketOf(reader.ws).pause();
      // Fill both peers' kernel buffers until the server itself holds output for them.
      let sent = 0;
      let last = '';
      // When the server first held output for the stuck peer: no sweep can see a stall before.
      let filledAt = 0;
      while ((stuckConn.bufferedBytes === 0 || readerConn.bufferedBytes === 0) && sent < 2000) {
        last = (await sender.request('msgSend', big(convId))).serverMsgId;
        sent++;
        if (filledAt === 0 && stuckConn.bufferedBytes > 0) filledAt = Date.now();
      }
      const held = stuckConn.bufferedBytes;
      expect(held).toBeGreaterThan(0);
      // The reader was only slow: it reads again well within sendStallMs.
      await sleep(200);
      socketOf(reader.ws).resume();
      while (!stuckConn.closed && Date.now() - filledAt < 10_000) await sleep(50);
      const droppedAfter = Date.now() - filledAt;
      expect(stuckConn.closed).toBe(true);
      expect(droppedAfter).toBeGreaterThanOrEqual(stallMs);
      expect(drops.mock.contexts).toEqual([stuckConn]);
      expect(drops.mock.calls).toEqual([['send buffer not draining']]);
      await reader.waitForPush((p) => p.message?.message?.serverMsgId === last);
      expect(reader.messages(convId)).toHaveLength(sent);
      expect(readerConn.closed).toBe(false);
      console.log(`sendStallMs ${stallMs}: ${sent} pushes (${MB(sent * 50_000)}) filled the kernel buffers; the stuck peer was dropped ${droppedAfter} ms later holding ${Math.round(held / 1024)} KB (limit 64 MB); the slow reader got all ${sent}`);
      for (const c of [sender, reader]) c.close();
      stuck.terminate();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
