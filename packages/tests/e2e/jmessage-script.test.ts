import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness } from '../test/helpers/harness.js';
import { authPayload, startJmHarness } from '../test/helpers/jmessage.js';

const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** The package's own script-tag build (`dist/jmessage-sdk-web.min.js`), made from its sources. */
async function scriptBundle(): Promise<string> {
  const script = new URL('../../compat-jmessage/scripts/bundle.mjs', import.meta.url).href;
  const { bundleScript } = (await import(script)) as { bundleScript(): Promise<string> };
  return bundleScript();
}

/**
 * A page as it was written for the vendor SDK: the script tag, then ES5 code against the global
 * `JMessage` with callback chains. The one Parley addition is the `<meta name="parley-server">`
 * tag saying where the server is. The auth payload comes inlined, as a backend would render it.
 */
function chatPage(server: string, username: string, payload: Record<string, unknown>): string {
  return `<!doctype html><meta charset="utf-8"><title>JMessage page</title>
<meta name="parley-server" content="${server}">
<script src="/jmessage-sdk-web.min.js"></script>
<script>
  var JIM = new JMessage({debug: false});
  var state = window.state = {ready: false, error: null, received: [], events: [], syncs: 0};
  var me = ${JSON.stringify(username)};
  JIM.init(${JSON.stringify(payload)}).onSuccess(function () {
    JIM.register({username: me, password: 'pw-' + me}).onSuccess(login).onFail(login);
  }).onFail(function (data) { state.error = data; }).onTimeout(function (data) { state.error = data; });
  function login() {
    JIM.login({username: me, password: 'pw-' + me}).onSuccess(function (data) {
      JIM.onMsgReceive(function (data) {
        var text = data.messages[0].content.msg_body.text;
        state.received.push({from: data.messages[0].content.from_id, text: text, flatId: data.msg_id});
      });
      JIM.onSyncConversation(function (data) { state.syncs++; });
      JIM.onEventNotification(function (data) { state.events.push(data.event_type); });
      state.ready = data.code === 0;
    }).onFail(function (data) { state.error = data; });
  }
  window.sendTo = function (to, text) {
    return new Promise(function (resolve, reject) {
      JIM.sendSingleMsg({target_username: to, target_nickname: to, content: text})
        .onSuccess(function (data, msg) { resolve({code: data.code, msg_id: data.msg_id, text: msg.content.msg_body.text}); })
        .onFail(reject).onTimeout(reject);
    });
  };
</script>`;
}

let h: Harness;
let browser: Browser;
let web: Server;
let origin = '';
const payloads = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  h = await startJmHarness();
  const js = await scriptBundle();
  web = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/jmessage-sdk-web.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    } else if (url.pathname === '/chat.html') {
      const user = url.searchParams.get('user') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(chatPage(h.url, user, payloads.get(user) ?? {}));
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

async function open(user: string): Promise<Page> {
  payloads.set(user, authPayload());
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${origin}/chat.html?user=${user}`);
  await eventually(async () => expect(await page.evaluate(() => (window as unknown as { state: { ready: boolean; error: unknown } }).state)).toMatchObject({ ready: true, error: null }), 30_000);
  return page;
}

type PageState = { received: Array<{ from: string; text: string; flatId: number }>; events: number[]; syncs: number };
const stateOf = (page: Page) => page.evaluate(() => (window as unknown as { state: PageState }).state);
const send = (page: Page, to: string, text: string) => page.evaluate(([t, x]) => (window as unknown as { sendTo(to: string, text: string): Promise<{ code: number; msg_id: number; text: string }> }).sendTo(t as string, x as string), [to, text]);

describe('the script-tag bundle in Chromium, used as a JMessage page would', () => {
  it('defines the global JMessage; two pages init, register, log in and chat both ways', async () => {
    const alice = await open('jm_page_alice');
    const bob = await open('jm_page_bob');
    expect(await alice.evaluate(() => typeof (window as unknown as { JMessage: unknown }).JMessage)).toBe('function');
    const sent = await send(alice, 'jm_page_bob', 'hello from a script tag 👋');
    expect(sent).toMatchObject({ code: 0, text: 'hello from a script tag 👋' });
    expect(sent.msg_id).toBeGreaterThan(0);
    await eventually(async () => expect((await stateOf(bob)).received).toEqual([{ from: 'jm_page_alice', text: 'hello from a script tag 👋', flatId: sent.msg_id }]), 30_000);
    await send(bob, 'jm_page_alice', 'hi back');
    await eventually(async () => expect((await stateOf(alice)).received.map((m) => m.text)).toEqual(['hi back']), 30_000);
    expect((await stateOf(alice)).syncs).toBe(1);
  });
});
