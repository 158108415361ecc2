import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nullLogger, type RunningServer, startServer } from '@parley/server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

/** Debian's Chromium (Playwright's own browser download is not available here). */
const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
/** The demo app's directory. */
export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Screenshots of the pages under test (gitignored). */
export const SHOTS = join(APP_DIR, 'test-results');

/** The built app, a server serving it, and Chromium. */
export interface DemoEnv {
  server: RunningServer;
  browser: Browser;
  origin: string;
  /** A fresh browser context (its own localStorage and IndexedDB) on the app's page at `path`. */
  newPage(viewport?: { width: number; height: number }, path?: string): Promise<TestPage>;
  close(): Promise<void>;
}

/** A page with the JavaScript dialogs it opened (none, ever, is the point). */
export interface TestPage {
  page: Page;
  dialogs: string[];
}

/** Options of {@link startDemo}; every one is optional and off by default. */
export interface DemoOptions {
  /**
   * A session policy for the development tenant (for example `{ webInstances: 1 }`), written
   * into `<dataDir>/dev-tenant.json` before the server starts, so the server loads it instead
   * of creating its own tenant (whose policy allows 10 web sessions per user). Only the native
   * credentials are written: the vendor pages have no credentials on such a tenant.
   * @default undefined (the server creates the usual development tenant)
   */
  devTenantPolicy?: Record<string, unknown>;
}

/**
 * Builds the app (every page of `vite.config.ts`) with Vite into a temporary directory, starts parley-server on SQLite with its
 * development tenant and development sign-in, serving the build, and launches Chromium.
 */
export async function startDemo(options: DemoOptions = {}): Promise<DemoEnv> {
  const tmp = await mkdtemp(join(tmpdir(), 'parley-demo-e2e-'));
  const outDir = join(tmp, 'dist');
  if (options.devTenantPolicy !== undefined) await writeDevTenant(join(tmp, 'data'), options.devTenantPolicy);
  await build({ configFile: join(APP_DIR, 'vite.config.ts'), root: APP_DIR, logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server = await startServer(
    { host: '127.0.0.1', port: 0, store: 'sqlite', dataDir: join(tmp, 'data'), devTenant: true, devCredentials: true, staticDir: outDir, apps: [], logLevel: 'silent' },
    { log: nullLogger },
  );
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    browser,
    origin: server.url,
    async newPage(viewport = { width: 1000, height: 700 }, path = '/') {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(`${server.url}${path}`);
      return { page, dialogs };
    },
    async close() {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Writes a development tenant (id `dev`, the id the app signs in to) with `policy`, in the format of parley-server's `dev-tenant.json`. */
async function writeDevTenant(dataDir: string, policy: Record<string, unknown>): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const tenant = {
    id: 'dev',
    name: 'Development tenant (e2e)',
    native: { apiKey: `dev-${randomBytes(8).toString('hex')}`, secret: randomBytes(32).toString('base64url') },
    policy,
  };
  await writeFile(join(dataDir, 'dev-tenant.json'), `${JSON.stringify(tenant, null, 2)}\n`, { mode: 0o600 });
}
