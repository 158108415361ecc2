import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateApps } from '../../src/config/apps.js';
import { DEV_TENANT_FILE, formatDevTenantBanner, loadOrCreateDevTenant } from '../../src/config/dev-tenant.js';
import { ConfigError } from '../../src/config/load.js';
import { resolvePolicy } from '../../src/config/policy.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-dev-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Deterministic bytes: 0, 1, 2, … across calls. */
function counter() {
  let next = 0;
  return (n: number) => Buffer.from(Array.from({ length: n }, () => next++ & 0xff));
}

describe('loadOrCreateDevTenant', () => {
  it('creates the data directory and a complete, valid tenant', () => {
    const dataDir = join(dir, 'nested', 'data');
    const { app, created } = loadOrCreateDevTenant(dataDir);
    expect(created).toBe(true);
    expect(app.id).toBe('dev');
    expect(app.native.apiKey).toMatch(/^dev-[0-9a-f]{16}$/);
    expect(Buffer.from(app.native.secret, 'base64url')).toHaveLength(32);
    expect(app.tim).toEqual({ sdkAppId: 1400000001, secretKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(app.jmessage).toEqual({ appkey: expect.stringMatching(/^[0-9a-f]{24}$/), masterSecret: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(app.openim?.secret).toMatch(/^[0-9a-f]{32}$/);
    expect(app.hummer).toMatchObject({ appid: 1000001, tokenMode: 'token' });
    expect(app.maxleap?.appId).toMatch(/^[0-9a-f]{24}$/);
    for (const key of Object.values(app.maxleap?.keys ?? {})) expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(app.maxleap?.keys ?? {}).sort()).toEqual(['client', 'javascript', 'master', 'rest']);
    expect(app.policy).toEqual({ webInstances: 10, maxPerPlatform: 10 });
    // It passes the same checks as a configured app.
    expect(validateApps([app])).toEqual([app]);
    expect(resolvePolicy(app.policy).webInstances).toBe(10);
  });

  it('creates once and reloads the same values', () => {
    const first = loadOrCreateDevTenant(dir);
    const second = loadOrCreateDevTenant(dir);
    expect(second).toEqual({ app: first.app, created: false });
    expect(JSON.parse(readFileSync(join(dir, DEV_TENANT_FILE), 'utf8'))).toEqual(first.app);
  });

  it('uses the injected randomness', () => {
    const a = loadOrCreateDevTenant(join(dir, 'a'), counter()).app;
    const b = loadOrCreateDevTenant(join(dir, 'b'), counter()).app;
    expect(a).toEqual(b);
    expect(a.native.apiKey).toBe('dev-0001020304050607');
  });

  it('writes the file with mode 0600 and leaves no temporary file', () => {
    loadOrCreateDevTenant(dir);
    if (process.platform !== 'win32') expect(statSync(join(dir, DEV_TENANT_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([DEV_TENANT_FILE]);
  });

  it.each([
    ['not JSON', '{"id": "dev",'],
    ['not a tenant', '{"id": "dev"}'],
    ['a bad field', JSON.stringify({ id: 'dev', native: { apiKey: 'short', secret: 'x'.repeat(20) } })],
  ])('refuses a corrupt file (%s) with a clear error', (_, text) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, DEV_TENANT_FILE), text);
    expect(() => loadOrCreateDevTenant(dir)).toThrow(ConfigError);
    expect(() => loadOrCreateDevTenant(dir)).toThrow(/dev-tenant\.json is not a valid development tenant .*delete it/);
    // The broken file is left for the developer to inspect.
    expect(readFileSync(join(dir, DEV_TENANT_FILE), 'utf8')).toBe(text);
  });

  it('reports an unreadable data directory as a file system error', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(() => loadOrCreateDevTenant(join(dir, 'file'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});

describe('formatDevTenantBanner', () => {
  it('lists the URL and every credential', () => {
    const { app } = loadOrCreateDevTenant(dir);
    const banner = formatDevTenantBanner(app, 'http://localhost:8080/');
    expect(banner).toContain('http://localhost:8080');
    expect(banner).toContain('ws://localhost:8080/parley/ws');
    expect(banner).toContain('/admin/v1/apps/dev/tokens');
    const secrets = [
      app.id,
      app.native.apiKey,
      app.native.secret,
      String(app.tim?.sdkAppId),
      app.tim?.secretKey,
      app.jmessage?.appkey,
      app.jmessage?.masterSecret,
      app.openim?.secret,
      String(app.hummer?.appid),
      app.hummer?.tokenSecret,
      app.maxleap?.appId,
      ...Object.values(app.maxleap?.keys ?? {}),
    ];
    for (const value of secrets) expect(banner).toContain(value);
    expect(banner.split('\n').length).toBeGreaterThan(10);
  });

  it('omits vendors the app lacks', () => {
    const banner = formatDevTenantBanner(
      { id: 'x', native: { apiKey: 'k'.repeat(16), secret: 's'.repeat(16) } },
      'https://chat.example',
    );
    expect(banner).toContain('wss://chat.example/parley/ws');
    expect(banner).not.toMatch(/TIM|JMessage|OpenIM|Hummer|MaxLeap/);
  });
});
