import type { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { refusal, TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer, text } from '../helpers/server.js';

// Presence is in memory (per node), so these flows need no second store.

/** A round trip on `client`: every push sent to it before this call has arrived when it resolves. */
async function settle(...clients: TestClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.request('connPing', {})));
}

const presence = (c: TestClient, roomId: string): parley.v1.IRoomPresence[] =>
  c.pushes.filter((p) => p.roomPresence?.roomId === roomId).map((p) => p.roomPresence as parley.v1.IRoomPresence);
const left = (c: TestClient, roomId: string) => presence(c, roomId).flatMap((p) => p.left ?? []);
const joined = (c: TestClient, roomId: string) => presence(c, roomId).flatMap((p) => p.joined ?? []);

async function resume(server: TestServer, resumeToken: string): Promise<TestClient & { result: parley.v1.ILoginResult }> {
  const client = await TestClient.connect(server.url);
  await client.request('connHello', { app: { appId: TEST_APP.id } });
  const result = await client.request('authResume', { resumeToken });
  return Object.assign(client, { result });
}

describe('room presence', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, roomEvictAfterMs: 150, resumeGraceMs: 10_000, roomCountPushIntervalMs: 0 } });
  });
  afterAll(async () => {
    await server.stop();
  });

  async function liveRoom(owner: TestClient): Promise<string> {
    const room = await owner.request('roomCreate', { room: { name: 'live' } });
    return room.roomId;
  }

  it('counts a user once across sessions: the others hear the leave after the last session leaves', async () => {
    const owner = await server.login('p-owner');
    const roomId = await liveRoom(owner);
    await owner.request('roomEnter', { room: { roomId } });
    const phone = await server.login('p-bob');
    const laptop = await server.login('p-bob');
    const first = await phone.request('roomEnter', { room: { roomId } });
    expect(first.alreadyIn).toBe(false);
    expect(first.count).toBe(2);
    expect((await laptop.request('roomEnter', { room: { roomId } })).count).toBe(2);
    expect((await laptop.request('roomEnter', { room: { roomId } })).alreadyIn).toBe(true);
    await settle(owner);
    expect(joined(owner, roomId)).toEqual(['p-bob']);
    expect((await owner.request('roomCount', { room: { roomId } })).totalCount).toBe(2);

    await phone.request('roomExit', { room: { roomId } });
    await settle(owner);
    expect(left(owner, roomId)).toEqual([]);
    expect((await owner.request('roomListMembers', { room: { roomId } })).userIds).toEqual(['p-owner', 'p-bob']);
    // The remaining session still gets room messages; the one that left does not.
    await owner.request('msgSend', text(`room:${roomId}`, 'still here?'));
    await laptop.waitForPush((p) => p.message?.message?.convId === `room:${roomId}`);
    await settle(phone);
    expect(phone.messages(`room:${roomId}`)).toHaveLength(0);

    await laptop.request('roomExit', { room: { roomId } });
    await owner.waitForPush((p) => (p.roomPresence?.left ?? []).includes('p-bob'));
    expect((await owner.request('roomCount', { room: { roomId } })).totalCount).toBe(1);
    expect(await refusal(laptop.request('roomExit', { room: { roomId } }))).toBe(ErrorCode.NOT_IN_ROOM);
    for (const c of [owner, phone, laptop]) c.close();
  });

  it('evicts a dropped session after the grace period; the resumed session learns of it', async () => {
    const owner = await server.login('e-owner');
    const roomId = await liveRoom(owner);
    await owner.request('roomEnter', { room: { roomId } });
    const bob = await server.login('e-bob');
    await bob.request('roomEnter', { room: { roomId } });
    await bob.request('roomSetMemberAttrs', { room: { roomId }, attributes: { seat: '3' } });
    bob.terminate();
    await bob.closed;
    const gone = await owner.waitForPush((p) => (p.roomPresence?.left ?? []).includes('e-bob'));
    expect(gone.roomPresence?.roomId).toBe(roomId);
    expect((await owner.request('roomCount', { room: { roomId } })).totalCount).toBe(1);
    // Member attributes go with the member.
    expect((await owner.request('roomListMemberAttrs', { room: { roomId } })).members).toEqual([]);

    const back = await resume(server, bob.login.resumeToken);
    expect(back.result.sessionId).toBe(bob.login.sessionId);
    expect(back.result.evictedRoomIds).toEqual([roomId]);
    const evicted = await back.waitForPush((p) => Boolean(p.roomEvicted));
    expect(evicted.roomEvicted?.roomId).toBe(roomId);
    expect(await refusal(back.request('msgSend', text(`room:${roomId}`, 'am I in?')))).toBe(ErrorCode.NOT_IN_ROOM);
    // Entering again works.
    expect((await back.request('roomEnter', { room: { roomId } })).count).toBe(2);
    owner.close();
    back.close();
  });

  it('keeps a dropped session that resumes in time', async () => {
    const patient = await startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, roomEvictAfterMs: 60_000 } });
    try {
      const owner = await patient.login('k-owner');
      const roomId = (await owner.request('roomCreate', { room: { name: 'live' } })).roomId;
      await owner.request('roomEnter', { room: { roomId } });
      const bob = await patient.login('k-bob');
      await bob.request('roomEnter', { room: { roomId } });
      bob.terminate();
      await bob.closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Away but inside the grace: still counted.
      expect((await owner.request('roomCount', { room: { roomId } })).totalCount).toBe(2);
      const back = await resume(patient, bob.login.resumeToken);
      expect(back.result.evictedRoomIds ?? []).toEqual([]);
      await owner.request('msgSend', text(`room:${roomId}`, 'welcome back'));
      const got = await back.waitForPush((p) => p.message?.message?.convId === `room:${roomId}`);
      expect(got.message?.message?.elements?.[0]?.text?.text).toBe('welcome back');
      await settle(owner, back);
      expect(left(owner, roomId)).toEqual([]);
      expect(back.pushes.some((p) => p.roomEvicted)).toBe(false);
      owner.close();
      back.close();
    } finally {
      await patient.stop();
    }
  });

  it('a logout leaves at once', async () => {
    const owner = await server.login('l-owner');
    const roomId = await liveRoom(owner);
    await owner.request('roomEnter', { room: { roomId } });
    const bob = await server.login('l-bob');
    await bob.request('roomEnter', { room: { roomId } });
    await bob.request('authLogout', {});
    await owner.waitForPush((p) => (p.roomPresence?.left ?? []).includes('l-bob'));
    expect((await owner.request('roomCount', { room: { roomId } })).totalCount).toBe(1);
    owner.close();
  });

  it('coalesces room_count pushes to one per interval', async () => {
    const slow = await startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, roomCountPushIntervalMs: 400 } });
    try {
      const owner = await slow.login('c-owner');
      const roomId = (await owner.request('roomCreate', { room: { name: 'counted' } })).roomId;
      await owner.request('roomEnter', { room: { roomId } });
      const others = await Promise.all([1, 2, 3, 4].map((i) => slow.login(`c-user${i}`)));
      await Promise.all(others.map((c) => c.request('roomEnter', { room: { roomId } })));
      const last = await owner.waitForPush((p) => p.roomCount?.totalCount === 5);
      expect(last.roomCount?.roomId).toBe(roomId);
      // Five changes (1 → 5), at most one push per interval: fewer pushes than changes.
      const counts = owner.pushes.filter((p) => p.roomCount).map((p) => p.roomCount?.totalCount);
      expect(counts.length).toBeLessThan(5);
      expect(counts.at(-1)).toBe(5);
      for (const c of [owner, ...others]) c.close();
    } finally {
      await slow.stop();
    }
  });

  it('batches room_presence over room.presencePushIntervalMs; a leave and rejoin inside a batch cancel out', async () => {
    const batched = await startTestServer({}, { ...TEST_APP, policy: { ...TEST_APP.policy, roomPresencePushIntervalMs: 300 } });
    try {
      const owner = await batched.login('b-owner');
      const roomId = (await owner.request('roomCreate', { room: { name: 'batched' } })).roomId;
      await owner.request('roomEnter', { room: { roomId } });
      // Batched, a join reaches the joiner too.
      await owner.waitForPush((p) => p.roomPresence?.joined?.includes('b-owner') === true);
      const others = await Promise.all([1, 2, 3].map((i) => batched.login(`b-user${i}`)));
      await Promise.all(others.map((c) => c.request('roomEnter', { room: { roomId } })));
      const flicker = await batched.login('b-flicker');
      await flicker.request('roomEnter', { room: { roomId } });
      await flicker.request('roomExit', { room: { roomId } });
      const joinedAll = () => owner.pushes.flatMap((p) => p.roomPresence?.joined ?? []);
      await owner.waitForPush(() => ['b-user1', 'b-user2', 'b-user3'].every((id) => joinedAll().includes(id)));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const batches = owner.pushes.filter((p) => p.roomPresence);
      // Four joins and a leave after the owner's own, in fewer pushes; the one who came and went
      // within a batch appears in none (a machine slow enough to split the joins over two
      // batches still passes).
      expect(batches.length).toBeLessThan(5);
      expect(batches.flatMap((p) => [...(p.roomPresence?.joined ?? []), ...(p.roomPresence?.left ?? [])])).not.toContain('b-flicker');
      for (const c of [owner, flicker, ...others]) c.close();
    } finally {
      await batched.stop();
    }
  });

  it('a privileged session cannot put another user in a room (presence belongs to sessions)', async () => {
    const admin = await server.loginPrivileged('s-admin');
    const roomId = await liveRoom(admin);
    expect(await refusal(admin.request('roomEnter', { room: { roomId } }, { subject: 's-other' }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect((await admin.request('roomEnter', { room: { roomId } })).count).toBe(1);
    admin.close();
  });
});
