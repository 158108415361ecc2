/**
 * `@parley/server`: the Parley server. `parley-server` (the bin) is the usual entry; this
 * module is for embedding it (tests, custom deployments) and for writing other stores.
 */
export { startServer, type RunningServer, type StartOptions } from './server.js';
export type { AppConfig, LogLevel, Policy, ServerConfig } from './config/types.js';
export { DEFAULT_POLICY, resolvePolicy } from './config/policy.js';
export { loadConfig, ConfigError } from './config/load.js';
export { ServerError, isServerError } from './errors.js';
export type { Key, KeyPart, KvEntry, KvSelector, KvCheck, KvMutation, CommitResult, ServerStore } from './store/types.js';
export { MemoryServerStore } from './store/memory.js';
export { SqliteServerStore, sqliteStoreInDir } from './store/sqlite.js';
export type { Bus, BusMessage } from './bus/types.js';
export { LocalBus } from './bus/local.js';
export { createLogger, nullLogger, type Logger } from './log.js';
export { genUserSig } from './auth/index.js';
