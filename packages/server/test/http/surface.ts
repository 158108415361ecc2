import { readFileSync } from 'node:fs';
import { OPS } from '../../src/gateway/dispatch.js';
import { ADMIN_PATHS, findAdminRoute } from '../../src/http/admin.js';
import { adminServes } from '../../src/http/admin-ops.js';

/**
 * The HTTP surface as the security tests walk it. The admin routes come from the router's own
 * tables (`ADMIN_PATHS`, the op table), so a new admin route is walked without a test change;
 * the other routes are few and fixed, and {@link routerPathLiterals} makes a new one fail a
 * test until it is added here.
 */

/** One admin route and method, relative to `/admin/v1/apps/:appId/`. */
export interface AdminCase {
  path: string;
  method: 'GET' | 'POST';
}

/** Every admin route with every method it has: the fixed paths, then `ops/<op>` for each op it serves. */
export function adminCases(): AdminCase[] {
  const cases: AdminCase[] = [];
  for (const path of ADMIN_PATHS) {
    const route = findAdminRoute(path);
    if (route === undefined) throw new Error(`ADMIN_PATHS names ${path}, which the router does not find`);
    for (const method of Object.keys(route.methods) as AdminCase['method'][]) cases.push({ path, method });
  }
  for (const op of Object.keys(OPS).filter(adminServes).sort()) cases.push({ path: `ops/${op}`, method: 'POST' });
  return cases;
}

/**
 * Bodies that would change something if a refused call got through anyway (users created,
 * deleted or kicked, a policy changed, a message sent), so "nothing changed" means something.
 * Ops get `{}` and a subject in the query.
 */
export const ADMIN_BODIES: Readonly<Record<string, unknown>> = {
  tokens: { userId: 'alice' },
  users: { userId: 'intruder' },
  usersig: { userId: 'alice' },
  'users/import': { users: [{ userId: 'intruder-2' }] },
  'users/update': { userId: 'alice', patch: { nickname: 'pwned' } },
  'users/disable': { userId: 'alice' },
  'users/enable': { userId: 'alice' },
  'users/delete': { userId: 'alice' },
  'users/resetPassword': { userId: 'alice', password: 'pwned-password' },
  'users/forbidSend': { userId: 'alice', forbid: true },
  kick: { userId: 'alice' },
  revoke: { ref: { convId: 'c2c:bob', seq: 1 } },
  messages: { from: 'alice', message: { convId: 'c2c:bob', elements: [{ text: { text: 'pwned' } }] } },
  'friends/add': { userId: 'alice', friendId: 'bob' },
  'friends/remove': { userId: 'alice', friendId: 'bob' },
  config: { policy: { revokeWindowSec: 1 } },
};

/** The URL path and body of an admin case for app `appId`. */
export function adminRequest(appId: string, c: AdminCase): { url: string; body: string | undefined } {
  const query = c.path.startsWith('ops/') ? '?subject=alice' : '';
  const body = c.method === 'GET' ? undefined : JSON.stringify(ADMIN_BODIES[c.path] ?? {});
  return { url: `/admin/v1/apps/${encodeURIComponent(appId)}/${c.path}${query}`, body };
}

/**
 * The path literals in `src/http/router.ts` (`'/healthz'`, API prefixes, …). The security
 * tests know these; a route added under a new literal changes this list and fails them.
 */
export function routerPathLiterals(): string[] {
  const source = readFileSync(new URL('../../src/http/router.ts', import.meta.url), 'utf8');
  return [...new Set([...source.matchAll(/'(\/[^'\s]*)'/g)].map((m) => m[1] ?? ''))].sort();
}

/** The literals {@link routerPathLiterals} is expected to find, and what covers each. */
export const KNOWN_ROUTER_LITERALS: Readonly<Record<string, string>> = {
  '/': 'the request-target check (absolute-form targets are refused)',
  '/admin/': 'API prefix: unknown paths under it are JSON 404s',
  '/parley/': 'API prefix: unknown paths under it are JSON 404s',
  '/healthz': 'health check',
  '/readyz': 'readiness check',
};
