import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/gateway/connection.js';
import { startTestServer, TEST_APP } from '../helpers/server.js';
import { garbageCollector } from '../security/fuzz/harness.js';

const gc = garbageCollector();
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
/**
 * Collects garbage between macrotasks (WeakRef targets live until the job ends) until the
 * target is gone, for up to 1.5 s: socket teardown takes a few ticks, and every leak this
 * guards against held on for 5 s or more.
 */
async function collected(ref: WeakRef<object>): Promise<void> {
  const until = Date.now() + 1_500;
  while (ref.deref() && Date.now() < until) {
    await tick();
    gc?.();
  }
}
const weakConnection = (sessions: readonly { conn: Connection }[]) => new WeakRef(sessions[0]?.conn as Connection);

// Found while reading heap snapshots of the gateway fuzzer (test/security/fuzz.test.ts): the
// presence and cluster-directory grace timers and the room eviction timer of a dropped session
// closed over the whole session, as did a room member's bus handler, and through `session.conn`
// kept the connection, its WebSocket and its socket alive for the resume grace period (60 s by
// default) or longer; a server-side close kept it for its 5 s handshake timer. Reconnect churn
// piled up memory.
describe.skipIf(!gc)('a dropped connection', () => {
  it('closed by the server is garbage once the close handshake is done', async () => {
    const server = await startTestServer();
    try {
      const client = await server.login('garbler');
      const ref = weakConnection(server.context.sessions.ofUser(TEST_APP.id, 'garbler'));
      // Ten unreadable frames spend the error budget: the server closes with 4001.
      for (let i = 0; i < 10; i++) client.ws.send(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
      expect((await client.closed).code).toBe(4001);
      await collected(ref);
      expect(ref.deref()).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it('is garbage once its session is gone, while the resume grace period still runs', async () => {
    const server = await startTestServer();
    try {
      const client = await server.login('churner');
      // In a live room too: the room's eviction timer runs for room.evictAfterMs after the drop.
      await client.request('roomCreate', { room: { roomId: 'churn-room', name: 'r' } });
      await client.request('roomEnter', { room: { roomId: 'churn-room' } });
      // Only a weak reference to the connection from here on (no local keeps the session).
      const ref = weakConnection(server.context.sessions.ofUser(TEST_APP.id, 'churner'));
      client.terminate();
      await client.closed;
      while (server.context.sessions.ofUser(TEST_APP.id, 'churner').length > 0) await tick();
      await collected(ref);
      expect(ref.deref()).toBeUndefined();
      // The premise: the grace period (and its timers) outlasts the wait above.
      expect(TEST_APP.policy?.resumeGraceMs ?? 60_000).toBeGreaterThan(1_500);
    } finally {
      await server.stop();
    }
  });
});
