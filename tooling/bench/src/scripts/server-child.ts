// The server side of server.bench.ts, run in a child process so that its CPU time is measured
// apart from the load generator's. server.bench.ts forks it with
// `node --conditions=@parley/source --import tsx server-child.ts '<json ChildSpec>'`.
//
// - `parley`: `startServer` on SQLite in a fresh data directory and the in-process bus, rate
//   limits off; or, for cluster.bench.ts, on the PostgreSQL store and Redis bus the spec names
//   (several children on one store and bus form a cluster).
// - `raw`: the baseline, a plain `ws` server that forwards frames between clients and does
//   nothing else (no persistence, no protobuf): the practical limit of the hardware.
//
// Protocol with the parent: scripts/child-common.ts. On `{type: 'stop'}` a Parley child also
// drops the PostgreSQL schema if the spec says so.
import { createRequire } from 'node:module';
import { WebSocket } from 'ws';
import { type BenchParleySpec, type RunningChild, readSpec, runChild, startBenchParley, startWsServer } from './child-common.js';

export type { ChildStats } from './child-common.js';

/**
 * What the parent passes as the only argument, as JSON. The {@link BenchParleySpec} fields are
 * for `parley` only.
 */
export interface ChildSpec extends BenchParleySpec {
  mode: 'parley' | 'raw';
  /**
   * Parley on PostgreSQL only: after the server closed on `stop`, `DROP SCHEMA … CASCADE` the
   * store's `?schema=` (the last node of a cluster to stop does it). A failure is written to
   * stderr and the child exits with 1. @default false
   */
  dropSchemaOnStop?: boolean;
}

/** The part of `pg`'s Client the schema drop uses. */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

/**
 * Drops the `?schema=` of a PostgreSQL store URL. `pg` is a dependency of @parley/server, not
 * of this package, so it is required from the server package's location.
 *
 * @throws {Error} (as a rejection) when the URL names no schema, the name is not a plain
 *   lowercase identifier, or PostgreSQL refuses.
 */
async function dropSchema(storeUrl: string): Promise<void> {
  const url = new URL(storeUrl);
  const schema = url.searchParams.get('schema');
  if (schema === null || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`no droppable ?schema= in the store URL (${schema})`);
  url.searchParams.delete('schema');
  const pg = createRequire(import.meta.resolve('@parley/server'))('pg') as { Client: new (config: { connectionString: string }) => PgClient };
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * The baseline forwarder. A client's first message (text) is its id; the server answers `ok`.
 * Every later (binary) message is `[target id length: 1 byte][target id: ASCII][payload]` and
 * is sent on, unchanged, to the socket that registered that id.
 */
async function startRawForwarder(): Promise<RunningChild> {
  const { wss, url, close } = await startWsServer();
  const byId = new Map<string, WebSocket>();
  let dropped = 0;
  wss.on('connection', (ws) => {
    let id: string | undefined;
    ws.on('message', (data: Buffer) => {
      if (id === undefined) {
        id = data.toString('utf8');
        byId.set(id, ws);
        ws.send('ok');
        return;
      }
      const length = data[0] ?? 0;
      const target = byId.get(data.toString('latin1', 1, 1 + length));
      if (target && target.readyState === WebSocket.OPEN) target.send(data, { binary: true });
      else dropped++;
    });
    ws.on('close', () => {
      if (id !== undefined && byId.get(id) === ws) byId.delete(id);
    });
    ws.on('error', () => {});
  });
  return { url, close, dropped: () => dropped };
}

/** Starts the server `spec` names. */
async function start(spec: ChildSpec): Promise<RunningChild> {
  if (spec.mode === 'parley') {
    const server = await startBenchParley(spec);
    const store = spec.store;
    return {
      url: server.url,
      dropped: () => 0,
      close: async () => {
        await server.close();
        if (spec.dropSchemaOnStop && store?.startsWith('postgres')) {
          await dropSchema(store).catch((error: unknown) => {
            throw new Error(`drop schema failed: ${error instanceof Error ? error.message : String(error)}`);
          });
        }
      },
    };
  }
  if (spec.mode === 'raw') return startRawForwarder();
  throw new Error(`unknown mode ${String((spec as { mode?: unknown }).mode)}`);
}

runChild('server-child', () => start(readSpec<ChildSpec>()));
