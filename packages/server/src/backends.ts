/**
 * The store and bus a configuration names. The distributed backends are loaded only when
 * configured, so a lone node never loads the PostgreSQL, Redis or NATS clients.
 */

import { LocalBus } from './bus/local.js';
import type { Bus } from './bus/types.js';
import type { ServerConfig } from './config/types.js';
import type { Logger } from './log.js';
import { MemoryServerStore } from './store/memory.js';
import { sqliteStoreInDir } from './store/sqlite.js';
import type { ServerStore } from './store/types.js';

/** A URL for logs, without its password: the one the buses use, so all redact alike. */
export { redactUrl } from './bus/codec.js';

/** The configured store, not yet open. */
export async function createStore(config: Pick<ServerConfig, 'store' | 'dataDir'> & Partial<Pick<ServerConfig, 'sqliteCacheMiB'>>): Promise<ServerStore> {
  if (config.store === 'memory') return new MemoryServerStore();
  if (config.store === 'sqlite') return sqliteStoreInDir(config.dataDir, config.sqliteCacheMiB === undefined ? {} : { cacheMiB: config.sqliteCacheMiB });
  const { PostgresServerStore } = await import('./store/postgres.js');
  const { url, param: schema } = takeParam(config.store, 'schema');
  return new PostgresServerStore({ url, ...(schema !== undefined && { schema }) });
}

/** The configured bus, not yet open. */
export async function createBus(config: Pick<ServerConfig, 'bus'>, log: Logger): Promise<Bus> {
  if (config.bus === 'local') return new LocalBus();
  const { url, param: prefix } = takeParam(config.bus, 'prefix');
  const options = { url, log, ...(prefix !== undefined && { prefix }) };
  if (url.startsWith('nats:')) {
    const { NatsBus } = await import('./bus/nats.js');
    return new NatsBus(options);
  }
  const { RedisBus } = await import('./bus/redis.js');
  return new RedisBus(options);
}

/**
 * Takes Parley's own query parameter out of a backend URL (`?schema=` for PostgreSQL,
 * `?prefix=` for Redis and NATS), so several clusters can share one database or broker.
 */
function takeParam(url: string, name: string): { url: string; param?: string } {
  const parsed = new URL(url);
  const param = parsed.searchParams.get(name);
  if (param === null) return { url };
  parsed.searchParams.delete(name);
  return { url: parsed.toString(), param };
}
