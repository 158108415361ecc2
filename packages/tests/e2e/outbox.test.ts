import type { Message } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness, textOf } from '../test/helpers/harness.js';
import { type BrowserEnv, drive, driverField, reload, startBrowser } from './helpers/browser.js';
import { pageCodec } from './helpers/bundle.js';

let h: Harness;
let env: BrowserEnv;
beforeAll(async () => {
  h = await startHarness();
  env = await startBrowser();
});
afterAll(async () => {
  await env?.close();
  await h?.stop();
});

describe(`the outbox survives a reload (Chromium, IndexedDB, ${pageCodec()} codec)`, () => {
  it('keeps messages written while the server is down across a reload and delivers each exactly once', async () => {
    const bob = await h.login('bob');
    const bobGot: string[] = [];
    bob.on('messages', (convId: string, messages: Message[]) => {
      if (convId === 'c2c:alice') bobGot.push(...messages.filter((m) => m.senderId === 'alice').map(textOf));
    });
    const { page } = await env.newPage();
    // The token is issued up front: the admin API is down with the server later on.
    const token = await h.token('alice');
    const start = () => drive(page, 'start', { url: h.url, appId: 'it', userId: 'alice', token, storage: true });
    await start();
    await eventually(async () => expect(await drive(page, 'state')).toBe('ready'), 30_000);

    await h.stop(false);
    await eventually(async () => expect(await drive(page, 'state')).not.toBe('ready'), 30_000);
    const ids = [await drive(page, 'send', 'c2c:bob', 'o1'), await drive(page, 'send', 'c2c:bob', 'o2')];
    // `pending` is announced once the message is durable in IndexedDB.
    await eventually(async () => {
      const statuses = await driverField(page, 'statuses');
      expect(ids.map((id) => statuses[id])).toEqual([['pending'], ['pending']]);
    }, 30_000);

    await reload(page);
    await start();
    await eventually(async () => expect(await driverField(page, 'hydrated')).toBe(true), 30_000);
    expect(await drive(page, 'lines', 'c2c:bob')).toMatchObject([
      { text: 'o1', status: 'pending', clientMsgId: ids[0], seq: 0 },
      { text: 'o2', status: 'pending', clientMsgId: ids[1], seq: 0 },
    ]);
    expect(await drive(page, 'state')).not.toBe('ready');

    await h.restart();
    await eventually(async () => {
      expect(await drive(page, 'lines', 'c2c:bob')).toMatchObject([
        { text: 'o1', status: 'sent', clientMsgId: ids[0], seq: 1 },
        { text: 'o2', status: 'sent', clientMsgId: ids[1], seq: 2 },
      ]);
    }, 30_000);
    await eventually(() => expect(bobGot).toEqual(['o1', 'o2']), 30_000);
    await bob.settled();
    expect(bobGot).toEqual(['o1', 'o2']);
    // The server stored each once.
    const history = (await h.admin('ops/msgHistory?subject=bob', { convId: 'c2c:alice', limit: 50 })) as { messages?: Array<{ clientMsgId?: string; elements?: Array<{ text?: { text?: string } }> }> };
    const stored = (history.messages ?? []).map((m) => m.elements?.[0]?.text?.text);
    expect(stored).toEqual(['o1', 'o2']);
    const statuses = await driverField(page, 'statuses');
    expect(ids.map((id) => statuses[id])).toEqual([['sent'], ['sent']]);
    expect(await driverField(page, 'sendErrors')).toEqual({});
  });
});
