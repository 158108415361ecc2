// Bundle size: size-entry.ts bundled by esbuild (minified, ESM, browser) from the workspace
// sources, gzip -9. The contender uses the compact codec when it exists; the baseline is the
// same bundle with ProtobufCodec. Per-package bytes come from esbuild's metafile.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { type AppSize, measureApp } from '../../../../packages/tests/test/size/measure.js';
import { fmt, table } from '../harness.js';
import { benchCodec, type CodecName, codecPlugin } from './browser.js';
import type { ClientBenchResult } from './options.js';

/** Gzipped bytes at or under this meet the target (1 kB = 1,000 bytes). */
const TARGET_BYTES = 30_000;
/** The target of an app bundle that uses one compat package. */
const COMPAT_TARGET_BYTES = 45_000;
/** tim-js-sdk's successor `@tencentcloud/chat`: its core file gzipped (issue 6). */
const TIM_VENDOR_BYTES = 124_000;
/**
 * open-im-sdk 2.0.3's `index.esm.js` gzipped: a thin socket client, because the 2.x web SDK kept
 * its logic and store in the vendor's per-user server process. Its successor
 * @openim/wasm-client-sdk 3.8.5 runs that logic in the browser: 23.3 kB of JS, a 55.9 kB worker
 * and a 35.7 MB wasm (6.8 MB gzipped).
 */
const OPENIM_VENDOR_BYTES = 4_787;
const OPENIM3_VENDOR_BYTES = 23_274 + 55_909 + 6_836_101;
/** JMessage Web SDK v2 is not on npm; its `jmessage-sdk-web.min.js` is not measured here. */
/** `hummer-chatroom-sdk@2.2.1`'s `hummer-chatroom-sdk.js` (491.8 kB minified) gzipped -9. */
const HUMMER_VENDOR_BYTES = 96_269;
/** `maxleap-im@3.0.17`'s `dist/ML.im.js` (275.4 kB, not minified) gzipped -9. */
const MAXLEAP_VENDOR_BYTES = 68_382;

const here = dirname(fileURLToPath(import.meta.url));

export interface BundleSize {
  codec: CodecName;
  minified: number;
  gzipped: number;
  /** Minified bytes per package, largest first. */
  packages: Array<{ name: string; bytes: number }>;
  /** The largest input files (path relative to the repository), largest first. */
  files: Array<{ name: string; bytes: number }>;
}

const REPO = resolve(here, '..', '..', '..', '..');
/** The compat app entries the size-budget test checks. */
const APPS = join(REPO, 'packages', 'tests', 'test', 'size', 'apps');

/** The package an input file belongs to: the innermost `node_modules/<name>`, or the workspace package's name. */
function packageOf(input: string, names: Map<string, string>): string {
  if (input.startsWith('parley-codec:')) return '(codec choice)';
  const path = resolve(input);
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
  }
  const workspace = /\/(packages|tooling)\/([^/]+)\//.exec(path);
  if (!workspace) return input;
  const dir = path.slice(0, workspace.index + workspace[0].length);
  let name = names.get(dir);
  if (name === undefined) {
    name = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name;
    names.set(dir, name);
  }
  return name;
}

/**
 * Bundles the entry with one codec and measures it.
 * @throws {Error} esbuild's failure.
 */
export async function measureBundle(codec: CodecName, entry = 'size-entry.ts'): Promise<BundleSize> {
  const result = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@parley/source'],
    metafile: true,
    logLevel: 'silent',
    outfile: 'parley-client.js',
    plugins: [codecPlugin(codec)],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  const bytes = output.contents;
  const meta = Object.values(result.metafile.outputs)[0];
  const names = new Map<string, string>();
  const byPackage = new Map<string, number>();
  const files: Array<{ name: string; bytes: number }> = [];
  for (const [input, info] of Object.entries(meta?.inputs ?? {})) {
    const name = /size-entry(-full)?\.ts$/.test(input) ? '(entry)' : packageOf(input, names);
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
    if (!input.includes(':')) files.push({ name: relative(REPO, resolve(input)).replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, ''), bytes: info.bytesInOutput });
  }
  return {
    codec,
    minified: bytes.length,
    gzipped: gzipSync(bytes, { level: 9 }).length,
    packages: [...byPackage].filter(([, b]) => b > 0).map(([name, b]) => ({ name, bytes: b })).sort((a, b) => b.bytes - a.bytes),
    files: files.sort((a, b) => b.bytes - a.bytes).slice(0, 12),
  };
}

/** A vendor's chat page on its compat package (packages/tests/test/size/apps) and what to compare it with. */
const COMPAT_APPS: Array<{ vendor: string; label: string; notes: (size: AppSize) => string }> = [
  { vendor: 'tim', label: 'a tim-js-sdk app on @parley/compat-tim', notes: (s) => `the vendor's core file is ${kb(TIM_VENDOR_BYTES)} (ratio ${fmt(total(s) / TIM_VENDOR_BYTES, 2)} with every chunk)` },
  {
    vendor: 'openim',
    label: 'an open-im-sdk app on @parley/compat-openim',
    notes: (s) => `open-im-sdk 2.0.3 is ${kb(OPENIM_VENDOR_BYTES)} (its logic ran on the vendor's server), @openim/wasm-client-sdk 3.8.5 ${kb(OPENIM3_VENDOR_BYTES)} with its wasm (ratio ${fmt(total(s) / OPENIM3_VENDOR_BYTES, 3)})`,
  },
  { vendor: 'jmessage', label: 'a JMessage Web SDK v2 page on @parley/compat-jmessage', notes: () => "the vendor's file is not on npm (not measured)" },
  { vendor: 'hummer', label: 'a Hummer chatroom page on @parley/compat-hummer', notes: (s) => `hummer-chatroom-sdk 2.2.1 is ${kb(HUMMER_VENDOR_BYTES)} (ratio ${fmt(total(s) / HUMMER_VENDOR_BYTES, 2)} with every chunk)` },
  { vendor: 'maxleap', label: 'a MaxLeap IM page on @parley/compat-maxleap', notes: (s) => `maxleap-im 3.0.17's dist/ML.im.js is ${kb(MAXLEAP_VENDOR_BYTES)} (ratio ${fmt(total(s) / MAXLEAP_VENDOR_BYTES, 2)} with every chunk)` },
];

const kb = (n: number) => `${fmt(n / 1000, 1)} kB`;
const total = (size: AppSize) => size.initial + size.lazy;

export async function runBundleSizeBench(): Promise<ClientBenchResult> {
  const chosen = benchCodec();
  const contender = await measureBundle(chosen);
  const baseline = chosen === 'protobuf' ? undefined : await measureBundle('protobuf');
  // Every API area too: what a compat shim could bundle at most (informational).
  const full = await measureBundle(chosen, 'size-entry-full.ts');
  // Each vendor's chat page, split as an app bundler splits it (the size-budget test's measure).
  const apps = [];
  for (const app of COMPAT_APPS) apps.push({ ...app, size: await measureApp(join(APPS, `${app.vendor}.ts`)) });
  const pass = contender.gzipped <= TARGET_BYTES && apps.every((app) => app.size.initial <= COMPAT_TARGET_BYTES);
  const rows: Array<Array<string | number>> = [[`${chosen} codec`, kb(contender.minified), kb(contender.gzipped), '', `target ≤ ${kb(TARGET_BYTES)} gzipped`]];
  if (baseline) rows.push(['ProtobufCodec (baseline)', kb(baseline.minified), kb(baseline.gzipped), '', `ratio ${fmt(contender.gzipped / baseline.gzipped, 2)}`]);
  rows.push([`${chosen} codec, every API area`, kb(full.minified), kb(full.gzipped), '', 'chatOf … roomsOf as well']);
  for (const app of apps) rows.push([app.label, kb(app.size.minified), kb(app.size.initial), kb(app.size.lazy), `target ≤ ${kb(COMPAT_TARGET_BYTES)} up front; ${app.notes(app.size)}`]);
  const breakdown = (size: BundleSize) =>
    table(
      ['package', 'minified', 'share'],
      size.packages.map((p) => [p.name, kb(p.bytes), `${fmt((100 * p.bytes) / size.minified, 1)} %`]),
    );
  const markdown = [
    '## Client: bundle size',
    '',
    'The client entry starts a client with `createClient`, `WebSocketTransport`, `indexedDBStorage()` and the codec, bundled by esbuild (minified, ESM, browser, from sources) into one file, gzip -9. The compat pages (packages/tests/test/size/apps) are bundled with code splitting, as app bundlers do for `import()`: "gzipped" is what the page loads up front, "on demand" the chunks fetched on the first call that needs them (rarely used API areas, the IndexedDB cache). 1 kB = 1,000 bytes.',
    ...(baseline ? [] : ['Only `ProtobufCodec` exists in this checkout, so there is no baseline: the figure is held to the target alone.']),
    '',
    table(['bundle', 'minified', 'gzipped (up front)', 'on demand', 'notes'], rows),
    '',
    `Per package (minified bytes in the ${chosen} bundle, from esbuild's metafile):`,
    '',
    breakdown(contender),
    '',
    `Largest files in the ${chosen} bundle: ${contender.files.map((f) => `${f.name} ${kb(f.bytes)}`).join(', ')}.`,
    ...(baseline ? ['', 'Per package in the ProtobufCodec bundle:', '', breakdown(baseline)] : []),
  ].join('\n');
  const vs = baseline ? ` (ProtobufCodec ${kb(baseline.gzipped)}, ratio ${fmt(contender.gzipped / baseline.gzipped, 2)})` : ' (ProtobufCodec only: no compact codec yet)';
  const perApp = apps.map((app) => `${app.vendor} ${kb(app.size.initial)} + ${kb(app.size.lazy)}`).join(', ');
  const summary = `client bundle: ${kb(contender.gzipped)} gzipped with the ${chosen} codec${vs}, target ≤ ${kb(TARGET_BYTES)}; compat pages up front + on demand: ${perApp} (≤ ${kb(COMPAT_TARGET_BYTES)} up front): ${pass ? 'targets met' : 'TARGET MISSED'}`;
  return { markdown, summary, pass };
}
