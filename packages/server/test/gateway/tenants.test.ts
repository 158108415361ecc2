import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import type { AppConfig } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { createUser } from '../../src/model/users.js';
import { TestClient, WireError } from '../helpers/client.js';
import { c2c, startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

/**
 * Tenant isolation across every family: a user of app B, using app A's ids, sees and reaches
 * nothing of app A — users, messages, groups, rooms, attributes, search, presence.
 */
const OTHER: AppConfig = { id: 'other', native: { apiKey: 'other-api-key-0123456789', secret: 'other-native-secret-0123456789abcdef' } };

async function code(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (error) {
    if (error instanceof WireError) return error.code;
    throw error;
  }
}

for (const store of ['memory', 'sqlite'] as const) {
  describe(`tenant isolation on the ${store} store`, () => {
    let server: TestServer;
    let mallory: TestClient;
    let serverMsgId: string;
    let roomId: string;

    beforeAll(async () => {
      server = await startTestServer({ store, apps: [TEST_APP, OTHER] });
      const owner = await server.login('iso-owner');
      const bob = await server.login('iso-bob');
      serverMsgId = (await owner.request('msgSend', text(c2c('iso-bob'), 'secret'))).serverMsgId;
      await owner.request('groupCreate', { group: { groupId: 'iso-group', name: 'A team', joinOption: 1 }, members: [{ userId: 'iso-bob' }] });
      roomId = (await owner.request('roomCreate', { room: { roomId: 'iso-room', name: 'A room' } })).roomId;
      await owner.request('roomEnter', { room: { roomId } });
      await owner.request('attrWrite', { scope: { roomId }, mode: 2, entries: { k: 'v' } });
      bob.close();

      await createUser(server.context.store, OTHER.id, { userId: 'mallory' });
      mallory = await TestClient.connect(server.url);
      await mallory.request('connHello', { app: { appId: OTHER.id } });
      const token = issueToken({ appId: OTHER.id, userId: 'mallory', kind: 'native', ttlSec: 3600 }, OTHER.native.secret).token;
      await mallory.request('authLogin', { credential: { nativeToken: { userId: 'mallory', token } } });
    });
    afterAll(async () => {
      await server.stop();
    });

    it('users of app A do not exist for app B', async () => {
      expect(await code(mallory.request('msgSend', text(c2c('iso-bob'), 'hi')))).toBe(ErrorCode.USER_NOT_FOUND);
      expect(await code(mallory.request('userGetProfiles', { users: [{ userId: 'iso-owner' }] }))).toBe(ErrorCode.USER_NOT_FOUND);
      expect(await code(mallory.request('friendRequest', { to: { userId: 'iso-owner' } }))).toBe(ErrorCode.USER_NOT_FOUND);
      const presence = await mallory.request('presenceQuery', { userIds: ['iso-owner'] });
      expect(presence.presences.map((p: { status: number }) => p.status)).toEqual([parleyUnknown]);
      const hits = await mallory.request('userSearch', { limit: 100 });
      expect(hits.hits.map((h: { profile: { userId: string } }) => h.profile.userId)).toEqual(['mallory']);
    });

    it("app A's messages cannot be read from app B", async () => {
      expect((await mallory.request('msgGet', { refs: [{ serverMsgId }] })).messages).toEqual([]);
      const history = await mallory.request('msgHistory', { convId: c2c('iso-owner') });
      expect(history.messages).toEqual([]);
      expect((await mallory.request('convList', {})).conversations).toEqual([]);
    });

    it("app A's groups and rooms are not found from app B, and B may reuse their ids", async () => {
      expect(await code(mallory.request('groupGet', { groupIds: ['iso-group'] }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect(await code(mallory.request('groupJoin', { groupId: 'iso-group' }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect(await code(mallory.request('groupListMembers', { groupId: 'iso-group' }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      expect((await mallory.request('groupSearch', { limit: 100 })).groups ?? []).toEqual([]);
      expect(await code(mallory.request('roomEnter', { room: { roomId } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await code(mallory.request('roomCount', { room: { roomId } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await code(mallory.request('attrRead', { scope: { roomId } }))).toBe(ErrorCode.ROOM_NOT_FOUND);
      expect(await code(mallory.request('attrRead', { scope: { groupId: 'iso-group' } }))).toBe(ErrorCode.GROUP_NOT_FOUND);
      // The same ids are free in app B.
      const own = await mallory.request('groupCreate', { group: { groupId: 'iso-group', name: 'B team' } });
      expect(own.group.name).toBe('B team');
      expect((await mallory.request('roomCreate', { room: { roomId: 'iso-room', name: 'B room' } })).roomId).toBe('iso-room');
    });
  });
}

/** `parley.v1.PresenceStatus` unknown (no such user). */
const parleyUnknown = 0;
