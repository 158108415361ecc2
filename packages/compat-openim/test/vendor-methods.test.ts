/**
 * The instance and package surface: every method of a real open-im-sdk 2.0.3 `new OpenIMSDK()`
 * (less its private helpers, read from its `im/index.d.ts`) exists on ours as a function, and
 * the package root exports what the vendor's does.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import { OpenIMSDK } from '../src/index.js';
import { METHOD_NAMES } from '../src/sdk.js';
import { loadOpenIm, methodNames, vendorFile } from './vendor.js';

const vendor = loadOpenIm();
let vendorMethods: string[] = [];
let ourMethods: string[] = [];

/** The members of `OpenIMSDK` that open-im-sdk's `im/index.d.ts` marks `private`. */
function privateMembers(): string[] {
  const file = vendorFile('open-im-sdk', 'im/index.d.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const names: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || node.name?.text !== 'OpenIMSDK') return;
    for (const member of node.members) {
      const isPrivate = ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
      if (isPrivate && member.name) names.push(member.name.getText(source));
    }
  });
  return names;
}

beforeAll(() => {
  const hidden = privateMembers();
  vendorMethods = methodNames(new vendor.OpenIMSDK()).filter((name) => !hidden.includes(name));
  ourMethods = methodNames(new OpenIMSDK());
  const missing = vendorMethods.filter((name) => !ourMethods.includes(name));
  const extra = ourMethods.filter((name) => !vendorMethods.includes(name));
  console.log(`[vendor-methods] open-im-sdk 2.0.3: ${vendorMethods.length} public methods; ours: ${ourMethods.length}; missing: ${JSON.stringify(missing)}; extra: ${JSON.stringify(extra)}`);
});

describe('OpenIMSDK methods', () => {
  it("the vendor's private helpers are the ones the comparison leaves out", () => {
    const helpers = methodNames(new vendor.OpenIMSDK()).filter((name) => privateMembers().includes(name));
    expect(helpers.sort()).toEqual(['createWs', 'getPlatform', 'iLogin', 'reconnect', 'wsSend']);
  });

  it('the vendor has 94 public methods: the 89 API methods, login/logout and the emitter', () => {
    expect(vendorMethods).toHaveLength(94);
    expect(vendorMethods).toEqual(expect.arrayContaining(['login', 'logout', 'on', 'off', 'emit', 'signalingCancel']));
  });

  it('ours has every one, as a function', () => {
    const ours = new OpenIMSDK() as unknown as Record<string, unknown>;
    const missing = vendorMethods.filter((name) => typeof ours[name] !== 'function');
    expect(missing, `missing from ours: ${missing.join(', ')}`).toEqual([]);
  });

  it('ours adds none', () => {
    const extra = ourMethods.filter((name) => !vendorMethods.includes(name));
    expect(extra, `ours only: ${extra.join(', ')}`).toEqual([]);
  });

  it('METHOD_NAMES lists the vendor methods besides login, logout and the emitter, in its order', () => {
    const instance = new vendor.OpenIMSDK() as Record<string, unknown>;
    const hidden = privateMembers();
    const own = Object.keys(instance).filter((name) => typeof instance[name] === 'function' && !hidden.includes(name));
    expect(METHOD_NAMES).toEqual(own);
  });
});

describe('the package root', () => {
  it("exports every name of open-im-sdk's root, each of the same kind", () => {
    const names = Object.keys(vendor);
    expect(names.sort()).toEqual(['CbEvents', 'OpenIMSDK', 'RequestFunc', 'emitter', 'uuid']);
    const ours = root as Record<string, unknown>;
    const kinds = (exports: Record<string, unknown>) => names.map((name) => [name, typeof exports[name]]);
    expect(kinds(ours)).toEqual(kinds(vendor as unknown as Record<string, unknown>));
  });

  it('exports emitter as the base class of OpenIMSDK, as the vendor does', () => {
    expect(Object.getPrototypeOf(vendor.OpenIMSDK)).toBe(vendor.emitter);
    expect(Object.getPrototypeOf(OpenIMSDK)).toBe(root.emitter);
  });

  it('uuid(userID) makes an operationID ending with the user, as the vendor does', () => {
    const make = vendor.uuid as (uid: string) => string;
    expect(make('alice')).toMatch(/^[0-9a-z]+\d{13}alice$/);
    expect(root.uuid('alice')).toMatch(/^[0-9a-z]+\d{13}alice$/);
    expect(root.uuid('alice')).not.toBe(root.uuid('alice'));
  });
});
