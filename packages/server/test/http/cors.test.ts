import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import { resolvePolicy } from '../../src/config/policy.js';
import type { AppConfig } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { OTHER_APP } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const APP_ORIGIN = 'https://app.example';
const EVIL_ORIGIN = 'https://evil.example';
const CONSOLE_ORIGIN = 'https://console.example';

/** The test tenant with one allowed origin for media; the other tenant allows any origin. */
const CORS_APP: AppConfig = { ...TEST_APP, policy: { ...TEST_APP.policy, corsOrigins: [APP_ORIGIN] } };
const OPEN_APP: AppConfig = { ...OTHER_APP, policy: { corsOrigins: ['*'] } };

let server: TestServer;
let alice: TestClient;
let mediaUrl: string;
/** Every response the tests saw: none may allow credentials. */
const seen: Response[] = [];

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(server.url + path, init);
  seen.push(res);
  return res;
}

function preflight(path: string, origin: string, method: string, headers = 'authorization, content-type'): Promise<Response> {
  return send(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });
}

async function expectAllowed(res: Response, origin: string, methods: string): Promise<void> {
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe(origin);
  expect(res.headers.get('access-control-allow-methods')).toBe(methods);
  expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
  expect(res.headers.get('access-control-max-age')).toBe('600');
  expect(res.headers.get('vary')).toContain('origin');
  expect(await res.text()).toBe('');
}

async function expectRefused(res: Response): Promise<void> {
  expect(res.status).toBe(403);
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
  expect(await res.json()).toMatchObject({ error: { code: ErrorCode.PERMISSION_DENIED, detail: 'origin' } });
}

function admin(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return send(`/admin/v1/apps/${CORS_APP.id}/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${CORS_APP.native.secret}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  server = await startTestServer({ apps: [CORS_APP, OPEN_APP] });
  alice = await server.login('alice');
  const ticket = await alice.request('mediaUploadTicket', { kind: 0, fileName: 'a.txt', mime: 'text/plain', size: 5 });
  const res = await send(ticket.uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${ticket.token}`, origin: APP_ORIGIN }, body: 'hello' });
  expect(res.status).toBe(201);
  expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  mediaUrl = ((await res.json()) as { url: string }).url;
});
afterAll(async () => {
  alice.close();
  await server.stop();
  // Parley has no cookies: no answer may ever allow a credentialed cross-origin read.
  expect(seen.length).toBeGreaterThan(30);
  for (const res of seen) expect(res.headers.get('access-control-allow-credentials')).toBeNull();
});

describe('media routes across origins', () => {
  it("answers a preflight from an origin in the app's corsOrigins with the route's methods", async () => {
    await expectAllowed(await preflight(`/parley/media/${CORS_APP.id}`, APP_ORIGIN, 'POST'), APP_ORIGIN, 'POST');
    await expectAllowed(await preflight(mediaUrl.split('?')[0] ?? '', APP_ORIGIN, 'GET', 'authorization, range'), APP_ORIGIN, 'GET, HEAD');
  });

  it('refuses a preflight from another origin, for another method, from "null", or for an unknown app', async () => {
    await expectRefused(await preflight(`/parley/media/${CORS_APP.id}`, EVIL_ORIGIN, 'POST'));
    await expectRefused(await preflight(`/parley/media/${CORS_APP.id}`, APP_ORIGIN, 'PUT'));
    await expectRefused(await preflight(`/parley/media/${CORS_APP.id}`, 'null', 'POST'));
    await expectRefused(await preflight('/parley/media/nope', APP_ORIGIN, 'POST'));
  });

  it('lets an allowed origin read answers, errors included, and keys caches on Origin', async () => {
    const ok = await send(mediaUrl, { headers: { origin: APP_ORIGIN } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(ok.headers.get('access-control-expose-headers')).toContain('content-range');
    expect(ok.headers.get('vary')).toBe('origin');
    expect(await ok.text()).toBe('hello');

    const denied = await send(mediaUrl.split('?')[0] ?? '', { headers: { origin: APP_ORIGIN } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(denied.headers.get('access-control-expose-headers')).toContain('www-authenticate');
    await denied.arrayBuffer();

    // Another origin and a same-origin request get no allow header, but the same Vary.
    for (const headers of [{ origin: EVIL_ORIGIN }, {}]) {
      const res = await send(mediaUrl, { headers });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('vary')).toBe('origin');
      await res.arrayBuffer();
    }
  });

  it('answers "*" to any origin of an app that allows any, still without credentials', async () => {
    await expectAllowed(await preflight(`/parley/media/${OPEN_APP.id}`, EVIL_ORIGIN, 'POST'), '*', 'POST');
    const token = issueToken({ appId: OPEN_APP.id, userId: 'x', kind: 'native', ttlSec: 60 }, OPEN_APP.native.secret).token;
    const res = await send(`/parley/media/${OPEN_APP.id}/AAAAAAAAAAAAAAAAAAAA`, { headers: { origin: 'null', authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    await res.arrayBuffer();
  });
});

describe('the admin API across origins', () => {
  it('is not callable from a browser page by default, not even from an origin allowed for media', async () => {
    for (const origin of [APP_ORIGIN, CONSOLE_ORIGIN]) await expectRefused(await preflight(`/admin/v1/apps/${CORS_APP.id}/tokens`, origin, 'POST'));
    const res = await admin('config', undefined, { origin: APP_ORIGIN });
    // A caller that is no browser is served (its secret is what counts), but a page could not read it.
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await res.arrayBuffer();
  });

  it("follows adminCorsOrigins, changed at run time through the app's config", async () => {
    await admin('config', { policy: { adminCorsOrigins: [CONSOLE_ORIGIN] } }).then((r) => r.arrayBuffer());
    await expectAllowed(await preflight(`/admin/v1/apps/${CORS_APP.id}/tokens`, CONSOLE_ORIGIN, 'POST'), CONSOLE_ORIGIN, 'POST');
    await expectAllowed(await preflight(`/admin/v1/apps/${CORS_APP.id}/config`, CONSOLE_ORIGIN, 'GET'), CONSOLE_ORIGIN, 'GET, POST');
    await expectAllowed(await preflight(`/admin/v1/apps/${CORS_APP.id}/ops/convList`, CONSOLE_ORIGIN, 'POST'), CONSOLE_ORIGIN, 'POST');
    await expectRefused(await preflight(`/admin/v1/apps/${CORS_APP.id}/tokens`, CONSOLE_ORIGIN, 'GET'));
    await expectRefused(await preflight(`/admin/v1/apps/${OPEN_APP.id}/tokens`, CONSOLE_ORIGIN, 'POST'));
    const wrongSecret = await send(`/admin/v1/apps/${CORS_APP.id}/config`, { headers: { origin: CONSOLE_ORIGIN, authorization: 'Bearer wrong' } });
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
    await wrongSecret.arrayBuffer();

    await admin('config', { policy: { adminCorsOrigins: null } }).then((r) => r.arrayBuffer());
    await expectRefused(await preflight(`/admin/v1/apps/${CORS_APP.id}/tokens`, CONSOLE_ORIGIN, 'POST'));
  });

  it('refuses origins that could never match, naming the key, and changes nothing', async () => {
    for (const bad of ['https://app.example/', 'https://APP.example', 'app.example', 'https://*.example', 'null', 'https://app.example/path', 42]) {
      expect(() => resolvePolicy({ corsOrigins: [bad as string] })).toThrow(/policy\.corsOrigins\[0\]/);
      const res = await admin('config', { policy: { adminCorsOrigins: [bad] } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: ErrorCode.INVALID_PARAM, detail: 'policy.adminCorsOrigins' } });
    }
    expect(resolvePolicy({ corsOrigins: ['*', 'http://localhost:5173', 'capacitor://localhost', 'http://[::1]:8080'] }).corsOrigins).toHaveLength(4);
    expect(server.context.tenants.get(CORS_APP.id)?.policy.adminCorsOrigins).toEqual([]);
  });
});

describe('routes that are same-origin only', () => {
  it('refuses every other preflight: health, development sign-in, static files, unknown API paths', async () => {
    for (const path of ['/healthz', '/readyz', '/parley/dev/v1/credentials', '/', '/index.html', '/parley/nothing', '/parley/ws']) {
      await expectRefused(await preflight(path, APP_ORIGIN, 'POST'));
    }
  });

  it('answers an OPTIONS that is no preflight as before (405 on a known route)', async () => {
    const res = await send(`/admin/v1/apps/${CORS_APP.id}/tokens`, { method: 'OPTIONS' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    await res.arrayBuffer();
  });
});
