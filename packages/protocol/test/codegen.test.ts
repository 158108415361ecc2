import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const script = join(pkgDir, 'scripts', 'codegen.mjs');
const run = (...args: string[]) => execFileSync(process.execPath, [script, ...args], { cwd: pkgDir, stdio: 'pipe', encoding: 'utf8' });

describe('codegen', () => {
  test('the committed src/generated equals a fresh generation', () => {
    expect(run('--check')).toContain('up to date');
  }, 180_000);

  test('--check fails when the generated code is stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-gen-'));
    try {
      cpSync(join(pkgDir, 'src', 'generated'), dir, { recursive: true });
      appendFileSync(join(dir, 'proto.js'), '// hand edit\n');
      expect(() => run('--check', '--dir', dir)).toThrow(/differ from a fresh generation/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
