import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { startTimHarness, timPage, userSig } from '../helpers/tim.js';

let h: Harness;
beforeAll(async () => {
  h = await startTimHarness();
});
afterAll(() => h.stop());

describe('TIM login', () => {
  it('logs in with a tls-sig-api-v2 UserSig and becomes ready', async () => {
    const page = await timPage(h, 'smoke-a');
    expect(page.seen(page.TIM.EVENT.SDK_READY)).toHaveLength(1);
    await page.tim.logout();
    expect(page.seen(page.TIM.EVENT.SDK_NOT_READY)).toHaveLength(1);
  });

  it('gates calls before SDK_READY with the not-logged-in code', async () => {
    const page = await timPage(h, 'smoke-b', { login: false });
    await expect(page.tim.getConversationList()).rejects.toMatchObject({ code: 2024 });
    expect(page.seen(page.TIM.EVENT.ERROR)).toEqual([expect.objectContaining({ code: 2024 })]);
    expect(userSig('x')).toMatch(/^eJ/);
  });
});
