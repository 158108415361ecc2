#!/usr/bin/env node
// Builds dist/: compiles src with tsc, then copies the generated JS and declarations, which
// tsc does not emit (they are inputs, not sources).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync(join(pkgDir, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(pkgDir, 'tsconfig.build.json')], { stdio: 'inherit' });
cpSync(join(pkgDir, 'src', 'generated'), join(pkgDir, 'dist', 'generated'), { recursive: true });
console.log('protocol: built dist/');
