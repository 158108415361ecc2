import { describe, expect, it } from 'vitest';
import { roomsOf } from '../src/api/rooms.js';
import { createClient } from '../src/client.js';
import type { Message } from '../src/model.js';
import { FakeServer } from './fake-server.js';

// Found by the chaos test (packages/tests/test/chaos): a transient message resent after its
// server node died can be fanned out twice, once by the dead node and once by the new one. It
// has no seq to tell the copies apart, so the client drops repeats by sender and client id.

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

async function loggedIn() {
  const server = new FakeServer();
  server.handlers.roomEnter = () => ({ result: { roomEnter: { room: { roomId: 'r1', kind: 0 }, count: 2 } } });
  const client = createClient({ transport: server, codec: server.codec, url: 'ws://fake/parley/ws', app: { appId: 'test' } });
  await client.login({ credential: { nativeToken: { userId: 'u1', token: 't' } } });
  return { server, client };
}

const transient = (convId: string, clientMsgId: string, senderId = 'u2') => ({
  message: { message: { convId, clientMsgId, senderId, serverMsgId: `s-${clientMsgId}-${Math.random()}`, seq: 0, elements: [{ text: { text: clientMsgId } }] } },
});

describe('transient messages delivered twice', () => {
  it('a room handle and the messages event see a repeated room message once', async () => {
    const { server, client } = await loggedIn();
    const room = await roomsOf(client).join('r1', { initialMembers: 0 });
    const heard: string[] = [];
    const listed: string[] = [];
    room.on('message', (m) => heard.push(m.clientMsgId));
    client.on('messages', (convId: string, messages: Message[]) => {
      if (convId === 'room:r1') listed.push(...messages.map((m) => m.clientMsgId));
    });
    for (const id of ['a', 'b', 'a', 'c', 'b']) server.push(transient('room:r1', id));
    // Same client id from another sender is another message.
    server.push(transient('room:r1', 'a', 'u3'));
    await until(() => heard.length >= 4);
    await client.settled();
    expect(heard).toEqual(['a', 'b', 'c', 'a']);
    expect(listed).toEqual(['a', 'b', 'c', 'a']);
    await client.close();
  });

  it('an online-only C2C message is announced once', async () => {
    const { server, client } = await loggedIn();
    const listed: string[] = [];
    client.on('messages', (convId: string, messages: Message[]) => {
      if (convId === 'c2c:u2') listed.push(...messages.map((m) => m.clientMsgId));
    });
    for (const id of ['t1', 't1', 't2']) server.push(transient('c2c:u2', id));
    await until(() => listed.length >= 2);
    await client.settled();
    expect(listed).toEqual(['t1', 't2']);
    await client.close();
  });
});
