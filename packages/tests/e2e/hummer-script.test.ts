import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { roomsOf } from '@parley/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../test/helpers/harness.js';
import { HUMMER_APPID, hummerToken, startHummerHarness } from '../test/helpers/hummer.js';

const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** The package's own script-tag build (`dist/hummer-chatroom-sdk.js`), made from its sources. */
async function scriptBundle(): Promise<string> {
  const script = new URL('../../compat-hummer/scripts/bundle.mjs', import.meta.url).href;
  const { bundleScript } = (await import(script)) as { bundleScript(): Promise<string> };
  return bundleScript();
}

/**
 * A page as it was written for the vendor SDK: the script tag, then ES5 code on the global
 * `Hummer` with Promises. The one Parley addition is the `<meta name="parley-server">` tag. The
 * token and room id come inlined, as the app's backend would render them.
 */
function roomPage(server: string, uid: string, token: string, roomid: number): string {
  return `<!doctype html><meta charset="utf-8"><title>Hummer page</title>
<meta name="parley-server" content="${server}">
<script charset="utf-8" src="/hummer-chatroom-sdk.js"></script>
<script>
  var state = window.state = {joined: false, error: null, messages: [], online: [], counts: []};
  var hummer = Hummer.createHummer({appid: ${HUMMER_APPID}});
  hummer.setLogLevel(3);
  var chatroom;
  hummer.login({region: 'cn', uid: ${JSON.stringify(uid)}, token: ${JSON.stringify(token)}}).then(function (res) {
    if (res.rescode !== 0) throw res;
    chatroom = hummer.createChatRoomInstance({region: 'cn', roomid: ${roomid}});
    chatroom.on('GroupMessage', function (data) { state.messages.push({uid: data.uid, content: data.content}); });
    chatroom.on('UserOnlineUpdated', function (data) { state.online.push(data); });
    chatroom.on('UserCountUpdated', function (data) { state.counts.push(data.totalCount); });
    return chatroom.joinChatRoom({joinProps: {}});
  }).then(function (res) { state.joined = res.rescode === 0; }).catch(function (e) { state.error = JSON.stringify(e); });
  window.say = function (text) {
    return chatroom.sendGroupMessage({content: text, kvExtra: {from: 'page'}}).then(function (res) { return res.rescode; });
  };
</script>`;
}

let h: Harness;
let browser: Browser;
let web: Server;
let origin = '';
let roomid = 0;
const tokens = new Map<string, string>();

beforeAll(async () => {
  h = await startHummerHarness({ webInstances: 5 });
  const owner = await h.login('900100');
  roomid = Number((await roomsOf(owner).create({ name: 'script tag room' })).numericId);
  const js = await scriptBundle();
  web = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/hummer-chatroom-sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    } else if (url.pathname === '/room.html') {
      const uid = url.searchParams.get('uid') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(roomPage(h.url, uid, tokens.get(uid) ?? '', roomid));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
  await h?.stop(true);
});

type PageState = { joined: boolean; error: string | null; messages: Array<{ uid: string; content: string }>; online: Array<{ joinUsers: string[] }>; counts: number[] };
const stateOf = (page: Page) => page.evaluate(() => (window as unknown as { state: PageState }).state);

async function open(uid: string): Promise<Page> {
  tokens.set(uid, await hummerToken(h, uid));
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${origin}/room.html?uid=${uid}`);
  await eventually(async () => expect(await stateOf(page)).toMatchObject({ joined: true, error: null }), 30_000);
  return page;
}

describe('the script-tag bundle in Chromium, used as a Hummer page would', () => {
  it('defines the global Hummer; two pages log in, join one room, see each other arrive and chat', async () => {
    const a = await open('900201');
    const b = await open('900202');
    expect(await a.evaluate(() => typeof (window as unknown as { Hummer: { createHummer: unknown } }).Hummer.createHummer)).toBe('function');
    await eventually(async () => expect((await stateOf(a)).online.flatMap((o) => o.joinUsers)).toContain('900202'), 30_000);
    await eventually(async () => expect((await stateOf(a)).counts.at(-1)).toBe(2), 30_000);
    expect(await a.evaluate(() => (window as unknown as { say(t: string): Promise<number> }).say('hello room 🎈'))).toBe(0);
    await eventually(async () => expect((await stateOf(b)).messages).toEqual([{ uid: '900201', content: 'hello room 🎈' }]), 30_000);
    await b.evaluate(() => (window as unknown as { say(t: string): Promise<number> }).say('hi a'));
    // Senders see their own broadcasts too (the vendor's examples show it), each once.
    await eventually(async () => expect((await stateOf(a)).messages).toEqual([{ uid: '900201', content: 'hello room 🎈' }, { uid: '900202', content: 'hi a' }]), 30_000);
  });
});
