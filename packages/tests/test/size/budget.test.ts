/**
 * Size budgets (issue 13), checked on every `pnpm test`: the browser bundle of a chat app on
 * the client SDK, minified by esbuild from the sources and gzipped at level 9, must stay within
 * its budget. The bundle-size benchmark (`pnpm bench`) reports the same figure with its
 * per-package breakdown.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

/** core + protocol (compact codec) + WebSocket transport + IndexedDB storage, gzip, 1 kB = 1,000 bytes. */
const CLIENT_BUDGET_BYTES = 30_000;

async function gzippedBundle(entry: string): Promise<number> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@parley/source'],
    logLevel: 'silent',
    outfile: 'bundle.js',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  return gzipSync(output.contents, { level: 9 }).length;
}

it(`a chat app on the client SDK (core, protocol, transport, IndexedDB) stays within ${CLIENT_BUDGET_BYTES / 1000} kB gzipped`, async () => {
  const bytes = await gzippedBundle('./entry.ts');
  console.info(`size budget: client bundle ${(bytes / 1000).toFixed(1)} kB gzipped (budget ${CLIENT_BUDGET_BYTES / 1000} kB)`);
  expect(bytes).toBeGreaterThan(5_000);
  expect(bytes).toBeLessThanOrEqual(CLIENT_BUDGET_BYTES);
});
