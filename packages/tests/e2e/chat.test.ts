import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../test/helpers/harness.js';
import { type BrowserEnv, drive, driverField, startBrowser } from './helpers/browser.js';
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

describe(`two browser pages chat (Chromium, IndexedDB, WebSocket, ${pageCodec()} codec)`, () => {
  it('logs in two users in two contexts and chats both ways, pending → sent', async () => {
    const alice = (await env.newPage()).page;
    const bob = (await env.newPage()).page;
    await drive(alice, 'start', { url: h.url, appId: 'it', userId: 'alice', token: await h.token('alice'), storage: true });
    await drive(bob, 'start', { url: h.url, appId: 'it', userId: 'bob', token: await h.token('bob'), storage: true });
    await eventually(async () => expect(await drive(alice, 'state')).toBe('ready'), 30_000);
    await eventually(async () => expect(await drive(bob, 'state')).toBe('ready'), 30_000);
    expect(await driverField(alice, 'hydrated')).toBe(true);

    const first = await drive(alice, 'send', 'c2c:bob', 'hello bob');
    await eventually(async () => expect((await driverField(alice, 'statuses'))[first]).toEqual(['pending', 'sent']), 30_000);
    expect(await drive(alice, 'lines', 'c2c:bob')).toMatchObject([{ text: 'hello bob', status: 'sent', seq: 1, senderId: 'alice' }]);
    await eventually(async () => expect(await drive(bob, 'lines', 'c2c:alice')).toMatchObject([{ text: 'hello bob', status: 'sent', seq: 1, senderId: 'alice' }]), 30_000);

    const reply = await drive(bob, 'send', 'c2c:alice', 'hi alice');
    await eventually(async () => expect((await driverField(bob, 'statuses'))[reply]).toEqual(['pending', 'sent']), 30_000);
    await eventually(async () => expect((await drive(alice, 'lines', 'c2c:bob')).map((l) => l.text)).toEqual(['hello bob', 'hi alice']), 30_000);
    expect(await drive(alice, 'rows')).toMatchObject([{ convId: 'c2c:bob', lastText: 'hi alice', lastSeq: 2 }]);
    expect(await drive(bob, 'rows')).toMatchObject([{ convId: 'c2c:alice', lastText: 'hi alice', lastSeq: 2 }]);

    // Every entry was announced once on each side.
    expect(await drive(alice, 'announcedCount', 'hi alice')).toBe(1);
    expect(await drive(bob, 'announcedCount', 'hello bob')).toBe(1);
    expect(await driverField(alice, 'sendErrors')).toEqual({});
  });
});
