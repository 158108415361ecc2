import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_CONFIG } from '../../src/config/defaults.js';
import { ConfigError, HELP_TEXT, loadConfig, parseCliArgs } from '../../src/config/load.js';
import type { AppConfig } from '../../src/config/types.js';

const app = (id: string, extra: Partial<AppConfig> = {}): AppConfig => ({
  id,
  native: { apiKey: `${id}-api-key-0123456789`, secret: `${id}-secret-0123456789abcdef` },
  ...extra,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(value: unknown, name = 'parley.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

function load(argv: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return loadConfig({ argv, env, cwd: dir });
}

function loadError(argv: string[] = [], env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    load(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    return error as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('parseCliArgs', () => {
  it('reads every flag, long and short', () => {
    expect(
      parseCliArgs([
        '--host', '127.0.0.1', '-p', '9000', '-d', 'data', '--store', 'memory', '--log-level', 'debug',
        '--static-dir', 'public', '--no-dev-tenant', '-c', 'parley.json',
      ]),
    ).toEqual({
      help: false,
      version: false,
      configPath: 'parley.json',
      overrides: {
        host: '127.0.0.1',
        port: 9000,
        dataDir: 'data',
        store: 'memory',
        logLevel: 'debug',
        staticDir: 'public',
        devTenant: false,
      },
    });
  });

  it('reads --help, -h, --version and --port=N', () => {
    expect(parseCliArgs(['-h'])).toMatchObject({ help: true, version: false });
    expect(parseCliArgs(['--help'])).toMatchObject({ help: true });
    expect(parseCliArgs(['--version'])).toMatchObject({ version: true, help: false });
    expect(parseCliArgs(['--port=0']).overrides).toEqual({ port: 0 });
    expect(parseCliArgs([])).toEqual({ help: false, version: false, overrides: {} });
  });

  it.each([
    [['--port', 'abc'], /--port: expected an integer, got 'abc'/],
    [['--port', '65536'], /--port: must be between 0 and 65535/],
    [['--port', '0x10'], /--port: expected an integer/],
    [['--store', 'postgres'], /--store: must be one of sqlite, memory/],
    [['--log-level', 'verbose'], /--log-level: must be one of debug, info, warn, error, silent/],
    [['--frobnicate'], /--frobnicate/],
    [['--port'], /--port/],
    [['serve'], /serve/],
    [['--host', ''], /--host: must not be empty/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(ConfigError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('loadConfig', () => {
  it('returns the defaults with dataDir resolved against cwd', () => {
    expect(load()).toEqual({ ...DEFAULT_SERVER_CONFIG, apps: [], dataDir: join(dir, '.parley-data') });
    expect(load()).not.toHaveProperty('staticDir');
  });

  it('layers file < env < flags', () => {
    const path = writeConfig({ port: 1000, host: '10.0.0.1', logLevel: 'warn', heartbeatMs: 5000, nodeId: 3 });
    expect(load(['-c', path])).toMatchObject({ port: 1000, host: '10.0.0.1', logLevel: 'warn', heartbeatMs: 5000, nodeId: 3 });
    const env = { PARLEY_PORT: '2000', PARLEY_LOG_LEVEL: 'error', PARLEY_HEARTBEAT_MS: '7000', PARLEY_NODE_ID: '4' };
    expect(load(['-c', path], env)).toMatchObject({ port: 2000, host: '10.0.0.1', logLevel: 'error', heartbeatMs: 7000, nodeId: 4 });
    expect(load(['-c', path, '--port', '3000'], env)).toMatchObject({ port: 3000, logLevel: 'error' });
    expect(load(['-c', path, '--log-level', 'silent', '--host', '::1'], { ...env, PARLEY_HOST: 'h' })).toMatchObject({
      logLevel: 'silent',
      host: '::1',
    });
  });

  it('finds the file through PARLEY_CONFIG, and --config wins over it', () => {
    const a = writeConfig({ port: 1111 }, 'a.json');
    const b = writeConfig({ port: 2222 }, 'b.json');
    expect(load([], { PARLEY_CONFIG: 'a.json' }).port).toBe(1111);
    expect(load(['--config', b], { PARLEY_CONFIG: a }).port).toBe(2222);
  });

  it('resolves file paths against the file and other paths against cwd', () => {
    mkdirSync(join(dir, 'etc', 'www'), { recursive: true });
    mkdirSync(join(dir, 'public'));
    const path = writeConfig({ dataDir: 'var', staticDir: 'www' }, join('etc', 'parley.json'));
    expect(load(['-c', path])).toMatchObject({ dataDir: join(dir, 'etc', 'var'), staticDir: join(dir, 'etc', 'www') });
    expect(load(['-c', path], { PARLEY_DATA_DIR: 'envdata', PARLEY_STATIC_DIR: 'public' })).toMatchObject({
      dataDir: join(dir, 'envdata'),
      staticDir: join(dir, 'public'),
    });
    expect(load(['-c', path, '-d', '/abs/data', '--static-dir', '.'])).toMatchObject({ dataDir: '/abs/data', staticDir: dir });
  });

  it('reads store, devTenant and every numeric setting from the file', () => {
    const settings = {
      store: 'memory',
      devTenant: false,
      loginTimeoutMs: 1000,
      maxFrameBytes: 2048,
      maxBufferedBytes: 4096,
      requestsPerSec: 0.5,
      requestBurst: 3,
      shutdownGraceMs: 0,
    };
    expect(load(['-c', writeConfig(settings)])).toMatchObject(settings);
    expect(load(['--no-dev-tenant']).devTenant).toBe(false);
    expect(load([], { PARLEY_STORE: 'memory' }).store).toBe('memory');
  });

  it('treats empty environment variables as unset', () => {
    expect(load([], { PARLEY_PORT: '', PARLEY_HOST: '', PARLEY_CONFIG: '' }).port).toBe(8080);
  });

  it('takes apps from the file, and PARLEY_APPS replaces them', () => {
    const path = writeConfig({ apps: [app('one'), app('two', { policy: { webInstances: 2 } })] });
    const fromFile = load(['-c', path]).apps;
    expect(fromFile.map((a) => a.id)).toEqual(['one', 'two']);
    // Overrides are stored as given; the server resolves them.
    expect(fromFile[1]?.policy).toEqual({ webInstances: 2 });
    const full = app('three', {
      name: 'Three',
      tim: { sdkAppId: 1400000099, secretKey: 'k' },
      jmessage: { appkey: 'a', masterSecret: 's' },
      openim: { secret: 'o' },
      hummer: { appid: 77, tokenSecret: 't', tokenMode: 'tempToken' },
      maxleap: { appId: 'm', keys: { rest: 'r' } },
    });
    expect(load(['-c', path], { PARLEY_APPS: JSON.stringify([full]) }).apps).toEqual([full]);
  });

  it('names the flag, variable or key at fault', () => {
    expect(loadError(['--port', 'x']).message).toMatch(/--port/);
    expect(loadError([], { PARLEY_PORT: '80a' }).message).toMatch(/PARLEY_PORT: expected an integer, got '80a'/);
    expect(loadError([], { PARLEY_NODE_ID: '32' }).message).toMatch(/PARLEY_NODE_ID: must be between 0 and 31/);
    expect(loadError([], { PARLEY_STORE: 'redis' }).message).toMatch(/PARLEY_STORE: must be one of sqlite, memory/);
    expect(loadError([], { PARLEY_APPS: '[' }).message).toMatch(/PARLEY_APPS: not valid JSON/);
    expect(loadError([], { PARLEY_APPS: '{}' }).message).toMatch(/PARLEY_APPS: apps: expected an array/);
  });

  it('reads the scale-out settings: a PostgreSQL store, a Redis or NATS bus, a node id', () => {
    const pg = 'postgres://parley:secret@db.internal:5432/parley';
    expect(load(['--store', pg, '--bus', 'redis://redis:6379', '--node-id', '7'])).toMatchObject({ store: pg, bus: 'redis://redis:6379', nodeId: 7 });
    expect(load([], { PARLEY_STORE: 'postgresql://db/parley', PARLEY_BUS: 'nats://nats:4222', PARLEY_NODE_ID: '3' })).toMatchObject({
      store: 'postgresql://db/parley',
      bus: 'nats://nats:4222',
      nodeId: 3,
    });
    expect(load([])).toMatchObject({ store: 'sqlite', bus: 'local' });
    expect(load([]).nodeId).toBeUndefined();
    expect(loadError(['--bus', 'kafka://k:9092']).message).toMatch(/--bus: expected local, redis:\/\/… or nats:\/\/…/);
    expect(loadError(['--node-id', '40']).message).toMatch(/--node-id: must be between 0 and 31/);
    expect(loadError(['--store', 'mysql://db']).message).toMatch(/--store: must be one of sqlite, memory/);
  });

  it('refuses an unreadable, malformed or misspelt config file', () => {
    expect(loadError(['-c', 'missing.json']).message).toMatch(/missing\.json: cannot read it \(ENOENT\)/);
    expect(loadError(['-c', writeConfig('{"port": 80,}')]).message).toMatch(/not valid JSON/);
    expect(loadError(['-c', writeConfig('[1]')]).message).toMatch(/config: expected an object/);
    expect(loadError(['-c', writeConfig({ prot: 80 })]).message).toMatch(/config\.prot: unknown key/);
    expect(loadError(['-c', writeConfig({ port: '80' })]).message).toMatch(/port: expected an integer/);
    expect(loadError(['-c', writeConfig({ devTenant: 'no' })]).message).toMatch(/devTenant: expected true or false/);
    expect(loadError(['-c', writeConfig({ heartbeatMs: 0 })]).message).toMatch(/heartbeatMs: must be between 1/);
  });

  it('refuses a staticDir that is not a directory', () => {
    expect(loadError(['--static-dir', 'nope']).message).toMatch(/staticDir: .*nope is not a directory/);
    writeConfig('x', 'file.txt');
    expect(loadError(['--static-dir', 'file.txt']).message).toMatch(/is not a directory/);
  });

  it.each([
    [[{ ...app('a'), id: 'bad id' }], /apps\[0\]\.id: must match/],
    [[{ ...app('a'), id: 'x'.repeat(65) }], /apps\[0\]\.id: must match/],
    [[{ id: 'a' }], /apps\[0\]\.native: required/],
    [[{ ...app('a'), native: { apiKey: 'short', secret: 'a-secret-0123456789abcdef' } }], /apps\[0\]\.native\.apiKey: must be at least 16/],
    [[{ ...app('a'), native: { apiKey: 'a-api-key-0123456789', secret: 'short' } }], /apps\[0\]\.native\.secret: must be at least 16/],
    [[{ ...app('a'), native: { apiKey: 'a-api-key-0123456789', secret: 42 } }], /apps\[0\]\.native\.secret: expected a string/],
    [[app('a', { tim: { sdkAppId: 2 ** 32, secretKey: 'k' } })], /apps\[0\]\.tim\.sdkAppId: must be between 1 and 4294967295/],
    [[app('a', { tim: { sdkAppId: 1.5, secretKey: 'k' } })], /apps\[0\]\.tim\.sdkAppId: expected an integer/],
    [[app('a', { hummer: { appid: -1, tokenSecret: 't', tokenMode: 'token' } })], /apps\[0\]\.hummer\.appid: must be between/],
    [[{ ...app('a'), hummer: { appid: 1, tokenSecret: 't', tokenMode: 'jwt' } }], /apps\[0\]\.hummer\.tokenMode: must be one of appid, token, tempToken/],
    [[{ ...app('a'), maxleap: { appId: 'm', keys: {} } }], /apps\[0\]\.maxleap\.keys: needs at least one key/],
    [[{ ...app('a'), maxleap: { appId: 'm', keys: { admin: 'k' } } }], /apps\[0\]\.maxleap\.keys\.admin: unknown key/],
    [[{ ...app('a'), tim: { sdkAppID: 1, secretKey: 'k' } }], /apps\[0\]\.tim\.sdkAppID: unknown key/],
    [[{ ...app('a'), colour: 'red' }], /apps\[0\]\.colour: unknown key/],
    [[app('a', { policy: { webInstances: 0 } })], /apps\[0\]\.policy\.webInstances: must be between 1 and 1000/],
    [[{ ...app('a'), policy: { nope: 1 } }], /apps\[0\]\.policy\.nope: unknown key/],
    [[app('a'), app('a')], /apps\[1\]\.id: duplicate of apps\[0\]\.id 'a'/],
    [[app('a'), { ...app('b'), native: app('a').native }], /apps\[1\]\.native\.apiKey: duplicate of apps\[0\]\.native\.apiKey$/],
    [[app('a', { tim: { sdkAppId: 7, secretKey: 'k' } }), app('b', { tim: { sdkAppId: 7, secretKey: 'j' } })], /apps\[1\]\.tim\.sdkAppId: duplicate/],
    [[app('a', { jmessage: { appkey: 'k', masterSecret: 's' } }), app('b', { jmessage: { appkey: 'k', masterSecret: 't' } })], /apps\[1\]\.jmessage\.appkey: duplicate/],
    [[app('a', { hummer: { appid: 9, tokenSecret: 's', tokenMode: 'token' } }), app('b', { hummer: { appid: 9, tokenSecret: 't', tokenMode: 'appid' } })], /apps\[1\]\.hummer\.appid: duplicate/],
    [[app('a', { maxleap: { appId: 'm', keys: { client: 'c' } } }), app('b', { maxleap: { appId: 'm', keys: { rest: 'r' } } })], /apps\[1\]\.maxleap\.appId: duplicate/],
  ])('refuses apps %#', (apps, message) => {
    const error = loadError(['-c', writeConfig({ apps })]);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('parley.json');
  });

  it('does not print secrets in app errors', () => {
    const secret = 'super-secret-value-0123456789';
    const apps = [app('a', { native: { apiKey: secret, secret } }), app('b', { native: { apiKey: secret, secret } })];
    expect(loadError([], { PARLEY_APPS: JSON.stringify(apps) }).message).not.toContain(secret);
  });
});

describe('HELP_TEXT', () => {
  it('documents every flag, variable, the file format, defaults and the data directory', () => {
    for (const text of [
      '--config', '-c,', '--host', '--port', '-p,', '--data-dir', '-d,', '--store', '--log-level', '--static-dir',
      '--no-dev-tenant', '--help', '-h,', '--version', '--bus', '--node-id', 'PARLEY_BUS',
      'PARLEY_CONFIG', 'PARLEY_HOST', 'PARLEY_PORT', 'PARLEY_DATA_DIR', 'PARLEY_STORE', 'PARLEY_LOG_LEVEL',
      'PARLEY_HEARTBEAT_MS', 'PARLEY_NODE_ID', 'PARLEY_STATIC_DIR', 'PARLEY_APPS',
      '"apps"', 'sdkAppId', 'tokenMode', 'policy', 'dev-tenant.json', 'Default: 8080', 'Default: ./.parley-data',
    ]) {
      expect(HELP_TEXT).toContain(text);
    }
  });
});
