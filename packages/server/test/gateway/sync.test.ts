import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { TestClient, WireError } from '../helpers/client.js';
import { c2c, startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

let server: TestServer;

/** What a client does on reconnect (§4.9): changes since its cursor, then pull every gap. */
async function catchUp(client: TestClient, cursor: number, localSeqs: Map<string, number>) {
  const received = new Map<string, number[]>();
  let next = cursor;
  for (;;) {
    const batch = await client.request('syncChanges', { cursor: next, limit: 7 });
    expect(batch.reset).toBe(false);
    for (const change of batch.changes) {
      const conv = change.conversation;
      if (!conv) continue;
      let from = localSeqs.get(conv.convId) ?? 0;
      while (from < conv.maxSeq) {
        const pulled = await client.request('syncPull', { ranges: [{ convId: conv.convId, fromSeq: from, toSeq: conv.maxSeq, limit: 40 }] });
        const range = pulled.ranges[0];
        const seqs = range.messages.map((m: { seq: number }) => m.seq);
        received.set(conv.convId, [...(received.get(conv.convId) ?? []), ...seqs]);
        from = seqs.at(-1) ?? conv.maxSeq;
        if (!range.hasMore) break;
      }
      localSeqs.set(conv.convId, from);
    }
    next = batch.cursor;
    if (!batch.hasMore) break;
  }
  return { received, cursor: next };
}

// The same flows on both stores: the in-memory one and the embedded default (SQLite).
for (const store of ['memory', 'sqlite'] as const) {
  describe(`on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store });
    });
    afterAll(async () => {
      await server.stop();
    });

    describe('pull size', () => {
      it('cuts a pull of large entries at its byte budget and pages the rest with hasMore', async () => {
        const sender = await server.login('bigsender');
        const reader = await server.login('bigreader');
        const big = 'x'.repeat(11_000);
        for (let i = 0; i < 80; i++) await sender.request('msgSend', text(c2c('bigreader'), `${i}:${big}`));
        const seqs: number[] = [];
        let from = 0;
        let pages = 0;
        for (;;) {
          const pulled = await reader.request('syncPull', { ranges: [{ convId: c2c('bigsender'), fromSeq: from, toSeq: 0, limit: 500 }] });
          const range = pulled.ranges[0];
          pages++;
          seqs.push(...range.messages.map((m: { seq: number }) => m.seq));
          from = seqs.at(-1) ?? from;
          if (!range.hasMore) break;
        }
        expect(pages).toBeGreaterThan(1);
        expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      });
    });

    describe('offline delivery and reconnect', () => {
      // 1,000 sends and pulls: minutes on a loaded 2-core CI machine are not a failure here.
      it('delivers exactly the 1,000 messages missed across 20 conversations, in order, once', { timeout: 120_000 }, async () => {
        const reader = await server.login('reader');
        const senders = await Promise.all(Array.from({ length: 20 }, (_, i) => server.login(`sender${i}`)));
        // Some history the reader already has before going away.
        for (const s of senders) await s.request('msgSend', text(c2c('reader'), 'before'));
        await reader.waitForPush((p) => reader.messages().length === 20 && p.message !== null);
        const local = new Map<string, number>();
        for (const m of reader.messages()) local.set(m.convId, Math.max(local.get(m.convId) ?? 0, m.seq));
        const cursorBefore = Math.max(...reader.pushes.map((p) => p.cursor));
        const resumeToken = reader.login.resumeToken;
        reader.terminate();
        await reader.closed;

        // 50 messages from each sender while the reader is away, sent concurrently across senders.
        await Promise.all(
          senders.map(async (s, i) => {
            for (let k = 0; k < 50; k++) await s.request('msgSend', text(c2c('reader'), `m${i}-${k}`));
          }),
        );

        const back = await TestClient.connect(server.url);
        await back.request('connHello', { app: { appId: TEST_APP.id } });
        const resumed = await back.request('authResume', { resumeToken, changeCursor: cursorBefore });
        expect(resumed.userId).toBe('reader');
        const { received } = await catchUp(back, cursorBefore, local);
        let total = 0;
        for (let i = 0; i < 20; i++) {
          const seqs = received.get(c2c(`sender${i}`)) ?? [];
          expect(seqs).toEqual(Array.from({ length: 50 }, (_, k) => k + 2));
          total += seqs.length;
        }
        expect(total).toBe(1000);
        // Nothing was pushed twice to the resumed session, and nothing is pending.
        expect(back.messages()).toHaveLength(0);
        back.close();
        for (const s of senders) s.close();
      });

      it('acks move deliveredSeq forward only', async () => {
        const a = await server.login('ack-a');
        const b = await server.login('ack-b');
        for (let i = 0; i < 3; i++) await a.request('msgSend', text(c2c('ack-b'), `x${i}`));
        await b.request('syncAck', { marks: [{ convId: c2c('ack-a'), deliveredSeq: 2 }] });
        await b.request('syncAck', { marks: [{ convId: c2c('ack-a'), deliveredSeq: 1 }] });
        await b.request('syncAck', { marks: [{ convId: c2c('ack-a'), deliveredSeq: 99 }] });
        const got = await b.request('convGet', { convIds: [c2c('ack-a')] });
        expect(got.conversations[0].deliveredSeq).toBe(3);
        a.close();
        b.close();
      });

      it('a cursor from the future resets; the snapshot gives the state and cursor', async () => {
        const c = await server.login('snap');
        const batch = await c.request('syncChanges', { cursor: 10_000 });
        expect(batch.reset).toBe(true);
        await c.request('groupCreate', { group: { groupId: 'snap-g', joinOption: 1 } });
        const snapshot = await c.request('syncSnapshot', {});
        expect(snapshot.cursor).toBeGreaterThan(0);
        expect(snapshot.memberships.map((m: { groupId: string }) => m.groupId)).toEqual(['snap-g']);
        expect(snapshot.conversations.map((r: { convId: string }) => r.convId)).toEqual(['group:snap-g']);
        expect(snapshot.profile.userId).toBe('snap');
        c.close();
      });
    });

    describe('history paging (§4.7)', () => {
      it('pages older and newer from anchors by seq, client id and time', async () => {
        const a = await server.login('hist-a');
        const b = await server.login('hist-b');
        const sent: { time: number }[] = [];
        for (let i = 1; i <= 25; i++) sent.push(await a.request('msgSend', text(c2c('hist-b'), `h${i}`, `hist-${i}`)));
        const seqs = (r: { messages: { seq: number }[] }) => r.messages.map((m) => m.seq);
        const newest = await b.request('msgHistory', { convId: c2c('hist-a'), limit: 10 });
        expect(seqs(newest)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
        expect(newest.hasMore).toBe(true);
        const older = await b.request('msgHistory', { convId: c2c('hist-a'), limit: 10, anchor: { seq: 16 } });
        expect(seqs(older)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
        const oldest = await b.request('msgHistory', { convId: c2c('hist-a'), limit: 10, anchor: { seq: 6 } });
        expect(seqs(oldest)).toEqual([1, 2, 3, 4, 5]);
        expect(oldest.hasMore).toBe(false);
        const newer = await b.request('msgHistory', { convId: c2c('hist-a'), limit: 5, direction: 1, anchor: { clientMsgId: 'hist-10', senderId: 'hist-a' } });
        expect(seqs(newer)).toEqual([11, 12, 13, 14, 15]);
        const fromStart = await b.request('msgHistory', { convId: c2c('hist-a'), limit: 3, direction: 1 });
        expect(seqs(fromStart)).toEqual([1, 2, 3]);
        const inclusive = await b.request('msgHistory', { convId: c2c('hist-a'), limit: 2, anchor: { seq: 10 }, inclusive: true });
        expect(seqs(inclusive)).toEqual([9, 10]);
        const byTime = await b.request('msgHistory', { convId: c2c('hist-a'), limit: 100, anchor: { time: (sent[4]?.time ?? 0) + 1 } });
        expect(seqs(byTime).at(-1)).toBeGreaterThanOrEqual(5);
        expect(byTime.messages.every((m: { time: number }) => m.time <= (sent[4]?.time ?? 0) + 1)).toBe(true);
        a.close();
        b.close();
      });

      it('refuses reading another user\'s history', async () => {
        const mallory = await server.login('mallory');
        // `subject` asks to act as another user, which a plain session may not do.
        await expect(mallory.request('msgHistory', { convId: c2c('hist-b') }, { subject: 'hist-a' })).rejects.toMatchObject({ code: ErrorCode.PERMISSION_DENIED });
        // Its own C2C log with hist-a is empty: the log is keyed by both parties.
        const own = await mallory.request('msgHistory', { convId: c2c('hist-a') });
        expect(own.messages).toHaveLength(0);
        // References to other people's messages resolve to nothing.
        const got = await mallory.request('msgGet', { refs: [{ clientMsgId: 'hist-3', senderId: 'hist-a' }] });
        expect(got.messages).toHaveLength(0);
        await expect(mallory.request('msgRevoke', { ref: { clientMsgId: 'hist-3', senderId: 'hist-a' } })).rejects.toBeInstanceOf(WireError);
        mallory.close();
      });
    });
  });
}
