// What `import { CompactCodec } from '@parley/protocol/compact'` costs a browser bundle, built
// the way a client bundler would (esbuild, minified, the source condition).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_BYTES = 12 * 1024;

/** esbuild's CLI: linked into this package's .bin by the workspace, else found through vite. */
function esbuildBin(): string {
  const linked = join(pkgDir, 'node_modules', '.bin', 'esbuild');
  if (existsSync(linked)) return linked;
  const fromVitest = createRequire(createRequire(import.meta.url).resolve('vitest/package.json'));
  const fromVite = createRequire(fromVitest.resolve('vite/package.json'));
  return join(dirname(fromVite.resolve('esbuild/package.json')), 'bin', 'esbuild');
}

function bundle(entry: string) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-compact-'));
  try {
    const out = join(dir, 'out.js');
    const meta = join(dir, 'meta.json');
    execFileSync(
      esbuildBin(),
      ['--bundle', '--minify', '--format=esm', '--platform=browser', '--conditions=@parley/source', '--loader=ts', '--sourcefile=entry.ts', `--outfile=${out}`, `--metafile=${meta}`, '--log-level=error'],
      { cwd: pkgDir, input: entry, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const code = readFileSync(out);
    const inputs = Object.keys((JSON.parse(readFileSync(meta, 'utf8')) as { inputs: object }).inputs);
    return { code: code.toString('utf8'), gzipped: gzipSync(code).length, inputs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the compact codec in a browser bundle', () => {
  const { code, gzipped, inputs } = bundle("import { CompactCodec } from '@parley/protocol/compact';\nexport { CompactCodec };\n");

  test(`is ${gzipped} bytes gzipped (${(gzipped / 1024).toFixed(1)} KB), under ${LIMIT_BYTES / 1024} KB`, () => {
    console.log(`@parley/protocol/compact: ${code.length} bytes minified, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(LIMIT_BYTES);
  });

  test('pulls in nothing of protobufjs or the generated static code', () => {
    expect(inputs.filter((f) => /protobufjs|generated\/(proto|descriptor)\.js|long/.test(f))).toEqual([]);
    expect(inputs).toContain('src/generated/schema.js');
    expect(code).not.toMatch(/protobuf|\$root|Long\.fromBits/);
    // The type names are for tests and debugging only and are dropped.
    expect(code).not.toContain('parley.v1.Envelope');
  });

  test('a bundle of the main entry, for comparison, does carry protobufjs', () => {
    const main = bundle("import { ProtobufCodec } from '@parley/protocol';\nexport { ProtobufCodec };\n");
    console.log(`@parley/protocol (ProtobufCodec): ${main.code.length} bytes minified, ${main.gzipped} bytes gzipped`);
    expect(main.inputs.some((f) => f.includes('protobufjs'))).toBe(true);
    expect(main.gzipped).toBeGreaterThan(gzipped);
  });
});
