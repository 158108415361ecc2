import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { refusal, type TestClient } from '../helpers/client.js';
import { c2c, startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

const { FriendRelation, RespondAction, SnapshotSection } = parley.v1;

async function befriend(a: TestClient, aId: string, b: TestClient, bId: string): Promise<void> {
  await a.request('friendRequest', { to: { userId: bId } });
  await b.request('friendRespond', { applicantId: aId, action: RespondAction.RESPOND_ACTION_ACCEPT });
}

const codesOf = (r: { results: parley.v1.ItemResult[] }) => r.results.map((item) => [item.id, item.code]);

for (const store of ['memory', 'sqlite'] as const) {
  describe(`blocklist on the ${store} store`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ store });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('a block refuses C2C sends from the blocked user until it is removed; a blocked friend stays a friend', async () => {
      const amy = await server.login('amy');
      const amy2 = await server.login('amy');
      const ben = await server.login('ben');
      await befriend(amy, 'amy', ben, 'ben');

      const added = await amy.request('blockAdd', { users: [{ userId: 'ben' }] });
      expect(codesOf(added)).toEqual([['ben', 0]]);
      const push = await amy2.waitForPush((p) => (p.blocklist?.added?.length ?? 0) > 0);
      expect(push.blocklist?.added?.[0]).toMatchObject({ ownerId: 'amy', blockedId: 'ben' });
      expect(Number(push.cursor)).toBeGreaterThan(0);
      expect(amy.pushes.some((p) => p.blocklist)).toBe(false);

      expect(await refusal(ben.request('msgSend', text(c2c('amy'), 'hello?')))).toBe(ErrorCode.BLOCKED_BY_PEER);
      // The block is directed: amy can still write to ben.
      await amy.request('msgSend', text(c2c('ben'), 'one way'));
      const check = await amy.request('friendCheck', { userIds: ['ben'] });
      expect(check.items[0]).toMatchObject({ relation: FriendRelation.FRIEND_RELATION_BOTH, blocked: true });
      const listed = await amy.request('blockList', {});
      expect(listed.blocks.map((b: parley.v1.Block) => b.blockedId)).toEqual(['ben']);
      expect(listed.profiles.map((p: parley.v1.Profile) => p.userId)).toEqual(['ben']);
      const changes = (await amy.request('syncChanges', { cursor: 0 })).changes as parley.v1.ChangeEntry[];
      expect(changes.find((c) => c.block)?.block).toMatchObject({ ownerId: 'amy', blockedId: 'ben' });
      const snapshot = await amy.request('syncSnapshot', { sections: [SnapshotSection.SNAPSHOT_SECTION_BLOCKLIST] });
      expect(snapshot.blocks.map((b: parley.v1.Block) => b.blockedId)).toEqual(['ben']);
      expect(snapshot.friends).toEqual([]);

      const removed = await amy.request('blockRemove', { users: [{ userId: 'ben' }, { userId: 'cat' }] });
      expect(codesOf(removed)).toEqual([
        ['ben', 0],
        ['cat', ErrorCode.NOT_SET],
      ]);
      await amy2.waitForPush((p) => p.blocklist?.removed?.[0] === 'ben');
      expect((await ben.request('msgSend', text(c2c('amy'), 'back again'))).seq).toBeGreaterThan(0);
      const after = (await amy.request('syncChanges', { cursor: 0 })).changes as parley.v1.ChangeEntry[];
      expect(after.find((c) => c.block)).toMatchObject({ deleted: true, block: { ownerId: 'amy', blockedId: 'ben' } });
      for (const c of [amy, amy2, ben]) c.close();
    });

    it('refuses friend requests from a blocked user', async () => {
      const dan = await server.login('dan');
      const eve = await server.login('eve');
      await dan.request('blockAdd', { users: [{ userId: 'eve' }] });
      expect(await refusal(eve.request('friendRequest', { to: { userId: 'dan' } }))).toBe(ErrorCode.BLOCKED_BY_PEER);
      expect((await dan.request('friendListRequests', {})).requests).toEqual([]);
      dan.close();
      eve.close();
    });

    it('bad input: self, oversized lists and malformed ids change nothing; unknown users are reported per item', async () => {
      const fay = await server.login('fay');
      await server.login('gus');
      expect(await refusal(fay.request('blockAdd', { users: [{ userId: 'gus' }, { userId: 'fay' }] }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(fay.request('blockAdd', { users: Array.from({ length: 1001 }, (_, i) => ({ userId: `u${i}` })) }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(fay.request('blockAdd', { users: [{ userId: 'gus' }, { userId: '' }] }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(fay.request('blockAdd', { users: [] }))).toBe(ErrorCode.INVALID_PARAM);
      expect((await fay.request('blockList', {})).blocks).toEqual([]);

      const mixed = await fay.request('blockAdd', { users: [{ userId: 'gus' }, { userId: 'nobody' }, { userId: 'gus' }] });
      expect(codesOf(mixed)).toEqual([
        ['gus', 0],
        ['nobody', ErrorCode.USER_NOT_FOUND],
      ]);
      expect(codesOf(await fay.request('blockAdd', { users: [{ userId: 'gus' }] }))).toEqual([['gus', ErrorCode.ALREADY_SET]]);
      expect((await fay.request('blockList', {})).blocks.map((b: parley.v1.Block) => b.blockedId)).toEqual(['gus']);
      fay.close();
    });

    it('block.enforceOnSend off lets blocked users send', async () => {
      const open = await startTestServer({ store }, { ...TEST_APP, policy: { ...TEST_APP.policy, blockEnforceOnSend: false } });
      const hal = await open.login('hal');
      const ida = await open.login('ida');
      await hal.request('blockAdd', { users: [{ userId: 'ida' }] });
      expect((await ida.request('msgSend', text(c2c('hal'), 'still here'))).seq).toBe(1);
      hal.close();
      ida.close();
      await open.stop();
    });

    it('chat.friendOnly: C2C only between mutual friends', async () => {
      const strict = await startTestServer({ store }, { ...TEST_APP, policy: { ...TEST_APP.policy, chatFriendOnly: true } });
      const jon = await strict.login('jon');
      const kat = await strict.login('kat');
      expect(await refusal(jon.request('msgSend', text(c2c('kat'), 'hi')))).toBe(ErrorCode.NOT_FRIENDS);
      await jon.request('friendRequest', { to: { userId: 'kat' }, addType: 1 });
      await kat.request('friendRespond', { applicantId: 'jon', action: RespondAction.RESPOND_ACTION_ACCEPT });
      // A one-way edge is not enough.
      expect(await refusal(jon.request('msgSend', text(c2c('kat'), 'hi')))).toBe(ErrorCode.NOT_FRIENDS);
      await kat.request('friendRequest', { to: { userId: 'jon' } });
      await jon.request('friendRespond', { applicantId: 'kat', action: RespondAction.RESPOND_ACTION_ACCEPT });
      expect((await jon.request('msgSend', text(c2c('kat'), 'hi'))).seq).toBe(1);
      // Messages to yourself are not a conversation with a peer.
      expect((await jon.request('msgSend', text(c2c('jon'), 'note'))).seq).toBe(1);
      jon.close();
      kat.close();
      await strict.stop();
    });
  });
}
