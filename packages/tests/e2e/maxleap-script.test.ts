import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../test/helpers/harness.js';
import { ML_APP_ID, ML_KEYS, startMaxleapHarness } from '../test/helpers/maxleap.js';

const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** The package's own script-tag build (`dist/ML.im.js`), made from its sources. */
async function scriptBundle(): Promise<string> {
  const script = new URL('../../compat-maxleap/scripts/bundle.mjs', import.meta.url).href;
  const { bundleScript } = (await import(script)) as { bundleScript(): Promise<string> };
  return bundleScript();
}

/**
 * A page as it was written for the vendor SDK: `dist/ML.im.js` by script tag, then ES5 code on
 * `ML.im` with the JavaScript key, a mode-1 login, the builder and `onMessage`. The one Parley
 * addition is the `<meta name="parley-server">` tag.
 */
function chatPage(server: string, userId: string): string {
  return `<!doctype html><meta charset="utf-8"><title>MaxLeap page</title>
<meta name="parley-server" content="${server}">
<script src="/dist/ML.im.js"></script>
<script>
  var state = window.state = {login: null, messages: []};
  var im = ML.im({appId: ${JSON.stringify(ML_APP_ID)}, clientId: ${JSON.stringify(ML_KEYS.javascript)}, userId: ${JSON.stringify(userId)}, region: 'cn'}, function (data) {
    state.login = data;
  });
  im.onMessage(function (msg) { state.messages.push({from: msg.from.id, type: msg.from.type, body: msg.content.body}); });
  window.say = function (to, text) { im.toFriend(to).text(text).ok(); };
</script>`;
}

let h: Harness;
let browser: Browser;
let web: Server;
let origin = '';

beforeAll(async () => {
  h = await startMaxleapHarness();
  const js = await scriptBundle();
  web = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/dist/ML.im.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    } else if (url.pathname === '/chat.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(chatPage(h.url, url.searchParams.get('user') ?? ''));
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

type PageState = { login: { id?: string; success: boolean } | null; messages: Array<{ from: string; type: number; body: string }> };
const stateOf = (page: Page) => page.evaluate(() => (window as unknown as { state: PageState }).state);

async function open(user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${origin}/chat.html?user=${user}`);
  await eventually(async () => expect((await stateOf(page)).login).toEqual({ id: user, success: true }), 30_000);
  return page;
}

describe('the script-tag bundle in Chromium, used exactly as a page that loaded dist/ML.im.js', () => {
  it('defines ML.im; two pages log in and chat both ways through the builder', async () => {
    const a = await open('ml-page-a');
    const b = await open('ml-page-b');
    expect(await a.evaluate(() => typeof (window as unknown as { ML: { im: unknown } }).ML.im)).toBe('function');
    await a.evaluate(() => (window as unknown as { say(to: string, t: string): void }).say('ml-page-b', 'hello from ML.im.js 🌊'));
    await eventually(async () => expect((await stateOf(b)).messages).toEqual([{ from: 'ml-page-a', type: 0, body: 'hello from ML.im.js 🌊' }]), 30_000);
    await b.evaluate(() => (window as unknown as { say(to: string, t: string): void }).say('ml-page-a', 'hi a'));
    await eventually(async () => expect((await stateOf(a)).messages).toEqual([{ from: 'ml-page-b', type: 0, body: 'hi a' }]), 30_000);
  });
});
