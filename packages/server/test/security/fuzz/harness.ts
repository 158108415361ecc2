/** The fuzz run's settings, its server with a logger that keeps what went wrong, and memory probes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AppConfig, LogLevel, ServerConfig } from '../../../src/config/types.js';
import type { LogFields, Logger } from '../../../src/log.js';
import { type RunningServer, startServer } from '../../../src/server.js';
import type { ServerStore } from '../../../src/store/types.js';

/** The settings of a run, from the environment. */
export interface FuzzSettings {
  seed: number;
  /** Frames each worker sends (over as many streams as the server's closes make it use). */
  framesPerWorker: number;
  /** When set, workers keep going until this many ms have passed instead. */
  durationMs: number | undefined;
  workers: number;
  /** `worker.k` to replay one stream alone. */
  only: string | undefined;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

export function fuzzSettings(): FuzzSettings {
  const rawSeed = process.env.PARLEY_FUZZ_SEED;
  const seed = rawSeed ? Number(rawSeed) >>> 0 : Math.floor(Math.random() * 2 ** 32);
  const minutes = process.env.PARLEY_FUZZ_MINUTES ? positive('PARLEY_FUZZ_MINUTES', 1) : undefined;
  return {
    seed,
    framesPerWorker: Math.floor(positive('PARLEY_FUZZ_ITERATIONS', 150)),
    durationMs: minutes === undefined ? undefined : minutes * 60_000,
    workers: Math.floor(positive('PARLEY_FUZZ_CONNECTIONS', 32)),
    only: process.env.PARLEY_FUZZ_STREAM || undefined,
  };
}

/** A logger that keeps error lines (each one is a bug under fuzzing) and counts warnings. */
export class CapturingLogger implements Logger {
  readonly level: LogLevel = 'warn';
  constructor(
    readonly errors: string[] = [],
    readonly warnings: Map<string, number> = new Map(),
    private readonly fields: LogFields = {},
  ) {}
  debug(): void {}
  info(): void {}
  warn(msg: string): void {
    this.warnings.set(msg, (this.warnings.get(msg) ?? 0) + 1);
  }
  error(msg: string, fields: LogFields = {}): void {
    const error = fields.error instanceof Error ? `${fields.error.name}: ${fields.error.message}\n${fields.error.stack?.split('\n').slice(1, 6).join('\n')}` : '';
    const { error: _omit, ...rest } = { ...this.fields, ...fields };
    if (this.errors.length < 50) this.errors.push(`${msg} ${JSON.stringify(rest).slice(0, 300)} ${error}`);
  }
  child(fields: LogFields): Logger {
    return new CapturingLogger(this.errors, this.warnings, { ...this.fields, ...fields });
  }
}

export interface FuzzServer extends RunningServer {
  stop(): Promise<void>;
}

export async function startFuzzServer(app: AppConfig, log: Logger, overrides: Partial<ServerConfig>): Promise<FuzzServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-fuzz-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, store: 'memory', logLevel: 'silent', devTenant: false, apps: [app], dataDir, ...overrides }, { log });
  return {
    ...server,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A full garbage collection, when one can be had: `--expose-gc` if the process has it, else the
 * V8 flag set at run time (vitest's config passes no flags to its workers).
 */
export function garbageCollector(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** Heap in use plus the memory behind Buffers (frames live there), after a collection when possible. */
export function memoryInUse(gc: (() => void) | undefined): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export const MB = 1024 * 1024;

/** Rows in the store and the bytes of their values. */
export async function storeSize(store: ServerStore): Promise<{ rows: number; bytes: number }> {
  const rows = await store.list({ prefix: [] });
  let bytes = 0;
  for (const row of rows) bytes += row.value.byteLength;
  return { rows: rows.length, bytes };
}

export function formatCounts<K>(map: Map<K, number>, name: (key: K) => string = String): string {
  return [...map.entries()]
    .sort((x, y) => y[1] - x[1])
    .map(([k, n]) => `${name(k)} ${n}`)
    .join(', ');
}
