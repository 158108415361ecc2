#!/usr/bin/env node
// The dependency-direction check (DESIGN.md "Layers"): dependencies point toward core only.
// It reads every workspace package's manifest and the imports of its source files, and
// reports each edge that points the wrong way. `pnpm test` and `pnpm lint` run it.
//
//   node tooling/scripts/src/check-deps.mjs [root]   exit 1 and list violations, if any
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const WORKSPACE_DIRS = ['packages', 'apps', 'tooling'];
const SOURCE_EXT = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage', 'generated', 'test-results', 'playwright-report']);
// Files that only tests, builds and benchmarks load: they may reach for anything but a sibling shim.
const TEST_FILE = /(?:\.test|\.test-d|\.spec)\.[cm]?[jt]sx?$|(?:^|\/)(?:test|tests|e2e|bench|scripts|__fixtures__)\/|(?:^|\/)(?:vitest|playwright|vite)\.config\.[cm]?[jt]s$/;

const CLIENT_LAYERS = /^@parley\/(?:core|storage-.+|transport-.+|shim-kit|compat-.+)$/;

/**
 * The rules, one function per rule: given the importing package, the imported package name and
 * how it is imported, return a reason when the edge is forbidden.
 * `scope` is 'runtime' (shipped code) or 'test' (tests, scripts, benchmarks, configs);
 * `typeOnly` is true for `import type` and manifest checks are `kind: 'manifest'`.
 */
export const RULES = [
  function coreStaysAbstract({ from, target, scope, specifier, typeOnly, kind }) {
    if (from !== '@parley/core' || scope !== 'runtime') return;
    // Depending on the protocol is fine (types, codes); what core imports from it is checked per file.
    if (kind === 'manifest' && target === '@parley/protocol') return;
    if (/^@parley\/(?:compat-|shim-kit|storage-|transport-)/.test(target)) return 'core never imports an adapter, the shim kit or a compat package';
    if (target === 'idb' || target === 'ws' || target === 'protobufjs') return `core never imports ${target} (it receives implementations by injection)`;
    // Types and the dependency-free codes module are fine; the codecs would pull in protobufjs.
    if (target === '@parley/protocol' && !typeOnly && specifier !== '@parley/protocol/codes') {
      return 'core may import only types and @parley/protocol/codes from the protocol (the codec is injected)';
    }
  },
  function compatPackagesStayApart({ from, target }) {
    if (/^@parley\/compat-/.test(from) && /^@parley\/compat-/.test(target) && from !== target) {
      return 'compat packages never depend on each other';
    }
  },
  function onlyTestsUseTheServer({ from, target, scope, kind }) {
    if (target !== '@parley/server' || from === '@parley/server') return;
    // The private test and benchmark packages ship nothing: they may start servers.
    if (from === '@parley/tests' || from === '@parley/bench' || scope === 'test' || kind === 'devManifest') return;
    return 'nothing but tests imports the server';
  },
  function serverUsesOnlyTheProtocol({ from, target, scope }) {
    if (from === '@parley/server' && scope === 'runtime' && CLIENT_LAYERS.test(target)) {
      return 'the server depends on @parley/protocol only among client packages';
    }
  },
  function protocolIsTheBottom({ from, target, scope }) {
    if (from === '@parley/protocol' && scope === 'runtime' && target.startsWith('@parley/') && target !== '@parley/protocol') {
      return '@parley/protocol depends on no other Parley package';
    }
  },
  function adaptersPointAtCore({ from, target, scope }) {
    if (/^@parley\/(?:storage-|transport-)/.test(from) && scope === 'runtime' && /^@parley\/(?:compat-|shim-kit|storage-|transport-)/.test(target) && from !== target) {
      return 'an adapter depends on core, never on another adapter or a compat package';
    }
  },
];

/** The package name a bare import specifier refers to (`@a/b/c` -> `@a/b`, `ws/x` -> `ws`). */
export function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every import, export-from, dynamic import and require of a source file, with whether it is type-only. */
export function importsOf(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypes = !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly) && !clause.name;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: !!clause?.isTypeOnly || allNamedTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause;
      const allTypes = !!named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || allTypes });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteral(node.arguments[0])) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire) found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') && entry.name !== '.ci') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(path);
    } else if (SOURCE_EXT.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** The workspace packages under `root`: `{ name, dir, manifest }`. */
export function workspacePackages(root) {
  const packages = [];
  for (const group of WORKSPACE_DIRS) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir).sort()) {
      const dir = join(groupDir, name);
      const manifestPath = join(dir, 'package.json');
      if (!statSync(dir).isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      packages.push({ name: manifest.name, dir, manifest });
    }
  }
  return packages;
}

/**
 * Checks the workspace at `root`.
 * @returns {{ packages: number, files: number, violations: Array<{ package: string, where: string, target: string, reason: string }> }}
 */
export function checkWorkspace(root) {
  const violations = [];
  const packages = workspacePackages(root);
  const names = new Set(packages.map((p) => p.name));
  let files = 0;
  const report = (pkg, where, edge) => {
    for (const rule of RULES) {
      const reason = rule({ from: pkg.name, ...edge });
      if (reason) violations.push({ package: pkg.name, where, target: edge.specifier ?? edge.target, reason });
    }
  };

  for (const pkg of packages) {
    const { manifest } = pkg;
    const runtimeDeps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
    const devDeps = manifest.devDependencies ?? {};
    // A private package ships nothing, so its devDependencies declare its imports too.
    const declared = manifest.private ? { ...runtimeDeps, ...devDeps } : runtimeDeps;
    for (const target of Object.keys(runtimeDeps)) {
      report(pkg, 'package.json', { target, specifier: target, scope: 'runtime', typeOnly: false, kind: 'manifest' });
    }
    for (const target of Object.keys(devDeps)) {
      report(pkg, 'package.json (devDependencies)', { target, specifier: target, scope: 'test', typeOnly: false, kind: 'devManifest' });
    }

    for (const file of walk(pkg.dir)) {
      files++;
      const rel = relative(pkg.dir, file).split(sep).join('/');
      const scope = TEST_FILE.test(rel) ? 'test' : 'runtime';
      for (const { specifier, typeOnly } of importsOf(file, readFileSync(file, 'utf8'))) {
        const target = packageOf(specifier);
        if (!target) continue;
        const where = `${relative(root, file).split(sep).join('/')}`;
        report(pkg, where, { target, specifier, scope, typeOnly, kind: 'import' });
        // A workspace package imported by shipped code must be declared, or the edge is invisible.
        if (scope === 'runtime' && !typeOnly && names.has(target) && target !== pkg.name && !(target in declared)) {
          violations.push({ package: pkg.name, where, target: specifier, reason: `imports ${target} without declaring it in dependencies` });
        }
      }
    }
  }
  return { packages: packages.length, files, violations };
}

function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = process.argv[2] ?? join(here, '..', '..', '..');
  const { packages, files, violations } = checkWorkspace(root);
  if (violations.length) {
    console.error(`check-deps: ${violations.length} dependency direction violation(s):`);
    for (const v of violations) console.error(`  ${v.package}: ${v.where} -> ${v.target}: ${v.reason}`);
    process.exit(1);
  }
  console.log(`check-deps: ${packages} packages, ${files} source files, no violations`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
