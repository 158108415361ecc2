import type { AppConfig } from '@parley/server';
import { vi } from 'vitest';
import WebSocket from 'ws';
import { APP, type Harness, startHarness } from './harness.js';

/** The OpenIM secret of the test tenant (the app server exchanges it for user tokens). */
export const OPENIM_SECRET = '0f3c6d1e9b2a47c58e1d2f3a4b5c6d7e';

/** The integration tenant with OpenIM credentials. */
export const OPENIM_APP: AppConfig = { ...APP, openim: { secret: OPENIM_SECRET } };

/** Starts a server whose tenant has OpenIM credentials (and whatever else `app` adds). */
export function startOpenImHarness(policy: AppConfig['policy'] = {}, app: AppConfig = OPENIM_APP): Promise<Harness> {
  return startHarness({}, { ...app, openim: { secret: OPENIM_SECRET }, policy: { ...app.policy, ...policy } });
}

/**
 * An OpenIM token for `userId`, as an app's business server gets one: the user is registered,
 * then the admin API issues the token with the app's OpenIM secret.
 */
export async function openimToken(h: Harness, userId: string, options: { platformID?: number; ttlSec?: number } = {}): Promise<string> {
  await h.token(userId); // registers the user
  const issued = (await h.admin('tokens', { userId, kind: 'openim', ttlSec: options.ttlSec ?? 3600, ...(options.platformID === undefined ? {} : { platform: options.platformID }) })) as { token: string };
  return issued.token;
}

export type OpenImModule = typeof import('@parley/compat-openim');
export type OpenIMSDK = InstanceType<OpenImModule['OpenIMSDK']>;
/** A WsResponse as the SDK resolves, rejects and emits it. */
export interface WsResponse {
  event: string;
  errCode: number;
  errMsg: string;
  data: string;
  operationID: string;
}

/** Pages load one at a time, so that each page's modules are one copy (see {@link loadOpenIm}). */
let loading: Promise<unknown> = Promise.resolve();

/**
 * A fresh copy of `@parley/compat-openim` (one per simulated page); the server URL comes with each login, as in OpenIM.
 *
 * The package fetches the part a chat page does not need to start on first use (a dynamic
 * `import()`). A dynamic import resolves in the newest copy of the modules when it runs, which
 * after a later page's `vi.resetModules()` is that page's copy, not this one's; a browser page
 * has one copy of everything. So the part is loaded now, into this page's copy, unless
 * `preload: false` (a page that fetches it on first use, as a browser does; create no page after it).
 */
export function loadOpenIm(options: { preload?: boolean } = {}): Promise<OpenImModule> {
  const next = loading.then(async () => {
    vi.resetModules();
    const mod = await import('@parley/compat-openim');
    if (options.preload !== false) await (await import('../../../compat-openim/src/part.js')).later.load();
    mod.configure({ WebSocket: WebSocket as never, storage: 'memory', reconnectBaseMs: 50, reconnectMaxMs: 500 });
    return mod;
  });
  loading = next.catch(() => {});
  return next;
}

/** An OpenIM page: its module, its SDK object, and every callback event it received. */
export interface OpenImPage {
  mod: OpenImModule;
  sdk: OpenIMSDK;
  userId: string;
  events: WsResponse[];
  /** The `data` of every emission of one event, parsed when it is JSON. */
  seen(event: string): unknown[];
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** Creates a page for `userId` that records every event, and logs in unless `login: false` (`preload`: see {@link loadOpenIm}). */
export async function openimPage(h: Harness, userId: string, options: { login?: boolean; platformID?: number; token?: string; preload?: boolean } = {}): Promise<OpenImPage> {
  const mod = await loadOpenIm(options.preload === false ? { preload: false } : {});
  const sdk = new mod.OpenIMSDK();
  const events: WsResponse[] = [];
  for (const event of new Set(Object.values(mod.CbEvents) as string[])) sdk.on(event as never, (res: WsResponse) => events.push(res));
  const page: OpenImPage = { mod, sdk, userId, events, seen: (event) => events.filter((e) => e.event === event).map((e) => parse(e.data)) };
  if (options.login !== false) {
    const platformID = options.platformID ?? 5;
    await sdk.login({ userID: userId, token: options.token ?? (await openimToken(h, userId, { platformID })), url: h.url, platformID });
  }
  return page;
}
