/**
 * Our declarations accept what open-im-sdk's accept: test/types-fixture/app.ts, an app written
 * against the vendor's `index.d.ts` and `types/index.d.ts`, is compiled with the TypeScript
 * compiler API once against the vendor's package and once (through `paths`) against our
 * src/index.ts and src/types.ts.
 *
 * Both compiles use an app's usual strict settings. The vendor's package can only be resolved
 * the way apps of its time resolved it (`moduleResolution: node`): its `exports` map names no
 * declarations and no `./types` subpath. Ours is resolved as a bundler does, with the workspace's
 * source condition; `skipLibCheck` because the workspace's generated protobuf declarations
 * import `long`, which only protobufjs can resolve. A third compile adds
 * `exactOptionalPropertyTypes` and `noUncheckedIndexedAccess`, which ours also accept.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./types-fixture/app.ts', import.meta.url));
const OUR_ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const OUR_TYPES = fileURLToPath(new URL('../src/types.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

/** The settings of a typical strict app (with the DOM). */
const APP_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  esModuleInterop: true,
  skipLibCheck: false,
};

/** `open-im-sdk` and `open-im-sdk/types` → our sources (and the workspace packages → theirs). */
const TO_OURS: ts.CompilerOptions = {
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  paths: { 'open-im-sdk': [OUR_ENTRY], 'open-im-sdk/types': [OUR_TYPES] },
  customConditions: ['@parley/source'],
  skipLibCheck: true,
};

interface Compiled {
  /** Diagnostics in the fixture. */
  fixture: string[];
  /** Diagnostics anywhere else (the declarations it resolved to, options). */
  elsewhere: string[];
  /** Whether the program loaded the vendor's declarations, and ours. */
  loaded: { vendor: boolean; ours: boolean };
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
  const files = program.getSourceFiles().map((file) => file.fileName);
  const loaded = {
    vendor: files.some((name) => name.endsWith('/open-im-sdk/index.d.ts')) && files.some((name) => name.endsWith('/open-im-sdk/types/index.d.ts')),
    ours: files.includes(OUR_ENTRY) && files.includes(OUR_TYPES),
  };
  return { fixture, elsewhere, loaded, program };
}

describe('an app written against open-im-sdk 2.0.3 typings', () => {
  let vendor: Compiled;
  let ours: Compiled & { program: ts.Program };
  let oursStrictest: Compiled;

  beforeAll(() => {
    vendor = compile(APP_OPTIONS);
    ours = compile({ ...APP_OPTIONS, ...TO_OURS });
    // Only checking flags differ: the parsed sources of the previous compile are reused.
    oursStrictest = compile({ ...APP_OPTIONS, ...TO_OURS, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true }, ours.program);
  }, 240_000);

  it('compiles against the vendor declarations, without skipLibCheck (the fixture is valid)', () => {
    expect(vendor.loaded).toEqual({ vendor: true, ours: false });
    expect([...vendor.fixture, ...vendor.elsewhere]).toEqual([]);
  });

  it('compiles against ours', () => {
    expect(ours.loaded).toEqual({ vendor: false, ours: true });
    expect(ours.fixture).toEqual([]);
  });

  it('compiles against ours under exactOptionalPropertyTypes and noUncheckedIndexedAccess', () => {
    expect(oursStrictest.fixture).toEqual([]);
  });

  it('leaves our sources without errors under those app settings', () => {
    expect(ours.elsewhere).toEqual([]);
  });
});
