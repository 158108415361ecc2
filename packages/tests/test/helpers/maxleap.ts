import type { AppConfig } from '@parley/server';
import { vi } from 'vitest';
import WebSocket from 'ws';
import { APP, eventually, type Harness, startHarness } from './harness.js';

/** The MaxLeap credentials of the test tenant: the app id and its four keys (any one signs). */
export const ML_APP_ID = '56a86320e9db7300015438f7';
export const ML_KEYS = { client: 'ml-client-key-0123', javascript: 'ml-javascript-key-0123', rest: 'ml-rest-key-0123', master: 'ml-master-key-0123' };

/** The integration tenant with MaxLeap credentials (several sessions per user: `yourself`). */
export const ML_APP: AppConfig = { ...APP, maxleap: { appId: ML_APP_ID, keys: ML_KEYS }, policy: { ...APP.policy } };

/** Starts a server whose tenant has MaxLeap credentials (and whatever `policy` or `app` add). */
export function startMaxleapHarness(policy: AppConfig['policy'] = {}, app: AppConfig = ML_APP): Promise<Harness> {
  return startHarness({}, { ...app, maxleap: { appId: ML_APP_ID, keys: ML_KEYS }, policy: { ...ML_APP.policy, ...app.policy, ...policy } });
}

export type MlModule = typeof import('@parley/compat-maxleap');
export type MlIm = ReturnType<MlModule['im']>;

/** A fresh copy of `@parley/compat-maxleap` (one per simulated page), configured for `h`. */
export async function loadMl(h: Harness): Promise<MlModule> {
  vi.resetModules();
  const mod = await import('@parley/compat-maxleap');
  mod.configure({ url: h.url, WebSocket: WebSocket as never, storage: 'memory', reconnectBaseMs: 50, reconnectMaxMs: 500 });
  return mod;
}

/** A MaxLeap page: its instance and everything its login callback and five listeners received. */
export interface MlPage {
  mod: MlModule;
  im: MlIm;
  logins: Array<{ id?: string; success: boolean; error?: number }>;
  messages: Array<Record<string, unknown>>;
  online: unknown[];
  offline: unknown[];
  sys: Array<Record<string, unknown>>;
  yourself: Array<Record<string, unknown>>;
  /** Calls a REST helper with a callback appended; resolves with what the callback got. */
  call(method: string, ...args: unknown[]): Promise<{ err: unknown; data: unknown }>;
}

/** Creates an instance with `options` (appId and the JavaScript key filled in) and waits for its first login callback. */
export async function mlPage(h: Harness, options: Record<string, unknown> = {}, { waitLogin = true } = {}): Promise<MlPage> {
  const mod = await loadMl(h);
  const logins: MlPage['logins'] = [];
  const im = mod.im({ appId: ML_APP_ID, clientId: ML_KEYS.javascript, region: 'cn', ...options }, (data) => logins.push(data));
  const page: MlPage = {
    mod,
    im,
    logins,
    messages: [],
    online: [],
    offline: [],
    sys: [],
    yourself: [],
    call: (method, ...args) =>
      new Promise((resolve) => {
        (im as unknown as Record<string, (...a: unknown[]) => void>)[method]?.(...args, (err: unknown, data: unknown) => resolve({ err, data }));
      }),
  };
  im.onMessage((m) => page.messages.push(m as Record<string, unknown>));
  im.online((id) => page.online.push(id));
  im.offline((id) => page.offline.push(id));
  im.sys((m) => page.sys.push(m as Record<string, unknown>));
  im.yourself((m) => page.yourself.push(m as Record<string, unknown>));
  if (waitLogin) await eventually(() => expect(logins.length).toBeGreaterThan(0));
  return page;
}

import { expect } from 'vitest';
