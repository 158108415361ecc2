#!/usr/bin/env node
// `pnpm start`: builds what is needed (the server and the demo app) and starts parley-server on
// the embedded default (SQLite in ./.parley-data), serving the demo on the same origin.
// Arguments after `--` go to the server.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const serverBin = join(root, 'packages', 'server', 'bin', 'parley-server.mjs');

if (!existsSync(serverBin)) {
  console.log(
    [
      'parley-server does not exist yet: this checkout holds the workspace and the wire protocol',
      '(packages/protocol). The server arrives with issue #3; until then `pnpm test` and',
      '`pnpm bench` are what there is to run.',
    ].join('\n'),
  );
  process.exit(0);
}

const demoDir = join(root, 'apps', 'demo');
const hasDemo = existsSync(join(demoDir, 'package.json'));
const filters = ['--filter=@parley/server...', ...(hasDemo ? ['--filter=@parley/demo'] : [])];
execFileSync('pnpm', ['turbo', 'run', 'build', ...filters], { cwd: root, stdio: 'inherit' });
// `pnpm start -- --port 9000` hands us the separator too.
const args = process.argv.slice(2);
if (args[0] === '--') args.shift();
// The demo app is served on the server's own origin, unless the caller chose a directory.
if (hasDemo && !args.includes('--static-dir')) args.push('--static-dir', join(demoDir, 'dist'));
const child = spawn(process.execPath, [serverBin, ...args], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
