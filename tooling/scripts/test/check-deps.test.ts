import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { checkWorkspace, importsOf } from '../src/check-deps.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A throwaway workspace: `files` maps paths (relative to root) to contents; objects become JSON. */
function workspace(files: Record<string, string | object>): string {
  root = mkdtempSync(join(tmpdir(), 'parley-deps-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

const pkg = (name: string, dependencies: Record<string, string> = {}, devDependencies: Record<string, string> = {}) => ({
  name,
  dependencies,
  devDependencies,
});

/** A healthy layered workspace; tests plant one wrong edge into it. */
function healthy(extra: Record<string, string | object> = {}) {
  return workspace({
    'packages/protocol/package.json': pkg('@parley/protocol', { protobufjs: '*' }),
    'packages/protocol/src/index.ts': "import $protobuf from 'protobufjs/minimal.js';\nexport const x = $protobuf;\n",
    'packages/core/package.json': pkg('@parley/core', { '@parley/protocol': 'workspace:*', nanoevents: '*' }),
    'packages/core/src/index.ts': [
      "import type { Envelope } from '@parley/protocol';",
      "import { ErrorCode } from '@parley/protocol/codes';",
      "import { createNanoEvents } from 'nanoevents';",
      'export type E = Envelope;',
      'export const c = [ErrorCode, createNanoEvents];',
    ].join('\n'),
    'packages/storage-memory/package.json': pkg('@parley/storage-memory', { '@parley/core': 'workspace:*' }),
    'packages/storage-memory/src/index.ts': "import type { X } from '@parley/core';\nexport type Y = X;\n",
    'packages/compat-tim/package.json': pkg('@parley/compat-tim', { '@parley/core': 'workspace:*' }, { '@parley/server': 'workspace:*' }),
    'packages/compat-tim/src/index.ts': "import { createClient } from '@parley/core';\nexport default createClient;\n",
    'packages/compat-tim/src/index.test.ts': "import { startServer } from '@parley/server';\nvoid startServer;\n",
    'packages/compat-openim/package.json': pkg('@parley/compat-openim', { '@parley/core': 'workspace:*' }),
    'packages/compat-openim/src/index.ts': "export * from '@parley/core';\n",
    'packages/server/package.json': pkg('@parley/server', { '@parley/protocol': 'workspace:*', ws: '*' }),
    'packages/server/src/index.ts': "import { WebSocketServer } from 'ws';\nimport { ProtobufCodec } from '@parley/protocol';\nexport const s = [WebSocketServer, ProtobufCodec];\n",
    'packages/tests/package.json': { ...pkg('@parley/tests', {}, { '@parley/server': 'workspace:*' }), private: true },
    'packages/tests/src/flow.ts': "import { startServer } from '@parley/server';\nvoid startServer;\n",
    ...extra,
  });
}

const reasons = (r: string) => checkWorkspace(r).violations.map((v) => `${v.package} -> ${v.target}: ${v.reason}`);

describe('check-deps', () => {
  test('a healthy layered workspace passes', () => {
    const result = checkWorkspace(healthy());
    expect(result.violations).toEqual([]);
    expect(result.packages).toBe(7);
  });

  test('core importing ws fails', () => {
    const r = healthy({ 'packages/core/src/socket.ts': "import WebSocket from 'ws';\nexport const W = WebSocket;\n" });
    expect(reasons(r)).toEqual([expect.stringContaining('@parley/core -> ws: core never imports ws')]);
  });

  test('core importing idb, protobufjs, an adapter or a compat package fails', () => {
    const r = healthy({
      'packages/core/src/bad.ts': [
        "import { openDB } from 'idb';",
        "import $pb from 'protobufjs/minimal.js';",
        "import { MemoryStorageAdapter } from '@parley/storage-memory';",
        "const tim = await import('@parley/compat-tim');",
        "import { configure } from '@parley/shim-kit';",
        'export const all = [openDB, $pb, MemoryStorageAdapter, tim, configure];',
      ].join('\n'),
    });
    const found = reasons(r).join('\n');
    expect(found).toContain('core never imports idb');
    expect(found).toContain('core never imports protobufjs');
    expect(found).toContain('@parley/storage-memory: core never imports an adapter');
    expect(found).toContain('@parley/compat-tim: core never imports an adapter, the shim kit or a compat package');
    expect(found).toContain('@parley/shim-kit: core never imports an adapter, the shim kit or a compat package');
  });

  test('core importing the protocol codec (not only types) fails', () => {
    const r = healthy({ 'packages/core/src/codec.ts': "import { ProtobufCodec } from '@parley/protocol';\nexport const c = ProtobufCodec;\n" });
    expect(reasons(r)).toEqual([expect.stringContaining('core may import only types and @parley/protocol/codes')]);
  });

  test('a compat package importing another fails, in code and in its manifest', () => {
    const r = healthy({
      'packages/compat-tim/package.json': pkg('@parley/compat-tim', { '@parley/core': 'workspace:*', '@parley/compat-openim': 'workspace:*' }),
      'packages/compat-tim/src/bridge.ts': "export { default } from '@parley/compat-openim';\n",
    });
    const found = reasons(r);
    expect(found).toHaveLength(2);
    expect(found.every((f) => f.includes('compat packages never depend on each other'))).toBe(true);
  });

  test('shipped code importing the server fails; tests may', () => {
    const r = healthy({
      'packages/compat-openim/package.json': pkg('@parley/compat-openim', { '@parley/core': 'workspace:*', '@parley/server': 'workspace:*' }),
      'packages/compat-openim/src/embedded.ts': "import { startServer } from '@parley/server';\nexport const s = startServer;\n",
    });
    const found = reasons(r);
    expect(found).toHaveLength(2);
    expect(found.every((f) => f.includes('nothing but tests imports the server'))).toBe(true);
  });

  test('the server importing core fails', () => {
    const r = healthy({ 'packages/server/src/client.ts': "import { createClient } from '@parley/core';\nexport const c = createClient;\n" });
    const found = reasons(r).join('\n');
    expect(found).toContain('the server depends on @parley/protocol only among client packages');
    expect(found).toContain('without declaring it in dependencies');
  });

  test('an undeclared workspace import fails', () => {
    const r = healthy({ 'packages/compat-openim/src/x.ts': "import { MemoryStorageAdapter } from '@parley/storage-memory';\nexport const m = MemoryStorageAdapter;\n" });
    expect(reasons(r)).toEqual([expect.stringContaining('imports @parley/storage-memory without declaring it')]);
  });

  // It reads every source file of the repository: give a loaded CI machine time.
  test('this repository passes', { timeout: 60_000 }, () => {
    const result = checkWorkspace(repoRoot);
    expect(result.violations).toEqual([]);
    expect(result.packages).toBeGreaterThanOrEqual(3);
  });
});

describe('importsOf', () => {
  test('tells type-only imports from value imports', () => {
    const found = importsOf(
      'x.ts',
      [
        "import type { A } from 'a';",
        "import { type B, type C } from 'b';",
        "import { type D, E } from 'c';",
        "export type { F } from 'd';",
        "export * from 'e';",
        "const g = require('g');",
        "type H = import('h').H;",
        '// import { nope } from "commented";',
      ].join('\n'),
    );
    expect(found).toEqual([
      { specifier: 'a', typeOnly: true },
      { specifier: 'b', typeOnly: true },
      { specifier: 'c', typeOnly: false },
      { specifier: 'd', typeOnly: true },
      { specifier: 'e', typeOnly: false },
      { specifier: 'g', typeOnly: false },
      { specifier: 'h', typeOnly: true },
    ]);
  });
});
