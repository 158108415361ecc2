import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { HUMMER_APPID, hummerPage, hummerToken, loadHummer, startHummerHarness } from '../helpers/hummer.js';

let h: Harness;
beforeAll(async () => {
  // Tokens warn 2 s before they expire, so a 4 s token shows the whole lifecycle quickly.
  h = await startHummerHarness({ hummerWillExpireLeadSec: 2 });
});
afterAll(async () => {
  await h.stop(true);
});

const states = (page: { seen(name: string): unknown[] }) => page.seen('ConnectionStateChanged') as Array<{ state: string; reason: string }>;

describe('Hummer session', () => {
  it('createHummer, createMessage and the enums; DISCONNECTED/INIT before login; calls before login fail with 1009', async () => {
    const mod = await loadHummer(h);
    const Hummer = mod.default;
    expect(Hummer.VERSION).toBe('2.2.1');
    expect(Hummer.createMessage(Hummer.MsgType.TEXT, 'hi')).toEqual({ msgType: 0, content: 'hi' });
    expect(Hummer.createMessage(1, 'x')).toBeNull();
    expect(() => Hummer.createHummer({ appid: 'nope' as never })).toThrow();
    const hummer = Hummer.createHummer({ appid: HUMMER_APPID });
    expect(hummer.getConnectionState()).toBe('DISCONNECTED');
    expect(hummer.getState()).toBe('DISCONNECTED');
    await expect(hummer.fetchUserOnlineStatus({ uids: ['x'] })).rejects.toMatchObject({ rescode: 1009 });
    const room = hummer.createChatRoomInstance({ region: 'cn', roomid: 1 });
    await expect(room.joinChatRoom({ joinProps: {} })).rejects.toMatchObject({ rescode: 1009 });
    await expect(hummer.login({ region: 'cn' })).rejects.toEqual({ rescode: 1002, msg: expect.any(String) });
  });

  it('login resolves {rescode: 0, msg: "OK"} through CONNECTING/LOGIN → CONNECTED/LOGIN_SUCCESS; logout ends in DISCONNECTED/LOGOUT', async () => {
    const page = await hummerPage(h, '777888', { login: false });
    const result = await page.hummer.login({ region: 'cn', uid: '777888', token: await hummerToken(h, '777888') });
    expect(result).toMatchObject({ rescode: 0, msg: 'OK', appid: HUMMER_APPID, uid: '777888' });
    expect(page.hummer.getConnectionState()).toBe('CONNECTED');
    expect(await page.hummer.logout()).toMatchObject({ rescode: 0, msg: 'OK' });
    expect(states(page)).toEqual([
      { state: 'CONNECTING', reason: 'LOGIN' },
      { state: 'CONNECTED', reason: 'LOGIN_SUCCESS' },
      { state: 'DISCONNECTED', reason: 'LOGOUT' },
    ]);
  });

  it('a forged token fails with 2002 and an expired one with 2003, each ending in DISCONNECTED/LOGIN_FAILURE', async () => {
    const page = await hummerPage(h, '100200', { login: false });
    await expect(page.hummer.login({ uid: '100200', token: 'pt1.forged.token' })).rejects.toMatchObject({ rescode: 2002 });
    expect(states(page).at(-1)).toEqual({ state: 'DISCONNECTED', reason: 'LOGIN_FAILURE' });
    const old = await h.admin('tokens', { userId: '100200', kind: 'hummer', ttlSec: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    await expect(page.hummer.login({ uid: '100200', token: (old as { token: string }).token })).rejects.toMatchObject({ rescode: 2003 });
    expect(page.hummer.getConnectionState()).toBe('DISCONNECTED');
  });

  it('a second login elsewhere gives ForceoutOffline 100 (reason and resaon) and DISCONNECTED/REMOTE_LOGIN, and no reconnect', async () => {
    const first = await hummerPage(h, '555666');
    await hummerPage(h, '555666');
    await eventually(() => expect(first.seen('ForceoutOffline')).toHaveLength(1));
    const [kick] = first.seen('ForceoutOffline') as Array<{ code: number; reason: string; resaon: string }>;
    expect(kick).toEqual({ code: 100, reason: '您的帐号在别处登录，您被迫下线。', resaon: '您的帐号在别处登录，您被迫下线。' });
    expect(states(first).at(-1)).toEqual({ state: 'DISCONNECTED', reason: 'REMOTE_LOGIN' });
    await new Promise((r) => setTimeout(r, 500));
    expect(first.hummer.getConnectionState()).toBe('DISCONNECTED');
    await expect(first.hummer.fetchUserOnlineStatus({ uids: ['555666'] })).rejects.toMatchObject({ rescode: 1009 });
  });

  it('TokenWillExpire before expiry; refreshToken keeps the same connection (no state change)', async () => {
    const page = await hummerPage(h, '300400', { token: (await h.admin('tokens', { userId: '300400', kind: 'hummer', ttlSec: 4 }) as { token: string }).token });
    await eventually(() => expect(page.seen('TokenWillExpire')).toHaveLength(1), 5000);
    const before = states(page).length;
    expect(await page.hummer.refreshToken({ token: await hummerToken(h, '300400') })).toMatchObject({ rescode: 0 });
    await new Promise((r) => setTimeout(r, 2500));
    expect(page.seen('TokenExpired')).toHaveLength(0);
    expect(states(page)).toHaveLength(before);
    expect(page.hummer.getConnectionState()).toBe('CONNECTED');
  });

  it('a token that expired is refused on the next reconnect: TokenExpired, then refreshToken reconnects (CONNECTED/LOGIN_SUCCESS)', async () => {
    const page = await hummerPage(h, '300500', { token: ((await h.admin('tokens', { userId: '300500', kind: 'hummer', ttlSec: 2 })) as { token: string }).token });
    // As with the vendor, an expired token does not end a live connection…
    await new Promise((r) => setTimeout(r, 2300));
    expect(page.hummer.getConnectionState()).toBe('CONNECTED');
    expect(page.seen('TokenExpired')).toHaveLength(0);
    // …but the reconnect after a dropped link finds it expired.
    await h.stop(false);
    await eventually(() => expect(states(page)).toContainEqual({ state: 'RECONNECTING', reason: 'INTERRUPTED' }));
    await h.restart();
    await eventually(() => expect(page.seen('TokenExpired')).toHaveLength(1), 15_000);
    expect(await page.hummer.refreshToken({ token: await hummerToken(h, '300500') })).toMatchObject({ rescode: 0 });
    await eventually(() => expect(page.hummer.getConnectionState()).toBe('CONNECTED'));
    expect(states(page).at(-1)).toEqual({ state: 'CONNECTED', reason: 'LOGIN_SUCCESS' });
    await page.hummer.logout();
  });
});
