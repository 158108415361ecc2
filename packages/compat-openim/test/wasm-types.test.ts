/**
 * Our 3.x declarations accept what @openim/wasm-client-sdk 3.8.5's accept: test/wasm-types-fixture/app.ts,
 * an app written against the vendor's typings (its root entry and the deep paths
 * `lib/types/entity` and `lib/types/params`), is compiled with the TypeScript compiler API once
 * against the vendor's package and once, through `paths`, against ours.
 *
 * The vendor's compile resolves modules the classic Node way: its package.json `exports` list only
 * ".", so the deep paths resolve only where `exports` is ignored, which is how apps that use them
 * are set up. It needs `skipLibCheck`: its declarations reference internals (worker, database
 * APIs) that do not check on their own. Ours is compiled as the workspace develops it (bundler
 * resolution, the `@parley/source` condition), also with `skipLibCheck` for the workspace's
 * generated protobuf declarations.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./wasm-types-fixture/app.ts', import.meta.url));
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

/** The settings of a typical strict app (a bundler project with the DOM). */
const APP_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  esModuleInterop: true,
  skipLibCheck: true,
};

const VENDOR: ts.CompilerOptions = { ...APP_OPTIONS, moduleResolution: ts.ModuleResolutionKind.Node10 };

/** `@openim/wasm-client-sdk` and its deep type paths → our sources, as the package's aliasing maps them. */
const OURS: ts.CompilerOptions = {
  ...APP_OPTIONS,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  customConditions: ['@parley/source'],
  paths: {
    '@openim/wasm-client-sdk': [`${SRC}index.ts`],
    '@openim/wasm-client-sdk/lib/types/entity': [`${SRC}wasm/types/entity.ts`],
    '@openim/wasm-client-sdk/lib/types/params': [`${SRC}wasm/types/params.ts`],
  },
};

interface Compiled {
  fixture: string[];
  elsewhere: string[];
  files: string[];
}

function compile(options: ts.CompilerOptions, oldProgram?: ts.Program): Compiled & { program: ts.Program } {
  const program = ts.createProgram({ rootNames: [FIXTURE], options, ...(oldProgram ? { oldProgram } : {}) });
  const fixture: string[] = [];
  const elsewhere: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.replace(PACKAGE, '')}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '(options)';
    const text = `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    (d.file?.fileName === FIXTURE ? fixture : elsewhere).push(text);
  }
  return { fixture, elsewhere, files: program.getSourceFiles().map((file) => file.fileName), program };
}

describe('an app written against @openim/wasm-client-sdk 3.8.5 typings', () => {
  let vendor: Compiled;
  let ours: Compiled & { program: ts.Program };
  let oursStrictest: Compiled;

  beforeAll(() => {
    vendor = compile(VENDOR);
    ours = compile(OURS);
    oursStrictest = compile({ ...OURS, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true }, ours.program);
  }, 240_000);

  it('compiles against the vendor declarations (the fixture is valid)', () => {
    expect(vendor.files.some((name) => name.endsWith('/@openim/wasm-client-sdk/lib/types/entity.d.ts'))).toBe(true);
    expect([...vendor.fixture, ...vendor.elsewhere]).toEqual([]);
  });

  it('compiles against ours, root entry and deep paths alike', () => {
    expect(ours.files).toEqual(expect.arrayContaining([`${SRC}index.ts`, `${SRC}wasm/types/entity.ts`, `${SRC}wasm/types/params.ts`]));
    expect(ours.files.some((name) => name.includes('/@openim/wasm-client-sdk/'))).toBe(false);
    expect(ours.fixture).toEqual([]);
  });

  it('compiles against ours under exactOptionalPropertyTypes and noUncheckedIndexedAccess', () => {
    expect(oursStrictest.fixture).toEqual([]);
  });

  it('leaves our sources without errors under those app settings', () => {
    expect(ours.elsewhere).toEqual([]);
  });
});
