import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { loadTim, startTimHarness, TIM_SDK_APP_ID, timPage, userSig } from '../helpers/tim.js';

let h: Harness;
beforeAll(async () => {
  // One web instance per account, tim-js-sdk's default: a second login kicks the first.
  h = await startTimHarness({ webInstances: 1 });
});
afterAll(() => h.stop());

describe('TIM session', () => {
  it('a second login of the account kicks the first with KICKED_OUT multipleAccount, then SDK_NOT_READY', async () => {
    const first = await timPage(h, 'sess-kick');
    const second = await timPage(h, 'sess-kick');
    await eventually(() => expect(first.seen(first.TIM.EVENT.KICKED_OUT)).toEqual([{ type: first.TIM.TYPES.KICKED_OUT_MULT_ACCOUNT }]));
    const names = first.events.map((e) => e.name);
    expect(names.indexOf(first.TIM.EVENT.SDK_NOT_READY)).toBeGreaterThan(names.indexOf(first.TIM.EVENT.KICKED_OUT));
    // The kicked instance is not ready any more: gated calls fail with the kick's reason (3003).
    await expect(first.tim.getConversationList()).rejects.toMatchObject({ code: 3003 });
    expect(second.seen(second.TIM.EVENT.KICKED_OUT)).toEqual([]);
    await expect(second.tim.getConversationList()).resolves.toMatchObject({ code: 0 });
    await second.tim.logout();
  });

  it('refuses an expired UserSig with 70001 and a forged one with 70003', async () => {
    const expired = userSig('sess-exp', 1);
    await new Promise((r) => setTimeout(r, 2100));
    const page = await timPage(h, 'sess-exp', { login: false });
    await expect(page.tim.login({ userID: 'sess-exp', userSig: expired })).rejects.toMatchObject({ code: 70001 });
    await expect(page.tim.getConversationList()).rejects.toMatchObject({ code: 3001 });
    const forged = userSig('someone-else');
    await expect(page.tim.login({ userID: 'sess-exp', userSig: forged })).rejects.toMatchObject({ code: 70003 });
    await expect(page.tim.login({ userID: 'sess-exp', userSig: 'not-a-sig' })).rejects.toMatchObject({ code: 70003 });
    expect(page.seen(page.TIM.EVENT.SDK_READY)).toEqual([]);
  });

  it('checks login arguments like tim-js-sdk (2002, 2003)', async () => {
    const page = await timPage(h, 'sess-args', { login: false });
    await expect(page.tim.login({ userID: '', userSig: 'x' })).rejects.toMatchObject({ code: 2002 });
    await expect(page.tim.login({ userID: 'sess-args', userSig: '' })).rejects.toMatchObject({ code: 2003 });
  });

  it('a repeated login of the same account resolves with repeatLogin', async () => {
    const page = await timPage(h, 'sess-repeat');
    const again = await page.tim.login({ userID: 'sess-repeat', userSig: userSig('sess-repeat') });
    expect(again).toMatchObject({ code: 0, data: { repeatLogin: true } });
    await page.tim.logout();
  });

  it('TIM.create is a singleton per SDKAppID until destroy() emits SDK_DESTROY', async () => {
    const TIM = await loadTim(h);
    const a = TIM.create({ SDKAppID: TIM_SDK_APP_ID });
    expect(TIM.create({ SDKAppID: String(TIM_SDK_APP_ID) as unknown as number })).toBe(a);
    expect(TIM.create({ SDKAppID: 'abc' as unknown as number })).toBeNull();
    const destroyed: unknown[] = [];
    a.on(TIM.EVENT.SDK_DESTROY, (e: { data: unknown }) => destroyed.push(e.data));
    await a.destroy();
    expect(destroyed).toEqual([{ SDKAppID: TIM_SDK_APP_ID }]);
    expect(TIM.create({ SDKAppID: TIM_SDK_APP_ID })).not.toBe(a);
  });

  it('reports the network state and recovers after the server restarts', async () => {
    const page = await timPage(h, 'sess-net');
    const { TIM } = page;
    expect(page.seen(TIM.EVENT.NET_STATE_CHANGE)).toEqual([{ state: TIM.TYPES.NET_STATE_CONNECTED }]);
    await h.stop(false);
    await eventually(() => expect(page.seen(TIM.EVENT.NET_STATE_CHANGE)).toContainEqual({ state: TIM.TYPES.NET_STATE_CONNECTING }));
    await h.restart();
    await eventually(() => expect(page.seen(TIM.EVENT.NET_STATE_CHANGE).at(-1)).toEqual({ state: TIM.TYPES.NET_STATE_CONNECTED }), 20_000);
    expect(page.seen(TIM.EVENT.SDK_NOT_READY)).toEqual([]);
    await page.tim.logout();
  });
});
