import type { ServerConfig } from './types.js';

/**
 * The built-in server settings: the lowest layer of `loadConfig`, below the config file, the
 * environment and the flags. `dataDir` is relative here; the loader resolves it against the
 * working directory. These are the `@default`s documented in `types.ts`.
 */
export const DEFAULT_SERVER_CONFIG: Readonly<ServerConfig> = Object.freeze({
  host: '0.0.0.0',
  port: 8080,
  dataDir: './.parley-data',
  store: 'sqlite',
  bus: 'local',
  apps: [],
  devTenant: true,
  devCredentials: false,
  logLevel: 'info',
  heartbeatMs: 30_000,
  loginTimeoutMs: 30_000,
  maxFrameBytes: 1_048_576,
  maxBufferedBytes: 4_194_304,
  sqliteCacheMiB: 64,
  requestsPerSec: 100,
  requestBurst: 200,
  sendStallMs: 60_000,
  shutdownGraceMs: 10_000,
  hstsMaxAgeSec: 0,
});
