// The memory part of server.bench.ts: what one idle connection costs the server process. Each
// server gets a fresh child (scripts/server-child.ts, run with --expose-gc); its RSS and heapUsed
// are read after two full garbage collections with no client connected, and again after
// `clients` idle clients connected (Parley: hello + login, then nothing; raw: connected and
// registered). Per connection = (after − before) / clients.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { fmt, table } from './harness.js';
import type { ChildStats } from './scripts/server-child.js';
import { APP_ID, type ChildHandle, ParleyDriver, pool, RawDriver, runCleanups, sleep, startChild } from './server.bench.js';

/** Connections opened at once while connecting the idle clients. */
const CONNECT_CONCURRENCY = 50;
/** How long the server may settle (timers, queued writes) before memory is read. */
const SETTLE_MS = 500;

/** Reference figures quoted by the issue, bytes per idle connection. */
export const MEMORY_REFERENCES = [
  { name: 'Socket.IO', text: '20–33 KiB' },
  { name: "OpenIM's gateway", text: 'about 27 KB' },
] as const;

/** Memory of the server child at one instant, bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  /** Whether a full garbage collection ran first (false when the child lacks --expose-gc). */
  collected: boolean;
}

/** One server's idle-connection figures. */
export interface MemoryFigures {
  label: string;
  clients: number;
  /** Connections opened and closed before `before`, so one-time costs (JIT, caches) stay out. */
  warmup: number;
  before: MemorySample;
  after: MemorySample;
  /** (after − before) / clients, bytes. */
  rssPerConn: number;
  heapPerConn: number;
  externalPerConn: number;
  /** Time to connect (and log in) the idle clients, seconds. */
  connectSeconds: number;
}

function sample(stats: ChildStats): MemorySample {
  return { rss: stats.rss, heapUsed: stats.heapUsed, external: stats.external ?? 0, collected: stats.collected === true };
}

/**
 * Measures the memory per idle connection of one server in a fresh child process.
 *
 * Before the "before" reading, `warmup` clients connect (and log in) and disconnect, so code that
 * runs on the first connections (JIT, lazily prepared statements) is not charged to the idle ones.
 * For Parley the users and their tokens are created through the admin API beforehand by another
 * server process on the same SQLite data directory: a user's row is not a connection's cost, and
 * the memory that work freed would otherwise be reused by the connections and hide them from RSS.
 *
 * @throws {Error} (as a rejection) when the server does not start, a client cannot connect or
 *   log in, or a connection drops while measuring.
 */
export async function measureIdleMemory(kind: 'parley' | 'raw', clients: number, progress: (line: string) => void): Promise<MemoryFigures> {
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    const secret = randomBytes(24).toString('hex');
    const warmup = Math.min(100, Math.max(10, Math.floor(clients / 10)));
    const ids = Array.from({ length: warmup + clients }, (_, i) => `m${String(i).padStart(5, '0')}`);
    let child: ChildHandle;
    let open: (id: string) => Promise<WebSocket>;
    let label: string;
    if (kind === 'parley') {
      const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-mem-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const spec = { mode: 'parley', dataDir, appId: APP_ID, secret, warmStore: true } as const;
      // Users and tokens are created by one server process, which then stops; a second one on
      // the same SQLite data is measured. Otherwise the memory the admin API churned through
      // (freed, but still mapped) would absorb the connections' and hide them from RSS.
      const setup = await startChild(spec);
      const setupDriver = new ParleyDriver(setup.url, secret);
      progress(`server: ${setupDriver.label}: memory: creating ${fmt(ids.length)} users and tokens…`);
      const tokens = await setupDriver.issueTokens(ids).finally(() => setup.stop());
      child = await startChild(spec);
      const driver = new ParleyDriver(child.url, secret);
      label = driver.label;
      open = (id) => driver.login(child.url, id, tokens.get(id)!);
    } else {
      child = await startChild({ mode: 'raw' });
      const driver = new RawDriver(child.url);
      label = driver.label;
      open = (id) => driver.register(id);
    }
    cleanups.push(() => child.stop());
    const sockets: WebSocket[] = [];
    cleanups.push(() => {
      for (const ws of sockets) ws.terminate();
    });

    const warm: WebSocket[] = [];
    await pool(ids.slice(0, warmup), CONNECT_CONCURRENCY, async (id) => {
      warm.push(await open(id));
    });
    await Promise.all(
      warm.map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.close();
          }),
      ),
    );
    await sleep(SETTLE_MS);
    const before = sample(await child.stats({ gc: true }));

    progress(`server: ${label}: memory: connecting ${fmt(clients)} idle clients${kind === 'parley' ? ' (hello + login)' : ''}…`);
    let dropped = 0;
    const started = performance.now();
    await pool(ids.slice(warmup), CONNECT_CONCURRENCY, async (id) => {
      const ws = await open(id);
      ws.on('close', () => dropped++);
      sockets.push(ws);
    });
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(SETTLE_MS);
    const after = sample(await child.stats({ gc: true }));
    if (dropped > 0) throw new Error(`${label}: ${dropped} idle connections closed while measuring memory`);
    const per = (pick: (s: MemorySample) => number) => (pick(after) - pick(before)) / clients;
    const figures: MemoryFigures = {
      label,
      clients,
      warmup,
      before,
      after,
      rssPerConn: per((s) => s.rss),
      heapPerConn: per((s) => s.heapUsed),
      externalPerConn: per((s) => s.external),
      connectSeconds,
    };
    progress(`server: ${label}: memory: ${kib(figures.rssPerConn)} RSS, ${kib(figures.heapPerConn)} heap per idle connection`);
    return figures;
  } finally {
    await runCleanups(cleanups);
  }
}

/** Bytes as KiB with one decimal. */
export const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;
const mibCell = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MiB`;

/**
 * Parley's RSS per idle connection over the raw forwarder's; NaN when either RSS did not grow
 * (with few clients the change drowns in the allocator's noise, and a ratio would mislead).
 */
export function memoryRatio(parley: MemoryFigures, raw: MemoryFigures): number {
  if (!(parley.rssPerConn > 0 && raw.rssPerConn > 0)) return Number.NaN;
  return parley.rssPerConn / raw.rssPerConn;
}

/** The memory section of the server report. */
export function memoryMarkdown(parley: MemoryFigures, raw: MemoryFigures, ratioTarget: number): string {
  const ratio = memoryRatio(parley, raw);
  const met = ratio <= ratioTarget;
  const ratioText = Number.isFinite(ratio) ? `${fmt(ratio, 2)}×` : 'n/a';
  const row = (m: MemoryFigures) => [
    m.label,
    `${mibCell(m.before.rss)} → ${mibCell(m.after.rss)}`,
    `${mibCell(m.before.heapUsed)} → ${mibCell(m.after.heapUsed)}`,
    `**${kib(m.rssPerConn)}**`,
    kib(m.heapPerConn),
    kib(m.externalPerConn),
    `${fmt(m.connectSeconds, 1)} s`,
  ];
  const collected = parley.before.collected && parley.after.collected && raw.before.collected && raw.after.collected;
  return [
    '#### Memory per idle connection',
    '',
    `Each server in a fresh child process; memory read ${collected ? 'after two full garbage collections (`--expose-gc`)' : '**without** a forced garbage collection (the child lacked `--expose-gc`)'} with no client connected, then after ${fmt(parley.clients)} idle clients connected (${parley.label}: conn.hello + auth.login, then nothing; raw: connected and registered), ${SETTLE_MS} ms after the last one. ${fmt(parley.warmup)} clients connected and left before the first reading so one-time costs stay out; Parley's users and tokens were created beforehand by another server process on the same SQLite data, so the memory that churn freed cannot absorb the connections; the measured server reads every stored row once at start, so SQLite's page cache already holds those users and the figure is what the connections add (their sessions' rows included), not a cold cache filling with existing data. Per connection = (after − before) / ${fmt(parley.clients)}.`,
    '',
    table(
      ['server', 'RSS before → after', 'heapUsed before → after', 'RSS per connection', 'heapUsed per connection', 'external per connection', 'connect time'],
      [
        row(parley),
        row(raw),
        ['**ratio Parley / raw**', '', '', ratioText, `${fmt(parley.heapPerConn / raw.heapPerConn, 2)}×`, '', ''],
      ],
    ),
    '',
    `- **Target**: RSS per idle connection ≤ ${ratioTarget}× the raw forwarder's: ${met ? 'met' : '**MISSED**'} (${Number.isFinite(ratio) ? ratioText : `n/a: RSS did not grow measurably with ${fmt(parley.clients)} clients; run with more`}). For reference, the issue quotes ${MEMORY_REFERENCES.map((r) => `${r.name} ${r.text}`).join(' and ')} per connection; the load generator's own sockets are not counted (they live in the benchmark process).`,
  ].join('\n');
}
