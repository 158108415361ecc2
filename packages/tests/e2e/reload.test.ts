import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../test/helpers/harness.js';
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

const text = (convId: string, body: string) => ({ convId, elements: [{ text: { text: body } }] });

describe(`reload with IndexedDB (Chromium, ${pageCodec()} codec)`, () => {
  it('shows the cached conversation list while the server is down, then syncs the rest exactly once', async () => {
    const bob = await h.login('bob');
    const carol = await h.login('carol');
    const { page } = await env.newPage();
    // The token is issued up front: the admin API is down with the server later on.
    const token = await h.token('alice');
    const start = () => drive(page, 'start', { url: h.url, appId: 'it', userId: 'alice', token, storage: true });
    await start();
    await eventually(async () => expect(await drive(page, 'state')).toBe('ready'), 30_000);

    await bob.send(text('c2c:alice', 'b1'));
    await eventually(async () => expect((await drive(page, 'lines', 'c2c:bob')).map((l) => l.text)).toEqual(['b1']), 30_000);
    const a1 = await drive(page, 'send', 'c2c:bob', 'a1');
    await eventually(async () => expect((await driverField(page, 'statuses'))[a1]).toEqual(['pending', 'sent']), 30_000);
    await carol.send(text('c2c:alice', 'c1'));
    await eventually(
      async () =>
        expect(await drive(page, 'rows')).toMatchObject([
          { convId: 'c2c:carol', lastText: 'c1' },
          { convId: 'c2c:bob', lastText: 'a1' },
        ]),
      30_000,
    );
    // Alice goes away (her client closes after its writes); Bob writes meanwhile.
    await drive(page, 'close');
    await bob.send(text('c2c:alice', 'b2 while away'));
    await h.stop(false);

    // The server is down: the reloaded page draws the list from IndexedDB alone.
    await reload(page);
    await start();
    await eventually(async () => expect(await driverField(page, 'hydrated')).toBe(true), 30_000);
    expect(await drive(page, 'rows')).toMatchObject([
      { convId: 'c2c:carol', lastText: 'c1', lastSeq: 1 },
      { convId: 'c2c:bob', lastText: 'a1', lastSeq: 2 },
    ]);
    expect(['connecting', 'reconnecting', 'authenticating']).toContain(await drive(page, 'state'));
    expect(await driverField(page, 'syncEnds')).toBe(0);

    // Back up: Bob sends once more right away, racing Alice's reconnect and sync.
    await h.restart();
    await bob.send(text('c2c:alice', 'b3 meanwhile'));
    await eventually(async () => expect(await drive(page, 'state')).toBe('ready'), 30_000);
    await eventually(async () => expect((await drive(page, 'lines', 'c2c:bob')).map((l) => l.text)).toEqual(['b2 while away', 'b3 meanwhile']), 30_000);
    await page.evaluate(() => window.parley.driver.client?.settled());
    expect(await drive(page, 'announcedCount', 'b2 while away')).toBe(1);
    expect(await drive(page, 'announcedCount', 'b3 meanwhile')).toBe(1);
    expect(await drive(page, 'rows')).toMatchObject([
      { convId: 'c2c:bob', lastText: 'b3 meanwhile', lastSeq: 4 },
      { convId: 'c2c:carol', lastText: 'c1', lastSeq: 1 },
    ]);
    expect(await driverField(page, 'loginError')).toBe('');
  });
});
