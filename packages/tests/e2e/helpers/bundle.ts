import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/**
 * The codec of the browser bundle. `'auto'` takes the compact codec (`@parley/protocol/compact`)
 * once it exists in this checkout, else `ProtobufCodec`. Flip it here to force one.
 */
export const PAGE_CODEC: 'auto' | 'compact' | 'protobuf' = 'compact';

const here = dirname(fileURLToPath(import.meta.url));
const PAGE_DIR = join(here, '..', 'page');
const PROTOCOL_DIR = join(here, '..', '..', '..', 'protocol');

/**
 * The compact codec's source. It is imported by path, which is what `@parley/protocol/compact`
 * resolves to under the `@parley/source` condition, so it works before the export is declared.
 */
const COMPACT_ENTRY = join(PROTOCOL_DIR, 'src', 'compact', 'index.ts');

/** Whether the compact codec exists in this checkout. */
function compactAvailable(): boolean {
  return existsSync(COMPACT_ENTRY);
}

/** The codec `PAGE_CODEC` stands for in this checkout. */
export function pageCodec(): 'compact' | 'protobuf' {
  if (PAGE_CODEC !== 'auto') return PAGE_CODEC;
  return compactAvailable() ? 'compact' : 'protobuf';
}

/** Resolves the `parley:codec` module of the page to the chosen codec. */
function codecPlugin(codec: 'compact' | 'protobuf'): Plugin {
  const source =
    codec === 'compact'
      ? `export { CompactCodec as Codec } from ${JSON.stringify(COMPACT_ENTRY)}; export const codecName = 'compact';`
      : "export { ProtobufCodec as Codec } from '@parley/protocol'; export const codecName = 'protobuf';";
  return {
    name: 'parley-codec',
    setup(b) {
      b.onResolve({ filter: /^parley:codec$/ }, () => ({ path: 'parley:codec', namespace: 'parley-codec' }));
      b.onLoad({ filter: /.*/, namespace: 'parley-codec' }, () => ({ contents: source, loader: 'ts', resolveDir: PAGE_DIR }));
    },
  };
}

/** The page bundle: one ES module built from the workspace sources (`@parley/source`). */
export interface PageBundle {
  js: string;
  codec: 'compact' | 'protobuf';
}

/**
 * Bundles e2e/page/main.ts for Chromium.
 * @throws {Error} esbuild's build failure (a source that does not compile).
 */
export async function buildPage(): Promise<PageBundle> {
  const codec = pageCodec();
  const result = await build({
    entryPoints: [join(PAGE_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@parley/source'],
    sourcemap: 'inline',
    logLevel: 'silent',
    plugins: [codecPlugin(codec)],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  return { js: output.text, codec };
}
