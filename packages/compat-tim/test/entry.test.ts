/**
 * The entry points apps import tim-js-sdk by: the bare name, and the two build files
 * (`tim-js-sdk/tim-js.js`, `tim-js-sdk/tim-js-friendship.js`, plus their `.es.js` twins) —
 * all one module here, because our single build has the friend APIs too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Manifest {
  main: string;
  types: string;
  exports: Record<string, Record<string, string> | string>;
}
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Manifest;
const ENTRIES = ['.', './tim-js.js', './tim-js-friendship.js', './tim-js.es.js', './tim-js-friendship.es.js'];

describe('package.json', () => {
  it.each(ENTRIES)('exports %s as the one module (source, types and build)', (entry) => {
    expect(manifest.exports[entry]).toEqual({ '@parley/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it('points main and types at the same build as "."', () => {
    const root = manifest.exports['.'] as Record<string, string>;
    expect(manifest.main).toBe(root.default);
    expect(manifest.types).toBe(root.types);
  });
});

describe('importing by package name (the @parley/source condition)', () => {
  it('gives the same TIM for every entry', async () => {
    const [root, timJs, friendship, timEs, friendshipEs] = await Promise.all([
      import('@parley/compat-tim'),
      import('@parley/compat-tim/tim-js.js'),
      import('@parley/compat-tim/tim-js-friendship.js'),
      import('@parley/compat-tim/tim-js.es.js'),
      import('@parley/compat-tim/tim-js-friendship.es.js'),
    ]);
    expect(typeof root.default.create).toBe('function');
    for (const other of [timJs, friendship, timEs, friendshipEs]) expect(other.default).toBe(root.default);
    expect(root.default).toBe((await import('../src/index.js')).default);
  });
});
