/**
 * Helpers of the scale-out suites: service URLs from the environment, unique schemas and bus
 * prefixes per run, nodes in this process or in child processes, a failover front end, and a
 * Redis server of the test's own (to restart it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type AppConfig, nullLogger, type RunningServer, type ServerConfig, startServer } from '@parley/server';
import pg from 'pg';

export const PG_URL = process.env.PARLEY_TEST_PG_URL || undefined;
export const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL || undefined;
export const NATS_URL = process.env.PARLEY_TEST_NATS_URL || undefined;

/** A fresh PostgreSQL schema name and bus prefix, so concurrent runs never meet. */
export function isolation(): { schema: string; prefix: string } {
  const id = randomBytes(5).toString('hex');
  return { schema: `parley_it_${id}`, prefix: `parley-it-${id}` };
}

export function withParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

export async function dropSchema(schema: string): Promise<void> {
  if (!PG_URL) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** The config of one node of a test cluster. */
export function nodeConfig(app: AppConfig, store: string, bus: string): Partial<ServerConfig> & Pick<ServerConfig, 'apps'> {
  return { host: '127.0.0.1', port: 0, store, bus, logLevel: 'silent', devTenant: false, apps: [app], dataDir: `/tmp/parley-it-unused-${process.pid}` };
}

/** A node in this process. */
export function startNode(config: Partial<ServerConfig> & Pick<ServerConfig, 'apps'>): Promise<RunningServer> {
  return startServer(config, { log: nullLogger });
}

/** A node in a child process. */
export interface ChildNode {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  kill(): Promise<void>;
}

const NODE_SCRIPT = fileURLToPath(new URL('./node.ts', import.meta.url));

export async function spawnNode(config: Partial<ServerConfig>): Promise<ChildNode> {
  const child = spawn(process.execPath, ['--conditions=@parley/source', '--import', 'tsx', NODE_SCRIPT, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`node exited with ${code} before listening`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A TCP front end over several nodes, as a load balancer would be: each new connection goes
 * to the first backend that accepts it, in order, so clients land on the first node while it
 * lives and fail over to the next one when it dies.
 */
export async function frontEnd(ports: readonly number[]): Promise<{ url: string; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const tryNext = (i: number): void => {
      if (i >= ports.length) {
        client.destroy();
        return;
      }
      const upstream = new Socket();
      let connected = false;
      upstream.once('error', () => {
        upstream.destroy();
        // Refused: the node is down, try the next one. Failed later: the client goes too.
        if (connected) client.destroy();
        else tryNext(i + 1);
      });
      upstream.connect(ports[i] as number, '127.0.0.1', () => {
        connected = true;
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryNext(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/parley/ws`,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether a binary is on PATH. */
export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** A Redis server of the test's own, on a free port, that the test can kill and restart. */
export async function ownRedis(): Promise<{ url: string; restart(downMs: number): Promise<void>; stop(): Promise<void> }> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not start');
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs) {
      await stop();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    stop,
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
  });
}
