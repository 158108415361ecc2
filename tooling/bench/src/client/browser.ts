// Chromium for the client benchmarks: the page bundle (page.ts) built with esbuild from the
// workspace sources, served from 127.0.0.1, and Debian's Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * The codec of the benchmark page and of the bundle-size entry. `'auto'` takes the compact codec
 * (`@parley/protocol/compact`) once it exists in this checkout, else `ProtobufCodec`. Flip it
 * here to force one.
 */
export const BENCH_CODEC: 'auto' | 'compact' | 'protobuf' = 'compact';

const here = dirname(fileURLToPath(import.meta.url));
const PROTOCOL_DIR = join(here, '..', '..', '..', '..', 'packages', 'protocol');
const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The compact codec's source. It is imported by path, which is what `@parley/protocol/compact`
 * resolves to under the `@parley/source` condition, so it works before the export is declared.
 */
const COMPACT_ENTRY = join(PROTOCOL_DIR, 'src', 'compact', 'index.ts');

/** Whether the compact codec exists in this checkout. */
export function compactAvailable(): boolean {
  return existsSync(COMPACT_ENTRY);
}

export type CodecName = 'compact' | 'protobuf';

/** The codec `BENCH_CODEC` stands for in this checkout. */
export function benchCodec(): CodecName {
  if (BENCH_CODEC !== 'auto') return BENCH_CODEC;
  return compactAvailable() ? 'compact' : 'protobuf';
}

/** Resolves `parley:codec` (see codec.d.ts) to one codec. */
export function codecPlugin(codec: CodecName): Plugin {
  const source =
    codec === 'compact'
      ? `export { CompactCodec as Codec } from ${JSON.stringify(COMPACT_ENTRY)}; export const codecName = 'compact';`
      : "export { ProtobufCodec as Codec } from '@parley/protocol'; export const codecName = 'protobuf';";
  return {
    name: 'parley-codec',
    setup(b) {
      b.onResolve({ filter: /^parley:codec$/ }, () => ({ path: 'parley:codec', namespace: 'parley-codec' }));
      b.onLoad({ filter: /.*/, namespace: 'parley-codec' }, () => ({ contents: source, loader: 'ts', resolveDir: here }));
    },
  };
}

/** The benchmark page, ready in Chromium. */
export interface BenchBrowser {
  browser: Browser;
  page: Page;
  codec: CodecName;
  /** Loads the page again (a new JS context; IndexedDB stays). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

const INDEX_HTML = '<!doctype html><meta charset="utf-8"><title>parley bench</title><script type="module" src="/page.js"></script>';

function serve(js: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(INDEX_HTML);
    } else if (path === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(js);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Builds page.ts (minified, as an app would ship it), serves it and opens it in Chromium.
 * @throws {Error} when the bundle does not build or Chromium does not start.
 */
export async function openBenchPage(): Promise<BenchBrowser> {
  const codec = benchCodec();
  const result = await build({
    entryPoints: [join(here, 'page.ts')],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@parley/source'],
    logLevel: 'silent',
    plugins: [codecPlugin(codec)],
  });
  const js = result.outputFiles[0]?.text;
  if (!js) throw new Error('esbuild produced no output');
  const server = await serve(js);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
  } catch (error) {
    server.close();
    throw error;
  }
  const page = await browser.newPage();
  const ready = async () => {
    await page.waitForFunction(() => (window as { bench?: unknown }).bench !== undefined);
  };
  await page.goto(`${origin}/`);
  await ready();
  return {
    browser,
    page,
    codec,
    async reload() {
      await page.reload();
      await ready();
    },
    async close() {
      await browser.close().catch(() => {});
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
