import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { DEV_CREDENTIALS_PATH } from '../../src/http/dev-credentials.js';
import { API_CSP, DEFAULT_STATIC_CSP } from '../../src/http/headers.js';
import { createHttpHandler } from '../../src/http/router.js';
import type { HttpDeps } from '../../src/http/types.js';
import { nullLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/server.js';
import type { TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';
import { adminCases, adminRequest, KNOWN_ROUTER_LITERALS, routerPathLiterals } from './surface.js';

/** What a response is, for the headers it must carry. */
type Kind = 'api' | 'static' | 'media';

interface Answer {
  label: string;
  kind: Kind;
  status: number;
  headers: IncomingHttpHeaders;
}

/** Any request, with the target sent as written, and the answer's headers (the body is drained). */
function raw(base: string, method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/`, { method, path: target, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The headers every response carries, and those of its kind. */
function checkHeaders(answer: Answer, options: { hsts?: string } = {}): string[] {
  const h = answer.headers;
  const problems: string[] = [];
  const want = (name: string, value: string | undefined): void => {
    if (h[name] !== value) problems.push(`${answer.label} (${answer.status}): ${name} is ${JSON.stringify(h[name])}, expected ${JSON.stringify(value)}`);
  };
  want('x-content-type-options', 'nosniff');
  want('referrer-policy', 'no-referrer');
  want('strict-transport-security', options.hsts);
  want('access-control-allow-credentials', undefined);
  if (typeof h['x-request-id'] !== 'string') problems.push(`${answer.label}: no x-request-id`);
  want('x-frame-options', 'DENY');
  if (answer.kind === 'static') want('content-security-policy', DEFAULT_STATIC_CSP);
  else if (answer.kind === 'media') want('content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'");
  else want('content-security-policy', API_CSP);
  if (answer.kind === 'api' && answer.status !== 204 && h['cache-control'] !== 'no-store') problems.push(`${answer.label}: JSON without no-store`);
  return problems;
}

describe('security headers on every route', () => {
  let server: TestServer;
  let dev: RunningServer;
  let alice: TestClient;
  let www: string;
  const answers: Answer[] = [];

  async function record(label: string, kind: Kind, method: string, target: string, headers: Record<string, string> = {}, body?: string, base = server.url): Promise<Answer> {
    const res = await raw(base, method, target, headers, body);
    const answer = { label: `${method} ${label}`, kind, ...res };
    answers.push(answer);
    return answer;
  }

  beforeAll(async () => {
    www = mkdtempSync(join(tmpdir(), 'parley-headers-'));
    mkdirSync(join(www, 'assets'));
    writeFileSync(join(www, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(www, 'assets', 'app.js'), 'console.log(1)');
    server = await startTestServer({ staticDir: www });
    alice = await server.login('alice');
    dev = await startServer({ host: '127.0.0.1', port: 0, store: 'memory', dataDir: mkdtempSync(join(tmpdir(), 'parley-headers-dev-')), devTenant: true, devCredentials: true, apps: [] }, { log: nullLogger });
  });
  afterAll(async () => {
    alice.close();
    await server.stop();
    await dev.close();
    rmSync(www, { recursive: true, force: true });
  });

  it('knows every path literal of the router (a new route must be added to these tests)', () => {
    expect(routerPathLiterals()).toEqual(Object.keys(KNOWN_ROUTER_LITERALS).sort());
  });

  it('carries nosniff, no-referrer, no framing, a CSP and a request id on every answer, and no HSTS by default', async () => {
    const json = { 'content-type': 'application/json' };
    // Health, errors and refusals of the router itself.
    await record('/healthz', 'api', 'GET', '/healthz');
    await record('/healthz', 'api', 'HEAD', '/healthz');
    await record('/readyz', 'api', 'GET', '/readyz');
    await record('/healthz', 'api', 'POST', '/healthz');
    await record('/parley/nothing', 'api', 'GET', '/parley/nothing');
    await record('absolute-form target', 'api', 'GET', 'http://elsewhere.example/healthz');
    await record('preflight', 'api', 'OPTIONS', '/healthz', { origin: 'https://x.example', 'access-control-request-method': 'GET' });

    // Media: upload, downloads, ranges, validators and refusals.
    const ticket = await alice.request('mediaUploadTicket', { kind: 0, fileName: 'a.txt', mime: 'text/plain', size: 5 });
    await record('media upload without token', 'api', 'POST', ticket.uploadUrl, {}, 'hello');
    const uploadRes = await fetch(server.url + ticket.uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${ticket.token}` }, body: 'hello' });
    answers.push({ label: 'POST media upload', kind: 'api', status: uploadRes.status, headers: Object.fromEntries(uploadRes.headers) });
    const media = (await uploadRes.json()) as { url: string; mediaId: string };
    const bare = media.url.split('?')[0] ?? '';
    await record('media download', 'media', 'GET', media.url);
    await record('media download', 'media', 'HEAD', media.url);
    await record('media range', 'media', 'GET', media.url, { range: 'bytes=1-2' });
    await record('media bad range', 'media', 'GET', media.url, { range: 'bytes=9-' });
    await record('media not modified', 'media', 'GET', media.url, { 'if-none-match': `"${media.mediaId}.original"` });
    await record('media without credential', 'api', 'GET', bare);
    await record('media forged', 'api', 'GET', `${bare}?exp=0&sig=x`);
    await record('media wrong method', 'api', 'PUT', bare);
    // An allowed preflight (204), once the app allows an origin.
    const cors = { policy: { corsOrigins: ['https://x.example'] } };
    await fetch(`${server.url}/admin/v1/apps/${TEST_APP.id}/config`, { method: 'POST', headers: { ...json, authorization: `Bearer ${TEST_APP.native.secret}` }, body: JSON.stringify(cors) }).then((r) => r.arrayBuffer());
    await record('media preflight', 'api', 'OPTIONS', ticket.uploadUrl, { origin: 'https://x.example', 'access-control-request-method': 'POST' });
    await record('media from an allowed origin', 'media', 'GET', media.url, { origin: 'https://x.example' });

    // The admin API: every route, refused and served.
    await record('admin without secret', 'api', 'POST', `/admin/v1/apps/${TEST_APP.id}/tokens`, json, '{}');
    await record('admin unknown route', 'api', 'GET', `/admin/v1/apps/${TEST_APP.id}/nope`);
    for (const c of adminCases()) {
      const { url, body } = adminRequest(TEST_APP.id, c);
      await record(`admin ${c.path}`, 'api', c.method, url, { ...json, authorization: `Bearer ${TEST_APP.native.secret}` }, body);
    }

    // Static files, the single-page fallback and refusals under them.
    await record('/', 'static', 'GET', '/');
    await record('/assets/app.js', 'static', 'GET', '/assets/app.js');
    await record('/chat/alice', 'static', 'GET', '/chat/alice');
    await record('/assets/missing.js', 'static', 'GET', '/assets/missing.js');
    await record('/%2e%2e/etc', 'static', 'GET', '/%2e%2e/etc');
    await record('/index.html', 'api', 'POST', '/index.html');

    // Development sign-in, on the server that has it.
    await record('dev credentials', 'api', 'POST', DEV_CREDENTIALS_PATH, json, JSON.stringify({ vendor: 'native', userId: 'alice' }), dev.url);
    await record('dev credentials', 'api', 'GET', DEV_CREDENTIALS_PATH, {}, undefined, dev.url);

    const statuses = new Set(answers.map((a) => a.status));
    for (const status of [200, 201, 204, 206, 304, 400, 401, 403, 404, 405, 416]) expect(statuses, `a ${status} was walked`).toContain(status);
    expect(answers.flatMap((a) => checkHeaders(a))).toEqual([]);
    console.log(`security headers: ${answers.length} answers checked, statuses ${[...statuses].sort().join(' ')}`);
  });
});

describe('configured headers', () => {
  let root: string;
  let servers: Server[] = [];

  async function serve(extra: Partial<HttpDeps>): Promise<string> {
    const deps: HttpDeps = {
      log: nullLogger,
      findApp: () => undefined,
      issueToken: async () => ({ token: '', expiresAt: 0 }),
      createUser: async () => ({ userId: '', tinyId: 0, createdAt: 0 }),
      genUserSig: () => '',
      ready: () => ({ ready: true }),
      staticDir: root,
      ...extra,
    };
    const server = createServer(createHttpHandler(deps));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'parley-headers-cfg-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    servers = [];
    rmSync(root, { recursive: true, force: true });
  });

  it('sends HSTS on every answer when hstsMaxAgeSec is set', async () => {
    const base = await serve({ hstsMaxAgeSec: 31_536_000 });
    for (const [target, kind] of [
      ['/healthz', 'api'],
      ['/', 'static'],
      ['/admin/v1/apps/x/tokens', 'api'],
      ['/nothing.js', 'static'],
    ] as const) {
      const res = await raw(base, 'GET', target);
      expect(checkHeaders({ label: target, kind, ...res }, { hsts: 'max-age=31536000' })).toEqual([]);
    }
  });

  it('takes the static CSP from staticCsp, with X-Frame-Options following its frame-ancestors', async () => {
    const cases: [string, string | undefined, string | undefined][] = [
      ["default-src 'self'; frame-ancestors https://portal.example", "default-src 'self'; frame-ancestors https://portal.example", undefined],
      ["default-src 'self'; frame-ancestors 'self'", "default-src 'self'; frame-ancestors 'self'", 'SAMEORIGIN'],
      ["default-src 'self'", "default-src 'self'", 'DENY'],
      ['', undefined, 'DENY'],
    ];
    for (const [staticCsp, csp, frame] of cases) {
      const base = await serve({ staticCsp });
      const page = await raw(base, 'GET', '/');
      expect({ csp: page.headers['content-security-policy'], frame: page.headers['x-frame-options'] }).toEqual({ csp, frame });
      // The API keeps its own policy whatever the pages get.
      const api = await raw(base, 'GET', '/healthz');
      expect({ csp: api.headers['content-security-policy'], frame: api.headers['x-frame-options'] }).toEqual({ csp: API_CSP, frame: 'DENY' });
    }
  });

  it('reads hstsMaxAgeSec and staticCsp from the config file and refuses a CSP that would split the header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-headers-load-'));
    try {
      const write = (config: object): string => {
        const path = join(dir, 'parley.json');
        writeFileSync(path, JSON.stringify(config));
        return path;
      };
      const config = loadConfig({ argv: ['-c', write({ hstsMaxAgeSec: 600, staticCsp: "default-src 'self'" })], env: {}, cwd: dir });
      expect(config).toMatchObject({ hstsMaxAgeSec: 600, staticCsp: "default-src 'self'" });
      expect(loadConfig({ argv: [], env: {}, cwd: dir }).hstsMaxAgeSec).toBe(0);
      expect(() => loadConfig({ argv: ['-c', write({ staticCsp: "default-src 'self'\r\nSet-Cookie: a=b" })], env: {}, cwd: dir })).toThrow(/staticCsp/);
      expect(() => loadConfig({ argv: ['-c', write({ hstsMaxAgeSec: -1 })], env: {}, cwd: dir })).toThrow(/hstsMaxAgeSec/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
