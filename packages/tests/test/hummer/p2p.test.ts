import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../helpers/harness.js';
import { HUMMER_APPID, type HummerPage, hummerPage, hummerToken, startHummerHarness } from '../helpers/hummer.js';

let h: Harness;
beforeAll(async () => {
  h = await startHummerHarness();
});
afterAll(async () => {
  await h.stop(true);
});

interface P2P {
  opUid: string;
  message: { msgType: number; content: string; uuid: string; timestamp: number; uid: string; extra: string; kvExtra: Record<string, string>; appExtras: Record<string, string> };
  appExtras: Record<string, string>;
}

const received = (page: HummerPage) => page.seen('P2PMessageReceived') as P2P[];
const contents = (page: HummerPage) => received(page).map((e) => e.message.content);
const text = (page: HummerPage, content: string) => page.mod.createMessage(page.mod.MsgType.TEXT, content);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signs `uid` in once and out again, so the user exists and is offline. */
async function offlineUser(uid: string): Promise<void> {
  const page = await hummerPage(h, uid);
  await page.hummer.logout();
}

describe('Hummer P2P messages', () => {
  it('online both ways, with the receiver as receiver, recevier or uid; appExtras arrive on the event and the message; own sends are not echoed', async () => {
    const a = await hummerPage(h, '810001');
    const b = await hummerPage(h, '810002');
    const sent = await a.hummer.sendP2PMessage({ receiver: '810002', message: text(a, 'one'), options: { isOffline: false }, appExtras: { k: 'v', 中: '文' } });
    expect(sent).toEqual({ rescode: 0, msg: 'OK', appid: HUMMER_APPID, uid: '810001' });
    await eventually(() => expect(contents(b)).toEqual(['one']));
    const [first] = received(b);
    expect(first).toEqual({
      opUid: '810001',
      message: { msgType: 0, content: 'one', uuid: expect.any(String), timestamp: expect.any(Number), uid: '810001', extra: '', kvExtra: {}, appExtras: { k: 'v', 中: '文' } },
      appExtras: { k: 'v', 中: '文' },
    });
    expect(first?.message.uuid).not.toBe('');
    expect(Math.abs((first?.message.timestamp ?? 0) - Date.now())).toBeLessThan(60_000);

    await b.hummer.sendP2PMessage({ recevier: '810001', message: text(b, 'two') });
    await a.hummer.sendP2PMessage({ uid: '810002', message: text(a, 'three'), options: { isOffline: true } });
    // `receiver` wins over the other spellings.
    await a.hummer.sendP2PMessage({ receiver: '810002', uid: '810001', message: text(a, 'four') });
    await eventually(() => expect(contents(b)).toEqual(['one', 'three', 'four']));
    await eventually(() => expect(contents(a)).toEqual(['two']));
    expect(received(a)[0]).toMatchObject({ opUid: '810002', appExtras: {}, message: { uid: '810002', appExtras: {} } });
    await pause(300);
    expect(contents(a)).toEqual(['two']);
    expect(contents(b)).toEqual(['one', 'three', 'four']);
    expect(new Set(received(b).map((e) => e.message.uuid)).size).toBe(3);
  });

  it('isOffline: true to a logged-out user arrives after their next login, once and in order; isOffline: false is not kept', async () => {
    const a = await hummerPage(h, '820001');
    await offlineUser('820002');
    expect(await a.hummer.sendP2PMessage({ receiver: '820002', message: text(a, 'kept 1'), options: { isOffline: true }, appExtras: { n: '1' } })).toMatchObject({ rescode: 0 });
    // Online only, to a user who is not online: accepted, and lost.
    expect(await a.hummer.sendP2PMessage({ receiver: '820002', message: text(a, 'gone'), options: { isOffline: false } })).toMatchObject({ rescode: 0 });
    await a.hummer.sendP2PMessage({ receiver: '820002', message: text(a, 'gone too') });
    await a.hummer.sendP2PMessage({ receiver: '820002', message: text(a, 'kept 2'), options: { isOffline: true } });

    const b = await hummerPage(h, '820002', { login: false });
    await b.hummer.login({ region: 'cn', uid: '820002', token: await hummerToken(h, '820002') });
    // A handler added once login has resolved still gets the stored messages.
    const late: P2P[] = [];
    b.hummer.on('P2PMessageReceived', ((data: P2P) => late.push(data)) as never);
    await eventually(() => expect(contents(b)).toEqual(['kept 1', 'kept 2']));
    expect(late.map((e) => e.message.content)).toEqual(['kept 1', 'kept 2']);
    expect(received(b)[0]).toMatchObject({ opUid: '820001', appExtras: { n: '1' }, message: { uid: '820001', appExtras: { n: '1' } } });
    await pause(500);
    expect(contents(b)).toEqual(['kept 1', 'kept 2']);
    // Messages that arrive while online are delivered live, and the next login does not repeat anything.
    await a.hummer.sendP2PMessage({ receiver: '820002', message: text(a, 'live'), options: { isOffline: true } });
    await eventually(() => expect(contents(b)).toEqual(['kept 1', 'kept 2', 'live']));
    await pause(800);
    await b.hummer.logout();
    const again = await hummerPage(h, '820002');
    await pause(800);
    expect(contents(again)).toEqual([]);
  });

  it('more stored messages than the login prefetch holds all arrive, each once, in order, next to live ones', async () => {
    const a = await hummerPage(h, '830001');
    await offlineUser('830002');
    const sent = Array.from({ length: 45 }, (_, i) => `stored ${i + 1}`);
    for (const content of sent) await a.hummer.sendP2PMessage({ receiver: '830002', message: text(a, content), options: { isOffline: true } });
    const b = await hummerPage(h, '830002');
    await a.hummer.sendP2PMessage({ receiver: '830002', message: text(a, 'after login'), options: { isOffline: false } });
    await eventually(() => expect(contents(b)).toEqual([...sent, 'after login']));
    await pause(300);
    expect(contents(b)).toHaveLength(46);
  });

  it('refusals: a message that is not TEXT (1002), no receiver or message (1002), a user who does not exist (2004), before login (1009)', async () => {
    const a = await hummerPage(h, '840001');
    await expect(a.hummer.sendP2PMessage({ receiver: '840002', message: { msgType: 1, content: 'image?' } })).rejects.toEqual({ rescode: 1002, msg: expect.any(String) });
    await expect(a.hummer.sendP2PMessage({ receiver: '840002', message: { msgType: 0, content: '' } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(a.hummer.sendP2PMessage({ receiver: '840002' })).rejects.toMatchObject({ rescode: 1002 });
    await expect(a.hummer.sendP2PMessage({ message: text(a, 'to nobody') })).rejects.toMatchObject({ rescode: 1002 });
    await expect(a.hummer.sendP2PMessage({ receiver: '840002', message: text(a, 'x'), appExtras: { n: 1 } })).rejects.toMatchObject({ rescode: 1002 });
    await expect(a.hummer.sendP2PMessage({ receiver: '840999', message: text(a, 'who?'), options: { isOffline: true } })).rejects.toMatchObject({ rescode: 2004 });
    const out = await hummerPage(h, '840003', { login: false });
    await expect(out.hummer.sendP2PMessage({ receiver: '840001', message: text(out, 'x') })).rejects.toMatchObject({ rescode: 1009 });
  });
});
