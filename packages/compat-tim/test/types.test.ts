/**
 * Our declarations accept what tim-js-sdk's accept: test/types-fixture/app.ts, an app written
 * against the vendor's `tim-js.d.ts`, is compiled with the TypeScript compiler API once with
 * `tim-js-sdk` resolving to the vendor's package and once (through `paths`) to our src/index.ts.
 *
 * Both compiles use an app's usual strict settings. Not `exactOptionalPropertyTypes`: the
 * vendor's declarations reject the fixture under it (`nextReqMessageID: string | undefined`),
 * while ours accept it, which the third compile shows. The vendor's `.d.ts` needs no
 * `skipLibCheck`; ours is compiled with it because the workspace's generated protobuf
 * declarations import `long`, which only protobufjs can resolve.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { TimMessage } from '../src/convert/message.js';
import type { Message } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('./types-fixture/app.ts', import.meta.url));
const OUR_ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

/** The settings of a typical strict app (a bundler project with the DOM). */
const APP_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  esModuleInterop: true,
  skipLibCheck: false,
};

/** `tim-js-sdk` → our source (and the workspace packages → theirs, as in development). */
const TO_OURS: ts.CompilerOptions = { paths: { 'tim-js-sdk': [OUR_ENTRY] }, customConditions: ['@parley/source'], skipLibCheck: true };

interface Compiled {
  /** Diagnostics in the fixture. */
  fixture: string[];
  /** Diagnostics anywhere else (the declarations it resolved to, options). */
  elsewhere: string[];
  /** Whether the program loaded the vendor's declarations, and our entry. */
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
  const loaded = { vendor: files.some((name) => name.endsWith('/tim-js-sdk/tim-js.d.ts')), ours: files.includes(OUR_ENTRY) };
  return { fixture, elsewhere, loaded, program };
}

describe('an app written against tim-js-sdk 2.27.6 typings', () => {
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

  it("compiles against ours under exactOptionalPropertyTypes and noUncheckedIndexedAccess (the vendor's does not)", () => {
    expect(oursStrictest.fixture).toEqual([]);
  });

  it('leaves our sources without errors under those app settings', () => {
    expect(ours.elsewhere).toEqual([]);
  });
});

describe('Message', () => {
  it('is satisfied by the run-time TimMessage, which has every field the vendor declares', () => {
    const message: Message = new TimMessage();
    // The vendor's declared fields (tim-js.d.ts `Message`), each an own property at run time.
    const declared = ['ID', 'type', 'payload', 'conversationID', 'conversationType', 'to', 'from', 'flow', 'time', 'status', 'isRevoked', 'priority', 'nick', 'avatar', 'isPeerRead', 'nameCard', 'atUserList', 'cloudCustomData', 'isDeleted', 'isModified', 'needReadReceipt', 'readReceiptInfo', 'isBroadcastMessage'];
    expect(declared.filter((key) => !Object.hasOwn(message, key))).toEqual([]);
  });
});
