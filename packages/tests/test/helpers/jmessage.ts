import { createHash, randomBytes } from 'node:crypto';
import type { AppConfig } from '@parley/server';
import { vi } from 'vitest';
import WebSocket from 'ws';
import { APP, type Harness, startHarness } from './harness.js';

/** The JMessage credentials of the test tenant. */
export const JM_APPKEY = '4f7aef34fb361292c566a1cd';
export const JM_MASTER_SECRET = '054d6103823a726fc12d0466';

/**
 * The integration tenant with JMessage credentials: one session per user (a second login
 * kicks the first, jmessage.md §1.5) and numeric group ids (`gid`).
 */
export const JM_APP: AppConfig = {
  ...APP,
  jmessage: { appkey: JM_APPKEY, masterSecret: JM_MASTER_SECRET },
  policy: { ...APP.policy, webInstances: 1, maxPerPlatform: 1, groupIdFormat: 'numeric' },
};

/** Starts a server whose tenant has JMessage credentials (and whatever `policy` adds). */
export function startJmHarness(policy: AppConfig['policy'] = {}, app: AppConfig = JM_APP): Promise<Harness> {
  return startHarness({}, { ...app, jmessage: { appkey: JM_APPKEY, masterSecret: JM_MASTER_SECRET }, policy: { ...JM_APP.policy, ...app.policy, ...policy } });
}

/** The `init` auth payload as an app's backend builds it (jmessage.md §1.2). */
export function authPayload(options: { timestamp?: number; randomStr?: string; secret?: string; flag?: number; appkey?: string } = {}): Record<string, unknown> {
  const appkey = options.appkey ?? JM_APPKEY;
  const timestamp = String(options.timestamp ?? Date.now());
  const randomStr = options.randomStr ?? randomBytes(12).toString('hex');
  const signature = createHash('md5')
    .update(`appkey=${appkey}&timestamp=${timestamp}&random_str=${randomStr}&key=${options.secret ?? JM_MASTER_SECRET}`)
    .digest('hex')
    .toUpperCase();
  return { appkey, random_str: randomStr, timestamp, signature, ...(options.flag === undefined ? {} : { flag: options.flag }) };
}

export type JmModule = typeof import('@parley/compat-jmessage');
export type JIM = InstanceType<JmModule['JMessage']>;

/** What one request's chain delivered. */
export interface Outcome {
  kind: 'success' | 'fail' | 'timeout';
  data: Record<string, unknown>;
  msg?: unknown;
  /** How many times `onAck` ran before the outcome. */
  acks: number;
}

/** The outcome of a chain, with every callback attached (as a page would). */
export function settle(handle: ReturnType<JIM['login']>): Promise<Outcome> {
  return new Promise((resolve) => {
    let acks = 0;
    handle
      .onAck(() => {
        acks++;
      })
      .onSuccess((data, msg) => resolve({ kind: 'success', data: data as Record<string, unknown>, msg, acks }))
      .onFail((data) => resolve({ kind: 'fail', data: data as unknown as Record<string, unknown>, acks }))
      .onTimeout((data) => resolve({ kind: 'timeout', data: data as unknown as Record<string, unknown>, acks }));
  });
}

/** Like {@link settle}, but anything other than success throws with the payload. */
export async function ok(handle: ReturnType<JIM['login']>): Promise<Outcome> {
  const outcome = await settle(handle);
  if (outcome.kind !== 'success') throw new Error(`expected success, got ${outcome.kind}: ${JSON.stringify(outcome.data)}`);
  return outcome;
}

/** Pages load one at a time, so that each page's modules are one copy (see {@link loadJm}). */
let loading: Promise<unknown> = Promise.resolve();

/**
 * A fresh copy of `@parley/compat-jmessage` (one per simulated page), configured for `h`.
 *
 * The methods a page does not need to start load on their first call (a dynamic import); after
 * the next page's `vi.resetModules()` such an import would load a second copy of the package and
 * of core, whose classes the page's own do not recognise. So each page loads them now, in its
 * own copy, as a real page loads them into its one copy, unless `preload: false` (a page that
 * tests the first-call loading, with no other page loaded after it).
 */
export function loadJm(h: Harness, config: { requestTimeoutMs?: number; WebSocket?: unknown; preload?: boolean } = {}): Promise<JmModule> {
  const next = loading.then(async () => {
    vi.resetModules();
    const mod = await import('@parley/compat-jmessage');
    mod.configure({ url: h.url, WebSocket: (config.WebSocket ?? WebSocket) as never, storage: 'memory', reconnectBaseMs: 50, reconnectMaxMs: 500, ...(config.requestTimeoutMs ? { requestTimeoutMs: config.requestTimeoutMs } : {}) });
    if (config.preload !== false) await mod.preload();
    return mod;
  });
  loading = next.catch(() => {});
  return next;
}

/** A JMessage page: its SDK object and everything its four listeners received. */
export interface JmPage {
  mod: JmModule;
  jim: JIM;
  username: string;
  msgs: Array<Record<string, unknown>>;
  syncs: Array<Array<Record<string, unknown>>>;
  events: Array<Record<string, unknown>>;
  disconnects: number;
}

/** Options of {@link jmPage}. */
export interface JmPageOptions {
  /** Register the account first (default true; an existing account is fine). */
  register?: boolean;
  /** Log in (default true). */
  login?: boolean;
  password?: string;
  flag?: number;
  requestTimeoutMs?: number;
  WebSocket?: unknown;
  /** Load the on-demand methods up front (default true; see {@link loadJm}). */
  preload?: boolean;
}

/**
 * A page written for the vendor SDK: `new JMessage()`, `init`, listeners registered, then
 * `register` and `login` as `username` (password `pw-<username>` unless given).
 */
export async function jmPage(h: Harness, username: string, options: JmPageOptions = {}): Promise<JmPage> {
  const mod = await loadJm(h, options);
  const jim = new mod.JMessage({ debug: false });
  const page: JmPage = { mod, jim, username, msgs: [], syncs: [], events: [], disconnects: 0 };
  jim.onMsgReceive((data) => page.msgs.push(data as Record<string, unknown>));
  jim.onSyncConversation((data) => page.syncs.push(data as Array<Record<string, unknown>>));
  jim.onEventNotification((data) => page.events.push(data as Record<string, unknown>));
  jim.onDisconnect(() => {
    page.disconnects++;
  });
  await ok(jim.init(authPayload(options.flag === undefined ? {} : { flag: options.flag })));
  const password = options.password ?? `pw-${username}`;
  if (options.register !== false) {
    const registered = await settle(jim.register({ username, password }));
    if (registered.kind !== 'success' && registered.data.code !== 882002) throw new Error(`register ${username}: ${JSON.stringify(registered.data)}`);
  }
  if (options.login !== false) await ok(jim.login({ username, password }));
  return page;
}
