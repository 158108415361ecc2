/**
 * The instance surface: every method a tim-js-sdk 2.27.6 instance has at run time (and every
 * method its `.d.ts` declares) exists on ours. Prints the missing/extra report.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import TIM from '../src/index.js';
import { createVendor, installBrowserStubs, loadVendor, methodNames } from './vendor.js';

/**
 * Vendor methods we do not provide. The ledger (CAPABILITIES.md §2.17, T column) leaves none out:
 * `translateText` exists and rejects with 2117, the friend methods work without the friendship build.
 */
const UNSUPPORTED: string[] = [];
/** Ours only: the `.d.ts` spelling of the runtime's `downloadMergerMessage` (tim.md §2.2). */
const OURS_ONLY = ['downloadMergeMessage'];

const network = installBrowserStubs();
let vendorMethods: string[] = [];
let ourMethods: string[] = [];
let sockets = { beforeOurs: 0, afterOurs: 0 };

beforeAll(() => {
  vendorMethods = methodNames(createVendor(loadVendor('tim-js-sdk'), 1400000000));
  sockets = { beforeOurs: network.sockets.length, afterOurs: 0 };
  const requestsBefore = network.requests.length;
  ourMethods = methodNames(TIM.create({ SDKAppID: 1400000000 }));
  sockets.afterOurs = network.sockets.length;
  expect(network.requests.length, 'TIM.create made a request').toBe(requestsBefore);
  const missing = vendorMethods.filter((name) => !ourMethods.includes(name));
  const extra = ourMethods.filter((name) => !vendorMethods.includes(name));
  console.log(`[vendor-methods] tim-js-sdk 2.27.6 runtime: ${vendorMethods.length} methods; ours: ${ourMethods.length}; missing: ${JSON.stringify(missing)}; extra: ${JSON.stringify(extra)}`);
});

/** The methods of `ChatSDK` in the vendor's declarations. */
function declaredMethods(): string[] {
  const file = createRequire(import.meta.url).resolve('tim-js-sdk/tim-js.d.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const names: string[] = [];
  source.forEachChild((node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === 'ChatSDK') {
      for (const member of node.members) if (ts.isMethodDeclaration(member)) names.push(member.name.getText(source));
    }
  });
  return names.sort();
}

describe('ChatSDK methods', () => {
  it('the vendor runtime has the 114 the spec counts (the premise of the comparison)', () => {
    expect(vendorMethods).toHaveLength(114);
    expect(vendorMethods).toEqual(expect.arrayContaining(['once', 'callExperimentalAPI', 'getGroupApplicationList', 'downloadMergerMessage']));
    expect(vendorMethods).not.toContain('downloadMergeMessage');
  });

  it('ours has every method of the vendor runtime, less the unsupported ones (none)', () => {
    const missing = vendorMethods.filter((name) => !ourMethods.includes(name) && !UNSUPPORTED.includes(name));
    expect(missing, `missing from ours: ${missing.join(', ')}`).toEqual([]);
  });

  it('ours adds only downloadMergeMessage', () => {
    const extra = ourMethods.filter((name) => !vendorMethods.includes(name));
    expect(extra, `ours only: ${extra.join(', ')}`).toEqual(OURS_ONLY);
  });

  it("ours has every method of the vendor's ChatSDK declaration (111)", () => {
    const declared = declaredMethods();
    expect(declared).toHaveLength(111);
    const missing = declared.filter((name) => !ourMethods.includes(name));
    expect(missing, `declared by the vendor, missing from ours: ${missing.join(', ')}`).toEqual([]);
  });

  it('creating ours opens no connection (the vendor opens one in create)', () => {
    expect(sockets.beforeOurs).toBeGreaterThan(0);
    expect(network.sockets.every((url) => url.startsWith('wss://wss.im.qcloud.com/'))).toBe(true);
    expect(sockets.afterOurs).toBe(sockets.beforeOurs);
  });
});
