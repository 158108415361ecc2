/**
 * Loads the real vendor SDKs (open-im-sdk 2.0.3, @openim/wasm-client-sdk 3.8.5) in Node for the
 * comparison tests, and reads the enums their declarations state. open-im-sdk picks its socket
 * at load time (a global `WebSocket`, else uni-app's, else WeChat's); the wasm SDK builds a
 * `Worker` and prints its banner on import. The stubs below satisfy both; neither SDK connects
 * before `login`, and no test logs in.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);

/** open-im-sdk's root exports, as far as the tests use them. */
export interface OpenImVendor {
  OpenIMSDK: new () => object;
  CbEvents: Record<string, unknown>;
  RequestFunc: Record<string, unknown>;
  emitter: unknown;
  uuid: unknown;
}

/** Runs `fn` with `console.log` muted: the wasm SDK prints on import. */
function quietly<T>(fn: () => T): T {
  const saved = console.log;
  console.log = () => {};
  try {
    return fn();
  } finally {
    console.log = saved;
  }
}

/** Defines a global only if the runtime has none (Node 22+ has `WebSocket`). */
function stubGlobal(name: string, value: unknown): void {
  if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

/** `require`s open-im-sdk 2.0.3 (its CommonJS build). */
export function loadOpenIm(): OpenImVendor {
  stubGlobal('WebSocket', class StubWebSocket {});
  return require('open-im-sdk') as OpenImVendor;
}

/** `require`s @openim/wasm-client-sdk 3.8.5 (its CommonJS build): `CbEvents`, the enums and `getSDK`. */
export function loadWasmSdk(): Record<string, unknown> {
  stubGlobal(
    'Worker',
    class StubWorker {
      postMessage(): void {}
      addEventListener(): void {}
    },
  );
  return quietly(() => require('@openim/wasm-client-sdk') as Record<string, unknown>);
}

/**
 * The path of a file inside an installed vendor package. Their `exports` maps hide the `.d.ts`
 * files from `require.resolve`, so this resolves the entry and walks up to the package's folder.
 */
export function vendorFile(pkg: string, file: string): string {
  let dir = dirname(require.resolve(pkg));
  while (!dir.endsWith(`${sep}node_modules${sep}${pkg.split('/').join(sep)}`)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no folder of ${pkg} above its entry`);
    dir = up;
  }
  return join(dir, file);
}

/**
 * The enums declared in a `.d.ts`, by name, each as `{ member: value }` (a member without a
 * literal initializer is reported as such, so the comparison shows it).
 */
export function declaredEnums(file: string): Map<string, Record<string, unknown>> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const enums = new Map<string, Record<string, unknown>>();
  source.forEachChild((node) => {
    if (!ts.isEnumDeclaration(node)) return;
    const members: Record<string, unknown> = {};
    for (const member of node.members) {
      const init = member.initializer;
      const name = member.name.getText(source);
      if (init && ts.isStringLiteral(init)) members[name] = init.text;
      else if (init && ts.isNumericLiteral(init)) members[name] = Number(init.text);
      else if (init && ts.isPrefixUnaryExpression(init) && init.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(init.operand)) members[name] = -Number(init.operand.text);
      else members[name] = `<not a literal: ${init?.getText(source)}>`;
    }
    enums.set(node.name.text, members);
  });
  return enums;
}

/** A TypeScript enum object without the reverse (value → name) entries of its numeric members. */
export function forward(enumObject: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(enumObject).filter(([key]) => !/^-?\d+$/.test(key)));
}

/**
 * The function-valued properties of `instance` and its prototype chain (not `Object.prototype`'s,
 * not `constructor`), sorted. Reads descriptors, so no getter runs.
 */
export function methodNames(instance: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = instance; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key !== 'constructor' && typeof Object.getOwnPropertyDescriptor(o, key)?.value === 'function') names.add(key);
    }
  }
  return [...names].sort();
}

/** Keys missing from `ours`, keys `ours` adds, and keys whose values differ. */
export interface KeyDiff {
  missing: string[];
  extra: string[];
  changed: Array<{ key: string; vendor: unknown; ours: unknown }>;
}

/** Compares two constant tables key by key. */
export function diffKeys(vendor: Record<string, unknown>, ours: Record<string, unknown>): KeyDiff {
  const missing = Object.keys(vendor).filter((key) => !(key in ours));
  const extra = Object.keys(ours).filter((key) => !(key in vendor));
  const changed = Object.keys(vendor)
    .filter((key) => key in ours && !Object.is(vendor[key], ours[key]))
    .map((key) => ({ key, vendor: vendor[key], ours: ours[key] }));
  return { missing, extra, changed };
}

/** A one-line account of a diff, for assertion messages. */
export function explain(what: string, diff: KeyDiff): string {
  return `${what}: missing ${JSON.stringify(diff.missing)}, extra ${JSON.stringify(diff.extra)}, changed ${JSON.stringify(diff.changed)}`;
}
