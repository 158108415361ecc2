import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Driver } from '../page/driver.js';
import type { PageApi } from '../page/main.js';
import { buildPage } from './bundle.js';

/** Debian's Chromium (Playwright's own browser download is not available here). */
const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** A static page server and a browser, started together for one test file. */
export interface BrowserEnv {
  browser: Browser;
  /** The page's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Which codec the bundle was built with. */
  codec: string;
  /** A fresh browser context (its own IndexedDB) with the test page loaded. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

const INDEX_HTML = '<!doctype html><meta charset="utf-8"><title>parley e2e</title><script type="module" src="/main.js"></script>';

/** Serves the bundle and the page on 127.0.0.1 (a free port). */
async function serve(js: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(INDEX_HTML);
    } else if (path === '/main.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(js);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

/** Builds the bundle, serves it and launches Chromium. */
export async function startBrowser(): Promise<BrowserEnv> {
  const bundle = await buildPage();
  const server = await serve(bundle.js);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    browser,
    origin,
    codec: bundle.codec,
    async newPage() {
      const context = await browser.newContext();
      const page = await context.newPage();
      await load(page, origin);
      return { context, page };
    },
    async close() {
      await browser.close().catch(() => {});
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Goes to the test page (again) and waits for its bundle. */
export async function load(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.parley !== undefined);
}

/** Reloads the page: a new JS context, the same origin and IndexedDB. */
export async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => window.parley !== undefined);
}

/** The methods of the page's {@link Driver}. */
type DriverMethod = { [K in keyof Driver]: Driver[K] extends (...args: never[]) => unknown ? K : never }[keyof Driver];

/** Calls a method of the page's driver and returns its (awaited) result. */
export function drive<M extends DriverMethod>(page: Page, method: M, ...args: Parameters<Driver[M]>): Promise<Awaited<ReturnType<Driver[M]>>> {
  return page.evaluate(
    ([name, list]) => (window.parley.driver as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...list),
    [method, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<Driver[M]>>>;
}

/** Reads a field of the page's driver (its recorded events). */
export function driverField<K extends 'hydrated' | 'syncEnds' | 'loginError' | 'announced' | 'statuses' | 'sendErrors'>(page: Page, field: K): Promise<Driver[K]> {
  return page.evaluate((name) => (window.parley.driver as unknown as Record<string, unknown>)[name], field) as Promise<Driver[K]>;
}

export type { PageApi };
