import type { Message } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness, textOf } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const text = (convId: string, body: string) => ({ convId, elements: [{ text: { text: body } }] });

describe('core against a real server', () => {
  it('logs in, becomes ready and sends C2C messages both ways (pending → sent)', async () => {
    const alice = await h.login('alice');
    const bob = await h.login('bob');
    expect(alice.state).toBe('ready');
    expect(alice.userId).toBe('alice');

    const statuses: string[] = [];
    alice.on('messages', (_conv, messages) => statuses.push(...messages.map((m) => `${m.status}:${textOf(m)}`)));
    alice.on('messageUpdated', (m) => statuses.push(`${m.status}:${textOf(m)}`));
    const sent = await alice.send(text('c2c:bob', 'hello bob'));
    expect(sent.status).toBe('sent');
    expect(sent.seq).toBe(1);
    expect(statuses).toEqual(['pending:hello bob', 'sent:hello bob']);
    expect(alice.messages('c2c:bob').map((m) => [m.status, textOf(m)])).toEqual([['sent', 'hello bob']]);

    await eventually(() => expect(bob.messages('c2c:alice').map(textOf)).toEqual(['hello bob']));
    await bob.send(text('c2c:alice', 'hi alice'));
    await eventually(() => expect(alice.messages('c2c:bob').map(textOf)).toEqual(['hello bob', 'hi alice']));
    const row = alice.conversation('c2c:bob');
    expect(row?.lastMessage && textOf(row.lastMessage)).toBe('hi alice');
    await eventually(() => expect(alice.conversation('c2c:bob')?.unreadCount).toBe(1));
  });

  it('sends and receives in a group', async () => {
    const owner = await h.login('gowner');
    const member = await h.login('gmember');
    const created = await owner.request('groupCreate', { group: { name: 'team', type: 1 }, members: [{ userId: 'gmember' }] });
    const groupId = created?.group?.groupId ?? '';
    expect(groupId).toBeTruthy();
    const convId = `group:${groupId}`;
    const got: Message[] = [];
    member.on('messages', (c, messages) => {
      if (c === convId) got.push(...messages.filter((m) => !m.hidden && m.elements[0]?.text));
    });
    await owner.send(text(convId, 'welcome'));
    await eventually(() => expect(got.map(textOf)).toContain('welcome'));
    await member.send(text(convId, 'thanks'));
    await eventually(() => expect(owner.messages(convId).filter((m) => m.elements[0]?.text).map(textOf)).toEqual(['welcome', 'thanks']));
  });
});

