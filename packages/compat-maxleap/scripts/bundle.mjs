#!/usr/bin/env node
// Builds the script-tag bundle `dist/ML.im.js`: one minified IIFE that defines the
// global `ML` (with `ML.im`), a drop-in for the vendor's file of the same name. Sources come in through
// the `@parley/source` condition, so the bundle needs no other package built first.
//
//   node scripts/bundle.mjs            write dist/ML.im.js
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle's text (tests load it into a real browser). */
export async function bundleScript() {
  const result = await build({
    entryPoints: [join(pkgDir, 'src', 'global.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    conditions: ['@parley/source'],
    legalComments: 'none',
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(pkgDir, 'dist', 'ML.im.js');
  mkdirSync(dirname(out), { recursive: true });
  const text = await bundleScript();
  writeFileSync(out, text);
  console.log(`bundle: wrote ${out} (${text.length} bytes)`);
}
