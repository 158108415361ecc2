import type { AppConfig } from '@parley/server';
// The real signing library apps use on their servers (tim.md §1.5): the server must accept its UserSigs.
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { vi } from 'vitest';
import WebSocket from 'ws';
import { APP, type Harness, startHarness } from './harness.js';

/** The TIM credentials of the test tenant. */
export const TIM_SDK_APP_ID = 1400000001;
export const TIM_SECRET_KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';

/** The integration tenant with TIM credentials (several web instances unless a test says otherwise). */
export const TIM_APP: AppConfig = { ...APP, tim: { sdkAppId: TIM_SDK_APP_ID, secretKey: TIM_SECRET_KEY } };

/** A UserSig made by `tls-sig-api-v2`, exactly as an app's backend makes one. */
export function userSig(userId: string, expireSec = 86_400): string {
  const api = new TLSSigAPIv2.Api(TIM_SDK_APP_ID, TIM_SECRET_KEY);
  return api.genUserSig(userId, expireSec);
}

/** The `TIM` default export, as an app imports it. */
export type TIMStatic = (typeof import('@parley/compat-tim'))['default'];
export type ChatSDK = ReturnType<TIMStatic['create']>;

/**
 * A fresh copy of `@parley/compat-tim`, configured for `harness`. `TIM.create` returns one
 * instance per SDKAppID per page, so each simulated page (user) loads its own module copy.
 */
export async function loadTim(harness: Harness): Promise<TIMStatic> {
  vi.resetModules();
  const mod = await import('@parley/compat-tim');
  mod.configure({ url: harness.url, WebSocket: WebSocket as never, storage: 'memory', reconnectBaseMs: 50, reconnectMaxMs: 500 });
  // The areas that load on first use must load into this copy now: once the next page resets
  // the module registry, a later first call would load a second copy of the package.
  await mod.preload();
  return mod.default;
}

/** A TIM page: its `TIM`, its instance, and every event it saw. */
export interface TimPage {
  TIM: TIMStatic;
  tim: ChatSDK;
  events: Array<{ name: string; data?: unknown }>;
  /** The data of every emission of one event. */
  seen(name: string): unknown[];
}

/** Creates a TIM page for `userId` that records every event; logs in and waits for SDK_READY unless `login: false`. */
export async function timPage(harness: Harness, userId: string, options: { login?: boolean; sig?: string } = {}): Promise<TimPage> {
  const TIM = await loadTim(harness);
  const tim = TIM.create({ SDKAppID: TIM_SDK_APP_ID });
  tim.setLogLevel(4);
  const events: TimPage['events'] = [];
  for (const name of Object.values(TIM.EVENT) as string[]) tim.on(name, (event: { name: string; data?: unknown }) => events.push(event));
  const page: TimPage = { TIM, tim, events, seen: (name) => events.filter((e) => e.name === name).map((e) => e.data) };
  if (options.login !== false) {
    const ready = new Promise<void>((resolve) => tim.once(TIM.EVENT.SDK_READY, () => resolve()));
    await tim.login({ userID: userId, userSig: options.sig ?? userSig(userId) });
    await ready;
  }
  return page;
}

/** Starts a server whose tenant has TIM credentials. */
export function startTimHarness(policy: AppConfig['policy'] = {}): Promise<Harness> {
  return startHarness({}, { ...TIM_APP, policy: { ...TIM_APP.policy, ...policy } });
}
