// Plumbing the server-side benchmarks (server, fan-out, cluster, memory) share: option defaults,
// QUICK mode, cleanups, small async helpers and the report's number formats.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fmt } from './harness.js';

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) await fn(items[nextIndex++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// ---------------------------------------------------------------------------------------------
// Options

/**
 * The phase options the load-generator benchmarks share. Each benchmark's own options interface
 * extends this one and documents its defaults (they differ per benchmark).
 */
export interface PhaseOptions {
  /** Messages in flight (per sender, or per publisher) during saturation. */
  window?: number;
  /** Saturation: unmeasured ramp-up, then the measured time. */
  warmupMs?: number;
  saturationMs?: number;
  /** Fixed rate: unmeasured lead-in, then the measured time. */
  rateWarmupMs?: number;
  rateMs?: number;
  /** The fixed-rate scheduler's tick. */
  tickMs?: number;
  /** Progress lines while running. @default console.log */
  progress?: (line: string) => void;
}

/** Whether `PARLEY_BENCH_QUICK` asks for the shrunken run (set, and not `0`). */
export function isQuick(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.PARLEY_BENCH_QUICK) && env.PARLEY_BENCH_QUICK !== '0';
}

/**
 * Every key of `defaults`, taken from `options` where it is set (not `undefined` or `null`).
 * Keys of `options` that `defaults` lacks (progress, URLs) are left out.
 */
export function withDefaults<D extends object>(options: Partial<D>, defaults: D): D {
  const resolved = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof D)[]) {
    const value = options[key];
    if (value !== undefined && value !== null) resolved[key] = value as D[keyof D];
  }
  return resolved;
}

/** The `progress` option, or console.log. */
export function progressOf(options: { progress?: (line: string) => void }): (line: string) => void {
  return options.progress ?? ((line: string) => console.log(line));
}

// ---------------------------------------------------------------------------------------------
// Cleanups

/** Undo steps (stop a child, close clients, remove a data directory), run last in first out. */
export type Cleanups = (() => Promise<void> | void)[];

/** Runs and empties `cleanups`, last in first out; a failing one is logged, not thrown. */
export async function runCleanups(cleanups: Cleanups): Promise<void> {
  // Last in, first out: clients before their server, servers before their data directories.
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop()!;
    try {
      await cleanup();
    } catch (error) {
      console.error('server bench cleanup failed:', error);
    }
  }
}

/** A fresh directory in the OS temp dir (`prefix` + random), removed by one of `cleanups`. */
export function tempDir(prefix: string, cleanups: Cleanups): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Report formats

/** Report formats: milliseconds, a share of one core, bytes in MiB. */
export const ms = (value: number) => (Number.isFinite(value) ? `${fmt(value, 1)} ms` : 'n/a');
export const pct = (share: number) => `${fmt(share * 100)} %`;
export const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;

/**
 * This machine for a report: `2 × <CPU model>, 7.8 GiB, Node v20.…` (without the memory when
 * `memory` is false).
 */
export function describeMachine(memory = true): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${memory ? `${fmt(totalmem() / 2 ** 30, 1)} GiB, ` : ''}Node ${process.version}`;
}

