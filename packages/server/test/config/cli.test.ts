import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../src/cli.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), cwd: '/' };
  return { sink, out: () => out.join(''), err: () => err.join('') };
}

describe('main', () => {
  it('prints the help text for --help and -h and returns 0', async () => {
    for (const flag of ['--help', '-h']) {
      const { sink, out, err } = io();
      expect(await main([flag], {}, sink)).toBe(0);
      expect(out()).toContain('--port');
      expect(out()).toContain('--data-dir');
      expect(out()).toContain('--config');
      expect(err()).toBe('');
    }
  });

  it('prints the package version for --version', async () => {
    const { sink, out } = io();
    expect(await main(['--version'], {}, sink)).toBe(0);
    expect(out()).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });

  it.each([
    [['--port', 'eighty'], {}, /--port: expected an integer/],
    [['--bogus'], {}, /Unknown option '--bogus'/],
    [[], { PARLEY_LOG_LEVEL: 'loud' }, /PARLEY_LOG_LEVEL/],
    [['--config', '/nonexistent/parley.json'], {}, /cannot read it/],
  ])('returns 2 for a bad flag, variable or file: %j %j', async (argv, env, message) => {
    const { sink, out, err } = io();
    expect(await main(argv, env, sink)).toBe(2);
    expect(err()).toMatch(message);
    expect(err()).toContain('--help');
    expect(out()).toBe('');
  });
});
