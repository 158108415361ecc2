import type { parley } from '@parley/protocol';
import type { Codec } from './codec.js';
import { defaultEnvironment, type Environment } from './environment.js';
import type { StorageFactory } from './storage.js';
import type { Transport } from './transport.js';

/** A login proof (CAPABILITIES.md §1.2): exactly one of the wire's `Credential` kinds. */
export type Credential = parley.v1.Credential.$Properties;
/** Which app (tenant) the client belongs to: the canonical id or a vendor key. */
export type AppRef = parley.v1.AppRef.$Properties;
/** The app-level proof some vendors send with `conn.hello`. */
export type AppProof = parley.v1.AppProof.$Properties;
/** What the client says about itself in `conn.hello`. */
export type ClientInfo = parley.v1.ClientInfo.$Properties;

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Opens connections (`new WebSocketTransport()` from `@parley/transport-websocket`). */
  transport: Transport;
  /** Encodes frames (`new ProtobufCodec()` from `@parley/protocol`). */
  codec: Codec;
  /** The server's WebSocket endpoint, e.g. `wss://chat.example.com/parley/ws`. */
  url: string;
  /** The app (tenant). */
  app: AppRef;
  /**
   * Opens the local cache of one app and user (`indexedDBStorage()`, `memoryStorage()`).
   * @default none: state lives in memory only and nothing survives a reload
   */
  storage?: StorageFactory;
  /** Sent with `conn.hello` (JMessage init signature, MaxLeap sign); a function is called on every connect. */
  appProof?: AppProof | (() => AppProof | Promise<AppProof>);
  /** Client description sent with `conn.hello`. @default web platform, a random instance id */
  clientInfo?: ClientInfo;
  /**
   * Called for a fresh credential when the current one is about to expire or has expired.
   * Without it the client emits `credentialRequired` and waits for `refreshCredential()`.
   */
  refreshCredential?: (reason: 'expiring' | 'expired') => Credential | Promise<Credential>;
  /** Default time a request may take, including time spent waiting for a connection. @default 15000 */
  requestTimeoutMs?: number;
  /** Time `conn.hello` and `auth.*` may take before the attempt counts as failed. @default 10000 */
  authTimeoutMs?: number;
  /** First reconnect delay ceiling; doubles per attempt (full jitter). @default 500 */
  reconnectBaseMs?: number;
  /** Largest reconnect delay ceiling. @default 30000 */
  reconnectMaxMs?: number;
  /** Heartbeat interval. @default the server's `heartbeatMs` from `conn.hello` (30000 when it sends none) */
  heartbeatMs?: number;
  /** Newest entries pulled for a conversation the cache knows nothing of (§4.8 step 3). @default 20 */
  prefetchPerConv?: number;
  /** Most entries pulled per conversation to catch up a cached conversation after a reconnect. @default 1000 */
  catchUpLimit?: number;
  /** Clock, timers, randomness and reachability. @default the real ones */
  environment?: Partial<Environment>;
}

/** {@link ClientOptions} with every default applied. */
export interface ResolvedOptions extends Required<Omit<ClientOptions, 'storage' | 'appProof' | 'refreshCredential' | 'heartbeatMs' | 'environment' | 'clientInfo'>> {
  storage: StorageFactory | undefined;
  appProof: ClientOptions['appProof'];
  refreshCredential: ClientOptions['refreshCredential'];
  heartbeatMs: number | undefined;
  clientInfo: ClientInfo;
  env: Environment;
}

/** A stable name of the app for storage scopes: the canonical id or the vendor key it was given as. */
export function appKey(app: AppRef): string {
  if (app.appId) return app.appId;
  if (app.sdkAppId) return `tim:${app.sdkAppId}`;
  if (app.appkey) return `jmessage:${app.appkey}`;
  if (app.hummerAppid) return `hummer:${app.hummerAppid}`;
  if (app.maxleapAppId) return `maxleap:${app.maxleapAppId}`;
  return 'default';
}

/** The user a credential names, when it names one (guests and anonymous logins do not). */
export function credentialUserId(credential: Credential): string | undefined {
  return (
    credential.timUsersig?.userId ||
    credential.nativeToken?.userId ||
    credential.openimToken?.userId ||
    credential.hummerToken?.userId ||
    credential.maxleapUser?.userId ||
    credential.password?.username ||
    undefined
  );
}

/** Applies every default of {@link ClientOptions}. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const env = { ...defaultEnvironment(), ...options.environment };
  return {
    transport: options.transport,
    codec: options.codec,
    url: options.url,
    app: options.app,
    storage: options.storage,
    appProof: options.appProof,
    refreshCredential: options.refreshCredential,
    clientInfo: { platform: 5, instanceId: env.uuid(), ...options.clientInfo },
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    authTimeoutMs: options.authTimeoutMs ?? 10_000,
    reconnectBaseMs: options.reconnectBaseMs ?? 500,
    reconnectMaxMs: options.reconnectMaxMs ?? 30_000,
    heartbeatMs: options.heartbeatMs,
    prefetchPerConv: options.prefetchPerConv ?? 20,
    catchUpLimit: options.catchUpLimit ?? 1000,
    env,
  };
}
