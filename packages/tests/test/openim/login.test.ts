import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { openimPage, openimToken, startOpenImHarness, type WsResponse } from '../helpers/openim.js';

let h: Harness;
beforeEach(async () => {
  h = await startOpenImHarness();
});
afterEach(() => h.stop());

describe('OpenIM login', () => {
  it('logs in with the url from the config and answers in WsResponse frames', async () => {
    const page = await openimPage(h, 'alice', { login: false });
    const status = (await page.sdk.getLoginStatus()) as WsResponse;
    expect(status).toMatchObject({ event: 'GetLoginStatus', errCode: 0, errMsg: '', data: '0' });
    const res = (await page.sdk.login({ userID: 'alice', token: await openimToken(h, 'alice'), url: h.url, platformID: 5, operationID: 'op-1' })) as WsResponse;
    expect(res).toEqual({ event: 'Login', errCode: 0, errMsg: '', data: '', operationID: 'op-1' });
    expect(((await page.sdk.getLoginStatus('op-2')) as WsResponse)).toMatchObject({ data: '101', operationID: 'op-2' });
    expect(((await page.sdk.getLoginUser()) as WsResponse).data).toBe('alice');
    expect(page.events.map((e) => e.event)).toContain('OnConnecting');
    await page.sdk.logout();
    expect(((await page.sdk.getLoginStatus()) as WsResponse).data).toBe('201');
    expect(((await page.sdk.getLoginUser()) as WsResponse).data).toBe('');
  });

  it('rejects a forged token with a WsResponse, and calls before login with 1003', async () => {
    const page = await openimPage(h, 'bob', { login: false });
    const token = await openimToken(h, 'bob');
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(page.sdk.login({ userID: 'bob', token: forged, url: h.url, platformID: 5 })).rejects.toMatchObject({ event: 'Login', errCode: 702 });
    await expect(page.sdk.getFriendList('op-x')).rejects.toMatchObject({ errCode: 1003, operationID: 'op-x' });
    await expect(page.sdk.login({ userID: 'bob', token: 'not-a-token', url: h.url, platformID: 5 })).rejects.toMatchObject({ errCode: 200 });
  });
});

describe('OpenIM sessions', () => {
  it('a second login on the same platform kicks the first: OnKickedOffline, no reconnect, status 201', async () => {
    const strict = await startOpenImHarness({ webInstances: 1, maxPerPlatform: 1 });
    try {
      const first = await openimPage(strict, 'carol');
      const second = await openimPage(strict, 'carol');
      await eventually(() => expect(first.events.map((e) => e.event)).toContain('OnKickedOffline'));
      expect(((await first.sdk.getLoginStatus()) as WsResponse).data).toBe('201');
      await expect(first.sdk.getFriendList()).rejects.toMatchObject({ errCode: 1003 });
      // The survivor keeps working, and the kicked page stays down.
      expect(((await second.sdk.getSelfUserInfo()) as WsResponse).errCode).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(first.events.filter((e) => e.event === 'OnConnectSuccess')).toHaveLength(1);
      expect(second.events.map((e) => e.event)).not.toContain('OnKickedOffline');
    } finally {
      await strict.stop();
    }
  });
});
