/**
 * The server side of the chaos scenarios, in child processes so that SIGKILL is real:
 * one node on SQLite restarted on the same data directory and port, or two nodes on PostgreSQL
 * and a Redis of the test's own behind TCP front ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig, ServerConfig } from '@parley/server';
import { type ChildNode, dropSchema, frontEnd, isolation, nodeConfig, ownRedis, PG_URL, spawnNode, withParam } from '../cluster/cluster.js';
import { wsUrl } from '../cluster/fleet.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a scenario needs from its servers. */
export interface Servers {
  /** The WebSocket URL client `index` connects to. */
  urlOf(index: number): string;
  /** The HTTP URL of a live node (admin calls). */
  adminUrl(): string;
  killServer?(downMs: number): Promise<void>;
  killNode?(node: number, downMs: number): Promise<void>;
  restartRedis?(downMs: number): Promise<void>;
  /** Kills every process and removes the data. */
  close(): Promise<void>;
}

/** Scenario 1: one node on SQLite. */
export async function soloServer(app: AppConfig): Promise<Servers> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-chaos-'));
  const config: Partial<ServerConfig> = { host: '127.0.0.1', port: 0, store: 'sqlite', bus: 'local', logLevel: 'silent', devTenant: false, apps: [app], dataDir };
  let node: ChildNode = await spawnNode(config);
  const port = node.port;
  return {
    urlOf: () => wsUrl(node.url),
    adminUrl: () => node.url,
    async killServer(downMs) {
      await node.kill();
      await pause(downMs);
      // The same data directory and port: clients reconnect to the address they know.
      node = await spawnNode({ ...config, port });
    },
    async close() {
      await node.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Scenario 2: nodes 0 and 1 on one PostgreSQL schema and one Redis, each behind its own front
 * end that fails over to the other node (even clients prefer node 0, odd ones node 1). A killed
 * node comes back on its port; a client moves back only when its link drops again.
 */
export async function scaleOut(app: AppConfig): Promise<Servers> {
  const { schema, prefix } = isolation();
  const redis = await ownRedis();
  const config = nodeConfig(app, withParam(PG_URL as string, 'schema', schema), withParam(redis.url, 'prefix', prefix));
  const nodes: ChildNode[] = [await spawnNode(config), await spawnNode(config)];
  const ports = nodes.map((n) => n.port);
  const fronts = [await frontEnd([ports[0] as number, ports[1] as number]), await frontEnd([ports[1] as number, ports[0] as number])];
  const up = new Set([0, 1]);
  return {
    urlOf: (index) => (fronts[index % 2] as { url: string }).url,
    adminUrl: () => (nodes[up.has(0) ? 0 : 1] as ChildNode).url,
    async killNode(i, downMs) {
      up.delete(i);
      await (nodes[i] as ChildNode).kill();
      await pause(downMs);
      nodes[i] = await spawnNode({ ...config, port: ports[i] as number });
      up.add(i);
    },
    async restartRedis(downMs) {
      await redis.restart(downMs);
    },
    async close() {
      for (const front of fronts) await front.close();
      for (const node of nodes) await node.kill();
      await redis.stop();
      await dropSchema(schema);
    },
  };
}
