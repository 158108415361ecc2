/**
 * `@parley/server`: the Parley server. `parley-server` (the bin) is the usual entry; this
 * module is for embedding it (tests, custom deployments) and for writing other stores.
 */

export { genUserSig } from './auth/index.js';
export { LocalBus } from './bus/local.js';
export { NatsBus, type NatsBusOptions } from './bus/nats.js';
export { RedisBus, type RedisBusOptions } from './bus/redis.js';
export type { Bus, BusMessage } from './bus/types.js';
export { ConfigError, loadConfig } from './config/load.js';
export { DEFAULT_POLICY, resolvePolicy } from './config/policy.js';
export type { AppConfig, LogLevel, Policy, ServerConfig } from './config/types.js';
export { isServerError, ServerError } from './errors.js';
export { createLogger, type Logger, nullLogger } from './log.js';
export { type RunningServer, type StartOptions, startServer } from './server.js';
export { MemoryServerStore } from './store/memory.js';
export { PostgresServerStore, type PostgresServerStoreOptions } from './store/postgres.js';
export { SqliteServerStore, sqliteStoreInDir } from './store/sqlite.js';
export type { CommitResult, Key, KeyPart, KvCheck, KvEntry, KvMutation, KvSelector, ServerStore } from './store/types.js';
