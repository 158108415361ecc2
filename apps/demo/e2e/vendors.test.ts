import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEnv, SHOTS, startDemo, type TestPage } from './setup.js';

// The vendor app pages (apps/demo/vendor/*.html), each on its compat package, talking across
// vendors through one parley-server: each pairing runs in two browser contexts.

let env: DemoEnv;
beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  env = await startDemo();
});
afterAll(async () => {
  await env?.close();
});

/** Opens a vendor page in a fresh context and signs `name` in through its form. */
async function signedIn(vendor: string, name: string): Promise<TestPage> {
  const p = await env.newPage({ width: 800, height: 600 }, `/vendor/${vendor}.html`);
  await p.page.getByTestId('name').fill(name);
  await p.page.getByTestId('signin').click();
  await p.page.getByTestId('ready').waitFor({ timeout: 30_000 });
  expect(await p.page.getByTestId('ready').textContent()).toBe(`Signed in as ${name}`);
  return p;
}

/** Texts of the messages received from `from`, in order. */
function receivedFrom(page: Page, from: string): Promise<string[]> {
  return page.locator(`[data-testid="received"][data-from="${from}"] [data-testid="message-text"]`).allTextContents();
}

/** Sends a one-to-one text from a chat page and waits until the page lists it as sent. */
async function sendTo(p: TestPage, peer: string, text: string): Promise<void> {
  await p.page.getByTestId('peer').fill(peer);
  await p.page.getByTestId('text').fill(text);
  await p.page.getByTestId('send').click();
  await p.page.locator('[data-testid="sent"]').filter({ hasText: text }).waitFor({ timeout: 30_000 });
}

/** Sends a room text and waits until the page lists it as sent. */
async function sendToRoom(p: TestPage, text: string): Promise<void> {
  await p.page.getByTestId('text').fill(text);
  await p.page.getByTestId('send').click();
  await p.page.locator('[data-testid="sent"]').filter({ hasText: text }).waitFor({ timeout: 30_000 });
}

const shot = (p: TestPage, name: string) => p.page.screenshot({ path: join(SHOTS, `vendor-${name}.png`), fullPage: true });

/** One user of each page of a pairing chats both ways. */
async function chatBothWays(a: { vendor: string; name: string }, b: { vendor: string; name: string }): Promise<void> {
  const left = await signedIn(a.vendor, a.name);
  const right = await signedIn(b.vendor, b.name);
  const hello = `hello from ${a.vendor} <b>${a.name}</b>`;
  await sendTo(left, b.name, hello);
  await expect.poll(() => receivedFrom(right.page, a.name), { timeout: 30_000 }).toEqual([hello]);
  const back = `hi back from ${b.vendor}`;
  await sendTo(right, a.name, back);
  await expect.poll(() => receivedFrom(left.page, b.name), { timeout: 30_000 }).toEqual([back]);
  // Markup in a text stays text: it arrived verbatim above, and made no element.
  expect(await right.page.locator('[data-testid="message-text"] *').count()).toBe(0);
  expect(await right.page.getByTestId('status').textContent()).toBe('');
  expect(await left.page.getByTestId('status').textContent()).toBe('');
  await shot(left, a.vendor);
  await shot(right, b.vendor);
  expect([...left.dialogs, ...right.dialogs]).toEqual([]);
}

describe('the vendor app pages in Chromium against parley-server, across vendors', () => {
  it('lists the vendor pages, linked from the main app', async () => {
    const main = await env.newPage();
    await main.page.getByTestId('vendor-apps-link').click();
    await main.page.getByTestId('vendor-index').waitFor();
    for (const vendor of ['tim', 'jmessage', 'openim', 'maxleap', 'hummer', 'core-room']) {
      expect(await main.page.getByTestId(`link-${vendor}`).getAttribute('href')).toBe(`./${vendor}.html`);
    }
    await shot(main, 'index');
  });

  it('a TIM-page user and a JMessage-page user chat both ways', async () => {
    await chatBothWays({ vendor: 'tim', name: 'tim_alice' }, { vendor: 'jmessage', name: 'jm_bob' });
  });

  it('an OpenIM-page user and a MaxLeap-page user chat both ways', async () => {
    await chatBothWays({ vendor: 'openim', name: 'oim_carol' }, { vendor: 'maxleap', name: 'ml_dave' });
  });

  it('a Hummer-page user creates a room, a core-room-page user joins it by its numeric id, and they see each other', async () => {
    const hummer = await signedIn('hummer', 'hu_erin');
    await hummer.page.getByTestId('create-room').click();
    const inRoom = hummer.page.getByTestId('in-room');
    await inRoom.waitFor({ timeout: 30_000 });
    const roomId = await hummer.page.getByTestId('room-id').inputValue();
    expect(roomId).toMatch(/^\d+$/);
    expect(await inRoom.textContent()).toBe(`In room ${roomId}`);
    await expect.poll(() => hummer.page.getByTestId('count').textContent(), { timeout: 30_000 }).toBe('1');

    const core = await signedIn('core-room', 'core_frank');
    await core.page.getByTestId('room-id').fill(roomId);
    await core.page.getByTestId('join-room').click();
    await core.page.getByTestId('in-room').waitFor({ timeout: 30_000 });
    await expect.poll(() => core.page.getByTestId('count').textContent(), { timeout: 30_000 }).toBe('2');
    await expect.poll(() => hummer.page.getByTestId('count').textContent(), { timeout: 30_000 }).toBe('2');

    await sendToRoom(hummer, 'hello room from Hummer');
    await expect.poll(() => receivedFrom(core.page, 'hu_erin'), { timeout: 30_000 }).toEqual(['hello room from Hummer']);
    await sendToRoom(core, 'hello room from core');
    await expect.poll(() => receivedFrom(hummer.page, 'core_frank'), { timeout: 30_000 }).toEqual(['hello room from core']);
    // Each sees the other's message once, and not its own as received.
    expect(await receivedFrom(hummer.page, 'hu_erin')).toEqual([]);
    expect(await receivedFrom(core.page, 'core_frank')).toEqual([]);
    await shot(hummer, 'hummer');
    await shot(core, 'core-room');
    expect([...hummer.dialogs, ...core.dialogs]).toEqual([]);
  });
});
