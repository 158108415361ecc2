import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChat, recordStatuses, signInAs, statuses, texts } from './helpers.js';
import { type DemoEnv, SHOTS, startDemo, type TestPage } from './setup.js';

const XSS = '<img src=x onerror=alert(1)>';

let env: DemoEnv;
let alice: TestPage;
let bob: TestPage;
beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  env = await startDemo();
});
afterAll(async () => {
  await env?.close();
});

const shot = (p: TestPage, name: string) => p.page.screenshot({ path: join(SHOTS, `${name}.png`) });

describe('the demo app in Chromium against parley-server (dev sign-in, SQLite, IndexedDB)', () => {
  it('signs two users in and they chat both ways: pending → sent, and at the other side', async () => {
    alice = await env.newPage();
    bob = await env.newPage();
    await alice.page.getByTestId('signin-name').waitFor();
    await shot(alice, '1-signin');
    await signInAs(alice.page, 'alice');
    await signInAs(bob.page, 'bob');

    await openChat(alice.page, 'bob');
    await recordStatuses(alice.page);
    await alice.page.getByTestId('composer').fill('hello bob');
    await alice.page.getByTestId('composer').press('Enter');
    const mine = alice.page.getByTestId('message').filter({ hasText: 'hello bob' });
    await expect.poll(() => mine.getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    const id = (await mine.getAttribute('data-client-msg-id')) ?? '';
    expect((await statuses(alice.page))[id]).toEqual(['pending', 'sent']);
    expect(await alice.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('composer');

    // Bob's list shows the new conversation with an unread badge and the last message.
    const row = bob.page.locator('[data-testid="conversation"][data-conv-id="c2c:alice"]');
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.getByTestId('unread').textContent()).toBe('1');
    expect(await row.getByTestId('conversation-last').textContent()).toBe('hello bob');
    await shot(bob, '2-list');
    await row.getByRole('button').click();
    await expect.poll(() => texts(bob.page)).toEqual(['hello bob']);
    // Opening it marks it read.
    await expect.poll(() => row.getAttribute('data-unread'), { timeout: 30_000 }).toBe('0');

    await bob.page.getByTestId('composer').fill('hi alice');
    await expect.poll(() => alice.page.getByTestId('typing').textContent(), { timeout: 30_000 }).toBe('bob is typing…');
    await bob.page.getByTestId('send').click();
    await expect.poll(() => texts(alice.page), { timeout: 30_000 }).toEqual(['hello bob', 'hi alice']);
    await expect.poll(() => bob.page.getByTestId('message').last().getAttribute('data-status')).toBe('sent');
    await expect.poll(() => alice.page.getByTestId('typing').textContent()).toBe('');
    // Presence dots: each sees the other online.
    const bobRow = alice.page.locator('[data-testid="conversation"][data-conv-id="c2c:bob"]');
    await expect.poll(() => bobRow.getByTestId('presence').getAttribute('data-presence'), { timeout: 30_000 }).toBe('online');
    await shot(alice, '3-chat');
  });

  it('shows message text as text: markup runs nothing', async () => {
    await alice.page.getByTestId('composer').fill(XSS);
    await alice.page.getByTestId('composer').press('Enter');
    await expect.poll(() => texts(bob.page), { timeout: 30_000 }).toEqual(['hello bob', 'hi alice', XSS]);
    expect(await bob.page.locator('[data-testid="messages"] img').count()).toBe(0);
    expect(await alice.page.locator('[data-testid="messages"] img').count()).toBe(0);
    // Give a stray handler time to fire before checking that none did.
    await bob.page.waitForTimeout(500);
    expect(bob.dialogs).toEqual([]);
    expect(alice.dialogs).toEqual([]);
    const last = bob.page.locator('[data-testid="conversation"][data-conv-id="c2c:alice"]').getByTestId('conversation-last');
    await expect.poll(() => last.textContent()).toBe(XSS);
    await shot(bob, '4-chat-markup');
  });

  it('marks a refused send failed, and sends it again with the retry button', async () => {
    await openChat(alice.page, 'carol');
    await alice.page.getByTestId('composer').fill('are you there?');
    await alice.page.getByTestId('composer').press('Enter');
    const message = alice.page.getByTestId('message').filter({ hasText: 'are you there?' });
    // carol has never signed in: the server does not know her yet.
    await expect.poll(() => message.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    await shot(alice, '5-failed');
    const carol = await env.newPage();
    await signInAs(carol.page, 'carol');
    await message.getByTestId('retry').click();
    await expect.poll(() => message.getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    await expect.poll(() => carol.page.locator('[data-testid="conversation"][data-conv-id="c2c:alice"]').count(), { timeout: 30_000 }).toBe(1);
    await carol.page.context().close();
  });

  it('after a reload shows the cached state before the network is back, with the banner, then reconnects', async () => {
    const context = bob.page.context();
    let blocked = true;
    // The page itself loads; its WebSocket is refused until the test lets it through.
    await context.routeWebSocket(/\/parley\/ws$/, (ws) => {
      if (blocked) ws.close({ code: 1011, reason: 'blocked by the test' });
      else ws.connectToServer();
    });
    await bob.page.reload();
    const app = bob.page.getByTestId('chat-app');
    await bob.page.locator('[data-testid="chat-app"][data-hydrated="true"]').waitFor({ timeout: 30_000 });
    const row = bob.page.locator('[data-testid="conversation"][data-conv-id="c2c:alice"]');
    await row.waitFor();
    expect(await row.getByTestId('conversation-last').textContent()).toBe(XSS);
    expect(await app.getAttribute('data-state')).not.toBe('ready');
    const banner = bob.page.getByTestId('banner');
    await expect.poll(() => banner.getAttribute('data-state')).toMatch(/^(connecting|reconnecting)$/);
    expect(await banner.isVisible()).toBe(true);
    await row.getByRole('button').click();
    await expect.poll(() => texts(bob.page)).toEqual(['hello bob', 'hi alice', XSS]);
    await shot(bob, '6-reload-offline');

    blocked = false;
    await bob.page.locator('[data-testid="chat-app"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await banner.isVisible()).toBe(false);
    expect(bob.dialogs).toEqual([]);
  });

  it('stacks the list and the chat on a phone-sized screen', async () => {
    const phone = await env.newPage({ width: 390, height: 760 });
    await signInAs(phone.page, 'dave');
    await expect.poll(() => phone.page.getByTestId('chat').isVisible()).toBe(false);
    await shot(phone, '7-phone-list');
    await openChat(phone.page, 'alice');
    await expect.poll(() => phone.page.getByTestId('chat').isVisible()).toBe(true);
    await expect.poll(() => phone.page.getByTestId('new-chat').isVisible()).toBe(false);
    await phone.page.getByTestId('composer').fill('hello from a phone');
    await phone.page.keyboard.press('Enter');
    await expect.poll(() => phone.page.getByTestId('message').last().getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    await shot(phone, '8-phone-chat');
    await phone.page.getByTestId('back').click();
    await expect.poll(() => phone.page.getByTestId('new-chat').isVisible()).toBe(true);
    await phone.page.context().close();
  });
});
