import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChat, signInAs, texts } from './helpers.js';
import { type DemoEnv, SHOTS, startDemo, type TestPage } from './setup.js';

/** A `size`×`size` PNG: a blue square with a red diagonal (RGB, no filter). */
function png(size: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) rows.push(...(Math.abs(x - y) < 3 ? [220, 40, 40] : [40, 110, 230]));
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

let env: DemoEnv;
const pages: TestPage[] = [];
let alice: TestPage;
let bob: TestPage;
let carol: TestPage;
let dave: TestPage;
beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  env = await startDemo();
});
afterAll(async () => {
  await env?.close();
});

const shot = (p: TestPage, name: string) => p.page.screenshot({ path: join(SHOTS, `features-${name}.png`) });

async function user(name: string): Promise<TestPage> {
  const p = await env.newPage();
  pages.push(p);
  await signInAs(p.page, name);
  return p;
}

/** Opens a conversation from the list (waiting until it is there). */
async function openRow(page: Page, convId: string): Promise<void> {
  const row = page.locator(`[data-testid="conversation"][data-conv-id="${convId}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.getByRole('button').click();
  await page.locator(`[data-testid="chat"][data-conv-id="${convId}"]`).waitFor();
}

describe('demo features: images, groups, rooms (Chromium against parley-server)', () => {
  it('alice sends bob an image: preview, pending with progress, sent; bob sees it loaded', async () => {
    alice = await user('alice');
    bob = await user('bob');
    await openChat(alice.page, 'bob');
    // Every state the message element shows, however short (the list re-renders whole).
    await alice.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const note = () => {
        const li = document.querySelector<HTMLElement>('[data-testid="message"][data-kind="image"]');
        if (!li) return;
        const progress = li.querySelector('[data-testid="upload-progress"]')?.textContent ?? '';
        const state = `${li.dataset.status}${progress ? ` ${progress}` : ''}`;
        if (seen[seen.length - 1] !== state) seen.push(state);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });

    await alice.page.getByTestId('attach').setInputFiles({ name: 'square.png', mimeType: 'image/png', buffer: png(48) });
    const preview = alice.page.getByTestId('image-preview');
    await preview.waitFor();
    expect(await preview.locator('img').getAttribute('alt')).toBe('square.png');
    await shot(alice, '1-image-preview');
    await alice.page.getByTestId('send-image').click();
    expect(await preview.isVisible()).toBe(false);

    const mine = alice.page.locator('[data-testid="message"][data-kind="image"]');
    await expect.poll(() => mine.getAttribute('data-status'), { timeout: 30_000 }).toBe('sent');
    const seen = await alice.page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen[0]).toMatch(/^pending Uploading \d+%$/);
    expect(seen[seen.length - 1]).toBe('sent');
    const mineImg = mine.locator('img');
    await expect.poll(() => mineImg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBe(48);
    expect(await mineImg.getAttribute('src')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/parley\/media\//);

    await openRow(bob.page, 'c2c:alice');
    const theirs = bob.page.locator('[data-testid="message"][data-kind="image"]');
    await theirs.waitFor({ timeout: 30_000 });
    const img = theirs.locator('img');
    expect(await img.getAttribute('alt')).toBe('square.png');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 30_000 }).toBe(48);
    expect(await bob.page.locator('[data-testid="image-fallback"]').count()).toBe(0);
    await shot(bob, '2-image-received');
    expect(alice.dialogs).toEqual([]);
    expect(bob.dialogs).toEqual([]);
  });

  it('shows a text label for an image that fails to load', async () => {
    // A broken media URL: the element falls back to its label.
    await bob.page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="message"][data-kind="image"] img');
      if (img) img.src = `${location.origin}/parley/media/nope/none.png`;
    });
    await expect.poll(() => bob.page.getByTestId('image-fallback').textContent(), { timeout: 10_000 }).toBe('Image not available: square.png');
  });

  it('alice creates a group with bob and carol; bob sees it and they talk; alice invites dave, who sees it', async () => {
    carol = await user('carol');
    dave = await user('dave');
    await alice.page.getByTestId('new-group').click();
    await alice.page.getByTestId('group-name').fill('Weekend <b>plans</b>');
    await alice.page.getByTestId('group-members').fill('bob, carol');
    await shot(alice, '3-new-group');
    await alice.page.getByTestId('create-group').click();
    const chat = alice.page.locator('[data-testid="chat"][data-conv-id^="group:"]');
    await chat.waitFor({ timeout: 30_000 });
    const convId = (await chat.getAttribute('data-conv-id')) ?? '';
    await expect.poll(() => alice.page.getByTestId('chat-title').textContent()).toBe('Weekend <b>plans</b>');

    for (const member of [bob, carol]) {
      const row = member.page.locator(`[data-testid="conversation"][data-conv-id="${convId}"]`);
      await row.waitFor({ timeout: 30_000 });
      await expect.poll(() => row.getByTestId('conversation-title').textContent()).toBe('Weekend <b>plans</b>');
    }
    await openRow(bob.page, convId);
    await bob.page.getByTestId('composer').fill('hi group');
    await bob.page.getByTestId('composer').press('Enter');
    await expect.poll(() => texts(alice.page), { timeout: 30_000 }).toContain('hi group');
    await alice.page.getByTestId('composer').fill('hi bob');
    await alice.page.getByTestId('composer').press('Enter');
    await expect.poll(() => texts(bob.page), { timeout: 30_000 }).toContain('hi bob');

    await alice.page.getByTestId('invite-user').fill('dave');
    await alice.page.getByTestId('invite').click();
    await expect.poll(() => alice.page.getByTestId('invite-status').textContent(), { timeout: 30_000 }).toBe('dave added');
    await shot(alice, '4-group-chat');
    const daveRow = dave.page.locator(`[data-testid="conversation"][data-conv-id="${convId}"]`);
    await daveRow.waitFor({ timeout: 30_000 });
    await expect.poll(() => daveRow.getByTestId('conversation-title').textContent()).toBe('Weekend <b>plans</b>');
    await shot(dave, '5-group-invited');
    for (const p of pages) expect(p.dialogs).toEqual([]);
  });

  it('alice creates a room, bob joins by id: both count 2 and see each other; bob leaves, alice sees 1', async () => {
    await alice.page.getByTestId('rooms').click();
    await alice.page.getByTestId('room-id').fill('Lobby');
    await alice.page.getByTestId('create-room').click();
    const aliceRoom = alice.page.getByTestId('room');
    await aliceRoom.waitFor({ timeout: 30_000 });
    const roomId = (await aliceRoom.getAttribute('data-room-id')) ?? '';
    expect(roomId).not.toBe('');
    expect(await alice.page.getByTestId('room-title').textContent()).toBe('Lobby');
    expect(await alice.page.getByTestId('chat').isVisible()).toBe(false);

    await bob.page.getByTestId('rooms').click();
    await bob.page.getByTestId('room-id').fill(roomId);
    await bob.page.getByTestId('join-room').click();
    await bob.page.getByTestId('room').waitFor({ timeout: 30_000 });

    const count = (p: TestPage) => p.page.getByTestId('room-count').getAttribute('data-count');
    await expect.poll(() => count(alice), { timeout: 30_000 }).toBe('2');
    await expect.poll(() => count(bob), { timeout: 30_000 }).toBe('2');
    expect(await bob.page.getByTestId('room-count').textContent()).toBe('2 members here');

    await alice.page.getByTestId('room-composer').fill('welcome to the lobby');
    await alice.page.getByTestId('room-composer').press('Enter');
    await bob.page.getByTestId('room-composer').fill('thanks alice');
    await bob.page.getByTestId('room-composer').press('Enter');
    const roomTexts = (p: TestPage) => p.page.getByTestId('room-messages').getByTestId('message-text').allTextContents();
    await expect.poll(() => roomTexts(bob), { timeout: 30_000 }).toEqual(['welcome to the lobby', 'thanks alice']);
    await expect.poll(() => roomTexts(alice), { timeout: 30_000 }).toEqual(['welcome to the lobby', 'thanks alice']);
    await expect.poll(() => alice.page.getByTestId('room-message').first().getAttribute('data-status')).toBe('sent');
    await shot(alice, '6-room');

    await bob.page.getByTestId('leave-room').click();
    await expect.poll(() => bob.page.getByTestId('room').isVisible()).toBe(false);
    await expect.poll(() => count(alice), { timeout: 30_000 }).toBe('1');
    await shot(alice, '7-room-after-leave');
  });

  it('the room view and the group forms fit a phone-sized screen', async () => {
    const phone = await env.newPage({ width: 390, height: 760 });
    await signInAs(phone.page, 'erin');
    await phone.page.getByTestId('new-group').click();
    await phone.page.getByTestId('rooms').click();
    await shot(phone, '8-phone-forms');
    await phone.page.getByTestId('room-id').fill('Phone room');
    await phone.page.getByTestId('create-room').click();
    await phone.page.getByTestId('room').waitFor({ timeout: 30_000 });
    await expect.poll(() => phone.page.getByTestId('new-chat').isVisible()).toBe(false);
    await expect.poll(() => phone.page.getByTestId('room-count').getAttribute('data-count')).toBe('1');
    await shot(phone, '9-phone-room');
    await phone.page.getByTestId('leave-room').click();
    await expect.poll(() => phone.page.getByTestId('new-chat').isVisible()).toBe(true);
    await phone.page.context().close();
  });
});
