import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { DEV_CREDENTIALS_PATH } from '../../src/http/dev-credentials.js';
import { TEST_APP } from '../helpers/app.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-sec-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `parley-server` from source in a child process; resolves its URL once it listens. */
async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=@parley/source', '--import', 'tsx', 'test/fixtures/run-cli.ts', '--host', '127.0.0.1', '--port', '0', '--store', 'memory', '-d', tempDir(), ...args], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg: string; url?: string };
      if (entry.msg === 'parley-server listening' && entry.url) resolve(entry.url);
    });
    child.once('exit', (code) => reject(new Error(`parley-server exited with ${code}`)));
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

function devSignIn(url: string): Promise<Response> {
  return fetch(url + DEV_CREDENTIALS_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ vendor: 'native', userId: 'alice' }) });
}

describe('parley-server decides on development sign-in', () => {
  it('serves it only when it runs the development tenant because no app is configured', async () => {
    const [devTenant, configured, noDevTenant] = await Promise.all([
      runCli([]),
      runCli([], { PARLEY_APPS: JSON.stringify([TEST_APP]) }),
      runCli(['--no-dev-tenant']),
    ]);
    const answers = await Promise.all([devTenant, configured, noDevTenant].map(async ({ url }) => (await devSignIn(url)).status));
    expect(answers).toEqual([200, 404, 404]);
    expect(await Promise.all([devTenant, configured, noDevTenant].map(({ child }) => stop(child)))).toEqual([0, 0, 0]);
  });
});

describe('parley-server keeps store and bus passwords out of its output', () => {
  it('redacts them when it cannot connect, in the log and on stderr', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      for (const args of [
        ['--store', 'postgres://parley:pg-secret-pw-1@127.0.0.1:1/parley'],
        ['--store', 'memory', '--bus', 'redis://:bus-secret-pw-2@127.0.0.1:1'],
        ['--store', 'memory', '--bus', 'nats://nats:bus-secret-pw-3@127.0.0.1:1'],
      ]) {
        const errors: string[] = [];
        const code = await main(['--host', '127.0.0.1', '--port', '0', '-d', tempDir(), ...args], {}, { stdout: (t) => written.push(t), stderr: (t) => errors.push(t) });
        expect(code).toBe(1);
        expect(errors.join('')).toMatch(/failed to start/);
        written.push(...errors);
      }
    } finally {
      spy.mockRestore();
    }
    const output = written.join('');
    expect(output).toContain('server failed to start');
    for (const password of ['pg-secret-pw-1', 'bus-secret-pw-2', 'bus-secret-pw-3']) expect(output).not.toContain(password);
  });
});
