import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { refusal, type TestClient } from '../helpers/client.js';
import { c2c, startTestServer, type TestServer, text } from '../helpers/server.js';

let server: TestServer;

// The same flows on both stores: the in-memory one and the embedded default (SQLite).
for (const store of ['memory', 'sqlite'] as const) {
  describe(`on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store });
    });
    afterAll(async () => {
      await server.stop();
    });

    describe('C2C messaging', () => {
      it('delivers in order with gap-free seqs and updates both rows', async () => {
        const alice = await server.login('alice');
        const bob = await server.login('bob');
        const results = [];
        for (let i = 0; i < 10; i++) results.push(await alice.request('msgSend', text(c2c('bob'), `hi ${i}`)));
        expect(results.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        const times = results.map((r) => r.time);
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        await bob.waitForPush((p) => p.message?.message?.seq === 10);
        const got = bob.messages(c2c('alice'));
        expect(got.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(got[3]?.elements[0]?.text?.text).toBe('hi 3');
        expect(got[0]?.senderId).toBe('alice');
        // The sender's own session gets its result in the response, not as a push.
        expect(alice.messages()).toHaveLength(0);
        const last = bob.pushes.at(-1);
        expect(last?.message?.conversation?.unreadCount).toBe(10);
        expect(last?.message?.conversation?.maxSeq).toBe(10);
        const bobList = await bob.request('convList', {});
        expect(bobList.conversations[0].convId).toBe(c2c('alice'));
        expect(bobList.conversations[0].lastMessage.elements[0].text.text).toBe('hi 9');
        alice.close();
        bob.close();
      });

      it('stores and delivers a send retried 5 times with one client message id once', async () => {
        const carol = await server.login('carol');
        const dave = await server.login('dave');
        const first = await carol.request('msgSend', text(c2c('dave'), 'once', 'cmid-retry-1'));
        for (let i = 0; i < 5; i++) {
          const again = await carol.request('msgSend', text(c2c('dave'), 'once', 'cmid-retry-1'));
          expect(again).toMatchObject({ serverMsgId: first.serverMsgId, seq: first.seq, time: first.time, duplicate: true });
        }
        // A later message proves the pushes that could have been sent are all in.
        await carol.request('msgSend', text(c2c('dave'), 'after'));
        await dave.waitForPush((p) => p.message?.message?.elements?.[0]?.text?.text === 'after');
        expect(dave.messages().filter((m) => m.clientMsgId === 'cmid-retry-1')).toHaveLength(1);
        const history = await dave.request('msgHistory', { convId: c2c('carol'), limit: 50 });
        expect(history.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
        carol.close();
        dave.close();
      });

      it('carries every content element faithfully, including astral characters', async () => {
        const erin = await server.login('erin');
        const frank = await server.login('frank');
        const elements = [
          { text: { text: 'emoji 😀🧪 and 𝄞' } },
          { image: { media: { mediaId: 'm1', url: 'https://x/y.png', width: 10, height: 20, size: 300 } } },
          { location: { description: 'here', latitude: 1.5, longitude: -2.25, scale: 3 } },
          { face: { index: 7, data: 'smile' } },
          { custom: { data: '{"a":1}', description: 'd', extension: 'e' } },
        ];
        await erin.request('msgSend', { convId: c2c('frank'), elements, cloudCustomData: 'ccd', mentions: { userIds: ['frank'] } });
        const push = await frank.waitForPush((p) => p.message?.message?.senderId === 'erin');
        const m = push.message?.message;
        expect(m?.elements?.[0]?.text?.text).toBe('emoji 😀🧪 and 𝄞');
        expect(m?.elements?.[1]?.image?.media?.url).toBe('https://x/y.png');
        expect(m?.elements?.[2]?.location?.longitude).toBe(-2.25);
        expect(m?.elements?.[3]?.face?.index).toBe(7);
        expect(m?.elements?.[4]?.custom?.data).toBe('{"a":1}');
        expect(m?.cloudCustomData).toBe('ccd');
        expect(push.message?.conversation?.atInfo?.[0]).toMatchObject({ fromId: 'erin' });
        erin.close();
        frank.close();
      });

      it('refuses bad sends with typed errors and stores nothing', async () => {
        const gina = await server.login('gina');
        expect(await refusal(gina.request('msgSend', text(c2c('nobody-here'), 'x')))).toBe(ErrorCode.USER_NOT_FOUND);
        expect(await refusal(gina.request('msgSend', text('weird:thing', 'x')))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(gina.request('msgSend', { convId: c2c('alice'), elements: [] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(gina.request('msgSend', { convId: c2c('alice'), elements: [{ groupTip: { tip: 1 } }] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(gina.request('msgSend', text(c2c('alice'), 'x'.repeat(13_000))))).toBe(ErrorCode.TOO_LARGE);
        expect(await refusal(gina.request('msgSend', text('group:no-such-group', 'x')))).toBe(ErrorCode.GROUP_NOT_FOUND);
        const list = await gina.request('convList', { includeHidden: true });
        expect(list.conversations).toHaveLength(0);
        gina.close();
      });
    });

    describe('group messaging', () => {
      it('fans out to members with gap-free seqs; outsiders cannot send or read', async () => {
        const [owner, m1, m2, outsider] = await Promise.all(['g-owner', 'g-m1', 'g-m2', 'g-out'].map((u) => server.login(u)));
        const created = await owner!.request('groupCreate', { group: { groupId: 'team', name: 'Team', joinOption: 1 }, members: [{ userId: 'g-m1' }] });
        expect(created.group.memberCount).toBe(2);
        const joined = await m2!.request('groupJoin', { groupId: 'team' });
        expect(joined.group.memberCount).toBe(3);
        const members = await m1!.request('groupListMembers', { groupId: 'team', anyRole: true });
        expect(members.members.map((m: { userId: string }) => m.userId).sort()).toEqual(['g-m1', 'g-m2', 'g-owner']);

        const sends = [];
        for (const [i, c] of [owner, m1, m2, owner, m1].entries()) sends.push(await c!.request('msgSend', text('group:team', `g${i}`)));
        // Seqs 1 and 2 are the tips of the creation and of m2's join.
        expect(sends.map((s) => s.seq)).toEqual([3, 4, 5, 6, 7]);
        for (const c of [owner, m1, m2]) {
          await c!.waitForPush((p) => p.message?.message?.seq === 7 || (c === m1 && p.message?.message?.seq === 6));
        }
        await m2!.waitForPush((p) => p.message?.message?.seq === 7);
        expect(m2!.messages('group:team').map((m) => m.seq)).toEqual([2, 3, 4, 6, 7]);

        expect(await refusal(outsider!.request('msgSend', text('group:team', 'let me in')))).toBe(ErrorCode.NOT_MEMBER);
        expect(await refusal(outsider!.request('msgHistory', { convId: 'group:team' }))).toBe(ErrorCode.NOT_MEMBER);
        expect(await refusal(outsider!.request('syncPull', { ranges: [{ convId: 'group:team' }] }))).toBe(ErrorCode.NOT_MEMBER);
        expect(await refusal(outsider!.request('groupListMembers', { groupId: 'team' }))).toBe(ErrorCode.NOT_MEMBER);

        await m2!.request('groupQuit', { groupId: 'team' });
        await owner!.request('msgSend', text('group:team', 'after quit'));
        expect(await refusal(m2!.request('msgSend', text('group:team', 'still here?')))).toBe(ErrorCode.NOT_MEMBER);
        const history = await m1!.request('msgHistory', { convId: 'group:team', limit: 10 });
        expect(history.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        for (const c of [owner, m1, m2, outsider] as TestClient[]) c.close();
      });
    });
  });
}
