import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { refusal, type TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

let server: TestServer;

const UPSERT = 0;
const INIT = 1;
const REPLACE = 2;
const DELETE = 3;
const CLEAR = 4;
const SET = 0;
const INCREASE = 1;
const DECREASE = 2;

/** The plain map of an `Attrs` result. */
function values(attrs: { entries?: Record<string, { value: string }> }): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs.entries ?? {}).map(([k, v]) => [k, v.value]));
}

// Small limits so the refusals are cheap to reach: 3 keys, 8-byte keys, 16-byte values, 40 bytes in all.
const LIMITED_APP = { ...TEST_APP, policy: { ...TEST_APP.policy, attrMaxKeys: 3, attrMaxKeyBytes: 8, attrMaxValueBytes: 16, attrMaxTotalBytes: 40 } };

for (const store of ['memory', 'sqlite'] as const) {
  describe(`attribute stores and counters on the ${store} store`, () => {
    beforeAll(async () => {
      server = await startTestServer({ store }, LIMITED_APP);
    });
    afterAll(async () => {
      await server.stop();
    });

    async function roomWith(...clients: TestClient[]): Promise<string> {
      const owner = clients[0] as TestClient;
      const { roomId } = await owner.request('roomCreate', { room: { name: 'attrs' } });
      for (const c of clients) await c.request('roomEnter', { room: { roomId } });
      return roomId;
    }

    it('room stores: replace replaces, upsert upserts, delete and clear remove; events name the writer', async () => {
      const owner = await server.login(`${store}-ra-owner`);
      const bob = await server.login(`${store}-ra-bob`);
      const roomId = await roomWith(owner, bob);
      const scope = { roomId };

      const first = await bob.request('attrWrite', { scope, mode: REPLACE, entries: { a: '1', b: '2' } });
      expect(values(first)).toEqual({ a: '1', b: '2' });
      expect(first.version).toBe(1);
      expect(first.entries.a).toMatchObject({ lastWriter: `${store}-ra-bob` });
      expect(first.entries.a.updatedAt).toBeGreaterThan(0);
      const set = await owner.waitForPush((p) => p.attributes?.version === 1);
      expect(set.attributes).toMatchObject({ scope: { roomId }, mode: REPLACE, changed: { a: '1', b: '2' }, full: { a: '1', b: '2' }, by: `${store}-ra-bob` });
      expect(set.attributes?.ts).toBeGreaterThan(0);

      const replaced = await owner.request('attrWrite', { scope, mode: REPLACE, entries: { c: '3' } });
      expect(values(replaced)).toEqual({ c: '3' });
      const replacedEvent = await bob.waitForPush((p) => p.attributes?.version === 2);
      expect(replacedEvent.attributes?.deletedKeys).toEqual(['a', 'b']);

      await bob.request('attrWrite', { scope, mode: UPSERT, entries: { c: '33', d: '4' } });
      const read = await owner.request('attrRead', { scope });
      expect(values(read)).toEqual({ c: '33', d: '4' });
      expect(read.version).toBe(3);
      expect(read.entries.c.lastWriter).toBe(`${store}-ra-bob`);
      expect(values(await owner.request('attrRead', { scope, keys: ['d', 'missing'] }))).toEqual({ d: '4' });

      await owner.request('attrWrite', { scope, mode: DELETE, keys: ['c', 'missing'] });
      const deleted = await bob.waitForPush((p) => p.attributes?.version === 4);
      expect(deleted.attributes).toMatchObject({ mode: DELETE, deletedKeys: ['c'], full: { d: '4' }, by: `${store}-ra-owner` });
      await owner.request('attrWrite', { scope, mode: CLEAR });
      const cleared = await bob.waitForPush((p) => p.attributes?.version === 5);
      expect(cleared.attributes?.deletedKeys).toEqual(['d']);
      expect(values(await bob.request('attrRead', { scope }))).toEqual({});
      owner.close();
      bob.close();
    });

    it('init: anyone on an empty store, then only the owner', async () => {
      const owner = await server.login(`${store}-ri-owner`);
      const bob = await server.login(`${store}-ri-bob`);
      const roomId = await roomWith(owner, bob);
      await bob.request('attrWrite', { scope: { roomId }, mode: INIT, entries: { a: '1' } });
      expect(await refusal(bob.request('attrWrite', { scope: { roomId }, mode: INIT, entries: { b: '2' } }))).toBe(ErrorCode.PERMISSION_DENIED);
      const again = await owner.request('attrWrite', { scope: { roomId }, mode: INIT, entries: { b: '2' } });
      expect(values(again)).toEqual({ b: '2' });
      owner.close();
      bob.close();
    });

    it('refuses writes over the limits and changes nothing', async () => {
      const owner = await server.login(`${store}-rl-owner`);
      const roomId = await roomWith(owner);
      const scope = { roomId };
      await owner.request('attrWrite', { scope, mode: REPLACE, entries: { a: '1', b: '2' } });
      expect(await refusal(owner.request('attrWrite', { scope, mode: UPSERT, entries: { c: '3', d: '4' } }))).toBe(ErrorCode.LIMIT_EXCEEDED);
      expect(await refusal(owner.request('attrWrite', { scope, mode: UPSERT, entries: { longerkey: '1' } }))).toBe(ErrorCode.TOO_LARGE);
      expect(await refusal(owner.request('attrWrite', { scope, mode: UPSERT, entries: { c: 'x'.repeat(17) } }))).toBe(ErrorCode.TOO_LARGE);
      expect(await refusal(owner.request('attrWrite', { scope, mode: UPSERT, entries: { c: 'x'.repeat(16), d: 'y'.repeat(16) } }))).toBe(ErrorCode.LIMIT_EXCEEDED);
      expect(await refusal(owner.request('attrWrite', { scope, mode: UPSERT, entries: { c: 'x'.repeat(16), a: 'y'.repeat(16), b: 'z'.repeat(6) } }))).toBe(ErrorCode.TOO_LARGE);
      expect(await refusal(owner.request('attrWrite', { scope, mode: UPSERT, entries: { '': 'x' } }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('attrWrite', { scope, mode: DELETE, keys: [] }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('attrWrite', { scope, mode: UPSERT, entries: {} }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('attrWrite', { scope, mode: 9, entries: { a: '1' } }))).toBe(ErrorCode.INVALID_PARAM);
      const after = await owner.request('attrRead', { scope });
      expect(values(after)).toEqual({ a: '1', b: '2' });
      expect(after.version).toBe(1);
      owner.close();
    });

    it('room scope: a live room the caller is in (T 2641 → NOT_SUPPORTED, 2642 → NOT_IN_ROOM)', async () => {
      const owner = await server.login(`${store}-rs-owner`);
      const outsider = await server.login(`${store}-rs-out`);
      const roomId = await roomWith(owner);
      expect(await refusal(outsider.request('attrWrite', { scope: { roomId }, mode: UPSERT, entries: { a: '1' } }))).toBe(ErrorCode.NOT_IN_ROOM);
      expect(await refusal(outsider.request('attrRead', { scope: { roomId } }))).toBe(ErrorCode.NOT_IN_ROOM);
      const listed = await owner.request('roomCreate', { room: { kind: 1, memberIds: [`${store}-rs-owner`] } });
      expect(await refusal(owner.request('attrWrite', { scope: { roomId: listed.roomId }, mode: UPSERT, entries: { a: '1' } }))).toBe(ErrorCode.NOT_SUPPORTED);
      expect(await refusal(owner.request('attrRead', { scope: { roomId: 'no-such-room' } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await refusal(owner.request('attrRead', { scope: {} }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('attrRead', { scope: { roomId, groupId: 'g' } }))).toBe(ErrorCode.INVALID_PARAM);
      owner.close();
      outsider.close();
    });

    it('group scope: members only; the attributes push reaches the other members', async () => {
      const owner = await server.login(`${store}-ga-owner`);
      const bob = await server.login(`${store}-ga-bob`);
      const outsider = await server.login(`${store}-ga-out`);
      const groupId = `${store}-ga-group`;
      await owner.request('groupCreate', { group: { groupId, name: 'g' }, members: [{ userId: `${store}-ga-bob` }] });
      await owner.request('attrWrite', { scope: { groupId }, mode: UPSERT, entries: { k: 'v' } });
      const event = await bob.waitForPush((p) => p.attributes?.scope?.groupId === groupId);
      expect(event.attributes).toMatchObject({ changed: { k: 'v' }, by: `${store}-ga-owner`, version: 1 });
      expect(values(await bob.request('attrRead', { scope: { groupId } }))).toEqual({ k: 'v' });
      expect(await refusal(outsider.request('attrRead', { scope: { groupId } }))).toBe(ErrorCode.NOT_MEMBER);
      expect(await refusal(outsider.request('attrWrite', { scope: { groupId }, mode: UPSERT, entries: { k: 'x' } }))).toBe(ErrorCode.NOT_MEMBER);
      expect(await refusal(owner.request('attrRead', { scope: { groupId: 'no-such-group' } }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      for (const c of [owner, bob, outsider]) c.close();
    });

    it('counters: set, increase, decrease, read; members only; pushes to members', async () => {
      const owner = await server.login(`${store}-gc-owner`);
      const bob = await server.login(`${store}-gc-bob`);
      const outsider = await server.login(`${store}-gc-out`);
      const groupId = `${store}-gc-group`;
      await owner.request('groupCreate', { group: { groupId, name: 'g' }, members: [{ userId: `${store}-gc-bob` }] });
      expect((await owner.request('counterWrite', { groupId, mode: SET, values: { likes: 10, views: 100 } })).values).toEqual({ likes: 10, views: 100 });
      expect((await bob.request('counterWrite', { groupId, mode: INCREASE, values: { likes: 5, shares: 1 } })).values).toEqual({ likes: 15, shares: 1 });
      expect((await bob.request('counterWrite', { groupId, mode: DECREASE, values: { views: 30 } })).values).toEqual({ views: 70 });
      const pushed = await owner.waitForPush((p) => p.counter?.values?.views === 70);
      expect(pushed.counter?.groupId).toBe(groupId);
      expect((await owner.request('counterRead', { groupId })).values).toEqual({ likes: 15, views: 70, shares: 1 });
      expect((await owner.request('counterRead', { groupId, keys: ['likes', 'nope'] })).values).toEqual({ likes: 15 });

      expect(await refusal(outsider.request('counterRead', { groupId }))).toBe(ErrorCode.NOT_MEMBER);
      expect(await refusal(outsider.request('counterWrite', { groupId, mode: INCREASE, values: { likes: 1 } }))).toBe(ErrorCode.NOT_MEMBER);
      expect(await refusal(owner.request('counterWrite', { groupId, mode: SET, values: {} }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('counterWrite', { groupId, mode: 7, values: { likes: 1 } }))).toBe(ErrorCode.INVALID_PARAM);
      expect(await refusal(owner.request('counterWrite', { groupId, mode: SET, values: { a: 1, b: 1 } }))).toBe(ErrorCode.LIMIT_EXCEEDED);
      expect(await refusal(owner.request('counterWrite', { groupId, mode: INCREASE, values: { likes: Number.MAX_SAFE_INTEGER } }))).toBe(ErrorCode.LIMIT_EXCEEDED);
      expect((await owner.request('counterRead', { groupId })).values).toEqual({ likes: 15, views: 70, shares: 1 });
      expect(await refusal(owner.request('counterRead', { groupId: 'no-such-group' }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      for (const c of [owner, bob, outsider]) c.close();
    });
  });
}
