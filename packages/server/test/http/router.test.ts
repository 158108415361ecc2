import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/types.js';
import { ErrorCode, ServerError } from '../../src/errors.js';
import { createHttpHandler } from '../../src/http/router.js';
import type { AdminTokenRequest, AdminUserInit, HttpDeps } from '../../src/http/types.js';
import { createLogger } from '../../src/log.js';

const SECRET = 'acme-admin-secret-0123456789';
const PLAIN: AppConfig = { id: 'plain', native: { apiKey: 'plain-api-key-0123', secret: 'plain-secret-0123456789' } };
const ACME: AppConfig = {
  id: 'acme',
  native: { apiKey: 'acme-api-key-0123', secret: SECRET },
  tim: { sdkAppId: 1400000001, secretKey: 'tim-secret' },
  openim: { secret: 'openim-secret' },
};

interface Harness {
  base: string;
  logs: string[];
  calls: { issueToken: [string, AdminTokenRequest][]; createUser: [string, AdminUserInit][]; genUserSig: unknown[][] };
  deps: HttpDeps;
  server: Server;
  close(): Promise<void>;
}

async function start(overrides: Partial<HttpDeps> = {}): Promise<Harness> {
  const logs: string[] = [];
  const calls: Harness['calls'] = { issueToken: [], createUser: [], genUserSig: [] };
  const deps: HttpDeps = {
    log: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    findApp: (id) => [ACME, PLAIN].find((app) => app.id === id),
    issueToken: async (appId, req) => {
      calls.issueToken.push([appId, req]);
      return { token: `tok-${req.userId}`, expiresAt: 1_700_000_000_000 };
    },
    createUser: async (appId, init) => {
      calls.createUser.push([appId, init]);
      return { userId: init.userId, tinyId: 42, createdAt: 1_600_000_000_000 };
    },
    genUserSig: (appId, userId, expireSec) => {
      calls.genUserSig.push([appId, userId, expireSec]);
      return `sig-${userId}-${expireSec}`;
    },
    ready: () => ({ ready: true }),
    ...overrides,
  };
  const server = createServer(createHttpHandler(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    logs,
    calls,
    deps,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request with the path sent exactly as written (`fetch` would normalise `..` away). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/`, { path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function post(h: Harness, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${h.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function expectError(res: Response, status: number, code: number, detail?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as { error: { code: number; name: string; message: string; detail: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.name).toBe('string');
  expect(typeof body.error.message).toBe('string');
  if (detail !== undefined) expect(body.error.detail).toBe(detail);
  return body.error;
}

describe('health', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('answers /healthz and /readyz with JSON and no-store', async () => {
    h = await start();
    const health = await fetch(`${h.base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${h.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
    expect((await fetch(`${h.base}/healthz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 503 with the detail when not ready', async () => {
    h = await start({ ready: () => ({ ready: false, detail: 'store opening' }) });
    const res = await fetch(`${h.base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, detail: 'store opening' });
  });

  it('refuses other methods with 405 and Allow', async () => {
    h = await start();
    const res = await fetch(`${h.base}/healthz`, { method: 'POST' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    await expectError(res, 405, ErrorCode.NOT_SUPPORTED);
  });
});

describe('admin API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.close());

  it('issues tokens, native by default', async () => {
    const res = await post(h, '/admin/v1/apps/acme/tokens', { userId: 'alice' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ token: 'tok-alice', expiresAt: 1_700_000_000_000 });
    expect(h.calls.issueToken.at(-1)).toEqual(['acme', { userId: 'alice', kind: 'native' }]);

    const openim = await post(h, '/admin/v1/apps/acme/tokens', { userId: 'bob', kind: 'openim', ttlSec: 60, platform: 5 });
    expect(openim.status).toBe(200);
    expect(h.calls.issueToken.at(-1)).toEqual(['acme', { userId: 'bob', kind: 'openim', ttlSec: 60, platform: 5 }]);
  });

  it('refuses a token kind the app has no credentials for', async () => {
    await expectError(await post(h, '/admin/v1/apps/acme/tokens', { userId: 'a', kind: 'hummer' }), 400, ErrorCode.NOT_SUPPORTED, 'kind');
  });

  it('creates users with 201', async () => {
    const init = { userId: 'carol', nickname: 'Carol', avatar: '', username: 'carol', password: 'e10adc3949ba59abbe56e057f20f883e', isMd5: true };
    const res = await post(h, '/admin/v1/apps/acme/users', init);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ userId: 'carol', tinyId: 42, createdAt: 1_600_000_000_000 });
    expect(h.calls.createUser.at(-1)).toEqual(['acme', init]);
  });

  it('generates UserSigs with a one-day default', async () => {
    const res = await post(h, '/admin/v1/apps/acme/usersig', { userId: 'dave' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userSig: 'sig-dave-86400' });
    const custom = await post(h, '/admin/v1/apps/acme/usersig', { userId: 'dave', expireSec: 60 });
    expect(await custom.json()).toEqual({ userSig: 'sig-dave-60' });
  });

  it('refuses a UserSig for an app without TIM credentials', async () => {
    const res = await post(h, '/admin/v1/apps/plain/usersig', { userId: 'x' }, { authorization: `Bearer ${PLAIN.native.secret}` });
    await expectError(res, 400, ErrorCode.NOT_SUPPORTED, 'tim');
  });

  it('answers 401 without a bearer token', async () => {
    for (const authorization of [undefined, 'Basic abc', 'Bearer', 'Bearer ']) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization !== undefined) headers.authorization = authorization;
      const res = await fetch(`${h.base}/admin/v1/apps/acme/tokens`, { method: 'POST', headers, body: '{"userId":"a"}' });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectError(res, 401, ErrorCode.UNAUTHENTICATED);
    }
  });

  it('answers 403 for a wrong secret, including another app’s', async () => {
    await expectError(await post(h, '/admin/v1/apps/acme/tokens', { userId: 'a' }, { authorization: 'Bearer wrong' }), 403, ErrorCode.PERMISSION_DENIED);
    const other = await post(h, '/admin/v1/apps/acme/tokens', { userId: 'a' }, { authorization: `Bearer ${PLAIN.native.secret}` });
    await expectError(other, 403, ErrorCode.PERMISSION_DENIED);
    await expectError(await post(h, '/admin/v1/apps/acme/tokens', { userId: 'a' }, { authorization: `Bearer ${SECRET}x` }), 403, ErrorCode.PERMISSION_DENIED);
  });

  it('answers 404 for an unknown app', async () => {
    await expectError(await post(h, '/admin/v1/apps/nope/tokens', { userId: 'a' }), 404, ErrorCode.APP_UNKNOWN);
  });

  it('refuses a wrong content type and bad JSON with 400', async () => {
    await expectError(await post(h, '/admin/v1/apps/acme/tokens', '{"userId":"a"}', { 'content-type': 'text/plain' }), 400, ErrorCode.INVALID_PARAM, 'content-type');
    await expectError(await post(h, '/admin/v1/apps/acme/tokens', '{"userId":'), 400, ErrorCode.INVALID_PARAM, 'body');
    await expectError(await post(h, '/admin/v1/apps/acme/tokens', ''), 400, ErrorCode.INVALID_PARAM, 'body');
    await expectError(await post(h, '/admin/v1/apps/acme/tokens', '[1]'), 400, ErrorCode.INVALID_PARAM, 'body');
    const ok = await post(h, '/admin/v1/apps/acme/tokens', { userId: 'a' }, { 'content-type': 'Application/JSON; charset=utf-8' });
    expect(ok.status).toBe(200);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const big = JSON.stringify({ userId: 'a', pad: 'x'.repeat(70 * 1024) });
    await expectError(await post(h, '/admin/v1/apps/acme/tokens', big), 413, ErrorCode.TOO_LARGE, 'body');
    // Without a Content-Length (chunked), the limit applies while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const chunked = await fetch(`${h.base}/admin/v1/apps/acme/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectError(chunked, 413, ErrorCode.TOO_LARGE, 'body');
    // The server still works afterwards.
    expect((await post(h, '/admin/v1/apps/acme/tokens', { userId: 'a' })).status).toBe(200);
  });

  it.each([
    ['tokens', { userId: 7 }, 'userId'],
    ['tokens', {}, 'userId'],
    ['tokens', { userId: '' }, 'userId'],
    ['tokens', { userId: 'a', kind: 'jwt' }, 'kind'],
    ['tokens', { userId: 'a', ttlSec: '60' }, 'ttlSec'],
    ['tokens', { userId: 'a', ttlSec: 0 }, 'ttlSec'],
    ['tokens', { userId: 'a', platform: 1.5 }, 'platform'],
    ['tokens', { userID: 'a' }, 'userID'],
    ['users', { userId: 'a', nickname: 5 }, 'nickname'],
    ['users', { userId: 'a', isMd5: 'yes' }, 'isMd5'],
    ['users', { userId: 'a', password: 'plain', isMd5: true }, 'password'],
    ['usersig', { userId: 'a', expireSec: -1 }, 'expireSec'],
    ['usersig', { userId: ['a'] }, 'userId'],
  ])('refuses %s body %j with 400 and detail %s', async (action, body, detail) => {
    const error = await expectError(await post(h, `/admin/v1/apps/acme/${action}`, body), 400, ErrorCode.INVALID_PARAM, detail);
    expect(error.name).toBe('INVALID_PARAM');
    expect(error.message).toContain(detail);
  });

  it('answers 404 for an unknown action and 405 for a wrong method', async () => {
    await expectError(await post(h, '/admin/v1/apps/acme/kick', {}), 404, ErrorCode.NOT_FOUND);
    const res = await fetch(`${h.base}/admin/v1/apps/acme/tokens`, { headers: { authorization: `Bearer ${SECRET}` } });
    expect(res.headers.get('allow')).toBe('POST');
    await expectError(res, 405, ErrorCode.NOT_SUPPORTED);
  });
});

describe('errors from the server', () => {
  let h: Harness;
  afterEach(() => h.close());

  it.each([
    [ErrorCode.INVALID_PARAM, 400],
    [ErrorCode.UNAUTHENTICATED, 401],
    [ErrorCode.PERMISSION_DENIED, 403],
    [ErrorCode.NOT_FOUND, 404],
    [ErrorCode.APP_UNKNOWN, 404],
    [ErrorCode.USER_NOT_FOUND, 404],
    [ErrorCode.ALREADY_EXISTS, 409],
    [ErrorCode.RATE_LIMITED, 429],
    [ErrorCode.NOT_MEMBER, 400],
    [ErrorCode.INTERNAL, 500],
    [ErrorCode.UNAVAILABLE, 503],
  ])('maps ServerError %i to HTTP %i with the error shape', async (code, status) => {
    h = await start({
      createUser: async () => {
        throw new ServerError(code, 'refused for a reason', { detail: 'userId' });
      },
    });
    const error = await expectError(await post(h, '/admin/v1/apps/acme/users', { userId: 'a' }), status, code, 'userId');
    expect(error.message).toBe('refused for a reason');
  });

  it('sends Retry-After for rate limits', async () => {
    h = await start({
      issueToken: async () => {
        throw new ServerError(ErrorCode.RATE_LIMITED, 'slow down', { retryAfterMs: 1500 });
      },
    });
    const res = await post(h, '/admin/v1/apps/acme/tokens', { userId: 'a' });
    expect(res.headers.get('retry-after')).toBe('2');
    expect((await expectError(res, 429, ErrorCode.RATE_LIMITED)) as unknown).toMatchObject({ retryAfterMs: 1500 });
  });

  it('answers 500 INTERNAL without the message of an unknown error, and logs it', async () => {
    h = await start({
      genUserSig: () => {
        throw new Error('database password is hunter2');
      },
    });
    const res = await post(h, '/admin/v1/apps/acme/usersig', { userId: 'a' });
    const error = await expectError(res, 500, ErrorCode.INTERNAL);
    expect(error.name).toBe('INTERNAL');
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect(h.logs.some((line) => line.includes('"level":"error"') && line.includes('hunter2'))).toBe(true);
  });
});

describe('routing, logging and static files', () => {
  let h: Harness;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'parley-static-'));
    const www = join(root, 'www');
    mkdirSync(join(www, 'assets'), { recursive: true });
    mkdirSync(join(www, 'docs'));
    writeFileSync(join(www, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(www, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(www, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(www, 'assets', 'logo.svg'), '<svg/>');
    writeFileSync(join(www, 'docs', 'index.html'), '<p>docs</p>');
    writeFileSync(join(www, '.env'), 'SECRET=1');
    writeFileSync(join(root, 'package.json'), '{"name":"outside"}');
    symlinkSync(join(root, 'package.json'), join(www, 'link.json'));
    h = await start({ staticDir: www });
  });
  afterAll(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers unknown API routes with a JSON 404', async () => {
    for (const path of ['/admin/v2/x', '/parley/nothing', '/admin/v1/apps/acme']) {
      await expectError(await fetch(`${h.base}${path}`), 404, ErrorCode.NOT_FOUND);
    }
    await expectError(await fetch(`${h.base}/index.html`, { method: 'POST' }), 404, ErrorCode.NOT_FOUND);
  });

  it('serves files with their content types', async () => {
    const cases: [string, string, string][] = [
      ['/', 'text/html; charset=utf-8', '<!doctype html><title>app</title>'],
      ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>app</title>'],
      ['/assets/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['/assets/app.css', 'text/css; charset=utf-8', 'body{}'],
      ['/assets/logo.svg', 'image/svg+xml', '<svg/>'],
      ['/docs/', 'text/html; charset=utf-8', '<p>docs</p>'],
      ['/assets/app.js?v=3', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ];
    for (const [path, type, body] of cases) {
      const res = await fetch(`${h.base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(await res.text()).toBe(body);
    }
    const head = await fetch(`${h.base}/assets/app.js`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('14');
    expect(await head.text()).toBe('');
  });

  it('falls back to index.html for unknown paths without an extension, 404 for missing files', async () => {
    const spa = await fetch(`${h.base}/chat/alice`);
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<title>app</title>');
    await expectError(await fetch(`${h.base}/assets/missing.js`), 404, ErrorCode.NOT_FOUND);
  });

  it('refuses path traversal, NUL bytes, dot-files and symlinks out of the directory', async () => {
    for (const path of [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/assets%2f..%2f..%2fpackage.json',
      '/..%5cpackage.json',
      '/index.html%00.js',
      '/%',
    ]) {
      const res = await rawGet(h.base, path);
      expect(res.status, path).toBe(400);
      expect(res.body).not.toContain('outside');
    }
    for (const path of ['/.env', '/link.json']) {
      const res = await rawGet(h.base, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('SECRET');
      expect(res.body).not.toContain('outside');
    }
  });

  it('echoes a plain x-request-id and generates one otherwise', async () => {
    const echoed = await fetch(`${h.base}/healthz`, { headers: { 'x-request-id': 'req-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('req-123');
    const replaced = await fetch(`${h.base}/healthz`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request without the query, headers or body', async () => {
    h.logs.length = 0;
    await post(h, '/admin/v1/apps/acme/tokens?secret=q', { userId: 'logged-user' }, { 'x-request-id': 'log-1' });
    await post(h, '/admin/v1/apps/acme/tokens', { userId: 'a' }, { authorization: `Bearer ${SECRET}-wrong`, 'x-request-id': 'log-2' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lines = h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.requestId === 'log-1')).toMatchObject({
      level: 'info',
      msg: 'http request',
      method: 'POST',
      path: '/admin/v1/apps/acme/tokens',
      status: 200,
      ms: expect.any(Number),
    });
    expect(lines.find((line) => line.requestId === 'log-2')).toMatchObject({ status: 403 });
    const all = h.logs.join('');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('logged-user');
    expect(all).not.toContain('secret=q');
    expect(all).not.toContain('tok-');
  });
});
