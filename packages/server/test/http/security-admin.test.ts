import * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { SECRET_KIND_HEADER } from '../../src/http/admin.js';
import { createUser } from '../../src/model/users.js';
import { OTHER_APP } from '../helpers/app.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';
import { ADMIN_BODIES, type AdminCase, adminCases, adminRequest } from './surface.js';

// Pass-through spy: the comparison of admin secrets must go through timingSafeEqual.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const TIM_KEY = TEST_APP.tim?.secretKey ?? '';
const SECRET = TEST_APP.native.secret;

/** A credential the admin API must refuse, with the status and code it must refuse it with. */
interface BadCredential {
  name: string;
  app: string;
  headers: Record<string, string>;
  status: number;
  code: number;
}

const BAD_CREDENTIALS: readonly BadCredential[] = [
  { name: 'no Authorization', app: TEST_APP.id, headers: {}, status: 401, code: ErrorCode.UNAUTHENTICATED },
  { name: 'an empty bearer', app: TEST_APP.id, headers: { authorization: 'Bearer ' }, status: 401, code: ErrorCode.UNAUTHENTICATED },
  { name: 'the secret as Basic', app: TEST_APP.id, headers: { authorization: `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}` }, status: 401, code: ErrorCode.UNAUTHENTICATED },
  { name: 'the secret without a scheme', app: TEST_APP.id, headers: { authorization: SECRET }, status: 401, code: ErrorCode.UNAUTHENTICATED },
  { name: 'a wrong secret', app: TEST_APP.id, headers: { authorization: 'Bearer wrong-secret' }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: 'the secret with one more character', app: TEST_APP.id, headers: { authorization: `Bearer ${SECRET}x` }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: 'a prefix of the secret', app: TEST_APP.id, headers: { authorization: `Bearer ${SECRET.slice(0, -1)}` }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: 'the secret in another case', app: TEST_APP.id, headers: { authorization: `Bearer ${SECRET.toUpperCase()}` }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: "another tenant's secret", app: TEST_APP.id, headers: { authorization: `Bearer ${OTHER_APP.native.secret}` }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: "this tenant's secret on another tenant", app: OTHER_APP.id, headers: { authorization: `Bearer ${SECRET}` }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: "a vendor secret on a tenant that lacks that vendor", app: OTHER_APP.id, headers: { authorization: `Bearer ${TIM_KEY}`, [SECRET_KIND_HEADER]: 'tim' }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: 'a vendor secret under the native kind', app: TEST_APP.id, headers: { authorization: `Bearer ${TIM_KEY}` }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: 'the native secret under a vendor kind', app: TEST_APP.id, headers: { authorization: `Bearer ${SECRET}`, [SECRET_KIND_HEADER]: 'tim' }, status: 403, code: ErrorCode.PERMISSION_DENIED },
  { name: 'a public MaxLeap client key', app: TEST_APP.id, headers: { authorization: `Bearer ${TEST_APP.maxleap?.keys.client}`, [SECRET_KIND_HEADER]: 'maxleap-master' }, status: 403, code: ErrorCode.PERMISSION_DENIED },
];

/** The refusals every op is walked with. */
const CORE_REFUSALS = ['no Authorization', 'a wrong secret', "another tenant's secret", "this tenant's secret on another tenant"];

let server: TestServer;

async function call(app: string, c: AdminCase, headers: Record<string, string>): Promise<{ status: number; code: number | undefined; message: string }> {
  const { url, body } = adminRequest(app, c);
  const res = await fetch(server.url + url, { method: c.method, headers: { 'content-type': 'application/json', ...headers }, ...(body !== undefined && { body }) });
  const json = (await res.json()) as { error?: { code: number; message: string } };
  return { status: res.status, code: json.error?.code, message: json.error?.message ?? '' };
}

/** Every row of both tenants: a refused call must leave it byte for byte as it was. */
async function snapshot(): Promise<string> {
  const rows = [];
  for (const app of [TEST_APP.id, OTHER_APP.id]) rows.push(...(await server.context.store.list({ prefix: [app] })));
  return rows.map((row) => `${JSON.stringify(row.key)}=${Buffer.from(row.value).toString('hex')}`).join('\n');
}

describe('admin API authentication on every route', () => {
  const cases = adminCases();

  beforeAll(async () => {
    server = await startTestServer({ apps: [TEST_APP, OTHER_APP] });
    for (const app of [TEST_APP.id, OTHER_APP.id]) {
      for (const userId of ['alice', 'bob']) await createUser(server.context.store, app, { userId }, { ifMissing: true });
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('walks the fixed routes and every op the admin API serves', () => {
    const paths = cases.map((c) => `${c.method} ${c.path}`);
    expect(paths).toContain('POST tokens');
    expect(paths).toContain('GET config');
    expect(paths).toContain('POST config');
    expect(paths).toContain('POST ops/msgSend');
    expect(cases.filter((c) => c.path.startsWith('ops/')).length).toBeGreaterThan(50);
    // A new route needs a body that would change something, or "nothing changed" proves little.
    const withoutBody = cases.filter((c) => c.method === 'POST' && !c.path.startsWith('ops/') && !Object.hasOwn(ADMIN_BODIES, c.path));
    expect(withoutBody).toEqual([]);
  });

  it('refuses missing, malformed, wrong, other-kind and other-tenant credentials everywhere, changing nothing', async () => {
    const before = await snapshot();
    const policies = [TEST_APP.id, OTHER_APP.id].map((id) => JSON.stringify(server.context.tenants.get(id)?.policy));
    const wrong: string[] = [];
    let calls = 0;
    for (const c of cases) {
      // Every op shares one endpoint behind the same check: the four core refusals suffice there.
      const credentials = c.path.startsWith('ops/') ? BAD_CREDENTIALS.filter((bad) => CORE_REFUSALS.includes(bad.name)) : BAD_CREDENTIALS;
      calls += credentials.length;
      // The credentials of one route in parallel: the walk is long, and each is independent.
      await Promise.all(
        credentials.map(async (bad) => {
          const answer = await call(bad.app, c, bad.headers);
          if (answer.status !== bad.status || answer.code !== bad.code) wrong.push(`${c.method} ${c.path} with ${bad.name}: ${answer.status} ${answer.code}`);
        }),
      );
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect([TEST_APP.id, OTHER_APP.id].map((id) => JSON.stringify(server.context.tenants.get(id)?.policy))).toEqual(policies);
    console.log(`admin auth walk: ${cases.length} routes, ${calls} refused calls (${BAD_CREDENTIALS.length} kinds of bad credential), store unchanged`);
  });

  it('answers an unknown app 401 without a credential and 404 APP_UNKNOWN with one', async () => {
    for (const c of cases.slice(0, 5)) {
      expect((await call('no-such-app', c, {})).status).toBe(401);
      const answer = await call('no-such-app', c, { authorization: `Bearer ${SECRET}` });
      expect({ status: answer.status, code: answer.code }).toEqual({ status: 404, code: ErrorCode.APP_UNKNOWN });
    }
  });

  it('reaches every route with the right secret (the refusals above are the credential check, not routing)', async () => {
    const unreached: string[] = [];
    for (const c of cases) {
      const answer = await call(TEST_APP.id, c, { authorization: `Bearer ${SECRET}` });
      if ([401, 403, 405].includes(answer.status) || answer.message === 'no such route') unreached.push(`${c.method} ${c.path}: ${answer.status} ${answer.message}`);
    }
    expect(unreached).toEqual([]);
  });

  it('compares secrets in constant time: one timingSafeEqual of two SHA-256 digests, whatever the length or the app', async () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    const config: AdminCase = { path: 'config', method: 'GET' };
    for (const [app, secret] of [
      [TEST_APP.id, 'x'],
      [TEST_APP.id, 'y'.repeat(500)],
      [TEST_APP.id, SECRET.slice(0, -1)],
      ['no-such-app', SECRET],
      [TEST_APP.id, SECRET],
    ] as const) {
      spy.mockClear();
      await call(app, config, { authorization: `Bearer ${secret}` });
      const lengths = spy.mock.calls.map(([a, b]) => [a.byteLength, b.byteLength]);
      expect(lengths, `${app} / ${secret.length} characters`).toEqual([[32, 32]]);
    }
  });
});
