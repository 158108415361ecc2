import type { Page } from 'playwright-core';

/** Signs in through the form and waits until the client is ready. */
export async function signInAs(page: Page, name: string): Promise<void> {
  await page.getByTestId('signin-name').fill(name);
  await page.getByTestId('signin-submit').click();
  await page.locator('[data-testid="chat-app"][data-state="ready"]').waitFor({ timeout: 30_000 });
}

/** Opens a C2C chat through the "new chat" field. */
export async function openChat(page: Page, peer: string): Promise<void> {
  await page.getByTestId('new-chat').fill(peer);
  await page.getByTestId('new-chat').press('Enter');
  await page.locator(`[data-testid="chat"][data-conv-id="c2c:${peer}"]`).waitFor();
}

/**
 * Records every status each message element shows (by client message id), from now on: the
 * view re-renders whole lists, so a MutationObserver sees each state however short.
 */
export async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    (window as unknown as { statuses: typeof seen }).statuses = seen;
    const note = () => {
      for (const li of document.querySelectorAll<HTMLElement>('[data-testid="message"]')) {
        const id = li.dataset.clientMsgId ?? '';
        const status = li.dataset.status ?? '';
        const list = seen[id] ?? [];
        seen[id] = list;
        if (list[list.length - 1] !== status) list.push(status);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    note();
  });
}

/** The statuses recorded by {@link recordStatuses}. */
export function statuses(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => (window as unknown as { statuses: Record<string, string[]> }).statuses);
}

/** The texts of the messages shown, in order. */
export function texts(page: Page): Promise<string[]> {
  return page.getByTestId('message-text').allTextContents();
}
