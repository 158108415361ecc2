import { describe, expect, it } from 'vitest';
import { ServerError } from '../src/errors.js';
import { createLogger, type LoggerOptions, nullLogger } from '../src/log.js';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

function capture(opts: Omit<LoggerOptions, 'write' | 'now'>) {
  const lines: string[] = [];
  const log = createLogger({ ...opts, write: (line) => lines.push(line), now: () => NOW });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, lines, parsed };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level and message first', () => {
    const { log, lines } = capture({ level: 'info' });
    log.info('started', { port: 8080 });
    expect(lines).toEqual(['{"t":"2026-01-02T03:04:05.678Z","level":"info","msg":"started","port":8080}\n']);
  });

  it('drops lines below its level', () => {
    const { log, parsed } = capture({ level: 'warn' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(parsed().map((line) => line.level)).toEqual(['warn', 'error']);
    expect(log.level).toBe('warn');
  });

  it('writes everything at debug and nothing at silent', () => {
    const debug = capture({ level: 'debug' });
    for (const level of ['debug', 'info', 'warn', 'error'] as const) debug.log[level]('x');
    expect(debug.lines).toHaveLength(4);
    const silent = capture({ level: 'silent' });
    for (const level of ['debug', 'info', 'warn', 'error'] as const) silent.log[level]('x');
    silent.log.child({ a: 1 }).error('x');
    expect(silent.lines).toEqual([]);
  });

  it('merges base, child and call fields, the later ones winning', () => {
    const { log, parsed } = capture({ level: 'info', base: { node: 0, conn: 'base' } });
    const child = log.child({ conn: 'c1' }).child({ requestId: 'r1' });
    child.info('hello', { extra: true });
    log.info('parent');
    expect(parsed()).toEqual([
      { t: expect.any(String), level: 'info', msg: 'hello', node: 0, conn: 'c1', requestId: 'r1', extra: true },
      { t: expect.any(String), level: 'info', msg: 'parent', node: 0, conn: 'base' },
    ]);
    expect(child.level).toBe('info');
  });

  it('never lets a field overwrite t, level or msg', () => {
    const { log, parsed } = capture({ level: 'info' });
    log.info('real', { msg: 'fake', level: 'error', t: 1 });
    expect(parsed()[0]).toMatchObject({ msg: 'real', level: 'info', _msg: 'fake', _level: 'error', _t: 1 });
  });

  it('redacts secret-looking keys at every depth up to 4, in objects and arrays', () => {
    const token = 'tok_very_secret_value_123';
    const { log, lines, parsed } = capture({ level: 'debug' });
    log.info('login', {
      token,
      userSig: token,
      app: { native: { apiKey: token, secret: token }, tim: { secretKey: token } },
      headers: { Authorization: `Bearer ${token}`, cookie: token },
      attempts: [{ password: token }, { passwd: token, nested: [{ credential: token }] }],
      jm: { signature: token, masterSecret: token },
      tokenKind: 'native',
      idempotencyKey: 'k-1',
      keyType: 'master',
      signal: 'SIGTERM',
      userId: 'alice',
    });
    expect(lines.join('')).not.toContain(token);
    const line = parsed()[0];
    expect(line).toMatchObject({
      token: '[redacted]',
      userSig: '[redacted]',
      app: { native: { apiKey: '[redacted]', secret: '[redacted]' }, tim: { secretKey: '[redacted]' } },
      headers: { Authorization: '[redacted]', cookie: '[redacted]' },
      attempts: [{ password: '[redacted]' }, { passwd: '[redacted]' }],
      jm: { signature: '[redacted]', masterSecret: '[redacted]' },
      tokenKind: 'native',
      idempotencyKey: 'k-1',
      keyType: 'master',
      signal: 'SIGTERM',
      userId: 'alice',
    });
  });

  it('truncates objects nested deeper than 4 levels, so nothing below escapes redaction', () => {
    const { log, lines, parsed } = capture({ level: 'info' });
    log.info('deep', { a: { b: { c: { d: { e: 'hidden', secret: 'x' } }, token: 't' } } });
    expect(parsed()[0]).toMatchObject({ a: { b: { c: { d: '[truncated]' }, token: '[redacted]' } } });
    expect(lines.join('')).not.toContain('hidden');
  });

  it('serialises errors as name, message and code, with the stack only at debug', () => {
    const info = capture({ level: 'info' });
    const error = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    info.log.error('write failed', { err: error, nested: { list: [new ServerError(2004, 'no such user')] } });
    expect(info.parsed()[0]).toMatchObject({
      err: { name: 'Error', message: 'disk full', code: 'ENOSPC' },
      nested: { list: [{ name: 'ServerError', message: 'no such user', code: 2004 }] },
    });
    expect(info.lines[0]).not.toContain('stack');

    const debug = capture({ level: 'debug' });
    debug.log.error('write failed', { err: new TypeError('bad') });
    const err = debug.parsed()[0]?.err as Record<string, unknown>;
    expect(err.name).toBe('TypeError');
    expect(err.stack).toEqual(expect.stringContaining('TypeError: bad'));
  });

  it('makes awkward values JSON-safe', () => {
    const { log, parsed } = capture({ level: 'info' });
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    log.info('values', {
      big: 12n,
      nan: Number.NaN,
      date: new Date(NOW),
      bytes: new Uint8Array(16),
      fn: () => 1,
      cycle,
      map: new Map<string, unknown>([['sessionToken', 's'], ['n', 1]]),
    });
    expect(parsed()[0]).toMatchObject({
      big: '12',
      nan: 'NaN',
      date: '2026-01-02T03:04:05.678Z',
      bytes: '[16 bytes]',
      cycle: { name: 'loop', self: '[circular]' },
      map: { sessionToken: '[redacted]', n: 1 },
    });
    expect(parsed()[0]).not.toHaveProperty('fn');
  });

  it('survives a sink that throws', () => {
    const log = createLogger({
      level: 'info',
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => log.info('x')).not.toThrow();
  });
});

describe('nullLogger', () => {
  it('accepts every call and has silent level', () => {
    expect(nullLogger.level).toBe('silent');
    expect(() => {
      nullLogger.error('x', { a: 1 });
      nullLogger.child({ b: 2 }).info('y');
    }).not.toThrow();
    expect(nullLogger.child({})).toBe(nullLogger);
  });
});
