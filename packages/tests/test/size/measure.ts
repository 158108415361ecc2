/**
 * Bundle sizes as a browser app pays them: the entry bundled by esbuild from the workspace
 * sources (minified, ESM, browser, code splitting on, as every app bundler does for `import()`),
 * each output chunk gzipped at level 9. 1 kB = 1,000 bytes.
 *
 * - `initial`: the entry chunk and every chunk it imports statically: what a page downloads
 *   before its code runs.
 * - `lazy`: chunks behind a dynamic `import()`, fetched on the first call that needs them (a
 *   compat package's rarely used API areas, the IndexedDB cache).
 *
 * The size-budget test and the bundle-size benchmark (tooling/bench) both measure with this.
 */
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

export interface Chunk {
  /** The output file's name (hashed, as the bundler names it). */
  name: string;
  minified: number;
  gzipped: number;
  /** Whether the page loads it up front. */
  initial: boolean;
  /** The largest inputs in it: path (from `packages/`) and minified bytes. */
  inputs: Array<{ path: string; bytes: number }>;
}

export interface AppSize {
  /** Gzipped bytes of the chunks loaded up front. */
  initial: number;
  /** Gzipped bytes of the chunks loaded on demand. */
  lazy: number;
  /** Minified bytes of every chunk. */
  minified: number;
  chunks: Chunk[];
}

const OUT = '/parley-size-out';

/**
 * Bundles `entry` (an absolute path) and measures its chunks.
 * @throws {Error} esbuild's failure, or no entry chunk.
 */
export async function measureApp(entry: string, plugins: Plugin[] = []): Promise<AppSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    splitting: true,
    outdir: OUT,
    platform: 'browser',
    target: 'es2022',
    conditions: ['@parley/source'],
    metafile: true,
    logLevel: 'silent',
    plugins,
  });
  // The metafile names outputs relative to the working directory; output files carry absolute paths.
  const outputs = Object.entries(result.metafile.outputs).map(([path, meta]) => ({ name: path.slice(path.lastIndexOf('/') + 1), meta }));
  const byName = new Map(outputs.map((o) => [o.name, o]));
  const entryChunk = outputs.find((o) => o.meta.entryPoint);
  if (!entryChunk) throw new Error(`esbuild produced no entry chunk for ${entry}`);
  const initial = new Set<string>();
  const visit = (name: string): void => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const imported of byName.get(name)?.meta.imports ?? []) {
      if (imported.kind === 'import-statement') visit(imported.path.slice(imported.path.lastIndexOf('/') + 1));
    }
  };
  visit(entryChunk.name);
  const chunks: Chunk[] = result.outputFiles.map((file) => {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const inputs = Object.entries(byName.get(name)?.meta.inputs ?? {})
      .map(([path, info]) => ({ path: path.replace(/^.*?packages\//, '').replace(/^.*node_modules\//, ''), bytes: info.bytesInOutput }))
      .filter((input) => input.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes);
    return { name, minified: file.contents.length, gzipped: gzipSync(file.contents, { level: 9 }).length, initial: initial.has(name), inputs };
  });
  const sum = (list: Chunk[]) => list.reduce((total, chunk) => total + chunk.gzipped, 0);
  return {
    initial: sum(chunks.filter((c) => c.initial)),
    lazy: sum(chunks.filter((c) => !c.initial)),
    minified: chunks.reduce((total, chunk) => total + chunk.minified, 0),
    chunks: chunks.sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzipped - a.gzipped),
  };
}

/** One line per chunk, for reports: name, initial/lazy, gzipped kB, its largest inputs. */
export function describeChunks(size: AppSize, inputsPerChunk = 6): string {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  return size.chunks
    .map((c) => `${c.initial ? 'initial' : 'lazy   '} ${kb(c.gzipped).padStart(8)}  ${c.name}: ${c.inputs.slice(0, inputsPerChunk).map((i) => `${i.path} ${kb(i.bytes)}`).join(', ')}`)
    .join('\n');
}
