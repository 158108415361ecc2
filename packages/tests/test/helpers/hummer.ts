import type { AppConfig } from '@parley/server';
import { vi } from 'vitest';
import WebSocket from 'ws';
import { APP, type Harness, startHarness } from './harness.js';

/** The Hummer credentials of the test tenant (token mode: the app's server issues tokens). */
export const HUMMER_APPID = 1350626568;
export const HUMMER_TOKEN_SECRET = 'hummer-token-secret-0123456789abcdef';

/** The integration tenant with Hummer credentials; a second login of a user kicks the first (ForceoutOffline 100). */
export const HUMMER_APP: AppConfig = {
  ...APP,
  hummer: { appid: HUMMER_APPID, tokenSecret: HUMMER_TOKEN_SECRET, tokenMode: 'token' },
  policy: { ...APP.policy, webInstances: 1, maxPerPlatform: 1 },
};

/** Starts a server whose tenant has Hummer credentials (and whatever `policy` or `app` add). */
export function startHummerHarness(policy: AppConfig['policy'] = {}, app: AppConfig = HUMMER_APP): Promise<Harness> {
  return startHarness({}, { ...app, hummer: { appid: HUMMER_APPID, tokenSecret: HUMMER_TOKEN_SECRET, tokenMode: 'token' }, policy: { ...HUMMER_APP.policy, ...app.policy, ...policy } });
}

/** A Hummer token for `uid`, as the app's business server gets one (admin API, the app's token secret). */
export async function hummerToken(h: Harness, uid: string, ttlSec = 3600): Promise<string> {
  const issued = (await h.admin('tokens', { userId: uid, kind: 'hummer', ttlSec })) as { token: string };
  return issued.token;
}

export type HummerModule = typeof import('@parley/compat-hummer');
export type HummerObject = ReturnType<HummerModule['createHummer']>;
export type ChatRoomObject = ReturnType<HummerObject['createChatRoomInstance']>;

/** Pages load one at a time, so that each page's modules are one copy (see {@link loadHummer}). */
let loading: Promise<unknown> = Promise.resolve();

/**
 * A fresh copy of `@parley/compat-hummer` (one per simulated page), configured for `h`.
 *
 * The calls a page does not need to start load on their first use (a dynamic import); after the
 * next page's `vi.resetModules()` such an import would load a second copy of the package and of
 * core, whose classes the page's own do not recognise. So each page loads them now, in its own
 * copy, as a real page loads them into its one copy, unless `preload: false` (a page that tests
 * the first-use loading, with no other page loaded after it).
 */
export function loadHummer(h: Harness, config: { requestTimeoutMs?: number; WebSocket?: unknown; preload?: boolean } = {}): Promise<HummerModule> {
  const { preload = true, WebSocket: socket = WebSocket, ...rest } = config;
  const next = loading.then(async () => {
    vi.resetModules();
    const mod = await import('@parley/compat-hummer');
    mod.configure({ url: h.url, WebSocket: socket as never, storage: 'memory', reconnectBaseMs: 50, reconnectMaxMs: 500, ...rest });
    if (preload) await mod.preload();
    return mod;
  });
  loading = next.catch(() => {});
  return next;
}

/** One recorded event: its name and payload (`undefined` for events without data). */
export interface Seen {
  name: string;
  data: unknown;
}

/** The hummer-level events a page records. */
export const HUMMER_EVENTS = ['ConnectionStateChanged', 'ForceoutOffline', 'TokenExpired', 'TokenWillExpire', 'P2PMessageReceived'] as const;

/** The ChatRoom events (§3.2). */
export const ROOM_EVENTS = [
  'SingleUserMessage',
  'GroupMessage',
  'TextChat',
  'ChatRoomAttributesUpdated',
  'UserKickedOff',
  'UserCountUpdated',
  'UserOnlineUpdated',
  'UserAttributesSet',
  'UsersMuted',
  'UsersUnMuted',
  'ChatRoomUserOffline',
  'RoomExtraAttributesSet',
  'RoomExtraAttributesUpdated',
  'RoomExtraAttributesDeleted',
  'RoomExtraAttributesCleared',
  'ChatRoomDismissed',
] as const;

/** A Hummer page: its module, its hummer object, the hummer-level events it saw. */
export interface HummerPage {
  mod: HummerModule;
  hummer: HummerObject;
  uid: string;
  events: Seen[];
  /** Payloads of one hummer-level event. */
  seen(name: string): unknown[];
}

/** Creates a page for `uid` that records every hummer-level event, and logs in unless `login: false`. */
export async function hummerPage(h: Harness, uid: string, options: { login?: boolean; token?: string; requestTimeoutMs?: number; WebSocket?: unknown; preload?: boolean } = {}): Promise<HummerPage> {
  const { login: _login, token: _token, ...config } = options;
  const mod = await loadHummer(h, config);
  const hummer = mod.createHummer({ appid: HUMMER_APPID });
  const events: Seen[] = [];
  for (const name of HUMMER_EVENTS) hummer.on(name, ((data?: unknown) => events.push({ name, data })) as never);
  const page: HummerPage = { mod, hummer, uid, events, seen: (name) => events.filter((e) => e.name === name).map((e) => e.data) };
  if (options.login !== false) await hummer.login({ region: 'cn', uid, token: options.token ?? (await hummerToken(h, uid)) });
  return page;
}

/** A joined ChatRoom object that records every room event. */
export interface RoomPage {
  room: ChatRoomObject;
  events: Seen[];
  seen(name: string): unknown[];
}

/** Makes a ChatRoom object for `roomid` on `page`, records its events, and joins unless `join: false`. */
export async function roomOf(page: HummerPage, roomid: number, options: { join?: boolean; joinProps?: Record<string, string> } = {}): Promise<RoomPage> {
  const room = page.hummer.createChatRoomInstance({ region: 'cn', roomid });
  const events: Seen[] = [];
  for (const name of ROOM_EVENTS) room.on(name, ((data?: unknown) => events.push({ name, data })) as never);
  if (options.join !== false) await room.joinChatRoom({ joinProps: options.joinProps ?? {} });
  return { room, events, seen: (name) => events.filter((e) => e.name === name).map((e) => e.data) };
}
