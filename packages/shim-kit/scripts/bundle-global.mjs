// The script-tag bundles of the compat packages (`dist/jmessage-sdk-web.min.js`,
// `dist/hummer-chatroom-sdk.js`, `dist/ML.im.js`): one minified IIFE built from a package's
// `src/global.ts`, which defines the vendor's global. Sources come in through the
// `@parley/source` condition, so no other package needs building first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** The bundle's text for the package in `pkgDir` (tests load it into a real browser). */
export async function bundleGlobal(pkgDir) {
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

/** Writes the bundle to `<pkgDir>/dist/<fileName>` and says so. */
export async function writeGlobalBundle(pkgDir, fileName) {
  const out = join(pkgDir, 'dist', fileName);
  mkdirSync(dirname(out), { recursive: true });
  const text = await bundleGlobal(pkgDir);
  writeFileSync(out, text);
  console.log(`bundle: wrote ${out} (${text.length} bytes)`);
}
