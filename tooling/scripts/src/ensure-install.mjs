#!/usr/bin/env node
// Lets `pnpm test`, `pnpm start` and friends work straight after a clone: installs the
// workspace when node_modules is missing or older than the lockfile. Uses only Node built-ins.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const lockfile = join(root, 'pnpm-lock.yaml');
// pnpm keeps a copy of the lockfile it installed from.
const installed = join(root, 'node_modules', '.pnpm', 'lock.yaml');

const read = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
const current = read(installed);
if (current === undefined || current !== read(lockfile)) {
  console.log('Installing dependencies (pnpm install --frozen-lockfile)…');
  execFileSync('pnpm', ['install', '--frozen-lockfile'], { cwd: root, stdio: 'inherit' });
}
