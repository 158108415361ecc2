import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChat, signInAs, texts } from './helpers.js';
import { APP_DIR, type DemoEnv, SHOTS, startDemo, type TestPage } from './setup.js';

/** The README's screenshot (committed, unlike `test-results/`). */
const DOCS = join(APP_DIR, 'docs');
/** Desktop size, so the screenshot shows the list and the chat side by side. */
const DESKTOP = { width: 1000, height: 700 };
const WAIT = { timeout: 30_000 };

const shot = (p: TestPage, name: string) => p.page.screenshot({ path: join(SHOTS, `${name}.png`) });
/** How many message elements show exactly `text` (the view must never double one). */
const countOf = async (p: TestPage, text: string) => (await texts(p.page)).filter((t) => t === text).length;
const send = async (p: TestPage, text: string) => {
  await p.page.getByTestId('composer').fill(text);
  await p.page.getByTestId('composer').press('Enter');
};
const bannerState = (p: TestPage) => p.page.getByTestId('banner').getAttribute('data-state');

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  await mkdir(DOCS, { recursive: true });
});

describe('offline and back (Chromium offline emulation, default development tenant)', () => {
  let env: DemoEnv;
  let alice: TestPage;
  let bob: TestPage;
  beforeAll(async () => {
    env = await startDemo();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('chats, and writes the README screenshot', async () => {
    alice = await env.newPage(DESKTOP);
    bob = await env.newPage(DESKTOP);
    await signInAs(alice.page, 'alice');
    await signInAs(bob.page, 'bob');
    await openChat(alice.page, 'bob');
    await openChat(bob.page, 'alice');
    const opening = ['Hi Bob! Did the build pass?', 'It did, all green.', 'Great, shipping it then.'];
    for (const [i, text] of opening.entries()) {
      const from = i % 2 === 0 ? alice : bob;
      await send(from, text);
      await expect.poll(() => texts(alice.page), WAIT).toEqual(opening.slice(0, i + 1));
      await expect.poll(() => texts(bob.page), WAIT).toEqual(opening.slice(0, i + 1));
    }
    await expect.poll(() => alice.page.getByTestId('message').last().getAttribute('data-status'), WAIT).toBe('sent');
    await expect.poll(() => bobPresence(alice), WAIT).toBe('online');
    await alice.page.getByTestId('composer').fill('');
    // The README's picture is refreshed on request only, so a test run leaves the checkout clean.
    if (process.env.PARLEY_UPDATE_DOCS === '1') await alice.page.screenshot({ path: join(DOCS, 'chat.png') });
  });

  it('bob misses 10 messages while offline, then sees each once, in order', async () => {
    const before = await texts(alice.page);
    await bob.page.context().setOffline(true);
    await expect.poll(() => bannerState(bob), WAIT).toMatch(/^(offline|reconnecting)$/);
    expect(await bob.page.getByTestId('banner').isVisible()).toBe(true);

    const burst = Array.from({ length: 10 }, (_, i) => `numbered ${String(i + 1).padStart(2, '0')}`);
    for (const text of burst) await send(alice, text);
    await expect.poll(() => texts(alice.page), WAIT).toEqual([...before, ...burst]);
    await expect.poll(async () => (await alice.page.getByTestId('message').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).every((s) => s === 'sent'), WAIT).toBe(true);
    // Chromium's offline emulation cuts bob's WebSocket: nothing arrived yet.
    expect(await countOf(bob, burst[0] ?? '')).toBe(0);
    await shot(bob, 'r1-offline');

    await bob.page.context().setOffline(false);
    await bob.page.locator('[data-testid="chat-app"][data-state="ready"]').waitFor(WAIT);
    await expect.poll(() => texts(bob.page), WAIT).toEqual([...before, ...burst]);
    for (const text of burst) expect(await countOf(bob, text)).toBe(1);
    expect(await bob.page.getByTestId('banner').isVisible()).toBe(false);
    expect(await texts(alice.page)).toEqual([...before, ...burst]);
    await shot(bob, 'r2-back');
  });

  it('a message bob sends offline shows pending, then sent once he is back, once at alice', async () => {
    const text = 'written on the train';
    await bob.page.context().setOffline(true);
    await expect.poll(() => bannerState(bob), WAIT).toMatch(/^(offline|reconnecting)$/);
    await send(bob, text);
    const mine = bob.page.getByTestId('message').filter({ hasText: text });
    await expect.poll(() => mine.getAttribute('data-status'), WAIT).toBe('pending');
    await shot(bob, 'r3-pending');
    // While bob stays offline, alice must not get it (a pending message has not left).
    expect(await countOf(alice, text)).toBe(0);

    await bob.page.context().setOffline(false);
    await expect.poll(() => mine.getAttribute('data-status'), WAIT).toBe('sent');
    await expect.poll(() => countOf(alice, text), WAIT).toBe(1);
    expect(await countOf(bob, text)).toBe(1);
    expect(bob.dialogs).toEqual([]);
    expect(alice.dialogs).toEqual([]);
  });
});

describe('signed in elsewhere (a development tenant allowing one web session per user)', () => {
  let env: DemoEnv;
  beforeAll(async () => {
    env = await startDemo({ devTenantPolicy: { webInstances: 1 } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('kicks the first tab, whose "Use here" takes the session back and kicks the other', async () => {
    const first = await env.newPage(DESKTOP);
    await signInAs(first.page, 'erin');
    const second = await env.newPage(DESKTOP);
    await signInAs(second.page, 'erin');

    await expect.poll(() => bannerState(first), WAIT).toBe('kicked');
    const reclaim = first.page.getByTestId('banner-reclaim');
    expect(await reclaim.isVisible()).toBe(true);
    expect(await bannerState(second)).toBe('ready');
    await shot(first, 'r4-kicked');

    await reclaim.click();
    await first.page.locator('[data-testid="chat-app"][data-state="ready"]').waitFor(WAIT);
    await expect.poll(() => bannerState(second), WAIT).toBe('kicked');
    expect(await first.page.getByTestId('banner').isVisible()).toBe(false);
    expect(await second.page.getByTestId('banner-reclaim').isVisible()).toBe(true);
    await shot(second, 'r5-kicked-back');
    expect(first.dialogs).toEqual([]);
    expect(second.dialogs).toEqual([]);
  });
});

function bobPresence(p: TestPage) {
  return p.page.locator('[data-testid="conversation"][data-conv-id="c2c:bob"]').getByTestId('presence').getAttribute('data-presence');
}
