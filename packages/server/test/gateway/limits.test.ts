import { ProtobufCodec } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode } from '../../src/errors.js';
import { MemoryServerStore } from '../../src/store/memory.js';
import type { CommitResult, KvMutation } from '../../src/store/types.js';
import { TestClient, type WireError } from '../helpers/client.js';
import { c2c, startTestServer, TEST_APP, text } from '../helpers/server.js';

const codec = new ProtobufCodec();

describe('gateway limits and bad input', () => {
  it('answers malformed frames with a typed error when the id is readable, else closes after the budget', async () => {
    const server = await startTestServer();
    try {
      const client = await server.login('bad-frames');
      // id 7, then a request whose field 10 (conn_hello) has the wrong wire type (varint).
      const wrongWire = Uint8Array.from([0x08, 0x07, 0x12, 0x02, 0x50, 0x01]);
      await expect(client.sendRaw(wrongWire, 7)).rejects.toMatchObject({ code: ErrorCode.WRONG_WIRE_TYPE });
      // id 9, a request with an op number this server does not know (field 250).
      const unknownOp = Uint8Array.from([0x08, 0x09, 0x12, 0x03, 0xd0, 0x0f, 0x01]);
      await expect(client.sendRaw(unknownOp, 9)).rejects.toMatchObject({ code: ErrorCode.UNKNOWN_OPERATION });
      // Still served.
      expect((await client.request('connPing', {})).serverTime).toBeGreaterThan(0);
      // Garbage with no readable id: ten of them close the connection (4001).
      for (let i = 0; i < 10; i++) client.ws.send(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
      expect((await client.closed).code).toBe(4001);
      // Other clients are unaffected.
      const other = await server.login('bystander');
      expect((await other.request('connPing', {})).serverTime).toBeGreaterThan(0);
      other.close();
    } finally {
      await server.stop();
    }
  });

  it('closes with 1009 on an oversized frame and refuses a handshake without a subprotocol (4008)', async () => {
    const server = await startTestServer({ maxFrameBytes: 64 * 1024 });
    try {
      const client = await server.login('big');
      client.ws.send(codec.encode({ id: 3, request: { msgSend: { convId: c2c('x'), elements: [{ text: { text: 'x'.repeat(100_000) } }] } } }));
      expect((await client.closed).code).toBe(1009);
      // A client offering no subprotocol at all (ws refuses to open when it offered one the server did not pick).
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/parley/ws`);
      const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
      expect(code).toBe(4008);
    } finally {
      await server.stop();
    }
  });

  it('rate-limits requests with retry_after_ms', async () => {
    const server = await startTestServer({ requestsPerSec: 5, requestBurst: 5 });
    try {
      const client = await server.login('chatty'); // hello + login take 2 tokens
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.request('connPing', {})));
      const limited = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as WireError);
      expect(limited.length).toBeGreaterThanOrEqual(15);
      expect(limited.every((e) => e.code === ErrorCode.RATE_LIMITED)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await client.request('connPing', {})).serverTime).toBeGreaterThan(0);
      client.close();
    } finally {
      await server.stop();
    }
  });

  it('drops silent connections (heartbeat) and ones that never log in (4002)', async () => {
    const server = await startTestServer({ heartbeatMs: 150, loginTimeoutMs: 300 });
    try {
      const silent = await server.login('silent');
      const lurker = await TestClient.connect(server.url);
      const pinger = await server.login('pinger');
      const timer = setInterval(() => pinger.request('connPing', {}).catch(() => {}), 50);
      const [a, b] = await Promise.all([silent.closed, lurker.closed]);
      expect(a.code).toBe(1006); // terminated: the peer was silent, no close frame is owed
      expect(b.code).toBe(4002);
      expect(pinger.closeCode).toBeUndefined();
      clearInterval(timer);
      pinger.close();
    } finally {
      await server.stop();
    }
  });

  it('drops a client that never reads instead of buffering for it', async () => {
    const server = await startTestServer({ maxBufferedBytes: 256 * 1024 });
    try {
      const stuck = await server.login('stuck');
      const sender = await server.login('flood');
      // Stop reading: the TCP window fills and the server's send buffer grows.
      (stuck.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      // ~50 KB per message (five 10 KB text elements, under the 64 KB body cap).
      const big = { convId: c2c('stuck'), elements: Array.from({ length: 5 }, () => ({ text: { text: 'y'.repeat(10_000) } })) };
      for (let i = 0; i < 1000 && server.context.sessions.ofUser(TEST_APP.id, 'stuck').length > 0; i++) {
        await sender.request('msgSend', big);
      }
      expect(server.context.sessions.ofUser(TEST_APP.id, 'stuck')).toHaveLength(0);
      // The sender keeps being served, and the messages wait for the stuck user in the log.
      const r = await sender.request('msgSend', text(c2c('stuck'), 'still fine'));
      expect(r.seq).toBeGreaterThan(1);
      sender.close();
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('graceful shutdown: in-flight requests are answered, then draining and close 1001', async () => {
    // Commits take 100 ms, so the requests are surely in flight when the shutdown starts.
    class SlowStore extends MemoryServerStore {
      override async commit(mutation: KvMutation): Promise<CommitResult> {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return super.commit(mutation);
      }
    }
    const server = await startTestServer({}, TEST_APP, new SlowStore());
    const a = await server.login('drain-a');
    await server.login('drain-b');
    const sends = Array.from({ length: 30 }, (_, i) => a.request('msgSend', text(c2c('drain-b'), `d${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.stop();
    const settled = await Promise.allSettled(sends);
    expect(settled.filter((s) => s.status === 'fulfilled').length).toBe(30);
    await closing;
    expect(a.pushes.some((p) => p.draining)).toBe(true);
    expect((await a.closed).code).toBe(1001);
  });
});
